"""The built-in question generator: no model, statistics of the project's own sections.

Queries shaped like what clinicians type into a search box:

- *keyphrase*: the section's most specific terms (TF-IDF over the project's sections);
- *title*: the short items of a diagnosis / procedure / impression section, each paired with the
  two other sections of the same report that share most terms with it (MTSamples titles and
  radiology queries look like this; :func:`title_pairs`), plus *title-abbrev* variants that swap a
  long form for the abbreviation the reports define ("I&D of neck abscess");
- *header*: a question from the section's header and its key phrase ("What were the findings
  regarding the left renal pelvis?").
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from typing import Iterable

from appliance.pipeline.questions.base import SectionInput

HEURISTIC_VERSION = "heuristic-2"

_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß\-]+")
_STOP = frozenset(
    """a an and are as at be been by for from had has have he her his in is it its of on or she that the their
    this to was were which with without who will would there no not also then than after before into over under
    patient patients right left noted normal placed using used well within time both each other per mg ml cm mm
    der die das und ist mit bei nicht ein eine einer eines den dem des von zu im auf für wurde wurden wir sich
    nach sowie keine kein unter am als auch aus bis bei bzw dass durch es er sie hat haben hatte war waren wird
    werden zum zur vom seit noch nur sehr oder patientin patienten links rechts heute
    januar februar märz april mai juni juli august september oktober november dezember january february march
    june july october december monday tuesday wednesday thursday friday saturday sunday""".split()
)

_TITLE_HEADERS = re.compile(
    r"diagnos|procedure|operation|impression|assessment|findings|indication|beurteilung|befund|eingriff|"
    r"histolog|conclusion|zusammenfassung",
    re.IGNORECASE,
)
_HEADER_TEMPLATES = {
    "en": "What does the {header} say about {phrase}?",
    "de": "Was steht unter {header} zu {phrase}?",
}
_ENUM = re.compile(r"^\s*(?:\d+[.)]|[-•*])\s*")


def _terms(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


class HeuristicGenerator:
    """Key phrases, title-like queries and header questions from corpus statistics; no model needed."""

    name = "heuristic"
    prompt_version = HEURISTIC_VERSION

    def __init__(self, document_frequency: Counter, n_sections: int):
        self.df = document_frequency
        self.n = max(1, n_sections)

    @classmethod
    def fit(cls, texts: Iterable[str]) -> "HeuristicGenerator":
        df, n = Counter(), 0
        for text in texts:
            df.update(set(_terms(text)))
            n += 1
        return cls(df, n)

    def idf(self, term: str) -> float:
        return math.log((self.n + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def key_phrases(self, text: str, k: int) -> list[str]:
        """Best 1-3 word phrases of adjacent content words, scored by IDF (the specific vocabulary)."""
        words = _WORD.findall(text)
        scored: dict[str, float] = {}
        run: list[str] = []
        for w in words + [""]:
            if w and w.lower() not in _STOP and len(w) > 2:
                run.append(w)
                continue
            for size in (1, 2, 3):
                for i in range(len(run) - size + 1):
                    gram = run[i : i + size]
                    score = sum(self.idf(g.lower()) for g in gram) / (1 + 0.35 * (size - 1))
                    if self.df.get(gram[0].lower(), 0) >= 2 or size > 1:
                        phrase = " ".join(gram)
                        scored[phrase] = max(scored.get(phrase, 0.0), score)
            run = []
        best, used = [], set()
        for phrase, _ in sorted(scored.items(), key=lambda kv: -kv[1]):
            toks = {t.lower() for t in phrase.split()}
            if toks & used:
                continue
            best.append(phrase)
            used |= toks
            if len(best) >= k:
                break
        return best

    def title_queries(self, section: SectionInput, k: int = 3) -> list[str]:
        """Short enumerated items of a diagnosis/procedure-like section: what a report's title would name."""
        if not _TITLE_HEADERS.search(section.header or ""):
            return []
        items = re.split(r"\n|(?<=\.)\s*,|\s{2,}(?=\d+[.)]\s)|(?<=\.)\s+(?=\d+[.)]\s)", section.text.strip())
        out = []
        for item in items:
            item = _ENUM.sub("", item).strip(" .,:;")
            if 1 <= len(item.split()) <= 8 and not re.search(r"\d{3,}", item) and item not in out:
                out.append(item)
        return out[:k]

    def generate(self, sections: list[SectionInput], n: int) -> list[list[str]]:
        out = []
        for section in sections:
            content = [w for w in _terms(section.text) if w not in _STOP]
            if len(content) < 3:  # "None.", "Supple.": nothing a clinician would search for
                out.append([])
                continue
            phrases = self.key_phrases(section.text, max(n, 2))
            candidates: list[str] = []
            lang = section.language if section.language in _HEADER_TEMPLATES else "en"
            if phrases and section.header and n >= 3:
                header = section.header.strip().lower() if section.header.isupper() else section.header.strip()
                candidates.append(_HEADER_TEMPLATES[lang].format(header=header, phrase=phrases[0]))
            candidates += phrases[: max(1, n - len(candidates))]
            if len(phrases) >= 2:
                candidates.append(f"{phrases[0]} {phrases[1]}")
            out.append(candidates[:n])
        return out


