"""Split clinical documents into sections by their headers, then into chunks that fit a token budget.

Why sections: questions are generated per section and the search ranks a document by its best
section, so a section should be one topic ("Diagnosen", "IMPRESSION") and short enough for the
embedding model's window (all-MiniLM-L6-v2 reads 256 word pieces).

Headers recognised:
- known clinical headers in German and English at the start of a line, with or without a colon
  ("Diagnosen:", "Therapie und Verlauf:", "Befund", "Findings:");
- any ALL-CAPS phrase followed by a colon, at the start of a line or after ``,``/``.`` — this also
  covers the MTSamples export style ``SUBJECTIVE:,  text ,MEDICATIONS: , text``.
Every section keeps the header as written, the character offsets of its body in the document
(``document[start:end] == section.text``) and its order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DEFAULT_TOKEN_BUDGET = 200
DEFAULT_OVERLAP = 32

# Stems, matched case-insensitively against the words of a candidate header.
_HEADER_WORDS_DE = """
diagnose diagnosen hauptdiagnose nebendiagnose nebendiagnosen vordiagnosen anamnese eigenanamnese
familienanamnese sozialanamnese vorgeschichte befund befunde aufnahmebefund untersuchungsbefund
entlassungsbefund laborbefund labor laborwerte beurteilung epikrise therapie therapien verlauf
procedere prozedere empfehlung empfehlungen medikation entlassmedikation aufnahmemedikation histologie
makroskopie mikroskopie zytologie operationsbericht operation op-bericht op-verlauf operationsverlauf
indikation klinische angaben fragestellung technik zusammenfassung diagnostik allergien kommentar
vorgehen narkose anästhesie zugang beschwerden aufnahmegrund einweisungsgrund status klinik
untersuchung untersuchungen bildgebung sonographie sonografie röntgen ct mrt echokardiographie ekg
konsil konsiliarbericht entlassung weiteres nachsorge kontrolle termine risikofaktoren
kardiovaskuläre körperlicher körperliche aktuelle bisherige materialentnahme material präparat
intraoperativer postoperativer präoperative verlaufsbeurteilung schlussbemerkung ernährung
""".split()

_HEADER_WORDS_EN = """
history present illness chief complaint reason consultation past medical surgical family social
review systems physical examination exam findings impression assessment plan procedure procedures
indication indications technique comparison conclusion diagnosis diagnoses preoperative postoperative
anesthesia description operative operation medications medication allergies discharge admission
hospital course laboratory labs data recommendations recommendation summary disposition follow-up
followup specimen specimens gross microscopic clinical vital signs subjective objective heent
instructions condition complications estimated blood loss fluids drains findings:
""".split()

HEADER_WORDS = frozenset(w.strip(":").lower() for w in _HEADER_WORDS_DE + _HEADER_WORDS_EN)

# A candidate header at the start of a line: up to 6 words, then a colon (optional when the header
# stands alone on its line).
_LINE_HEADER = re.compile(
    r"^[ \t]*(?P<h>[A-ZÄÖÜ][\wÄÖÜäöüß.\-/&() ]{0,60}?)[ \t]*(?::|$)",
    re.MULTILINE,
)
# ALL-CAPS phrase + colon after start of line or after "," / "." (MTSamples flattened layout).
_CAPS_HEADER = re.compile(
    r"(?:^|(?<=[,.;]))[ \t]*(?P<h>[A-ZÄÖÜ][A-ZÄÖÜ0-9 /&\-()']{1,60}?[A-ZÄÖÜ)])[ \t]*:",
    re.MULTILINE,
)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ0-9\"'(])|\n\s*\n|\n(?=\s*(?:[-•*]|\d+[.)])\s)")
_EDGE_JUNK = " \t\r\n,:;"
# ALL-CAPS labels of identity fields are not sections ("MRN: 123", "DOB: ...").
_FIELD_LABELS = frozenset(
    "MRN DOB NAME PATIENT TEL FAX PHONE SSN ACCOUNT ACCT ID E-MAIL EMAIL ADDRESS AGE SEX GENDER".split()
)


@dataclass(frozen=True)
class Section:
    ord: int
    header: str
    part: int
    start: int
    end: int
    text: str
    n_tokens: int

    def as_row(self) -> dict:
        return {
            "ord": self.ord,
            "header": self.header,
            "part": self.part,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "n_tokens": self.n_tokens,
        }


def count_tokens(text: str) -> int:
    """Approximate model tokens as words plus punctuation (close to word pieces for clinical text)."""
    return len(_TOKEN.findall(text))


_COMPOUND_HEADS = tuple(
    "verlauf befund befunde diagnose diagnosen anamnese therapie medikation maßnahmen untersuchung "
    "untersuchungen bericht beurteilung ergebnis ergebnisse empfehlung".split()
)
_SENTENCE_STARTS = frozenset(
    "der die das den dem ein eine einer es er sie wir ich man im in am bei mit nach the a an we he she it "
    "this there in on at with after".split()
)
_JOINERS = frozenset("und bzw. of and the der die des zur zum bei".split())


def _is_known_header(phrase: str, strict: bool) -> bool:
    """A header if it names a known clinical heading; ``strict`` (no colon) needs every word known."""
    words = [w.strip(".") for w in re.split(r"[\s/&()\-]+", phrase.lower().strip(" .")) if w]
    if not words or len(words) > 6 or any(ch.isdigit() for ch in phrase):
        return False
    if words[0] in _SENTENCE_STARTS:  # "Der Befund zeigte:" is prose, not a heading
        return False
    if strict:
        return all(w in HEADER_WORDS or w in _JOINERS for w in words) and words[0] not in _JOINERS
    # German compounds: "Rehabilitationsverlauf", "Entlassungsbefund" end in a known heading word.
    return any(w in HEADER_WORDS or any(w.endswith(h) for h in _COMPOUND_HEADS) for w in words)


def find_headers(text: str) -> list[tuple[int, int, str]]:
    """Return ``(header_start, body_start, header)`` for each header in ``text``, in order."""
    found: dict[int, tuple[int, int, str]] = {}
    for m in _LINE_HEADER.finditer(text):
        phrase = m.group("h").strip()
        has_colon = text[m.end() - 1 : m.end()] == ":"
        if not phrase or (not has_colon and len(phrase.split()) > 4):
            continue
        if _is_known_header(phrase, strict=not has_colon):
            found[m.start("h")] = (m.start("h"), m.end(), phrase.rstrip(" ."))
    for m in _CAPS_HEADER.finditer(text):
        phrase = m.group("h").strip()
        letters = [c for c in phrase if c.isalpha()]
        if len(letters) < 3 or len(phrase.split()) > 8 or phrase in _FIELD_LABELS:
            continue
        if m.start("h") not in found:
            found[m.start("h")] = (m.start("h"), m.end(), phrase)
    # Drop headers nested in another header's span (e.g. a caps match inside a line match).
    result: list[tuple[int, int, str]] = []
    for start, body, header in sorted(found.values()):
        if result and start < result[-1][1]:
            continue
        result.append((start, body, header))
    return result


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    while end > start and text[end - 1] in _EDGE_JUNK:
        end -= 1
    return start, end


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence/paragraph units of ``text[start:end]`` as absolute offsets."""
    units, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            units.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        units.append((pos, end))
    # A unit still over any sane budget (no punctuation at all) is cut at word boundaries later.
    return units


