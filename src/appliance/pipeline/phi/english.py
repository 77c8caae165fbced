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


_UNIT = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Studio|Level|Floor|Room|Rm\.?|Bldg\.?|Building|#)[ ]?#?\d{1,5}[A-Za-z]?"

# national numbers without a country code: "(07)-1956-8323", "08.6946.7234", "05 63 94 67 23",
# "62 8403-8854", "(0488)-752316" -- shape-checked in find_english_phi (8-13 digits, an area code)
_PHONE_NATIONAL = re.compile(
    r"(?<![\w+\-./:,])(?:\(0?\d{1,4}\)[ .\-]?|0\d{1,4}[ .\-]|\d{2}[ ])?(?:\d{2,4}(?:[ .\-]\d{2,4}){1,3}|(?<=[)\-. ])\d{5,8})(?![\w\-/]|[.,:]\d)"
)
# a postcode after its cue: "my zip code is 16198", "postcode: SW1A 1AA"
_ZIP_CUED = re.compile(
    r"(?i:\b(?:zip|postal|post)[ ]?(?:code)?\b[^.\n\d]{0,16}?)"
    r"(?P<zip>\d{5}(?:-\d{4})?|\d{4}|[A-Z]\d[A-Z][ ]?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2})(?![\w\-])"
)
_AGE_EN = re.compile(r"(?i:\baged?:?[ ]?)(?P<n>\d{1,3})(?![\d.,]\d)(?!\w)"
                     r"|(?<![\w.,])(?P<m>\d{1,3})[ \-]?(?i:y/?o\b|yrs?[ \-]old|-?yr-old|years?[ \-]of[ ]age)")


@lru_cache(maxsize=1)
def _street_rx() -> re.Pattern:
    names = set(word_list("street_suffixes_en.txt")) | set(word_list("street_suffixes_intl_en.txt"))
    suffixes = "|".join(re.escape(s) for s in sorted(names, key=len, reverse=True))
    word = r"[A-Z][a-zA-Z'\-]+"
    # "4512 Maple Avenue Apt. 12", "Unit 4 17 Kennedy Laneway", "807/21 Harrison Rise", "Flat 83\nHollie Flat"
    return re.compile(
        rf"(?<![\w/])(?:(?:{_UNIT})(?:,[ ]?|[ ]?\n[ ]*|[ ](?=\d))|\d{{1,4}}[A-Za-z]?/(?=\d))?"
        rf"(?:(?:\d{{1,6}}[A-Za-z]?|\d{{1,4}}-\d{{1,4}})[ ]|(?<=\n)|(?<=, )|(?<=,))"
        rf"(?:[NSEW]\.?[ ]|North[ ]|South[ ]|East[ ]|West[ ])?(?:{word}[ ]){{0,3}}(?:{suffixes})\.?"
        rf"(?:,?[ ](?:{_UNIT}))?(?![\w])"
    )


# the rest of an address block after its street: ", Port Jennifer, IL 62704", "\nLeestown\nS8 8EA",
# ", East Tony, VIC, 2609", " Apt. 4, Springfield, Ontario K1A 0B1"
_CITY_W = r"[A-Z][a-zA-Z'\-.]+"
_CA_POSTAL = r"[A-Z]\d[A-Z][ ]?\d[A-Z]\d"
_UK_PC = r"[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"


@lru_cache(maxsize=1)
def _tail_rx() -> re.Pattern:
    regions = sorted(set(word_list("regions_en.txt")) | set(word_list("states_abbr_en.txt")), key=len, reverse=True)
    region = "|".join(re.escape(r) for r in regions)
    sep = r"(?:,[ ]?|[ ]?\n[ ]*|[ ])"
    zipc = rf"(?:\d{{5}}(?:-\d{{4}})?|{_CA_POSTAL}|{_UK_PC})"
    return re.compile(
        rf"(?:{sep}{_UNIT})?"
        rf"(?:{sep}(?P<city>{_CITY_W}(?:[ ]{_CITY_W}){{0,2}}))??"
        rf"(?:(?:{sep}(?:{region})(?:{sep}(?:{zipc}|\d{{4}}))?|{sep}{zipc}|[ ]\d{{4}}(?=[ ]*(?:[.,;)]|\n|$)))(?![\w])"
        rf"|{sep}(?P<city2>{_CITY_W}(?:[ ]{_CITY_W}){{0,2}})(?=[ ]*\n[ ]*{_UK_PC}(?![\w]))\n[ ]*{_UK_PC}(?![\w]))"
    )


