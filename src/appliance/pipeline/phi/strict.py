"""Strict mode, after Philter: a capitalised word that is neither an ordinary word nor explained by a
rule is treated as a name.

Why: rules find names by their context; a name without any cue ("Danach wurde Wrzlbrmft verlegt")
slips through them. For text that leaves the project (the training text of a model to be shared),
a lost noun costs less than a leaked name. German capitalises every noun, so the vocabulary check
understands compounds (:mod:`.vocabulary`).
"""
from __future__ import annotations

import re

from .spans import PhiSpan
from .text import LET, UP
from .vocabulary import is_safe

_CAP = re.compile(rf"(?<![\w\-]){UP}{LET}*(?:['’\-]{LET}+)*")
#: what strict mode adds is only as sure as a guess
STRICT_SCORE = 0.5


# medical and pharmaceutical word endings: a capitalised word with one of them is a term, not a name
# (names from the lists are checked first, so "Martin" or "Melanie" never pass this way)
_MEDICAL_ENDING = re.compile(
    r"(?:itis|itiden|osen?|osis|omen?|oms|ämie|urie|ektomie|tomie|stomie|skopie|plastik|pathie|algie|ismus|"
    r"asen?|zyten|zyt|genese|esen?|ites|ismus|(?<=...)us|trophie|plasie|sklerose|stenose|thyreose|tonie|thymie|ämisch|iasis|ulus|ulum|"
    r"mab|nib|pril|sartan|statin|azol|cillin|mycin|oxin|olol|dipin|prazol|parin|tid|xaban|gatran|floxacin|"
    r"amid|azin|idin|ipin|olon|ison|ason|afil|etin|umab|ximab|zumab|oxid|sulfat|chlorid|natrium|kalium)$"
)
_ABBREVIATION = re.compile(r"[A-ZÄÖÜ]{2,5}s?|[A-ZÄÖÜ][a-zäöü]{1,3}")
# a word before a dose or a dosing scheme is a drug: "Risperdal 2 mg", "Pantoloc 40mg", "Lasix 1-0-0", "Zyrtec®"
_DRUG_USE = re.compile(
    rf"(?<![\w\-])({UP}{LET}+)(?=®|[ ](?:{LET}+[ ])?(?:\d+(?:[.,]\d+)?[ ]?(?:mg|µg|mcg|ug|ml|g|IE|I\.E\.|E|Tbl|Tabl|Trpf|Hub|Hübe|Stk|Amp|Kps|%)\b"
    r"|\d(?:[.,]\d)?[ ]?-[ ]?\d(?:[.,]\d)?[ ]?-[ ]?\d))"
)


def strict_spans(text: str, spans: list[PhiSpan], language: str = "de") -> list[PhiSpan]:
    """NAME_OTHER spans for the capitalised words of ``text`` that no span covers and that are not
    ordinary words. Not taken for names: words the same text also writes in lower case (names never
    are), abbreviations (short all-caps words, 'Tsd.', 'Neurolog.' before a lower-case word), words
    with a medical or drug ending, hyphenated words whose head is an ordinary word ('Hüft-TEP',
    'VAIA-Protokoll')."""
    from .gazetteer import _lists

    first_f, first_m, last, *_ = _lists()
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    lower_words = set(_LOWER.findall(text)) | {m.group(1).lower() for m in _DRUG_USE.finditer(text)}
    out = []
    for m in _CAP.finditer(text):
        w = m.group()
        if any(covered[m.start():m.end()]):
            continue
        if len(w) < 2 or (w.isupper() and len(w) <= 4) or any(ch.isdigit() for ch in w):
            continue
        if m.end() < len(text) and (text[m.end()].isdigit() or text[m.end():m.end() + 2] in ("-1", "-2")):
            continue  # "CD4", "T2": codes, not names
        if _is_explained(w, text, m.end(), language, lower_words, first_f | first_m, last):
            continue
        if out and text[out[-1].end:m.start()] == " ":
            out[-1] = PhiSpan(out[-1].start, m.end(), "NAME_OTHER", "rule", STRICT_SCORE)  # "Velika Gorica"
        else:
            out.append(PhiSpan(m.start(), m.end(), "NAME_OTHER", "rule", STRICT_SCORE))
    return out


_LOWER = re.compile(rf"(?<![\w\-])[a-zäöüß]{LET}*")


def _is_explained(w: str, text: str, end: int, language: str, lower_words: set[str], first, last) -> bool:
    if w.lower() in lower_words or is_safe(w, language):
        return True
    known_name = w in first or w in last or w.title() in first or w.title() in last
    if re.fullmatch(r"[A-ZÄÖÜ]{2,6}s?", w) and len(w) <= 6 and not known_name or _ABBREVIATION.fullmatch(w) and re.match(r"\.?[ ]?[/a-zäöü0-9(]", text[end:end + 3]):
        return True  # "RGs", "Tsd. Zellen"
    if re.match(r"\.[ ]?[a-zäöü]", text[end:end + 3]) and len(w) <= 9:
        return True  # a cut word before a lower-case word: "Neurolog. unauff.", "Geringgr. erhöht"
    if not known_name and _MEDICAL_ENDING.search(w.lower()):
        return True
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        head = parts[-1]
        if (len(head) >= 4 and is_safe(head, language)) or (head.isupper() and len(head) <= 5):
            return all(not (p in first or p in last) for p in parts)
    return False