def _hard_split(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    pieces, tokens = [], list(_TOKEN.finditer(text, start, end))
    for i in range(0, len(tokens), budget):
        chunk = tokens[i : i + budget]
        pieces.append((chunk[0].start(), chunk[-1].end()))
    return pieces


def chunk_span(text: str, start: int, end: int, budget: int, overlap: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into chunks of at most ``budget`` tokens at sentence boundaries,
    each chunk repeating up to ``overlap`` tokens of trailing sentences from the previous one."""
    if count_tokens(text[start:end]) <= budget:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    for s, e in _units(text, start, end):
        units.extend(_hard_split(text, s, e, budget) if count_tokens(text[s:e]) > budget else [(s, e)])
    sizes = [count_tokens(text[s:e]) for s, e in units]
    chunks: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, used = i, 0
        while j < len(units) and (used + sizes[j] <= budget or j == i):
            used += sizes[j]
            j += 1
        chunks.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        # Step back over trailing units that fit in the overlap, but always make progress.
        k, back = j, 0
        while k - 1 > i and back + sizes[k - 1] <= overlap:
            k -= 1
            back += sizes[k]
        i = k
    return chunks


def split_sections(
    text: str, token_budget: int = DEFAULT_TOKEN_BUDGET, overlap: int = DEFAULT_OVERLAP
) -> list[Section]:
    """Split a document into ordered sections (and chunks of long sections)."""
    headers = find_headers(text)
    spans: list[tuple[str, int, int]] = []
    if not headers or headers[0][0] > 0:
        spans.append(("", 0, headers[0][0] if headers else len(text)))
    for i, (_, body_start, header) in enumerate(headers):
        body_end = headers[i + 1][0] if i + 1 < len(headers) else len(text)
        spans.append((header, body_start, body_end))

    sections: list[Section] = []
    for header, s, e in spans:
        s, e = _trim(text, s, e)
        if s >= e:
            continue
        chunks = chunk_span(text, s, e, token_budget, overlap)
        for part, (cs, ce) in enumerate(chunks, start=1 if len(chunks) > 1 else 0):
            cs, ce = _trim(text, cs, ce)
            if cs >= ce:
                continue
            body = text[cs:ce]
            sections.append(Section(len(sections), header, part, cs, ce, body, count_tokens(body)))
    if not sections and text.strip():
        # Only headers and no body ("CHIEF COMPLAINT:,"): keep the text itself searchable.
        s, e = _trim(text, 0, len(text))
        sections.append(Section(0, "", 0, s, e, text[s:e], count_tokens(text[s:e])))
    return sections
