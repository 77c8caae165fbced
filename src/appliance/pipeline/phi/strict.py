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
from .vocabulary import is_prefix, is_safe

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
_DOSE = (r"\d+(?:[.,]\d+)?[ ]?(?i:mg|µg|mcg|ug|ml|g|IE|I\.E\.|E|Tbl|Tabl|Trpf|Tr|Tropfen|gtt|Hub|Hübe|Stk|Amp|Kps|Btl"
         r"|Beutel|EL|TL|%)(?![\w])|\d(?:[.,/]\d)?[ ]?-[ ]?\d(?:[.,/]\d)?[ ]?-[ ]?\d|\d[ ]?x[ ]?(?:\d|tägl|täglich|abends"
         r"|morgens)")
_DRUG_USE = re.compile(
    rf"(?<![\w\-])({UP}{LET}+)(?=®|[ ]?\((?:s\.c\.|p\.o\.|i\.v\.|i\.m\.)\)|[ ](?:{LET}+[ ])?(?:{_DOSE})"
    r"|[ ](?:Augentropfen|Tropfen|Tabletten|Kapseln|Kps\.|Tbl\.|Salbe|Creme|Pflaster|Spray|Saft|Zäpfchen|morgens|abends)\b)"
)
# a word after a therapy word is a drug: "Antibiose mit Tavanic", "Gabe von Neupogen"
_THERAPY = re.compile(
    rf"(?i:therapie|antibiose|medikation|gabe|prophylaxe|einnahme|kombiniert|umstellung|analgesie|behandelt|"
    rf"behandlung)[ ](?:{LET}+[ ]){{0,2}}?(?:mit|von|auf)[ ](?:einer?[ ]|dem[ ]|der[ ])?({UP}{LET}+)")
_COORD = re.compile(rf"[ ]?(?:,|und|oder|sowie|bzw\.)[ ]+({UP}{LET}+)")
# derivational endings no name has (checked on words of 8 letters or more)
_DERIVED = re.compile(
    r"(?:ierung|ation|ität|penie|philie|opie|phorie|kinesie|plegie|metrie|grafie|graphie|logie|malazie|ektasie|"
    r"ismus|iert|ische|oide|tiv|ige)(?:e|en|er|es|em|n|s)?$|'sche[nrsm]?$"
)
_NUMBER_AFTER = re.compile(r"[ ]\d+(?:[.,]\d+)?(?![.,]?\d)(?![ ]?(?:J\b|Jahre|jähr|-jähr))")


def _drug_words(text: str) -> set[str]:
    """Words the text uses as drugs (before a dose, after a therapy word), and the capitalised words
    coordinated with them ("Tavanic und Anaerobex")."""
    found: dict[int, str] = {}
    for m in _DRUG_USE.finditer(text):
        found[m.end(1)] = m.group(1)
    for m in _THERAPY.finditer(text):
        found[m.end(1)] = m.group(1)
    todo = list(found)
    while todo:
        end = todo.pop()
        m = _COORD.match(text, end)
        if m and m.end(1) not in found:
            found[m.end(1)] = m.group(1)
            todo.append(m.end(1))
    return {w.lower() for w in found.values()}


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
    lower_words = set(_LOWER.findall(text)) | (_drug_words(text) if language == "de" else
                                               {m.group(1).lower() for m in _DRUG_USE.finditer(text)})
    out = []
    for m in _CAP.finditer(text):
        w = m.group()
        if 1 in covered[m.start():m.end()]:
            continue
        if len(w) < 2 or (w.isupper() and len(w) <= 4) or any(ch.isdigit() for ch in w):
            continue
        if m.end() < len(text) and (text[m.end()].isdigit() or text[m.end():m.end() + 2] in ("-1", "-2")):
            continue  # "CD4", "T2": codes, not names
        if language == "de" and len(w) <= 4 and re.search(r"\d[ ]?$", text[max(0, m.start() - 2):m.start()]):
            continue  # a unit after a number: "137 Uli"
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
    if language == "de" and not known_name and _explained_de(w, text, end):
        return True
    if not known_name and _MEDICAL_ENDING.search(w.lower()):
        return True
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        head = parts[-1]
        if (len(head) >= 4 and is_safe(head, language)) or (head.isupper() and len(head) <= 5):
            return all(not (p in first or p in last) for p in parts)
    return False


def _explained_de(w: str, text: str, end: int) -> bool:
    """Evidence from German clinical writing: abbreviations, lab values and doses, derived words."""
    if text.startswith(".", end) and 3 <= len(w) <= 9 and is_prefix(w.lower()):
        return True  # an abbreviation of an ordinary word: "Abd.", "Harnst.", "Quadr."
    if len(w) <= 10 and _NUMBER_AFTER.match(text, end) \
            and not re.match(r"[ ]\d{1,2}\.[ ]?\d{1,2}\.|[ ]\d+[a-z]?,[ ]?\d{4,5}", text[end:end + 12]):
        return True  # a lab value or a dose: "Krea 1.4", "Thrombo 234500", "Temesta 1."
    return len(w) >= 8 and bool(_DERIVED.search(w.lower()))  # "Metastasierung", "Eosinophilie"
