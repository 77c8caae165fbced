"""Pattern detectors for PHI with a fixed shape: dates, ages, contacts, identifiers, addresses,
hospitals and academic titles (German and English clinical writing).

Each finder takes the text and returns PhiSpan objects (source 'rule'). Weak guesses (a bare
year, a 4-digit number that may be a ZIP) get a lower score so that the merge prefers a
stronger label when two findings overlap.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from .resources import word_list, word_set
from .spans import PhiSpan
from .text import CAP_WORD, LET, LO, UP, line_bounds, line_end, line_start

Finder = Callable[[str], list[PhiSpan]]

# --------------------------------------------------------------------------- dates

_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y4 = r"(?:1[89]\d\d|20\d\d)"
_L = r"(?<![\w.,:+])(?<![^\d\s]/)"  # left boundary: not inside a number/word ("06/07.11." ok)
_R = r"(?!\w|[.,/:]\d)"            # right boundary
_R4 = r"(?!\d|[.,/:]\d)"             # after a 4-digit year a glued word is fine ("1987der")

_MON_DE = r"Januar|Jänner|Februar|Feber|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
_MON_EN = r"January|February|March|April|May|June|July|August|September|October|November|December"
_MON_ABBR = r"Jan|Feb|Mär|Mrz|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Oct|Nov|Dez|Dec"
_MONTH = rf"(?:(?:{_MON_DE}|{_MON_EN})(?![{LET[1:-1]}])|(?:{_MON_ABBR})(?:\.|(?=[ ]\d)))"
_ORD = r"(?:st|nd|rd|th)"

_DATE_PATTERNS = [  # (kind, pattern)
    # 24.01.2028, 23.01.28, 4.4.1997, 10. 03. 2043, 30.11. 2033
    ("plain", rf"{_L}{_D}[ ]?\.[ ]?{_M}[ ]?\.[ ]?(?:{_Y4}{_R4}|\d\d{_R})"),
    # swapped or mistyped month ("03.17.2027"): both parts <= 31, one <= 12
    ("plain", rf"{_L}(?:0?[1-9]|1[0-2])\.(?:1[3-9]|2\d|3[01])\.{_Y4}{_R4}"),
    # typos seen in scanned letters: "21.10 2033", "26 09.2033"
    ("plain", rf"{_L}{_D}\.{_M}[ ]{_Y4}{_R}"),
    ("plain", rf"{_L}{_D}[ ]{_M}\.{_Y4}{_R}"),
    # 6/7/1980, 03/19/2025, 21/06/1967 (validated below), 19-03-2025
    ("slash", rf"{_L}\d{{1,2}}/\d{{1,2}}/(?:{_Y4}|\d\d){_R}"),
    ("plain", rf"{_L}{_D}-{_M}-{_Y4}{_R}"),
    # ISO 2025-03-19 and 2025/03/19
    ("plain", rf"{_L}{_Y4}[-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12]\d|3[01]){_R}"),
    # 27. März 2025, 13.Juli 2025, 19 March 2025, 21. März, 19th of March 2025
    ("plain", rf"{_L}{_D}(?:\.|{_ORD})?[ ]?(?:of[ ])?{_MONTH}(?:,?[ ](?:{_Y4}|'?\d\d)(?!\d))?"),
    # 12. Dez, 3. Aug: an abbreviated month right after a day
    ("plain", rf"{_L}{_D}\.[ ]?(?:{_MON_ABBR})(?![{LET[1:-1]}])\.?"),
    # March 19, 2025 / March 19th / Aug. 3 2020
    ("plain", rf"(?<![\w]){_MONTH}[ ]{_D}{_ORD}?(?:,?[ ]{_Y4})?(?![\d.]\d)(?!\w)"),
    # März 2025, September 27, Dec. '98
    ("plain", rf"(?<![\w]){_MONTH},?[ ](?:{_Y4}|'\d\d|\d\d)(?!\d|\.\d)"),
    # month/year: 07/2025, 02/33, 6/24, 03.2020
    ("month_year", rf"{_L}(?:0?[1-9]|1[0-2])/(?:{_Y4}|\d\d)(?![\w/]|[.,]\d)"),
    ("plain", rf"{_L}(?:0[1-9]|1[0-2])\.{_Y4}{_R}"),
]
_DATE_RE = [(kind, re.compile(p)) for kind, p in _DATE_PATTERNS]

# partial day.month. ("vom 8.3. bis", "EKG vom 4.11.:")
_PARTIAL_DM = re.compile(rf"{_L}({_D})\.[ ]?({_M})\.(?![ ]?\d)")
# bare month after a temporal preposition ("seit Ende Januar", "im Oktober d. J.")
_BARE_MONTH = re.compile(
    rf"\b(?:im|seit|Ende|Anfang|Mitte|ab|bis|vom|zum|von|since|until|early|late|mid|in)[ ]((?:{_MON_DE}|{_MON_EN}))\b"
)
# bare year ("Z.n. Apoplex 2002", "seit 2017"), but not a dose, count or norm number
_YEAR = re.compile(
    rf"{_L}((?:19|20)\d\d)(?!\w|[.,]\d|[ ]?(?:mg|ml|g\b|µg|mcg|IE|I\.E\.|U\b|E\b|mmol|kcal|Einheiten|cm|mm|m\b|km|x\b|%|/µl|/nl|Tsd|Stück))"
)
_YEAR_BAD_LEFT = re.compile(r"\b(?:Nr\.?|ISO|DIN|EN|Tel\.?|Fax|Zi\.?|Zimmer|Station|PLZ|Typ|Modell|§|No\.?|NB|Version|v)[ ]?$", re.I)
# "vom 10 und 11.10.2033", "06-07.11.2024", "13. - 24.10.2023", "03 - 05/2021", "05.11-18.11.2024"
_RANGE_PREFIX = re.compile(
    r"(?<![\w.,/:])(\d{1,2}(?:\.\d{1,2})?\.?)[ ]?(?:-|–|/|bis(?:[ ]zum)?|und|u\.|to|and)[ ]?$"
)

_UNIT_AFTER_FRACTION = re.compile(
    r"[ ]?(?:LK|Lymphknoten|mm|cm|mg|ml|Punkte|Pkt|min|h\b|mmHg|Tabl|x\b|Zyklen|Kapseln|Hub|Stück|%)"
)
_SCALE_BEFORE = re.compile(r"(?:VAS|NRS|Score|Kraftgrad|KG|Grad|Stufe|Visus|Ratio|Quotient)[ :]*$", re.I)


def _valid_slash_date(s: str) -> bool:
    parts = s.split("/")
    if len(parts) != 3:
        return True
    a, b = int(parts[0]), int(parts[1])
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def find_dates(text: str) -> list[PhiSpan]:
    """Full, partial and month-name dates, bare years and the first half of date ranges."""
    found: list[tuple[int, int, float]] = []
    for kind, rx in _DATE_RE:
        for m in rx.finditer(text):
            s = m.group(0)
            if kind == "slash" and not _valid_slash_date(s):
                continue
            if kind == "month_year":  # m/yy could be a ratio or a scale value
                if _UNIT_AFTER_FRACTION.match(text, m.end()) or _SCALE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                    continue
            found.append((m.start(), m.end(), 1.0))
    for m in _PARTIAL_DM.finditer(text):
        d, mo = m.group(1), m.group(2)
        ls, _ = line_bounds(text, m.start())
        at_line_start = not text[ls:m.start()].strip()
        nxt = text[m.end():m.end() + 2]
        if at_line_start and len(d) == 1 and len(mo) == 1 and nxt[:1] == " " and nxt[1:2].isalpha():
            continue  # "1.2. Anamnese" is a heading number, not a date
        found.append((m.start(), m.end(), 0.9))
    for m in _BARE_MONTH.finditer(text):
        found.append((m.start(1), m.end(1), 0.8))
    for m in _YEAR.finditer(text):
        if _YEAR_BAD_LEFT.search(text, max(0, m.start() - 10), m.start()):
            continue
        found.append((m.start(1), m.end(1), 0.6))
    # first half of a range, e.g. "vom 10 und 11.10.2033"
    extra = []
    for start, _end, _sc in found:
        m = _RANGE_PREFIX.search(text, max(0, start - 14), start)
        if m:
            nums = [int(x) for x in re.findall(r"\d+", m.group(1))]
            if nums and all(1 <= n <= 31 for n in nums):
                extra.append((m.start(1), m.end(1), 0.8))
    found.extend(extra)
    return [PhiSpan(s, e, "DATE", "rule", sc) for s, e, sc in found]


# --------------------------------------------------------------------------- ages

_UNITS = r"ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun"
_TENS = r"zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig"
# number words up to 99 ("dreiundachtzig"), and "hundert"
_NUM_WORD = (rf"(?:(?:{_UNITS})und(?:{_TENS})|{_TENS}|zehn|elf|zwölf|dreizehn|vierzehn|fünfzehn|sechzehn|siebzehn|"
             rf"achtzehn|neunzehn|hundert|{_UNITS})")
# "-jährig" and its typos ("järig", "jähig", "jaehrig"), any case ("67-Jährige")
_JAEHRIG = r"[jJ](?:ä|ae|a)(?:hr|r|h)i?g"
_AGE_PATTERNS = [
    r"(?<![\d.,])(\d{1,3})[ ]?-?[ ]?(?:" + _JAEHRIG + r"|jähr\.|j\.|J\.(?=[ ]*[,;)\n]|[ ]+(?:alt|Pat|Patient|männl|weibl|Junge|Mädchen))|Jahre[ ]alt|Jahren[ ]alt|years?[ -]old|year-old|yo\b|y/o|y\.o\.)",
    r"(?<![\d.,])(\d{1,3})\.?[ ]?(?:Lj\b|LJ\b|Lebensjahr)",
    r"(?:im Alter von|Alter:?|Alter von|age of|aged?:?|at age)[ ]?(\d{1,3})(?![\d.,]\d)",
    r"\b(?:[Mm]it|ab)[ ](\d{1,3})[ ](?:Jahren|J\.|an\b|verstorben|gestorben|verst\.)",
    r"\b(?:turn(?:ed|s|ing)?|I'?m|I am)[ ](\d{1,3})(?=[ ]*(?:years|yrs|[.!,;]|$))",
    # infants: "der 5 Monate alte Säugling", "3 Wochen alt"
    r"(?<![\d.,])(\d{1,2})[ ](?:Monate|Wochen|Tage)[ ]alte?[rsnm]?\b",
    rf"(?i:\b({_NUM_WORD}))[ -]?{_JAEHRIG}",
    rf"(?:[Ii]m Alter von|[Mm]it)[ ]({_NUM_WORD})[ ](?:Jahren|Monaten|Wochen)",
]
_AGE_RE = [re.compile(p) for p in _AGE_PATTERNS]


def find_ages(text: str) -> list[PhiSpan]:
    """The number of an age statement only ("[78]-jährige", "im Alter von [15] Jahren")."""
    out = []
    for rx in _AGE_RE:
        for m in rx.finditer(text):
            n = m.group(1)
            if n.isdigit() and int(n) > 125:
                continue
            out.append(PhiSpan(m.start(1), m.end(1), "AGE", "rule", 0.9))
    return out


# --------------------------------------------------------------------------- contacts

_PHONE_BODY = (
    r"(?:\+\d{1,3}[ ]?(?:\(0\)[ ]?)?(?:\(\d{1,5}\)[ ]?)?|\(0\d{1,5}\)[ ]?|\(0(?:[ ]?\d){1,5}\)[ ]?|0)?"
    r"\d(?:[ ]?[/\-.][ ]?\d|[ ]\d|\d)*"
    r"(?:[ ]?(?:o\.|oder|/|,)[ ]?\d{2,5}(?!\d|\.\d))?"
)
_PHONE_CUE = re.compile(
    r"(?P<cue>(?:\b(?:Tel(?:efon)?(?:nummer)?|Fon|Phone|Ph|Mobil(?:telefon|nummer)?|Mob|Handy(?:nummer)?|Cell|Telefax|Fax(?:nummer)?|"
    r"Tel\.?[-/ ]?Nr|Telefon-?Nr|Rufnummer|Rückruf(?:nummer)?|Durchwahl|DW|Nummer|Zentrale|Info|Pager|Funk|Piepser|Pieper|Apparat|App|Hotline|"
    r"Sekretariat)|(?<=[a-zäöü])telefon)\b\.?(?:[ ]?/[ ]?Fax)?[ ]?(?:Nr\.?)?[ \t]*[:.]?[ \t]*)"
    rf"(?P<num>-?{_PHONE_BODY})"
)
_PHONE_FREE = re.compile(
    r"(?<![\w+/.,\-])(?P<num>(?:\+\d{1,3}[ ]?(?:\(0\)[ ]?)?(?:\(\d{1,5}\)[ ]?)?|\(0\d{1,5}\)[ ]?|0\d{1,5}[ ]?[/\-][ ]?|0\d{2,5}[ ])"
    r"\d(?:[ ]?[/\-][ ]?\d|[ ]\d|\d)*)(?![\w]|[.,/]\d)"
)
_PHONE_NANP = re.compile(r"(?<![\w+/.\-])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w]|[.,/-]\d)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_URL = re.compile(
    r"(?:\bhttps?://|\bwww\.)[^\s<>\"')\]]+|(?<![\w@.-])[\w-]+(?:\.[\w-]+)*\.(?:de|at|ch|com|org|net|eu|info|io|gov|edu)(?:/[^\s<>\"')\]]*)?(?![\w@])"
)
_IP = re.compile(r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\w.]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])")


def _digits(s: str) -> int:
    return sum(ch.isdigit() for ch in s)


def find_contacts(text: str) -> list[PhiSpan]:
    """Phone and fax numbers (cued or with a phone shape), e-mail, URLs and IP addresses."""
    out = []
    cued_spans = []
    for m in _PHONE_CUE.finditer(text):
        num = m.group("num").rstrip(" -/.,")
        cue = m.group("cue").lower()
        # an extension ("Durchwahl 234", "App. 234", "Pieper 789") is short; other cues want 4 digits
        if _digits(num) < (3 if re.match(r"(?:durchwahl|dw|app|pieper|piepser|pager|funk|\w*telefon|tel\b)", cue) else 4):
            continue
        label = "CONTACT_FAX" if "fax" in cue and "tel" not in cue.split("fax")[0] else "CONTACT_PHONE"
        s = m.start("num")
        out.append(PhiSpan(s, s + len(num), label, "rule"))
        cued_spans.append((s, s + len(num)))
    for m in _PHONE_FREE.finditer(text):
        num = m.group("num").rstrip(" -/.,")
        if not 7 <= _digits(num) <= 16:
            continue
        s = m.start("num")
        if any(a <= s < b for a, b in cued_spans):
            continue
        if re.fullmatch(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", num):
            continue
        before = text[max(0, s - 40):s].lower()
        label = "CONTACT_FAX" if "fax" in before[-20:] else "CONTACT_PHONE"
        out.append(PhiSpan(s, s + len(num), label, "rule", 0.8))
    for m in _PHONE_NANP.finditer(text):
        before = text[max(0, m.start() - 20):m.start()].lower()
        out.append(PhiSpan(m.start(), m.end(), "CONTACT_FAX" if "fax" in before else "CONTACT_PHONE", "rule", 0.8))
    for m in _EMAIL.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "CONTACT_EMAIL", "rule"))
    for m in _URL.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] in ".,;:":
            e -= 1
        out.append(PhiSpan(s, e, "CONTACT_URL", "rule", 0.9))
    for rx in (_IP, _IPV6):
        for m in rx.finditer(text):
            out.append(PhiSpan(m.start(), m.end(), "CONTACT_IP", "rule", 0.9))
    return out


# --------------------------------------------------------------------------- identifiers

_ID_CUE = re.compile(
    r"(?P<cue>\b(?:Fall(?:[ .-]?(?:Nr|Nummer|ID))\.?|Fallnummer|Fallzahl|Fall(?=[ \t]*:)|FN|Pat(?:ienten)?\.?[ -]?(?:Nr|ID|Nummer)\.?|Patientennummer|Patienten-?ID|PID|PIZ|MRN|MR[#-]?Nr\.?|Medical Record(?: Number| No\.?)?"
    r"|Aufnahme-?Nr\.?|Aufnahmenummer|Auftrags-?Nr\.?|Auftragsnummer|Befund-?Nr\.?|Labor-?Nr\.?|Labornummer|Eingangs-?Nr\.?|Einsende-?Nr\.?|Block-?Nr\.?|Proben-?Nr\.?|Präparat-?Nr\.?"
    r"|E-?Nr\.?|J-?Nr\.?|HNr\.?|Histo(?:logie)?-?Nr\.?|SV[ -]?Nr\.?|SVNR|SV|VSNR|Vers(?:icherten)?[.-]?(?:Nr|Nummer)\.?|Versicherungsnummer|Versichertennummer|KV-?Nr\.?|KVNR|Mitglieds-?Nr\.?"
    r"|Aktenzeichen|Az\.|Konto(?:-?Nr\.?)?|IBAN|BIC|Studien-?(?:ID|Nr\.?)|Probanden-?(?:ID|Nr\.?)|Pseudonym|Reg(?:istrier)?\.?-?Nr\.?|Beleg-?Nr\.?|Rechnungs-?Nr\.?"
    r"|Steuer-?(?:ID|Nr\.?)|Ausweis-?Nr\.?|Pass-?Nr\.?|Lizenz-?Nr\.?|LANR|BSNR|IK-?Nr\.?|Case(?: No\.?| ID| number)|Patient ID|Account(?: No\.?| number)?|SSN|Social Security(?: Number| No\.?)?"
    r"|Driver'?s? [Ll]icen[cs]e(?: No\.?| number)?|Passport(?: No\.?| number)?|ID|Nr\.|No\.|Nummer|Number)"
    r"[ \t]*[:#.]?[ \t]*(?:[:#][ \t]*)?)"
    r"(?P<id>[A-Z0-9][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*(?:[ ]\d{4,}(?=[ \t]*(?:$|\n|[,;)])))?)"
)
_WEAK_ID_CUES = {"id", "nr.", "no.", "nummer", "number", "sv", "fall"}

_WARD = re.compile(
    r"\b(?:Station|Stat\.|Intensivstation|Intensiv|Normalstation|Wachstation|Aufwachstation|IMC|ITS|ICU|Zimmer|Zi\.?|Raum|Bett|OP|OP-Saal|Saal|Ebene|Trakt|Ward|Room|Bed)"
    r"[ \t]*(?:Nr\.?)?[ \t]*:?[ \t]*"
    r"(?P<id>[A-Z]{1,4}-?\d{1,4}[A-Za-z]?\b|\d{1,4}[A-Z]?\b(?!\.\d|,\d|[ ]?(?:mg|ml|Tage|Uhr|h\b|min))|[IVX]{1,4}\b(?!\.)|[A-Z]\b(?![.\-]))"
)
_WARD_FREE = re.compile(r"\b(?:auf|zuvor auf|Verlegung auf)[ ](?P<id>[A-Z]{2,5}-?\d{1,3})\b")
_BIO_CODES = frozenset("HIV HPV HBV HCV CMV EBV HSV VZV HHV BRCA BMP CD IL HER HLA COVID SARS TNF IGF VEGF EGFR ALK KRAS NRAS "
                       "BRAF PD CTLA MLH MSH TP CYP NT GFR CA CEA PSA AFP NSE FGF PDGF ECOG NYHA GOLD CCS BIRADS PIRADS".split())
_CLINIC_ROMAN = re.compile(rf"(?<![\w])(?:{LET}{{0,30}}?(?:[Kk]linik|[Aa]bteilung|[Ss]tation))[ ](?P<id>[IVX]{{1,4}})\b(?!\.)")
_LONG_NUMBER = re.compile(r"(?<![\w.,/+\-])\d{7,}(?![\w]|[.,]\d)")
_ALNUM_ID = re.compile(r"(?<![\w.,/\-])(?=[A-Za-z0-9\-/]*\d)[A-Z][A-Za-z]{0,4}-?\d[A-Za-z0-9\-/]*(?![\w])")
_ACC_NO = re.compile(r"(?<![\w.,/\-])\d{4,7}[a-z]?/\d{2,4}(?![\w/.])")
_KVNR = re.compile(r"(?<![\w])[A-Z]\d{9}(?![\w])")
_IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){11,30}(?![\w])")
_CARD = re.compile(r"(?<![\w\-])(?:\d[ -]?){12,18}\d(?![\w\-])")
_SSN = re.compile(r"(?<![\w\-])\d{3}-\d{2}-\d{4}(?![\w\-])")


def kvnr_valid(value: str) -> bool:
    """German health-insurance number (KVNR): letter + 8 digits + check digit (weights 1,2)."""
    if not re.fullmatch(r"[A-Z]\d{9}", value):
        return False
    digits = f"{ord(value[0]) - 64:02d}" + value[1:9]
    total = 0
    for i, ch in enumerate(digits):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return total % 10 == int(value[9])


def iban_valid(value: str) -> bool:
    v = value.replace(" ", "")
    if not 15 <= len(v) <= 34:
        return False
    rearranged = v[4:] + v[:4]
    num = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(num) % 97 == 1


def luhn_valid(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_ICD_LIKE = re.compile(r"[A-Z]\d{2}(?:\.\d{1,2})?[A-Z]?|[pyc]?T\w+|[A-Z]{1,4}\d{1,3}")


def find_ids(text: str) -> list[PhiSpan]:
    """Case/patient/insurance numbers, ward and room numbers, account and card numbers."""
    out = []
    for m in _ID_CUE.finditer(text):
        ident = m.group("id").rstrip(".")
        cue = m.group("cue").strip(" \t:#.").lower()
        if _digits(ident) < (4 if cue in _WEAK_ID_CUES else 2):
            continue
        if re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{2,4}", ident):
            continue
        s = m.start("id")
        out.append(PhiSpan(s, s + len(ident), "ID", "rule"))
    for rx in (_WARD, _WARD_FREE, _CLINIC_ROMAN):
        for m in rx.finditer(text):
            if rx is _WARD_FREE and re.match(r"[A-Z]+", m.group("id")).group(0) in _BIO_CODES:
                continue
            out.append(PhiSpan(m.start("id"), m.end("id"), "ID", "rule", 0.8))
    for m in _LONG_NUMBER.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "ID", "rule", 0.7))
    for m in _ALNUM_ID.finditer(text):
        tok = m.group(0)
        if _digits(tok) >= 5 and len(tok) >= 6 and not _ICD_LIKE.fullmatch(tok):
            out.append(PhiSpan(m.start(), m.end(), "ID", "rule", 0.7))
    for m in _ACC_NO.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "ID", "rule", 0.7))
    for m in _KVNR.finditer(text):
        if kvnr_valid(m.group(0)):
            out.append(PhiSpan(m.start(), m.end(), "ID", "rule"))
    for m in _IBAN.finditer(text):
        if iban_valid(m.group(0)):
            out.append(PhiSpan(m.start(), m.end(), "ID", "rule"))
    for m in _CARD.finditer(text):
        if luhn_valid(m.group(0)) and not m.group(0).startswith("0"):
            out.append(PhiSpan(m.start(), m.end(), "ID", "rule", 0.8))
    for m in _SSN.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "ID", "rule", 0.8))
    return out


# --------------------------------------------------------------------------- titles

_TITLE_ATOM = (
    r"(?:Univ\.?-?[ ]?Prof\.|Universitätsprofessor(?:in)?|Prof\.|Professor(?:in)?(?=[ ]Dr)|Priv\.?-?[ ]?Doz\.|Doz\.|PD(?=[ ]?Dr)"
    r"|DDr\.|Drs\.|Dres\.|Dr\.a\.?|Dra\.|Drª|Dr\.|Dr(?=[ ]+med)|Prim\.|Primar(?:ius|ia)?(?=[ ]Dr)|o\.[ ]?Univ\.?|Ao\.(?=[ ]?U)|a\.o\.(?=[ ]?U)|Uriv\.?-?[ ]?Prof\.|Univ\.?-?Doz\.|Mag\.(?:[ ]?(?:rer\.[ ]?nat\.|pharm\.|phil\.))?|Dipl\.-?[ ]?(?:Ing|Psych|Med|Kfm|Päd|Soz\.?[ ]?Päd)\.(?:[ ]?\(FH\))?|DGKS|DGKP)"
)
_TITLE_TAIL = r"(?:med\.?(?:[ ]?(?:univ(?:ers?)?\.|dent\.|vet\.|habil\.))?|mult\.|rer\.[ ]?nat\.|rer\.[ ]?medic\.|phil\.|habil\.|h\.[ ]?c\.|univ\.|sc\.[ ]?hum\.|dent\.|E\.[ ]?h\.)"
_TITLE_SEQ = re.compile(
    rf"(?<![\w]){_TITLE_ATOM}(?:[ ]{{0,2}}(?:{_TITLE_ATOM}|{_TITLE_TAIL}))*",
    re.IGNORECASE,
)
# Post-nominal degrees, only when they follow a capitalised word ("Parkinson MD PhD").
_POST_TITLE = re.compile(
    rf"(?<=[{LET[1:-1]}.])[ ]+((?:MD|PhD|Ph\.D\.|MBA|MSc|Msc|M\.Sc\.|BSc|B\.Sc\.|MPH|FRCS|FACS|Dr\.|DDS|DVM)(?:[ ]+(?:MD|PhD|Ph\.D\.|MBA|MSc|Msc|M\.Sc\.|BSc|B\.Sc\.|MPH|FRCS|FACS))*)(?![\w])"
)


def find_titles(text: str) -> list[PhiSpan]:
    """Academic titles (annotated as NAME_TITLE, even without a name), never 'Herr'/'Frau'."""
    out = []
    for m in _TITLE_SEQ.finditer(text):
        s, e = m.start(), m.end()
        tok = m.group(0)
        # lower-case "dr." inside running text ("dr. med." typed lower case) is still a title,
        # but a sentence like "Doz. ..." needs the dot; strip a trailing space
        if tok.lower() in {"mag.", "doz."} and not re.match(r"[ ]?\S", text[e:e + 2]):
            continue
        out.append(PhiSpan(s, e, "NAME_TITLE", "rule"))
    for m in _POST_TITLE.finditer(text):
        prev = re.search(r"(\S+)\s*$", text[max(0, m.start() - 40):m.start()])
        word = prev.group(1) if prev else ""
        if not word[:1].isupper() or word.lower() in ("und", "and"):
            continue  # "Parkinson MD" yes, "Assay und FACS" no
        out.append(PhiSpan(m.start(1), m.end(1), "NAME_TITLE", "rule", 0.9))
    return out


# --------------------------------------------------------------------------- addresses

_STREET_SUFFIX_STRONG = (
    r"(?:stra(?:ß|ss)e|strasse|str\.|strße|gasse|weg|allee|platz|ring|damm|ufer|chaussee|steig|pfad|markt|kamp|graben|wall|zeile|"
    r"promenade|stieg|twiete|gässle|gässchen|gassl|hof|höfe|park|garten|anger|berg|blick|tal|feld|au|grund|weide|wiese|heide|siedlung|winkel|hang|höhe|leite|brücke|kai|deich|tor|gang)"
)
_STREET_WORD_STRONG = (
    r"(?:stra(?:ß|ss)e|strasse|str\.|strße|gasse|weg|allee|platz|ring|damm|ufer|chaussee|steig|pfad|markt|kamp|zeile|promenade|stieg|twiete|gässle)"
)
_HOUSE = r"\d{1,4}(?:[ ]?[a-zA-Z](?![\w\-]))?(?:[ ]?[-/][ ]?\d{1,4}[a-zA-Z]?(?![\w]))?"
_PREP_STREET = r"(?:Am|An[ ]der|An[ ]den|Auf[ ]der|Auf[ ]dem|Im|In[ ]der|In[ ]den|Zum|Zur|Unter[ ]den|Hinter[ ]der|Hinter[ ]dem|Vor[ ]dem|Alte[rs]?|Neue[rs]?|Obere[rs]?|Untere[rs]?|Große[rs]?|Kleine[rs]?)"
_STREET_NAME = (
    rf"(?:{UP}{LET}*(?:-{LET}+)*{_STREET_WORD_STRONG}"          # Hauptstraße, Maria-Müller-Straße
    rf"|{UP}{LET}*(?:-{UP}{LET}*)*-(?:Straße|Strasse|Str\.|Gasse|Weg|Allee|Platz|Ring|Damm|Ufer|Markt)"  # Erich-Kästner-Platz
    rf"|{UP}{LET}+(?:e[rns]?)?[ ](?:Straße|Strasse|Str\.|Weg|Allee|Platz|Ring|Gasse|Damm|Ufer|Chaussee|Markt|Steig|Pfad|Landstraße|Heerstraße)"  # Rote Str.
    rf"|{_PREP_STREET}[ ]{UP}{LET}+(?:[ ]{UP}{LET}+)?)"
)
_STREET = re.compile(rf"(?<![\w-])(?P<street>{_STREET_NAME})[ ]?(?P<no>{_HOUSE})(?![\w]|[.,]\d)")
_STREET_WEAK = re.compile(
    rf"(?<![\w-])(?P<street>{UP}{LET}*{_STREET_SUFFIX_STRONG}|{_STREET_NAME})(?:[ ]?(?P<no>{_HOUSE}))?(?![\w]|[.,]\d)"
)
_EN_STREET = re.compile(
    rf"(?<![\w])\d{{1,6}}[ ](?:[NSEW]\.?[ ])?(?:{UP}{LET}*[ ]){{1,3}}(?:Street|St\.|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Dr\.|Court|Ct\.?|Way|Place|Pl\.?|Terrace|Parkway|Pkwy|Circle|Cir\.?|Square|Sq\.?|Highway|Hwy|Trail|Row|Crescent|Close|Gardens|Mews|Walk)(?![\w])"
    r"(?:,?[ ](?:Apt\.?|Suite|Ste\.?|Unit|#)[ ]?\w+)?"
)
_EN_UNIT = re.compile(r"(?<![\w])(?:Apt\.?|Apartment|Suite|Ste\.|Unit)[ ]#?\d+\w?")

_ZIP_CITY = re.compile(
    rf"(?<![\w\-/.,])(?P<zip>(?:(?:D|DE|A|AT|CH|FL|L)[ ]?-[ ]?)?\d{{5}}|(?:A|AT|CH|FL|L)[ ]?-[ ]?\d{{4}}|\d{{4}})"
    rf"(?P<sep>[ \t]+|-)(?P<city>(?:St\.|Sankt|Bad|Klein|Groß|Alt|Neu|Hohen|Markt|Sankt-)?[ ]?{UP}{LET}*(?:-{UP}?{LET}+)*"
    rf"(?:[ ](?:(?:am|an|an[ ]der|im|in|ob|ob[ ]der|bei|unter|vor[ ]der|auf|a\.|a\.[ ]?d\.|i\.|v\.|d\.)[ ]{UP}{LET}*\.?(?:-{UP}{LET}*)*|{UP}{LET}+(?=[ ]*(?:\n|,|$|\())))?"
    rf"(?:[ ]\([A-Z]{{2}}\))?)"
)
_ZIP_STOP_CITY = frozenset({
    "Einheiten", "Zellen", "Tage", "Jahre", "Monate", "Wochen", "Stunden", "Uhr", "Mio", "Tsd", "Punkte", "Stück",
    "Tabletten", "Leukozyten", "Erythrozyten", "Thrombozyten", "Kopien", "IE", "Schritte", "Patienten", "Fälle",
})
_CITY_PREFIXES = frozenset({"St.", "Sankt", "Bad", "Klein", "Groß", "Alt", "Neu", "Hohen", "Markt", "Sankt-"})
_ADDRESS_CUE_BEFORE = re.compile(r"(?:wohnhaft|wh\.:?|Adresse:?|Anschrift:?|PLZ:?|address:?|lives? (?:in|at))(?:[ ]in)?[ \t,]*$", re.I)
_PREP_STREET_RE = re.compile(_PREP_STREET + r"[ ]")
_CITY_CANTON = re.compile(rf"\b(?:in|aus|nach|von|bei)[ ](?P<city>{UP}{LET}+(?:[ -]{UP}{LET}+)?[ ]\([A-Z]{{2}}\))")
_CITY_DATE_HEADER = re.compile(
    rf"(?m)^[ \t]*(?P<city>{UP}{LET}+(?:[ -](?:am|an[ ]der|im|a\.|{UP}{LET}+)){{0,3}})[ \t]*,[ \t]*(?:den|am|im|the)?[ \t]*(?=\d{{1,2}}\.|\d{{4}}-\d\d|\d{{1,2}}/\d|{_MONTH})"
)


def find_addresses(text: str, is_common: Callable[[str], bool] | None = None,
                   is_city: Callable[[str], bool] | None = None, language: str = "de") -> list[PhiSpan]:
    """ZIP + city, street + house number (also bare street names next to a ZIP line), and the
    'Musterstadt, 27. März 2025' letter header.
    """
    is_common = is_common or (lambda w: False)
    is_city = is_city or (lambda w: False)
    out: list[PhiSpan] = []
    zip_lines: list[tuple[int, int]] = []
    for m in _ZIP_CITY.finditer(text):
        z, city = m.group("zip"), m.group("city")
        words = [w for w in city.replace("-", " ").split() if w not in _CITY_PREFIXES]
        main = (words[0] if words else city.split()[0]).rstrip(".")
        if main in _ZIP_STOP_CITY or city.split()[-1] in _ZIP_STOP_CITY:
            continue
        digits = re.sub(r"\D", "", z)
        has_prefix = not z[0].isdigit()
        before = text[max(0, m.start() - 40):m.start()]
        after = text[m.end():m.end() + 3]
        cue = bool(_ADDRESS_CUE_BEFORE.search(before))
        flows_on = bool(re.match(r"[ ]+[a-zäöüß]", after))  # "2020 Tonsillektomie, dann ..." / "12 Zellen pro"
        if len(digits) == 4 and not has_prefix:
            # a 4-digit number before a capitalised word is usually a year ("2020 Tonsillektomie");
            # accept only with address context or a known city
            after_street = bool(re.search(rf"{_HOUSE},?[ \t]*\n?[ \t]*$", before)) and bool(_STREET_WEAK.search(before))
            if not (cue or is_city(city) or after_street
                    or (re.search(r"(?:^|\n)[ \t]*$", before) and not is_common(main) and not 1900 <= int(digits) <= 2099)):
                continue
        elif not has_prefix and is_common(main) and not is_city(city) and not cue:
            if flows_on or re.search(r"[A-Za-zäöüß][ \t]*$", before):
                continue
        out.append(PhiSpan(m.start("zip"), m.end("zip"), "LOCATION_ZIP", "rule", 0.95))
        out.append(PhiSpan(m.start("city"), m.end("city"), "LOCATION_CITY", "rule", 0.95))
        zip_lines.append((m.start(), m.end()))

    taken: list[tuple[int, int]] = []
    for m in _STREET.finditer(text):
        name = m.group("street")
        if _PREP_STREET_RE.match(name):
            # "Am Markt 3" is a street, "Im August 27" / "In der Kontrolle 2" are not
            head = name.split()[-1]
            before = text[max(0, m.start() - 30):m.start()]
            if (is_common(head) and not re.search(_STREET_WORD_STRONG + "$", head)) or not re.search(r"(?:^|\n|,|wohnhaft|wh\.:?|Adresse:?|Anschrift:?)[ \t]*$", before):
                continue
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_STREET", "rule"))
        taken.append((m.start(), m.end()))
    # weak street shapes: only right before/after a ZIP line, or after 'wohnhaft'
    for m in _STREET_WEAK.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in taken):
            continue
        after = text[e:e + 12]
        before = text[max(0, s - 30):s]
        near_zip = any(0 <= zs - e <= 4 or 0 <= s - ze <= 4 for zs, ze in zip_lines)
        if near_zip or _ADDRESS_CUE_BEFORE.search(before):
            if m.group("no") is None and not re.match(r"[ \t]*(?:,|\n)[ \t]*(?:(?:D|A|CH)-)?\d{4,5}", after) and not near_zip:
                continue
            if _PREP_STREET_RE.match(m.group("street")) and is_common(m.group("street").split()[-1]):
                continue
            out.append(PhiSpan(s, e, "LOCATION_STREET", "rule", 0.9))
            taken.append((s, e))
    # any "Capitalised words + number" line adjacent to a ZIP line ("Korekamp 15", "Sonnblick 32,")
    for zs, ze in zip_lines:
        for ls, le in (_prev_line(text, zs), _next_line(text, ze)):
            if ls is None:
                continue
            line = text[ls:le]
            mm = re.fullmatch(rf"[ \t]*((?:{UP}{LET}+[ -]?){{1,3}}[ ]?{_HOUSE})[ \t]*,?[ \t]*", line)
            if mm and not any(a <= ls + mm.start(1) < b for a, b in taken):
                if all(is_common(w) for w in re.findall(rf"{LET}+", mm.group(1))):
                    continue
                out.append(PhiSpan(ls + mm.start(1), ls + mm.end(1), "LOCATION_STREET", "rule", 0.8))
    if language == "en":
        for rx in (_EN_STREET, _EN_UNIT):
            for m in rx.finditer(text):
                out.append(PhiSpan(m.start(), m.end(), "LOCATION_STREET", "rule", 0.9))
    for m in _CITY_DATE_HEADER.finditer(text):
        city = m.group("city")
        words = city.split()
        if all(is_common(w) for w in words) and not is_city(city):
            continue
        out.append(PhiSpan(m.start("city"), m.end("city"), "LOCATION_CITY", "rule", 0.9))
    # "aus Wettingen (AG)": a place with a canton/district code after a locative preposition
    for m in _CITY_CANTON.finditer(text):
        out.append(PhiSpan(m.start("city"), m.end("city"), "LOCATION_CITY", "rule", 0.9))
    return out


def _prev_line(text: str, pos: int) -> tuple[int | None, int]:
    ls = line_start(text, pos)
    if ls == 0 or text[ls - 1] != "\n":
        return None, 0
    end = ls - 1
    return line_start(text, end), end


def _next_line(text: str, pos: int) -> tuple[int | None, int]:
    le = line_end(text, pos)
    if le >= len(text) or text[le] != "\n":
        return None, 0
    start = le + 1
    return start, line_end(text, start)


# --------------------------------------------------------------------------- hospitals

_HOSP_KEY = (
    r"(?:[Uu]ni(?:versitäts)?[Kk]linik(?:um|en)?|[Kk]linik(?:um|en)?|KLINIK(?:UM|EN)?|UNIKLINIK|UNIVERSITÄTSKLINIK(?:UM)?|[Kk]rankenhaus|KRANKENHAUS|KH|[Ss]pital|SPITAL|[Hh]ospital|HOSPITAL"
    r"|[Kk]rankenanstalt(?:en)?(?:verbund)?|Lehrkrankenhaus|[Rr]eha(?:bilitations)?(?:klinik|zentrum|[ ]Zentrum)|Rehazentrum|Reha-Zentrum|MVZ|Medizinisches[ ]Versorgungszentrum"
    r"|[Hh]erzzentrum|[Tt]umorzentrum|[Bb]rustzentrum|[Tt]raumazentrum|[Zz]entrum|ZENTRUM|Universitätsmedizin|UNIVERSITÄTSMEDIZIN"
    r"|Diakonissenkrankenhaus|Landeskrankenhaus|Kreiskrankenhaus|Bezirkskrankenhaus|Stadtklinik|Städtisches[ ]Klinikum|Städt\.[ ]Klinikum|Kreisklinik(?:en)?|Fachklinik|Privatklinik|Tagesklinik|Praxisklinik|Hochschulambulanz|Ambulatorium|Sanatorium|Heim|Pflegeheim|Seniorenheim|Altenheim|Hospiz|Charité|Universität|UNIVERSITÄT|Hochschule|ÖHK|LKH|AKH|BG-Klinik|BGU|BG[ ]Klinik|(?<=-)Station)"
)
# compounds that carry a proper-name prefix: "Sankt-Anna-Spital", "NORDSEE-KLINIK", "Robert-Koch-Klinik",
# "Rehabilitationskrankenhaus", "Alpen-Adria-Universität"
_HOSP_TOKEN = re.compile(
    rf"(?<![\w])(?P<tok>(?:{UP}{LET}*-)*{LET}*?{_HOSP_KEY}(?![a-zäöüß]))"
)
_GENERIC_HOSP_WORDS = frozenset(
    w.lower() for w in (
        "Klinik Klinikum Kliniken Universitätsklinik Universitätsklinikum Uniklinik Uniklinikum Krankenhaus KH Spital Hospital "
        "Universität Hochschule Lehrkrankenhaus Akademisches Akademische Medizinischen Medizinische Städt. Städtisches Städtische "
        "Landeskrankenhaus Kreiskrankenhaus Fachklinik Tagesklinik Privatklinik Heim Pflegeheim Altenheim Hospiz der des die "
        "und für Poliklinik Zentrum Reha Rehabilitation MVZ Abteilung Institut Innere Chirurgische Allgemeine Station Ambulanz "
        "Psychiatrische Psychiatrie Kinderklinik Frauenklinik Hautklinik Augenklinik Neurologische Orthopädische Urologische "
        "Unsere Unserer Unserem Ihre Ihrer Ihr Diese Dieser Einer Einem Eine Ein Auswärtige Auswärtigen Externe Externen "
        "Strahlenklinik Rehaklinik Fachkrankenhaus Akutkrankenhaus Belegkrankenhaus Tageskliniken Kliniken "
        "Hauses Klinikums Krankenhauses Zentrums Spitals Universitäten Landes Kreises Bundes Stadt Region Abteilung Station "
        "Notaufnahme Ambulanz Intensivstation Kollegen Ärzte Patienten Pflege".split()
    )
)
# adjectives that belong to an institution's name ("Evangelisches Krankenhaus Bethel"); they never make
# a generic name ("Städtisches Krankenhaus") proper by themselves
_HOSP_LEFT_ADJ = re.compile(
    r"(?:Evangelisch|Katholisch|Städtisch|Allgemein|Kommunal|Diakonisch|Jüdisch|Israelitisch|Christlich|Akademisch|"
    r"Psychiatrisch|Orthopädisch|Neurologisch|Kirchlich|Öffentlich|Gemeinnützig|Klinisch)(?:e|es|en|er|em)?"
)
_HOSP_BAD_AFTER = re.compile(r"[ ]?(?:für|f\.|und[ ]Poliklinik|mit|zur|zum|vom|von|bei|wegen|nach|aus)\b")


_TOWN_AFTER = re.compile(rf"[ ]?,[ ]?(?P<w>{UP}{LO}+(?:[ -]{UP}{LO}+)?)(?=[ \t]*(?:\n|$|[.;]))")
_HOSP_CONNECTORS = frozenset({"der", "des", "am", "im", "an der", "zum", "zur", "St.", "Sankt"})
_HOSP_NEXT_WORD = re.compile(
    rf"(?:[ ]|-)(?P<w>an[ ]der|der|des|am|im|zum|zur|St\.|Sankt|{UP}{LET}*(?:-{UP}?{LET}+)*\.?|{LO}+)"
)


def _is_proper(word: str, is_common: Callable[[str], bool]) -> bool:
    if word.endswith(".") and word not in ("St.",):
        return False  # abbreviations ("Neurolog.", "Städt.") describe, they do not name
    w = word.strip(",")
    if not w or not w[0].isupper() or re.fullmatch(r"[IVX]+", w):
        return False
    if w.lower() in _GENERIC_HOSP_WORDS:
        return False
    if w.isupper() and len(w) >= 2:
        return not is_common(w)
    return not is_common(w)


def find_hospitals(text: str, is_common: Callable[[str], bool] | None = None,
                   is_city: Callable[[str], bool] | None = None) -> list[PhiSpan]:
    """Named clinical institutions ("Universitätsklinikum Groß Musterdorf", "Sankt-Anna-Spital",
    "KH der Barmherzigen Brüder"); generic department names ("Klinik für Chirurgie") are left alone.
    """
    base_common = is_common or (lambda w: False)
    is_city = is_city or (lambda w: False)

    def is_common(w: str) -> bool:  # a known place name is never "just a word" here
        return base_common(w) and not is_city(w.strip(".,"))

    out: list[PhiSpan] = []
    for m in _HOSP_TOKEN.finditer(text):
        tok = m.group("tok")
        s, e = m.start(), m.end()
        ls, le = line_bounds(text, s)
        ls, le = max(ls, s - 120), min(le, e + 300)  # bounded context: no quadratic work on huge lines
        proper = False
        # proper-name prefix inside the compound ("Sankt-Anna-Spital", "NORDSEE-KLINIK")
        if "-" in tok:
            prefix_parts = tok.split("-")[:-1]
            if any(p and p[0].isupper() and p.lower() not in _GENERIC_HOSP_WORDS for p in prefix_parts):
                proper = True
        # preceding capitalised proper words on the same line ("Wagner Reha Zentrum", "Städt. Klinikum")
        left = s
        lm = re.search(rf"((?:(?:{UP}{LET}*\.?|St\.)[ ]){{1,2}})$", text[ls:s])
        if lm:
            words = lm.group(1).split()
            keep = []
            for w in reversed(words):
                if _is_proper(w, is_common) or w.lower() in ("städt.", "st.", "sankt") or _HOSP_LEFT_ADJ.fullmatch(w):
                    keep.insert(0, w)
                else:
                    break
            if keep:
                left = s - len(" ".join(keep)) - 1
                if any(_is_proper(w, is_common) for w in keep):
                    proper = True
        # following words on the same line: proper names, 'der/des/am/im' connectors, St.
        right = e
        if not _HOSP_BAD_AFTER.match(text, e):
            pos = e
            collected: list[tuple[int, str]] = []   # (end offset, kind)
            for _ in range(8):
                mm = _HOSP_NEXT_WORD.match(text, pos, le)
                if not mm:
                    break
                w = mm.group("w")
                wend = mm.end()
                if w in _HOSP_CONNECTORS:
                    collected.append((wend, "conn"))
                    pos = wend
                    continue
                if w[0].islower():
                    # lower-case adjectives only inside a "der ..." name ("der barmherzigen Schwestern")
                    if collected and collected[-1][1] in ("conn", "adj"):
                        collected.append((wend, "adj"))
                        pos = wend
                        continue
                    break
                if w.endswith("."):
                    # sentence end or abbreviation ("Klinikum DD."): keep the word, stop here
                    word = w[:-1]
                    collected.append((wend - 1, "proper" if _is_proper(word, is_common) else "common"))
                    break
                if re.fullmatch(r"[IVX]+", w):
                    break
                after_article = bool(collected) and text[pos - 4:pos].strip() in ("der", "des")
                if after_article and w.lower() not in _GENERIC_HOSP_WORDS and not w.endswith("."):
                    kind = "proper"  # "Krankenhaus der Barmherzigen Brüder": the article makes it a name
                else:
                    kind = "proper" if _is_proper(w, is_common) else "common"
                collected.append((wend, kind))
                pos = wend
            while collected and collected[-1][1] != "proper":
                collected.pop()
            if collected:
                right = collected[-1][0]
                proper = True
        if not proper:
            continue
        # "Lehrkrankenhaus der ... Universität X" continuation lines belong to the institution name
        while True:
            nl = re.match(
                r"[ \t]*,?[ \t]*\n[ \t]*((?:Akademisches[ ])?Lehrkrankenhaus[^\n]*|der[ ][^\n]*Universität[^\n]*)",
                text[right:right + 200],
            )
            if not nl:
                break
            right = right + nl.end(1)
        # ", Borkum" closing the institution's line is its town
        town = _TOWN_AFTER.match(text, right)
        if town and not is_common(town.group("w")):
            out.append(PhiSpan(town.start("w"), town.end("w"), "LOCATION_CITY", "rule", 0.7))
        label = "LOCATION_ORGANIZATION" if re.search(r"Universität|Hochschule", tok) and not re.search(
            r"[Kk]linik|[Kk]rankenhaus|[Ss]pital|KLINIK", text[left:right]) else "LOCATION_HOSPITAL"
        out.append(PhiSpan(left, right, label, "rule", 0.9))
    # "Praxis Dr. X" is a treatment site
    for m in re.finditer(rf"\bPraxis[ ](?:Dr\.|Prof\.)[ ]?(?:med\.[ ])?{CAP_WORD}", text):
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_HOSPITAL", "rule", 0.9))
    return out


# --------------------------------------------------------------------------- misc

_USERNAME = re.compile(r"(?:Unser Zeichen|Ihr Zeichen|Diktatzeichen|Zeichen|Diktat|dikt\.|Benutzer|User(?:name)?|Login)[ \t]*:[ \t]*(?P<u>[A-Za-z][\w.\-/]{1,15})")


_PO_BOX = re.compile(r"(?<![\w])(?:Postfach|Postf\.|PF|P\.[ ]?O\.[ ]?Box|PO[ ]Box|Postbox)[ ]?\d{2,6}(?![\w])")


def find_po_boxes(text: str) -> list[PhiSpan]:
    """'Postfach 1521' (GeMTeX: LOCATION_OTHER)."""
    return [PhiSpan(m.start(), m.end(), "LOCATION_OTHER", "rule", 0.9) for m in _PO_BOX.finditer(text)]


def find_usernames(text: str) -> list[PhiSpan]:
    return [PhiSpan(m.start("u"), m.end("u"), "NAME_USERNAME", "rule", 0.8) for m in _USERNAME.finditer(text)]


_PROFESSION_SUFFIX = (
    r"(?:ingenieur|arbeiter|techniker|mechaniker|mechatroniker|elektriker|monteur|lehrer|erzieher|verkäufer|kaufmann|kauffrau|"
    r"angestellte[rn]?|beamte[rn]?|beamtin|pfleger|schwester|helfer|assistent|berater|händler|fahrer|koch|köchin|bäcker|metzger|maler|"
    r"maurer|schreiner|tischler|friseur|friseuse|frisör|landwirt|bauer|bäuerin|gärtner|designer|informatiker|programmierer|"
    r"journalist|anwalt|anwältin|richter|polizist|soldat|pilot|musiker|künstler|architekt|apotheker|buchhalter|sekretär|"
    r"physiker|chemiker|biologe|psychologe|therapeut|student|studentin|schüler|schülerin|rentner|rentnerin|hausfrau|hausmann|"
    r"unternehmer|manager|leiter|meister|geselle|lehrling|auszubildende[rn]?|dozent|professor|wissenschaftler|schneider|fischer|"
    r"schlosser|dachdecker|installateur|klempner|zimmermann|zimmerer|bibliothekar|kassierer|lagerist|postbote|briefträger|"
    r"zahnarzt|tierarzt|hebamme|arzthelfer|sozialarbeiter|sozialpädagoge|optiker|steuerberater|bankkaufmann|winzer|förster)(?:in|innen)?"
)
_PROFESSION_CUE = re.compile(
    rf"\b(?:gelernte[rn]?|ausgebildete[rn]?|arbeitet(?:e)?[ ]als|tätig[ ]als|beschäftigt[ ]als|Beruf:?|von[ ]Beruf|ehemalige[rn]?|"
    rf"pensionierte[rn]?|ist|war|als|works as an?|worked as an?|is an?|was an?|"
    rf"(?:Sozial|Berufs)anamnese:|Beruf(?:lich)?:|Tätigkeit:|SA:|Occupation:)[ ](?:{LO}+[ ])?$"
)
_PROFESSION_CANDIDATE = re.compile(rf"(?<![\w-]){UP}{LO}{{3,}}(?![\w-])")
_PROFESSION_ENDINGS = tuple(
    stem + ending
    for stem in re.sub(r"\[rn\]\?", "", _PROFESSION_SUFFIX[3:-len(")(?:in|innen)?")]).replace("(?:in|innen)?", "").split("|")
    + ["entwickler", "berater", "angestellter", "angestellte", "beamter", "auszubildender", "auszubildende"]
    for ending in ("", "in", "innen")
)


def find_professions(text: str) -> list[PhiSpan]:
    """Occupations stated for the patient ("gelernter Maschinenbauingenieur", "von Beruf Fischer")."""
    out = []
    for m in _PROFESSION_CANDIDATE.finditer(text):
        w = m.group(0)
        if (w.lower().endswith(_PROFESSION_ENDINGS) or w in word_set("professions_de.txt")) \
                and _PROFESSION_CUE.search(text, max(0, m.start() - 40), m.start()):
            out.append(PhiSpan(m.start(), m.end(), "PROFESSION", "rule", 0.8))
    return out


@lru_cache(maxsize=1)
def _insurer_rx() -> re.Pattern:
    """resources/phi/insurers.txt as one pattern; '+' entries take the capitalised words after them."""
    plain, open_ended = [], []
    for entry in word_list("insurers.txt"):
        (open_ended if entry.endswith("+") else plain).append(entry.rstrip("+"))
    alts = [re.escape(e) + rf"(?:[ ](?!(?:{_NON_NAME_AFTER_INSURER})\b){UP}[{LET[1:-1]}\-/]+){{0,2}}" for e in open_ended]
    alts += [re.escape(e) for e in sorted(set(plain) | {p.upper() for p in plain if len(p) > 4}, key=len, reverse=True)]
    return re.compile(r"(?<![\w\-])(?:" + "|".join(alts) + r")(?![\w\-])")


_NON_NAME_AFTER_INSURER = r"Versichertennummer|Versicherungsnummer|Mitgliedsnummer|Nr|Versicherte|Versicherter|Kostenübernahme|Antrag"
# "Techniker Krankenkasse", "Österreichische Gesundheitskasse", "Allianz Versicherung": a proper word before
_INSURER_KEY = re.compile(
    rf"(?<![\w\-])(?P<name>{UP}[{LET[1:-1]}\-]+[ ])(?:Kranken|Ersatz|Betriebskranken|Innungskranken|Gesundheits|Pflege|Unfall)?"
    r"(?:kasse|Kasse|[Vv]ersicherung|Krankenversicherung)(?![\w])"
)


def find_insurers(text: str, is_common: Callable[[str], bool] | None = None) -> list[PhiSpan]:
    """Health and accident insurers (GeMTeX counts them as organisations): named ones from the
    list, and '<Name> Krankenkasse / Versicherung' where the word before is no ordinary noun."""
    is_common = is_common or (lambda w: False)
    out = [PhiSpan(m.start(), m.end(), "LOCATION_ORGANIZATION", "rule", 0.8) for m in _insurer_rx().finditer(text)]
    for m in _INSURER_KEY.finditer(text):
        word = m.group("name").strip()
        if re.fullmatch(r"\w+(?:e|es|en|er)", word) and is_common(word[:-1] if word.endswith("e") else word) \
                or is_common(word) or word in ("Die", "Der", "Ihre", "Seine", "Unsere", "Eine", "Keine"):
            continue  # "Gesetzliche Krankenversicherung", "Ihre Krankenkasse": generic
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_ORGANIZATION", "rule", 0.7))
    return out


_EN_TITLE = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Mx|Miss|Messrs)\.?(?=[ ]+[A-Z])")


def find_en_titles(text: str) -> list[PhiSpan]:
    """English honorifics before a name (Presidio counts 'Mr.' as a TITLE)."""
    return [PhiSpan(m.start(), m.end(), "NAME_TITLE", "rule", 0.8) for m in _EN_TITLE.finditer(text)]


RULE_FINDERS: tuple[Finder, ...] = (find_dates, find_ages, find_contacts, find_ids, find_titles, find_usernames,
                                    find_professions, find_po_boxes)


# --------------------------------------------------------------------------- English addresses

_EN_ADDRESS_CUE = re.compile(
    r"(?:address(?:es)?(?: is| was)?:?|lives? (?:at|in|on)|living (?:at|in)|located at|(?:office|restaurant|store|shop|clinic|house|home) is (?:at|in|on)|"
    r"is at|moved to|moving to|ship(?:ped)? (?:it |this )?to|sen[dt] (?:it |this |them |a new one |the \w+ )?to|deliver(?:ed)? (?:it )?to|"
    r"drops? you off at|meet me at|taxi to|return(?:ed)? to|arrived at|mail(?:ed)? (?:it )?to|it'?s in|resides? at|"
    r"I (?:now )?live (?:at|in|on)|originally from|moved here from)[ \t]*:?[ \t]*",
    re.I,
)
_EN_ADDRESS_LINE = re.compile(
    rf"(?m)^[ \t>]*(?:\d{{1,6}}[ ]+(?:\d{{1,5}}[ ]+)?{UP}[^\n]{{2,60}}?[ ]\d{{1,5}}[a-zA-Z]?\.?|\d{{1,6}}[ ]+\d{{1,5}}[ ]+{UP}[^\n]{{2,50}}"
    rf"|(?:Apt\.?|Suite|Unit|PSC|Box|APO|FPO|DPO|USNS|USNV|USS|USCGC)[ ][^\n]{{1,40}})[ \t]*$"
)
_EN_POSTAL = re.compile(r"(?<![\w-])(?:[A-Z]{2}[ ]\d{5}(?:-\d{4})?|\d{5}-\d{4})(?![\w-])")
_EN_SENTENCE_END = re.compile(r"(?:[.!?](?=\s|$)(?<!\b[A-Z]\.)(?<!\bu\.)(?<!\bSt\.)(?<!\bApt\.)|\n\n|$)")


def find_en_addresses(text: str) -> list[PhiSpan]:
    """English-mode address heuristics: the tail after an address cue ("lives at ...",
    "send it to ..."), address-shaped lines (number + words + number, Apt./Suite/PSC lines) and the
    short place/postcode lines that follow them in an address block."""
    out: list[PhiSpan] = []
    for m in _EN_ADDRESS_CUE.finditer(text):
        start = m.end()
        if start >= len(text) or not (text[start].isdigit() or text[start].isupper()):
            continue
        end_m = _EN_SENTENCE_END.search(text, start)
        end = min(end_m.start() if end_m else len(text), start + 160)
        chunk = re.split(r"\.,|;", text[start:end])[0]
        words = chunk.split()
        if not re.search(r"\d", chunk) and (len(words) > 4 or not all(w[:1].isupper() for w in words)):
            continue  # "sent to Recovery in stable condition" is prose, not an address
        out.append(PhiSpan(start, start + len(chunk.rstrip(" ,;")), "LOCATION_STREET", "rule", 0.6))
    lines = [(m.start(), m.end()) for m in _EN_ADDRESS_LINE.finditer(text)]
    for s, e in lines:
        s2 = s + len(text[s:e]) - len(text[s:e].lstrip(" \t>"))
        out.append(PhiSpan(s2, e, "LOCATION_STREET", "rule", 0.6))
        # following short lines of the same block: place, region, country + postcode
        pos = e
        for _ in range(4):
            nl = re.match(r"\n[ \t>]*([^\n]{1,45})", text[pos:])
            if not nl:
                break
            line = nl.group(1).strip()
            if not line or len(line.split()) > 5 or re.search(r"[.!?]$", line) and not re.search(r"\d", line):
                break
            if not (line[0].isupper() or line[0].isdigit() or line[0] == ","):
                break
            ls = pos + nl.start(1)
            out.append(PhiSpan(ls, ls + len(nl.group(1).rstrip()), "LOCATION_OTHER", "rule", 0.6))
            pos += nl.end()
    for m in _EN_POSTAL.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_ZIP", "rule", 0.7))
    return out
