"""Mention propagation: a name found once is replaced at every other mention.

Why: a cue ("Herr", "Dr.", a signature block) reveals a name once; the same person is then
called by surname only, by first name only (children in paediatric letters), in the genitive
("Müllers Mutter"), in capitals in a header ("MÜLLER, Anna") or with another spelling of the
same name (Müller / Mueller, Žižek / Zizek, Strauß / Strauss). Every such mention, in the
document and in every other document of the same patient, must be replaced too.

Matching goes through :func:`name_key`, a spelling-insensitive key; the surrogator uses the same
key, so all variants of one name get one surrogate.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .spans import PhiSpan, merge_spans
from .text import LET

_WORD = re.compile(rf"{LET}+(?:-{LET}+)*")
_TRANSLIT = str.maketrans({"ß": "ss", "ẞ": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d",
                           "þ": "th", "ı": "i"})
_DIGRAPHS = re.compile(r"(?<=[^aeiou])(ae|oe|ue)|^(ae|oe|ue)")
_JOIN = re.compile(r" (?:(?:von|van|de|der|den|zu|ten|ter|di|da|dos|del|le|la) )?")
NAME_LABELS_SKIPPED = frozenset({"NAME_TITLE", "NAME_USERNAME"})


def name_key(word: str) -> str:
    """Spelling-insensitive key of one name word: case, diacritics and German transliteration
    folded ('Müller', 'MUELLER', 'Muller' -> 'muller'; 'Žižek' -> 'zizek'; 'Strauß' -> 'strauss')."""
    w = word.lower().translate(_TRANSLIT)
    w = "".join(c for c in unicodedata.normalize("NFKD", w) if not unicodedata.combining(c))
    return _DIGRAPHS.sub(lambda m: (m.group(1) or m.group(2))[0], w)


def name_words(text: str, spans: Iterable[PhiSpan], keep=lambda w: len(w) >= 3) -> dict[str, str]:
    """The words of the person-name spans of ``text``: {word: label}. Hyphenated names give the
    whole word and its parts; ``keep`` filters out what must never be propagated (nouns)."""
    out: dict[str, str] = {}
    for s in spans:
        if not s.label.startswith("NAME_") or s.label in NAME_LABELS_SKIPPED:
            continue
        for m in _WORD.finditer(text, s.start, s.end):
            w = m.group()
            for part in [w] + (w.split("-") if "-" in w else []):
                if keep(part):
                    out.setdefault(part, s.label)
    return out


def name_phrases(text: str, spans: Iterable[PhiSpan]) -> dict[str, str]:
    """Whole multi-word names ("Haus Horst", "Notburga von Osler"): searched as they stand, so a
    name whose words are also ordinary nouns is still found again as a whole."""
    out: dict[str, str] = {}
    for s in spans:
        full = text[s.start:s.end]
        if s.label.startswith("NAME_") and s.label not in NAME_LABELS_SKIPPED and " " in full \
                and "\n" not in full and len(full) >= 5:
            out.setdefault(full, s.label)
    return out


def find_mentions(text: str, names: dict[str, str], blocked: Iterable[PhiSpan] = (),
                  phrases: dict[str, str] | None = None) -> list[PhiSpan]:
    """Every mention in ``text`` of a name in ``names`` ({word: label}) and its variants: case,
    spelling (see :func:`name_key`) and the genitive (the suffix stays outside the span, so
    'Müllers' becomes surrogate + 's'). Capitalised words only; a word glued to a hyphen is
    matched only as a whole ('Alzheimer-Demenz' is no mention of a Frau Alzheimer)."""
    out: list[PhiSpan] = []
    if phrases:
        variants = {}
        for p, label in phrases.items():
            variants.setdefault(p, label)
            variants.setdefault(p.upper(), label)
        rx = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
                        + r")(?![\w\-])")
        out.extend(PhiSpan(m.start(), m.end(), variants[m.group(1)], "gazetteer", 0.85) for m in rx.finditer(text))
    if not names:
        return _unblocked(out, blocked)
    keys = {}
    for w, label in names.items():
        keys.setdefault(name_key(w), label)
    stop = bytearray(len(text))
    for s in blocked:
        stop[s.start:s.end] = b"\x01" * (s.end - s.start)
    words: list[PhiSpan] = []
    for m in _WORD.finditer(text):
        w = m.group()
        if not w[0].isupper() or stop[m.start()]:
            continue
        label, end = keys.get(name_key(w)), m.end()
        if label is None and len(w) > 4 and w[-1] in "sS":  # genitive "Müllers" ("Müller's" splits by itself)
            label, end = keys.get(name_key(w[:-1])), m.end() - 1
        if label is None:
            continue
        if words and _JOIN.fullmatch(text[words[-1].end:m.start()]) and words[-1].label == label:
            words[-1] = PhiSpan(words[-1].start, end, label, "gazetteer", 0.85)  # "Anna Müller" stays one name
        else:
            words.append(PhiSpan(m.start(), end, label, "gazetteer", 0.85))
    return _unblocked(out, blocked) + words


def _unblocked(spans: list[PhiSpan], blocked: Iterable[PhiSpan]) -> list[PhiSpan]:
    stop = sorted((b.start, b.end) for b in blocked)
    return [s for s in spans if not any(a <= s.start < b for a, b in stop)]


def propagate(text: str, spans: list[PhiSpan], words: dict[str, str], phrases: dict[str, str]) -> list[PhiSpan]:
    """``spans`` plus the mentions of names known from elsewhere (another letter of the same
    patient), merged; non-name spans (dates, IDs...) are never overwritten."""
    blocked = [s for s in spans if not s.label.startswith("NAME_")]
    found = find_mentions(text, words, blocked, phrases)
    return merge_spans(list(spans) + found) if found else list(spans)
