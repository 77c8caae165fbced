"""English PHI shapes that the German-first rules miss: US phone formats with extensions, times and
weekdays, street addresses by their suffix, US and UK postcodes, and the way US town names are
formed ("Port Jennifer", "Lake Kimberly", "Harrisville").

Why: the appliance also reads English notes (and English translations); their addresses and
phone numbers follow national conventions, not German ones. The shapes come from general US/UK
conventions and from Faker's en_US formats (resources/phi/street_suffixes_en.txt,
states_abbr_en.txt), never from an evaluation set's sentences.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .resources import word_list, word_set
from .spans import PhiSpan

_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+1|001|1)[-. ]?)?(?:\(\d{3}\)[-. ]?|\d{3}[-. ])\d{3}[-. ]\d{4}(?:[ ]?(?:x|ext\.?|extension)[ ]?\d{1,5})?(?!\w)"
    r"|(?<![\w+\-.])\d{10}(?:x\d{1,5})?(?![\w\-.])"
    r"|(?<![\w+])\+\d{1,3}[ .-]?\(?\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\w)"
)
# a number given as a phone number in words: "call me at 0161 496 0000", "my number is 07700 900123"
_PHONE_CUED = re.compile(
    r"(?i:\b(?:call(?:ed)?|phone|reach(?:ed)?|text|dial|number|mobile|cell|tel|telephone|fax|contact)\b[^.\n\d]{0,24}?)"
    r"(?P<num>\+?\(?\d[\d ().\-]{5,18}\d)(?![\w])"
)
_TIME = re.compile(r"(?<![\w:.])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?:[ ]?[AaPp]\.?[Mm]\.?)?(?![\w:])"
                   r"|(?<![\w:.])(?:1[0-2]|0?[1-9])[ ]?[AaPp]\.?[Mm]\.?(?!\w)")
_WEEKDAY = re.compile(r"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?")
_MONTHS = r"January|February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
# month names alone are dates in English notes ("seen in March"); "May" only with a day or year
_MONTH_ALONE = re.compile(rf"(?<![\w])(?:{_MONTHS})\.?(?![\w])")
_YEAR = re.compile(r"(?<![\w.,/:$#-])(?:19|20)\d\d(?:s|'s)?(?![\w.,/:%-]\w)")
_DECADE = re.compile(r"(?<![\w])(?:the[ ])?'?\d0s\b")
_UK_POSTCODE = re.compile(r"(?<![\w])[A-Z]{1,2}\d[A-Z\d]?[ ]\d[A-Z]{2}(?![\w])")
# postcodes of many countries: 12345(-6789), 1234, 123456, 123-4567, 12345-678, "1234 AB", "A1A 1A1"
_ZIP_AFTER = re.compile(r"(?<![\w])(?P<zip>\d{5}(?:-\d{3,4})?|\d{4}(?:[ ][A-Z]{2})?|\d{6}|\d{3}-\d{4}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d)(?![\w-])")


@lru_cache(maxsize=1)
def _street_rx() -> re.Pattern:
    suffixes = "|".join(re.escape(s) for s in sorted(word_list("street_suffixes_en.txt"), key=len, reverse=True))
    word = r"[A-Z][a-zA-Z'\-]+"
    return re.compile(
        rf"(?<![\w])\d{{1,6}}[ ](?:[NSEW]\.?[ ]|North[ ]|South[ ]|East[ ]|West[ ])?(?:{word}[ ]){{0,3}}(?:{suffixes})\.?"
        rf"(?:,?[ ](?:Apt\.?|Apartment|Suite|Ste\.?|Unit|#)[ ]?#?\d{{1,5}}[A-Za-z]?)?(?![\w])"
    )


_W = r"[A-ZÀ-Ý][\w'\-]+"
# streets of other countries, as English text quotes them: "Rue de la Paix 12", "Via Roma, 10",
# "Calle Mayor 5", "Hauptstraße 5", "Keizersgracht 123"; and named streets after a preposition
_FOREIGN_STREET = re.compile(
    rf"(?<![\w])(?:(?:Rue|Via|Viale|Calle|Avenida|Av\.|Rua|Plaza|Piazza|Corso|Carrer|Ul\.|ul\.|Chemin|Allée|Place|Avenue)"
    rf"[ ](?:(?:de|del|della|di|da|la|le|los|las|des|du|do|dos|das)[ ])*{_W}(?:[ ](?:de|del|di|da|la|le)?[ ]?{_W}){{0,2}}"
    r"(?:,?[ ]\d{1,5}[a-zA-Z]?)?"
    rf"|{_W}(?:straße|strasse|str\.|weg|gasse|platz|allee|laan|straat|gracht|gade|gatan|vägen|vej|veien|utca|ulica)[ ]?\d{{1,5}}[a-z]?)(?![\w])"
)
_NAMED_STREET = re.compile(
    rf"\b(?:on|at|in|to|from|near|off|along|of)[ ](?P<street>(?:{_W}[ ]){{1,3}}(?:Street|Avenue|Road|Lane|Drive|Boulevard|Place|Court|Terrace|"
    r"Square|Crescent|Close|Grove|Gardens|Parkway|Highway))(?![\w])"
)


@lru_cache(maxsize=1)
def _town_rx() -> re.Pattern:
    suffix = "town|ton|land|ville|berg|burgh|borough|bury|view|port|mouth|stad|furt|chester|fort|haven|side|shire|field|wood|dale"
    return re.compile(
        rf"(?<![\w])(?:(?:North|East|West|South|New|Lake|Port|Fort|Mount|Saint|St\.)[ ][A-Z][a-z]+(?:{suffix})?"
        rf"|[A-Z][a-z]+(?:{suffix}))(?![\w])"
    )


def find_english_phi(text: str) -> list[PhiSpan]:
    """Phones, times, weekdays, month names, years, street addresses, postcodes and US town names."""
    from .gazetteer import _lists

    out: list[PhiSpan] = []
    for m in _PHONE.finditer(text):
        before = text[max(0, m.start() - 12):m.start()].lower()
        out.append(PhiSpan(m.start(), m.end(), "CONTACT_FAX" if "fax" in before else "CONTACT_PHONE", "rule", 0.8))
    for m in _PHONE_CUED.finditer(text):
        num = m.group("num")
        if 7 <= sum(ch.isdigit() for ch in num) <= 15 and not re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", num):
            out.append(PhiSpan(m.start("num"), m.end("num"), "CONTACT_PHONE", "rule", 0.8))
    for rx in (_TIME, _WEEKDAY, _DECADE):
        out.extend(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.7) for m in rx.finditer(text))
    for m in _MONTH_ALONE.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.6))
    for m in _YEAR.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.6))
    for m in _street_rx().finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_STREET", "rule", 0.8))
    out.extend(PhiSpan(m.start(), m.end(), "LOCATION_STREET", "rule", 0.7) for m in _FOREIGN_STREET.finditer(text))
    out.extend(PhiSpan(m.start("street"), m.end("street"), "LOCATION_STREET", "rule", 0.7)
               for m in _NAMED_STREET.finditer(text))
    for m in _UK_POSTCODE.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_ZIP", "rule", 0.8))
    states = word_set("states_abbr_en.txt") | word_set("states.txt")
    for m in _ZIP_AFTER.finditer(text):
        before = text[max(0, m.start() - 25):m.start()]
        # after a state, a city and comma, or a zip cue: "IL 62704", "Springfield, 62704", "zip code 62704"
        if re.search(r"(?:\b[A-Z]{2,3}|[A-Z][a-z]+,?|zip(?: code)?:?|postal code:?|postcode:?|ZIP:?)[ ]$", before) \
                or re.match(r",?[ ](?:[A-Z][a-z]+|[A-Z]{2})\b", text[m.end():m.end() + 20]) and re.search(r",[ ]?$", before):
            word = before.rstrip(" ,").split(" ")[-1]
            if word in states or word[:1].isupper() or "zip" in before.lower() or "postal" in before.lower():
                out.append(PhiSpan(m.start("zip"), m.end("zip"), "LOCATION_ZIP", "rule", 0.7))
    # European order, postcode before the town: "75008 Paris,", "1010 Wien", "2000 Antwerpen"
    for m in re.finditer(r"(?<![\w,.-])(?P<zip>(?:[A-Z]{1,2}-)?\d{4,5})[ ](?P<town>[A-ZÀ-Ý][\w\-]+(?:[ ][A-ZÀ-Ý][\w\-]+)?)"
                         r"(?=[ ]*(?:,|\.|;|\n|$))", text):
        out.append(PhiSpan(m.start("zip"), m.end("zip"), "LOCATION_ZIP", "rule", 0.7))
        out.append(PhiSpan(m.start("town"), m.end("town"), "LOCATION_CITY", "rule", 0.6))
    first_f, first_m, last, _cde, common_en, *_ = _lists()
    for m in _town_rx().finditer(text):
        w = m.group()
        core = w.split(" ")[-1]
        if " " not in w:  # "Harrisville": a name + a town suffix, and no ordinary word
            if w.lower() in common_en or not any(core.startswith(n) and len(n) >= 4 for n in _name_prefixes(core, first_f | first_m | last)):
                continue
        elif core.lower() in common_en and core not in first_f and core not in first_m and core not in last:
            continue
        out.append(PhiSpan(m.start(), m.end(), "LOCATION_CITY", "rule", 0.6))
    return out


def _name_prefixes(word: str, names) -> list[str]:
    return [word[:k] for k in range(4, len(word) - 2) if word[:k] in names]