_ABBREVIATION = re.compile(r"((?:[^\W\d_][\w-]*\s+){0,6}[^\W\d_][\w-]*)\s*\(([A-ZÄÖÜ][\w&/]{1,7})\)")


def abbreviations(texts: Iterable[str]) -> dict[str, str]:
    """Long form (lower case) -> abbreviation, as the reports themselves define them ("incision and
    drainage (I&D)"), after Schwartz & Hearst (2003): the abbreviation's letters appear in order in the
    last words before it, the first letter starting the first of those words."""
    found: dict[str, str] = {}
    for text in texts:
        for m in _ABBREVIATION.finditer(text):
            words, abbr = m.group(1).split(), m.group(2)
            letters = [c.lower() for c in abbr if c.isalpha()]
            if len(letters) < 2 or sum(c.isupper() for c in abbr) < 2:
                continue
            for k in range(1, min(len(words), len(letters) + 2) + 1):
                candidate = " ".join(words[-k:])
                if candidate[0].lower() != letters[0] or len(words[-k]) < 2:
                    continue
                i = 0
                for ch in candidate.lower():
                    if i < len(letters) and ch == letters[i]:
                        i += 1
                if i == len(letters) and len(candidate) > len(abbr) + 3:
                    found.setdefault(candidate.lower(), abbr)
                    break
    return found


def abbreviation_variants(query: str, long_to_short: dict[str, str], short_to_long: dict[str, str]) -> list[str]:
    """The query with a defined long form swapped for its abbreviation, and an abbreviation spelled out."""
    low, out = query.lower(), []
    if "(" in low:
        return out
    for long_form, short in long_to_short.items():
        i = low.find(long_form)
        if i >= 0:
            out.append(query[:i] + short + query[i + len(long_form):])
    for word in re.findall(r"[\w&/]+", query):
        if word.isupper() and word.lower() in short_to_long:
            out.append(query.replace(word, short_to_long[word.lower()]))
    return [q for q in dict.fromkeys(out) if q != query]


def title_pairs(gen: HeuristicGenerator, rows: list[dict], per_title: int = 2) -> dict[int, list[tuple[str, str]]]:
    """Title-like queries of each report (and their abbreviation variants), attached to the ``per_title``
    other sections of the same report that share most terms with them: the query names the report's
    topic, the passage explains it in other words (measured in docs/questions.md)."""
    long_to_short = abbreviations(r["text"] for r in rows)
    short_to_long = {v.lower(): k for k, v in long_to_short.items()}
    by_doc: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_doc[r["document_id"]].append(r)
    extra: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for doc_rows in by_doc.values():
        seen: set[str] = set()
        terms_of = {o["section_id"]: set(_terms(o["text"])) for o in doc_rows}
        for r in doc_rows:
            for title in gen.title_queries(SectionInput(r["text"], r["header"] or "", r["language"], r["doc_type"])):
                if title.lower() in seen:
                    continue
                seen.add(title.lower())
                terms = set(_terms(title)) - _STOP
                others = [o for o in doc_rows if o["section_id"] != r["section_id"] and len(o["text"]) > 80]
                ranked = sorted(others, key=lambda o: (-len(terms & terms_of[o["section_id"]]), -len(o["text"])))
                variants = [(title, "title")]
                variants += [(v, "title-abbrev") for v in abbreviation_variants(title, long_to_short, short_to_long)]
                for o in ranked[:per_title]:
                    if terms & terms_of[o["section_id"]]:
                        extra[o["section_id"]] += variants
    return extra