# military addresses (US convention): "PSC 2045, Box 6844\nAPO AP 01056", "USNS Reed\nFPO AE 29177"
_MILITARY = re.compile(
    r"(?<![\w])(?:PSC[ ]\d{3,5},?[ ]Box[ ]\d{3,5}|Unit[ ]\d{3,5},?[ ]Box[ ]\d{3,5}|(?:USNS|USNV|USS|USCGC)[ ][A-Z][a-zA-Z'\-]+)"
    r"(?:,?[ ]?\n?[ ]*(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\d{5}(?:-\d{4})?)?(?![\w])"
    r"|(?<![\w])(?:APO|FPO|DPO)[ ](?:AA|AE|AP)[ ]\d{5}(?:-\d{4})?(?![\w])"
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


# addresses of other countries, as English text quotes them: a postcode next to its town
# ("78-218 Krotoszyn", "9566 KJ, Groet", "Palencia, 45646", "H-5493 Debrecen") with the street
# segments before it ("ul. Świerczewskiego 68/58, ", "Rotonda Romana, 44, ") and a region or
# country after it (", Cave (RM)", " / MS", ", Spain")
_PC = r"(?:[A-Z]{1,2}-)?(?:\d{2,3}[ -]\d{3,4}|\d{3,5})(?:[ ]?[A-Z]{2}(?![\w]))?"
_TOWN = r"[A-ZÀ-ÞĀ-ſ][\w'\-]+(?:[ ](?:[a-zà-ÿ]{1,4}[ ])?[A-ZÀ-ÞĀ-ſ][\w'\-]+){0,3}"
_PC_TOWN = re.compile(rf"(?<![\w,.\-/]){_PC}(?:,?[ ]|-){_TOWN}|(?<=,[ ]){_TOWN},?[ ]{_PC}(?![\w\-/])")
_ADDR_TOKEN = re.compile(
    r"(?:[A-ZÀ-ÞĀ-ſ][\w'’.\-]*|\d{1,5}[A-Za-z]?(?:[/\-]\d{1,5}[A-Za-z]?)?\.?|H\.No\.|No\.?|Nr\.?|n[º°o]\.?"
    r"|de|del|della|di|da|das|do|dos|la|le|les|los|las|du|des|von|van|der|den|nad|pod|na|u|e|y|et|sur|am|an|im|i"
    r"|ul\.|ulica|aleja|al\.|rue|chemin|avenue|allée|allé|boulevard|bd|impasse|place|quai|route|rua|calle|via|viale|piazza"
    r"|utca|út|tér|strada|ulice|náměstí|gatan|vägen|vej|gade|veien|gata|montée|rang|côte|street|road)"
)
_REGION_AFTER = re.compile(rf"(?:[ ]?\([A-Z]{{2}}\)|[ ]?/[ ]?[A-Z]{{2}}(?![\w])|,[ ]?(?:[A-Z]{{2,4}}(?![\w])|{_TOWN})(?=[ ]*(?:[,.;)]|\n|$)))")


def _foreign_addresses(text: str) -> list[PhiSpan]:
    out = []
    for m in _PC_TOWN.finditer(text):
        start, k, has_num = m.start(), m.start(), False
        for _ in range(4):
            before = text[:k].rstrip(" ")
            if not before.endswith(","):
                break
            seg_end = len(before) - 1
            seg_start = max(before.rfind(",", 0, seg_end), before.rfind("\n", 0, seg_end), seg_end - 70) + 1
            tokens = text[seg_start:seg_end].split(" ")
            keep = 0
            while keep < len(tokens) and _ADDR_TOKEN.fullmatch(tokens[len(tokens) - 1 - keep] or "x x"):
                keep += 1
            tail = tokens[len(tokens) - keep:] if keep else []
            if not tail or tail[0][:1].islower() and tail[0] not in ("ul.", "ulica", "aleja", "al.", "rue", "chemin", "avenue", "rua", "calle", "via"):
                while tail and tail[0][:1].islower() and tail[0] not in ("ul.", "ulica", "aleja", "al.", "rue", "chemin", "avenue", "rua", "calle", "via"):
                    tail = tail[1:]
            if not tail:
                break
            has_num = has_num or any(ch.isdigit() for ch in "".join(tail))
            k = seg_end - len(" ".join(tail))
            if len(tail) < len([t for t in tokens if t]):
                break
        if k >= start or not has_num:
            continue
        end = m.end()
        for _ in range(2):
            r = _REGION_AFTER.match(text, end)
            if not r:
                break
            end = r.end()
        out.append(PhiSpan(k, end, "LOCATION_STREET", "rule", 0.7))
    return out


@lru_cache(maxsize=1)
def _town_rx() -> re.Pattern:
    suffix = "town|ton|land|ville|berg|burgh|borough|bury|view|port|mouth|stad|furt|chester|fort|haven|side|shire|field|wood|dale"
    return re.compile(
        rf"(?<![\w])(?:(?:North|East|West|South|New|Lake|Port|Fort|Mount|Saint|St\.)[ ][A-Z][a-z]+(?:{suffix})?"
        rf"|[A-Z][a-z]+(?:{suffix}))(?![\w])"
    )


@lru_cache(maxsize=1)
def _places() -> tuple[frozenset, int]:
    names = (set(word_list("cities_world_en.txt")) | set(word_list("cities_intl_en.txt")) | set(word_list("countries.txt"))
             | set(word_list("regions_en.txt")) | set(word_list("states.txt")) | set(word_list("cities_major.txt")))
    names = {n for n in names if len(n) >= 3 and n[:1].isupper() and not n.isupper()}
    return frozenset(names), max(len(n.split(" ")) for n in names)


# a run of capitalised words, joined by the small words of place names ("Saint Kitts and Nevis",
# "Rio de Janeiro", "Bosnia and Herzegovina")
_CAP_RUN = re.compile(r"(?<![\w\-])[A-ZÀ-ÞĀ-ſ][\w'.\-]*(?:[ ](?:(?:and|of|the|de|da|do|del|la|es|&)[ ])*[A-ZÀ-Þ(][\w'.\-)]*)*")
_LOCATIVE_BEFORE = re.compile(r"(?:\b(?:in|from|to|at|near|of|visit(?:ed|ing)?|via|around|outside|toward|towards)[ ]|,[ ])$", re.I)


def _find_places(text: str, common_en) -> list[PhiSpan]:
    """Cities, regions and countries from the place lists; a place that is also an ordinary English
    word ("Mobile", "Reading") only after a locative cue or before ", <region>"."""
    places, longest = _places()
    out = []
    for m in _CAP_RUN.finditer(text):
        words = m.group().split(" ")
        offs, pos = [], m.start()
        for w in words:
            offs.append(pos)
            pos += len(w) + 1
        i = 0
        while i < len(words):
            hit = 0
            for k in range(min(longest, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + k]).rstrip(".,")
                if phrase in places:
                    hit = k
                    break
            if not hit:
                i += 1
                continue
            a = offs[i]
            b = a + len(" ".join(words[i:i + hit]).rstrip(".,"))
            phrase = text[a:b]
            if phrase.lower() in common_en or phrase.lower() in _SMALL:
                if not _LOCATIVE_BEFORE.search(text[max(0, a - 12):a]) or phrase.lower() in _SMALL:
                    i += hit
                    continue
            out.append(PhiSpan(a, b, "LOCATION_CITY", "gazetteer", 0.7))
            i += hit
    return out


_SMALL = frozenset({"the", "and", "of", "de", "la", "da", "do", "del", "es", "may", "will", "mark", "bill", "gene"})


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
    for m in _PHONE_NATIONAL.finditer(text):
        v = m.group()
        digits = sum(ch.isdigit() for ch in v)
        if not 8 <= digits <= 13 or re.fullmatch(r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}", v):
            continue
        if v[0] in "(0" or re.search(r"[\-.]\d{4}$", v) or re.fullmatch(r"\d{2}(?: \d{2}){4}", v):
            out.append(PhiSpan(m.start(), m.end(), "CONTACT_PHONE", "rule", 0.6))
    for m in _ZIP_CUED.finditer(text):
        out.append(PhiSpan(m.start("zip"), m.end("zip"), "LOCATION_ZIP", "rule", 0.7))
    for m in _AGE_EN.finditer(text):
        g = "n" if m.group("n") else "m"
        if int(m.group(g)) <= 125:
            out.append(PhiSpan(m.start(g), m.end(g), "AGE", "rule", 0.8))
    for rx in (_TIME, _WEEKDAY, _DECADE):
        out.extend(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.7) for m in rx.finditer(text))
    for m in _MONTH_ALONE.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.6))
    for m in _YEAR.finditer(text):
        out.append(PhiSpan(m.start(), m.end(), "DATE", "rule", 0.6))
    tail = _tail_rx()
    for m in _street_rx().finditer(text):
        end = m.end()
        t = tail.match(text, end)
        if t:
            end = t.end()
        out.append(PhiSpan(m.start(), end, "LOCATION_STREET", "rule", 0.8))
    out.extend(PhiSpan(m.start(), m.end(), "LOCATION_STREET", "rule", 0.8) for m in _MILITARY.finditer(text))
    out.extend(_foreign_addresses(text))
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
    out.extend(_find_places(text, common_en))
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
