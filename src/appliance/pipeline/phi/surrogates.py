"""Consistent, type-conformant surrogates for detected PHI.

Every choice is derived from an HMAC of the original value under a secret seed, so the same
original always gets the same surrogate (also across runs, given the same seed), and the
(label, original) -> surrogate mapping can be persisted and encrypted by the caller.
Dates are shifted by one random offset per patient so that intervals stay true; partial
dates ("19.3.", "März 2025", "2017") are shifted by the same offset.
"""

from __future__ import annotations

import calendar
import hashlib
import hmac
import random
import re
from datetime import date, timedelta
from typing import Iterable, MutableMapping

from .gazetteer import first_name_gender
from .mentions import name_key
from .resources import word_list
from .spans import PhiSpan

_MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
              "November", "Dezember"]
_MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_MONTH_LOOKUP: dict[str, tuple[int, str, str]] = {}   # lower name -> (month, language, style)
for _i, (_de, _en) in enumerate(zip(_MONTHS_DE, _MONTHS_EN), start=1):
    _MONTH_LOOKUP[_de.lower()] = (_i, "de", "full")
    _MONTH_LOOKUP[_en.lower()] = (_i, "en", "full")
    _MONTH_LOOKUP[_de[:3].lower()] = (_i, "de", "abbr")
    _MONTH_LOOKUP.setdefault(_en[:3].lower(), (_i, "en", "abbr"))
_MONTH_LOOKUP.update({"jänner": (1, "de", "full"), "feber": (2, "de", "full"), "maerz": (3, "de", "full"),
                      "mrz": (3, "de", "abbr"), "sept": (9, "en", "abbr"), "okt": (10, "de", "abbr"),
                      "dez": (12, "de", "abbr"), "mär": (3, "de", "abbr")})
_MONTH_RX = "|".join(sorted((re.escape(k) for k in _MONTH_LOOKUP), key=len, reverse=True))

_NUM_WORDS = ["null", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
# Surrogate titles are drawn from degrees that rarely occur in clinical letters, so that a
# replaced "Dr. med." cannot reappear as the surrogate of another title.
_TITLES = ["Dr. rer. nat.", "Dr. phil.", "Dr. sc. hum.", "Dipl.-Med.", "Dr. rer. medic.", "Dr. rer. pol.", "Dr. theol."]
_PROFESSIONS = ["Bürokaufmann", "Elektriker", "Lehrer", "Tischler", "Verkäufer", "Gärtner", "Koch", "Informatiker",
                "Landwirt", "Buchhalter", "Mechaniker", "Fotograf"]
_HOSPITAL_KEYS = ["Universitätsklinikum", "Klinikum", "Krankenhaus", "Spital", "Klinik", "Hospital", "Universität",
                  "Reha-Zentrum", "Praxis"]
_STREET_SUFFIXES = ["straße", "str.", "strasse", "gasse", "weg", "allee", "platz", "ring", "damm", "ufer", "kamp",
                    "markt", "pfad", "steig", "chaussee"]
_PARTICLES = {"von", "van", "vom", "de", "dos", "da", "del", "der", "den", "di", "du", "zu", "zur", "ten", "ter",
              "le", "la", "al", "el", "bin", "ibn", "y"}


def _case_like(template: str, value: str) -> str:
    if template.isupper() and len(template) > 1:
        return value.upper()
    if template.islower():
        return value.lower()
    return value


class Surrogator:
    """Consistent surrogates from a secret seed; the caller persists/encrypts ``mapping``.

    ``mapping`` keys are (label group, original) -> surrogate; person names are also stored per
    token ("NAME_FIRST"/"NAME_LAST") so "Anna Muster" and "Frau Muster" get the same
    surrogate surname. Dates and ages are not stored: they follow from the seed and the
    patient key (one offset per patient).
    """

    def __init__(self, seed: bytes, mapping: MutableMapping[tuple[str, str], str] | None = None,
                 day_first: bool = True):
        if not seed:
            raise ValueError("seed must be non-empty")
        self.seed = bytes(seed)
        self.mapping: MutableMapping[tuple[str, str], str] = {} if mapping is None else mapping
        self.day_first = day_first
        self._first_f = [n for n in word_list("first_names_de_female.txt") if n.isalpha()]
        self._first_m = [n for n in word_list("first_names_de_male.txt") if n.isalpha()]
        self._last = [n for n in word_list("last_names_de.txt") if n.replace("-", "").isalpha()]
        self._cities = [c for c in word_list("cities_faker.txt") if c.replace(" ", "").replace("-", "").isalpha()]
        self._countries = list(word_list("countries.txt"))
        self._avoid_key: frozenset[str] = frozenset()
        self._avoid_cache: re.Pattern | None = None

    # ------------------------------------------------------------------ randomness
    def _digest(self, *parts: str) -> bytes:
        msg = "\x1f".join(parts).encode("utf-8")
        return hmac.new(self.seed, msg, hashlib.sha256).digest()

    def _rng(self, *parts: str) -> random.Random:
        return random.Random(int.from_bytes(self._digest(*parts)[:16], "big"))

    def date_shift_days(self, patient_key: str) -> int:
        """One deterministic offset per patient: 30..365 days, either direction."""
        h = int.from_bytes(self._digest("date-shift", patient_key)[:8], "big")
        magnitude = 30 + h % 336
        return magnitude if (h >> 40) & 1 else -magnitude

    # ------------------------------------------------------------------ public entry
    def surrogate(self, label: str, original: str, patient_key: str, ref: str | None = None,
                  avoid: Iterable[str] = ()) -> str:
        """A surrogate of the same type and shape that never equals ``original``.

        ref: a nearby complete date that gives month/year to a fragment like "10" in
        "vom 10. bis 11.10.2033"; avoid: the other PHI strings of the document -- a surrogate
        must not reproduce one of them (e.g. "2040" shifted to "2041" while "2041" is another
        PHI string of the same letter), so colliding candidates are skipped.
        """
        avoid_rx = self._avoid_rx(avoid, original)
        if label == "DATE":
            return self._date(original, patient_key, ref, avoid_rx)
        if label == "AGE":
            return self._age(original, patient_key)
        group = _group(label)
        key = (group, original)
        cached = self.mapping.get(key) if group != "NAME_TITLE" else None
        if cached is not None and not _collides(cached, avoid_rx):
            return cached
        out = ""
        ok = False
        for attempt in range(16):
            out = self._make(group, label, original, attempt + (40 if cached is not None else 0))
            if out != original and out.strip() and not _collides(out, avoid_rx):
                ok = True
                break
        if not ok and (out == original or not out.strip()):
            out = self._shape(original, 99)
        # a collision-driven alternative of a name is not stored: its tokens keep their stable
        # mapping, so "Frau Muster" elsewhere still gets the same surname
        if cached is None and group != "NAME_TITLE" and (attempt == 0 or group != "NAME"):
            self.mapping[key] = out
        return out

    def _avoid_rx(self, avoid: Iterable[str], original: str) -> re.Pattern | None:
        """One compiled pattern per avoid set (cached): strings of 4+ characters, word-bounded.
        A candidate that contains its own original is rejected too."""
        key = avoid if isinstance(avoid, frozenset) else frozenset(avoid)
        if key is self._avoid_key or key == self._avoid_key:
            rx = self._avoid_cache
        else:
            items = sorted({a.strip() for a in key if a and len(a.strip()) >= 4}, key=len, reverse=True)
            rx = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(a) for a in items) + r")(?!\w)") if items else None
            self._avoid_key, self._avoid_cache = key, rx
        if len(original.strip()) >= 4 and (rx is None or original.strip() not in key):
            own = re.compile(r"(?<!\w)" + re.escape(original.strip()) + r"(?!\w)")
            if rx is None:
                return own
            return _Either(rx, own)
        return rx

    def _make(self, group: str, label: str, original: str, attempt: int) -> str:
        if group == "NAME":
            return self._person(original, attempt)
        if label == "NAME_TITLE":
            title = self._choice(_TITLES, "title", original, attempt)
            return title.upper() if original.isupper() else title
        if label in ("CONTACT_PHONE", "CONTACT_FAX"):
            return self._phone(original, attempt)
        if label == "CONTACT_EMAIL":
            return self._email(original, attempt)
        if label == "CONTACT_URL":
            r = self._rng("url", original, str(attempt))
            return f"www.{self._choice(self._last, 'url-name', original, attempt).lower()}-{r.randint(10, 99)}.example"
        if label == "CONTACT_IP":
            r = self._rng("ip", original, str(attempt))
            return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        if label == "LOCATION_ZIP":
            return self._zip(original, attempt)
        if label in ("LOCATION_CITY", "LOCATION_OTHER"):
            return _case_like(original, self._choice(self._cities, "city", original, attempt))
        if label in ("LOCATION_COUNTRY", "LOCATION_STATE"):
            return _case_like(original, self._choice(self._countries, "country", original, attempt))
        if label == "LOCATION_STREET":
            return self._street(original, attempt)
        if label in ("LOCATION_HOSPITAL", "LOCATION_ORGANIZATION"):
            return self._institution(original, attempt)
        if label == "PROFESSION":
            prof = self._choice(_PROFESSIONS, "profession", original, attempt)
            return prof + "in" if original.endswith("in") and not prof.endswith("in") else prof
        return self._shape(original, attempt)

    def _choice(self, items: list[str], kind: str, original: str, attempt: int) -> str:
        r = self._rng(kind, original, str(attempt))
        pool = [x for x in items if x != original] or items
        return pool[r.randrange(len(pool))]

    # ------------------------------------------------------------------ names
    def _person(self, original: str, attempt: int) -> str:
        """Replace each name token, keeping format: 'Nachname, Vorname', initials, hyphens, case."""
        if "," in original:
            last, _, first = original.partition(",")
            return f"{self._name_part(last.strip(), 'last', attempt)}, {self._name_part(first.strip(), 'first', attempt)}" \
                if first.strip() else self._name_part(last.strip(), "last", attempt)
        tokens = re.split(r"(\s+)", original)
        real = [i for i, t in enumerate(tokens) if t.strip() and t.lower() not in _PARTICLES]
        full = [i for i in real if not re.fullmatch(r"\w\.?", tokens[i])]
        surname = full[-1] if full else (real[-1] if real else None)
        if len(full) >= 2:
            last_word, first_word = tokens[full[-1]], tokens[full[0]]
            # "Huber Karina", "Muster Anna": surname first when only the last word is a first name
            if first_name_gender(last_word.title()) and not first_name_gender(first_word.title()):
                surname = full[0]
        if len(full) == 1 and first_name_gender(tokens[full[0]].title()) and tokens[full[0]].title() not in self._last \
                and len(real) == 1:
            surname = None  # a lone first name ("liebe Susi")
        out = []
        for i, t in enumerate(tokens):
            if not t.strip() or t.lower() in _PARTICLES:
                out.append(t)
                continue
            out.append(self._name_part(t, "last" if i == surname else "first", attempt))
        return "".join(out)

    def _name_part(self, token: str, role: str, attempt: int) -> str:
        if not token:
            return token
        if attempt:
            # an alternative (collision or retry): not stored, the token mapping stays stable
            return self._name_part_fresh(token, role, attempt)
        if "-" in token and not re.fullmatch(r"[A-ZÄÖÜ]\.", token):
            return "-".join(self._name_part(p, role, attempt) for p in token.split("-"))
        if re.fullmatch(r"\w\.?", token):  # initial "K." / "K"
            key = ("NAME_INITIAL", token)
            if key not in self.mapping:
                r = self._rng("initial", token, str(attempt))
                letters = [c for c in "ABCDEFGHIJKLMNOPRSTUVWZ" if c != token[0].upper()]
                self.mapping[key] = letters[r.randrange(len(letters))] + token[1:]
            return self.mapping[key]
        base = token.title() if token.isupper() else token
        key = ("NAME_FIRST" if role == "first" else "NAME_LAST", base)
        other = ("NAME_LAST" if role == "first" else "NAME_FIRST", base)
        if key not in self.mapping and other in self.mapping:
            key = other  # the same word seen before in the other position ("Muster Anna")
        # another spelling of a name seen before ("Mueller" after "Müller", "Zizek" after "Žižek")
        canon = ("NAME_KEY", name_key(base))
        if key not in self.mapping and canon in self.mapping:
            self.mapping[key] = self.mapping[canon]
        if key not in self.mapping:
            if role == "first":
                gender = first_name_gender(key[1]) or ("f" if key[1].lower().endswith(("a", "e", "ie", "ine")) else "m")
                pool = self._first_f if gender == "f" else self._first_m
            else:
                pool = self._last
            value = self._choice(pool, "name-" + role, key[1], attempt)
            self.mapping[key] = value
            if canon not in self.mapping:
                self.mapping[canon] = value
        return _case_like(token, self.mapping[key])

    def _name_part_fresh(self, token: str, role: str, attempt: int) -> str:
        if "-" in token:
            return "-".join(self._name_part_fresh(p, role, attempt) for p in token.split("-"))
        if re.fullmatch(r"\w\.?", token):
            r = self._rng("initial", token, str(attempt))
            letters = [c for c in "ABCDEFGHIJKLMNOPRSTUVWZ" if c != token[0].upper()]
            return letters[r.randrange(len(letters))] + token[1:]
        base = token.title() if token.isupper() else token
        if role == "first":
            gender = first_name_gender(base) or ("f" if base.lower().endswith(("a", "e", "ie", "ine")) else "m")
            pool = self._first_f if gender == "f" else self._first_m
        else:
            pool = self._last
        return _case_like(token, self._choice(pool, "name-" + role, base, attempt))

    # ------------------------------------------------------------------ contacts / ids
    def _shape(self, original: str, attempt: int) -> str:
        """Same length and character classes; digits -> digits, letters -> letters."""
        r = self._rng("shape", original, str(attempt))
        for _ in range(20):
            out = []
            for ch in original:
                if ch.isdigit():
                    out.append(str(r.randrange(10)))
                elif ch.isalpha():
                    c = chr(r.randrange(26) + 65)
                    out.append(c if ch.isupper() else c.lower())
                else:
                    out.append(ch)
            s = "".join(out)
            if re.fullmatch(r"[A-Z]\d{9}", s):
                s = _kvnr_fix(s)
            if s != original:
                return s
        return original + "0" if original.isdigit() else "X" + original

    def _phone(self, original: str, attempt: int) -> str:
        """Keep the international prefix / leading 0 and every separator; new digits."""
        m = re.match(r"(\+\d{1,3}|\(0|0)", original)
        keep = m.group(0) if m else ""
        r = self._rng("phone", original, str(attempt))
        rest = []
        for ch in original[len(keep):]:
            rest.append(str(r.randrange(10)) if ch.isdigit() else ch)
        out = keep + "".join(rest)
        return out if out != original else self._shape(original, attempt + 1)

    def _email(self, original: str, attempt: int) -> str:
        first = self._choice(self._first_f + self._first_m, "mail-first", original, attempt).lower()
        last = self._choice(self._last, "mail-last", original, attempt).lower()
        local = f"{first}.{last}" if "." in original.split("@")[0] else f"{first[0]}{last}"
        return _ascii(local) + "@example.org"

    def _zip(self, original: str, attempt: int) -> str:
        m = re.match(r"([A-Z]{1,2}[ ]?-[ ]?)?(\d+)", original)
        if not m:
            return self._shape(original, attempt)
        prefix, digits = m.group(1) or "", m.group(2)
        r = self._rng("zip", original, str(attempt))
        new = str(r.randint(1, 9)) + "".join(str(r.randrange(10)) for _ in range(len(digits) - 1))
        return prefix + new + original[m.end():]

    # ------------------------------------------------------------------ places
    def _street(self, original: str, attempt: int) -> str:
        m = re.match(r"(?P<name>.*?)(?P<sep>[ ]?)(?P<no>\d{1,4}(?:[ ]?[a-zA-Z])?(?:[ ]?[-/][ ]?\d{1,4}[a-zA-Z]?)?)?(?P<tail>[ ,]*)$",
                     original, re.S)
        name = m.group("name") if m else original
        no = m.group("no") if m else None
        r = self._rng("street", original, str(attempt))
        base = self._choice(self._last, "street-name", original, attempt)
        low = name.lower()
        suffix = next((s for s in _STREET_SUFFIXES if low.endswith(s)), None)
        prep = re.match(r"(Am|An der|An den|Auf der|Auf dem|Im|In der|Zum|Zur)\s", name)
        if prep:
            new_name = f"{prep.group(1)} {base}"
        elif suffix:
            sep = " " if re.search(r"\s\S+$", name.strip()) and not name.strip().lower().endswith(f"-{suffix}") else ""
            new_name = base + (" " + suffix.title() if sep else (suffix if not name.strip().lower().endswith("-" + suffix) else "-" + suffix.title()))
        else:
            new_name = base + "weg"
        new_no = ""
        if no:
            new_no = re.sub(r"\d+", lambda d: str(r.randint(10 ** (len(d.group(0)) - 1), 10 ** len(d.group(0)) - 1)), no)
        return new_name + (m.group("sep") if m else "") + new_no + (m.group("tail") if m else "")

    def _institution(self, original: str, attempt: int) -> str:
        key = next((k for k in _HOSPITAL_KEYS if k.lower() in original.lower()), "Klinikum")
        city = self._choice(self._cities, "inst-city", original, attempt)
        return _case_like(original.split()[0] if original.split() else original, f"{key} {city}")

    # ------------------------------------------------------------------ ages
    def _age(self, original: str, patient_key: str) -> str:
        """Ages move by 1-3 years (per patient), ages over 89 stay in the 90+ band (HIPAA)."""
        h = self._digest("age", patient_key)
        delta = (1 + h[0] % 3) * (1 if h[1] & 1 else -1)
        s = original.strip()
        if s.isdigit():
            n = int(s)
            if n >= 90:
                new = 90 + (n - 90 + 1 + h[2] % 5) % 10
                new = new if new != n else 90 + (n - 89) % 10
            else:
                new = max(0, n + delta)
                if new == n:
                    new = n + 1
            return str(new)
        low = s.lower()
        if low in _NUM_WORDS:
            i = _NUM_WORDS.index(low)
            j = min(len(_NUM_WORDS) - 1, max(1, i + delta))
            if j == i:
                j = i + 1 if i + 1 < len(_NUM_WORDS) else i - 1
            return _case_like(s, _NUM_WORDS[j]) if not s[0].isupper() else _NUM_WORDS[j].title()
        return self._shape(original, 0)

    # ------------------------------------------------------------------ dates
    def _date(self, original: str, patient_key: str, ref: str | None, avoid_rx: re.Pattern | None = None) -> str:
        shift = self.date_shift_days(patient_key)
        for candidate in _date_variants(original, shift, ref, self.day_first):
            if candidate != original and not _collides(candidate, avoid_rx):
                return candidate
        primary = _shift_date_string(original, shift, ref, self.day_first)
        if primary and primary != original:
            return primary
        return self._shape(original, 0)


def _group(label: str) -> str:
    if label.startswith("NAME_") and label not in ("NAME_TITLE", "NAME_USERNAME"):
        return "NAME"
    return label


class _Either:
    """Two patterns searched as one (the cached document pattern plus the span's own original)."""

    def __init__(self, a: re.Pattern, b: re.Pattern):
        self.a, self.b = a, b

    def search(self, s: str):
        return self.a.search(s) or self.b.search(s)


def _collides(candidate: str, avoid_rx) -> bool:
    return bool(avoid_rx is not None and avoid_rx.search(candidate))


def _ascii(s: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
    s = s.translate(table)
    return re.sub(r"[^a-z0-9.]", "", s.encode("ascii", "ignore").decode())


def _kvnr_fix(value: str) -> str:
    """Recompute the KVNR check digit so a surrogate insurance number still validates."""
    digits = f"{ord(value[0]) - 64:02d}" + value[1:9]
    total = 0
    for i, ch in enumerate(digits):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p // 10 + p % 10
    return value[:9] + str(total % 10)


# ---------------------------------------------------------------------- date shifting

def _safe_date(y: int, m: int, d: int) -> date:
    d = min(d, calendar.monthrange(y, m)[1])
    return date(y, m, d)


def _year4(y: int, width: int) -> int:
    if width == 4:
        return y
    return 2000 + y if y < 50 else 1900 + y


def _fmt_num(n: int, template: str, partner: str | None = None) -> str:
    """Render n with the zero-padding style of the original date: "03" -> padded; "12" is
    padded when its partner part is two digits too ("20.02.2024"), not in "12.3.2020"."""
    padded = template.startswith("0") and len(template) >= 2
    if not padded and len(template) == 2 and partner is not None:
        padded = len(partner) == 2
    return f"{n:02d}" if padded else str(n)


def _fmt_year(y: int, template: str) -> str:
    return f"{y % 100:02d}" if len(template) == 2 else str(y)


def _month_name(month: int, template: str) -> str:
    lang_style = _MONTH_LOOKUP.get(template.lower().rstrip("."))
    lang, style = (lang_style[1], lang_style[2]) if lang_style else ("de", "full")
    name = (_MONTHS_DE if lang == "de" else _MONTHS_EN)[month - 1]
    if style == "abbr":
        name = name[:3]
    return _case_like(template, name)


def _ref_date(ref: str | None, day_first: bool) -> date | None:
    if not ref:
        return None
    m = re.search(r"(\d{1,2})\s?[./-]\s?(\d{1,2})\s?[./-]\s?(\d{4}|\d{2})", ref)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), _year4(int(m.group(3)), len(m.group(3)))
        d, mo = (a, b) if (day_first or b > 12) and b <= 12 else (b, a)
        try:
            return _safe_date(y, mo, d)
        except ValueError:
            return None
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", ref)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.search(r"(\d{1,2})\s?/\s?(\d{4}|\d{2})\b", ref)
    if m and 1 <= int(m.group(1)) <= 12:
        return date(_year4(int(m.group(2)), len(m.group(2))), int(m.group(1)), 15)
    return None


def _shift_month(y: int, mo: int, shift: int) -> tuple[int, int]:
    """Shift the middle of a month; a month-only date that would not move goes one month on."""
    new = date(y, mo, 15) + timedelta(days=shift)
    if (new.year, new.month) == (y, mo):
        step = 1 if shift > 0 else -1
        total = y * 12 + (mo - 1) + step
        return total // 12, total % 12 + 1
    return new.year, new.month


def _shift_year(y: int, shift: int) -> int:
    return y + (1 if shift > 0 else -1) * max(1, round(abs(shift) / 365))


def _shift_date_string(s: str, shift: int, ref: str | None, day_first: bool = True) -> str | None:
    """Shift a date written in any of the detected formats, keeping the format exactly."""
    delta = timedelta(days=shift)
    # d.m.y with optional spaces: 24.01.2028, 23.01.28, 10. 03. 2043, 21.10 2033
    m = re.fullmatch(r"(\d{1,2})(\s?\.\s?|\s)(\d{1,2})(\s?\.\s?|\s)(\d{4}|\d{2})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(5)
        d, mo, swapped = a, b, False
        if b > 12 and a <= 12:
            d, mo, swapped = b, a, True
        try:
            new = _safe_date(_year4(int(y), len(y)), mo, d) + delta
        except ValueError:
            return None
        first, second = (new.month, new.day) if swapped else (new.day, new.month)
        tpl1, tpl2 = (m.group(1), m.group(3))
        return f"{_fmt_num(first, tpl1, tpl2)}{m.group(2)}{_fmt_num(second, tpl2, tpl1)}{m.group(4)}{_fmt_year(new.year, y)}"
    # slashed / dashed full dates: 6/7/1980, 03/19/2025, 19-03-2025
    m = re.fullmatch(r"(\d{1,2})([/-])(\d{1,2})([/-])(\d{4}|\d{2})", s)
    if m:
        a, b, y = int(m.group(1)), int(m.group(3)), m.group(5)
        dayfirst = day_first if (a <= 12 and b <= 12) else a > 12
        d, mo = (a, b) if dayfirst else (b, a)
        try:
            new = _safe_date(_year4(int(y), len(y)), mo, d) + delta
        except ValueError:
            return None
        p1, p2 = (new.day, new.month) if dayfirst else (new.month, new.day)
        return f"{_fmt_num(p1, m.group(1), m.group(3))}{m.group(2)}{_fmt_num(p2, m.group(3), m.group(1))}{m.group(4)}{_fmt_year(new.year, y)}"
    # ISO
    m = re.fullmatch(r"(\d{4})([-/])(\d{2})([-/])(\d{2})", s)
    if m:
        try:
            new = date(int(m.group(1)), int(m.group(3)), int(m.group(5))) + delta
        except ValueError:
            return None
        return f"{new.year}{m.group(2)}{new.month:02d}{m.group(4)}{new.day:02d}"
    # day + month name (+ year): 27. März 2025, 13.Juli 2025, 19 March 2025, 21st of March
    m = re.fullmatch(rf"(\d{{1,2}})(\.|st|nd|rd|th)?(\s?(?:of\s)?)({_MONTH_RX})(\.?)(?:(,?\s)('?)(\d{{4}}|\d{{2}}))?", s, re.I)
    if m:
        mo = _MONTH_LOOKUP[m.group(4).lower()][0]
        y = _year4(int(m.group(8)), len(m.group(8))) if m.group(8) else (_ref_date(ref, day_first) or date(2001, 1, 1)).year
        try:
            new = _safe_date(y, mo, int(m.group(1))) + delta
        except ValueError:
            return None
        suffix = m.group(2) or ""
        if suffix and suffix != ".":
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(new.day % 10 if new.day not in (11, 12, 13) else 0, "th")
        out = f"{new.day}{suffix}{m.group(3)}{_month_name(new.month, m.group(4))}{m.group(5)}"
        if m.group(8):
            out += f"{m.group(6)}{m.group(7)}{_fmt_year(new.year, m.group(8))}"
        return out
    # month name + day (+ year): March 19, 2025 / Aug. 3 2020
    m = re.fullmatch(rf"({_MONTH_RX})(\.?)(\s)(\d{{1,2}})(st|nd|rd|th)?(?:(,?\s)(\d{{4}}))?", s, re.I)
    german_order = m is not None and m.group(7) is None and m.group(5) is None and len(m.group(4)) == 2 and (
        _MONTH_LOOKUP[m.group(1).lower()][1] == "de" or day_first)
    if m and not german_order and not (m.group(7) is None and int(m.group(4)) > 31):
        mo = _MONTH_LOOKUP[m.group(1).lower()][0]
        y = int(m.group(7)) if m.group(7) else (_ref_date(ref, day_first) or date(2001, 1, 1)).year
        try:
            new = _safe_date(y, mo, int(m.group(4))) + delta
        except ValueError:
            return None
        suffix = m.group(5) or ""
        if suffix:
            suffix = {1: "st", 2: "nd", 3: "rd"}.get(new.day % 10 if new.day not in (11, 12, 13) else 0, "th")
        out = f"{_month_name(new.month, m.group(1))}{m.group(2)}{m.group(3)}{new.day}{suffix}"
        if m.group(7):
            out += f"{m.group(6)}{new.year}"
        return out
    # month name + year: März 2025, August 27, Dec. '98
    m = re.fullmatch(rf"({_MONTH_RX})(\.?)(,?\s)('?)(\d{{4}}|\d{{2}})", s, re.I)
    if m:
        mo = _MONTH_LOOKUP[m.group(1).lower()][0]
        ny, nm = _shift_month(_year4(int(m.group(5)), len(m.group(5))), mo, shift)
        return f"{_month_name(nm, m.group(1))}{m.group(2)}{m.group(3)}{m.group(4)}{_fmt_year(ny, m.group(5))}"
    # bare month name
    m = re.fullmatch(rf"({_MONTH_RX})(\.?)", s, re.I)
    if m:
        mo = _MONTH_LOOKUP[m.group(1).lower()][0]
        base = _ref_date(ref, day_first) or date(2001, mo, 15)
        _, nm = _shift_month(base.year, mo, shift)
        return f"{_month_name(nm, m.group(1))}{m.group(2)}"
    # month/year: 07/2025, 02/33, 03.2020
    m = re.fullmatch(r"(\d{1,2})([/.])(\d{4}|\d{2})", s)
    if m and 1 <= int(m.group(1)) <= 12:
        ny, nm = _shift_month(_year4(int(m.group(3)), len(m.group(3))), int(m.group(1)), shift)
        return f"{_fmt_num(nm, m.group(1))}{m.group(2)}{_fmt_year(ny, m.group(3))}"
    # partial day.month(.): 19.3. / 05.11 (year from a nearby date if any)
    m = re.fullmatch(r"(\d{1,2})(\.\s?)(\d{1,2})(\.?)", s)
    if m and 1 <= int(m.group(3)) <= 12:
        base = _ref_date(ref, day_first)
        y = base.year if base else 2001
        try:
            new = _safe_date(y, int(m.group(3)), int(m.group(1))) + delta
        except ValueError:
            return None
        return f"{_fmt_num(new.day, m.group(1), m.group(3))}{m.group(2)}{_fmt_num(new.month, m.group(3), m.group(1))}{m.group(4)}"
    # bare year
    m = re.fullmatch(r"(')?(\d{4}|\d{2})", s)
    if m and (len(m.group(2)) == 4 or m.group(1)):
        y = _year4(int(m.group(2)), len(m.group(2)))
        return (m.group(1) or "") + _fmt_year(_shift_year(y, shift), m.group(2))
    # day-only fragment of a range: "10" in "vom 10 und 11.10.2033", "4." in "vom 4. bis 18.10.21"
    m = re.fullmatch(r"(\d{1,2})(\.?)", s)
    if m and 1 <= int(m.group(1)) <= 31:
        base = _ref_date(ref, day_first)
        if base is not None:
            try:
                new = _safe_date(base.year, base.month, int(m.group(1))) + delta
            except ValueError:
                return None
            return f"{_fmt_num(new.day, m.group(1))}{m.group(2)}"
        # without context: a month fragment ("03" in "03 - 05/2021") or a day; move it anyway
        n = int(m.group(1))
        new_n = (n - 1 + (shift // 30 or (1 if shift > 0 else -1))) % (12 if n <= 12 else 28) + 1
        return f"{_fmt_num(new_n, m.group(1))}{m.group(2)}"
    return None


def _date_variants(s: str, shift: int, ref: str | None, day_first: bool):
    """The shifted date, then equivalent renderings (other zero padding, 2-digit year) to use
    if the first one happens to spell another PHI string of the document."""
    m = re.fullmatch(r"(')?(\d{4})", s)
    if m:  # bare year: the shifted year, then the next ones in the same direction
        y = int(m.group(2))
        first = _shift_year(y, shift)
        step = 1 if first > y else -1
        for k in range(0, 6):
            yield (m.group(1) or "") + str(first + k * step)
        for k in range(1, 6):
            yield (m.group(1) or "") + str(y - k * step)
        return
    primary = _shift_date_string(s, shift, ref, day_first)
    if primary is None:
        return
    variants = [primary]
    unpadded = re.sub(r"(?<!\d)0(\d)(?=\s?[./-])", r"\1", primary)
    padded = re.sub(r"(?<![\d])(\d)(?=\s?\.\s?\d|/\d)", r"0\1", primary)
    short_year = re.sub(r"(?<!\d)(?:19|20)(\d\d)(?!\d)", r"\1", primary)
    long_year = re.sub(r"([./]\s?)(\d\d)$", lambda m: m.group(1) + str(_year4(int(m.group(2)), 2)), primary)
    spaced = re.sub(r"(\d)\.(?=\d)", r"\1. ", primary)
    variants += [unpadded, padded, short_year, re.sub(r"(?<!\d)0(\d)(?=\s?[./-])", r"\1", short_year), long_year,
                 re.sub(r"([./]\s?)(\d\d)$", lambda m: m.group(1) + str(_year4(int(m.group(2)), 2)), padded), spaced]
    mm = re.search(rf"(?<![^\W\d_])({_MONTH_RX})(?![^\W\d_])", primary, re.I)
    if mm:
        name = mm.group(1)
        num = _MONTH_LOOKUP[name.lower()][0]
        if len(name) > 3:
            variants.append(primary.replace(name, name[:3] + ("" if primary[mm.end():mm.end() + 1] == "." else ".")))
        d_m_y = re.fullmatch(rf"(\d{{1,2}})\.?\s?{re.escape(name)}\.?,?\s?(\d{{4}}|\d{{2}})?", primary)
        m_y = re.fullmatch(rf"{re.escape(name)}\.?,?\s?'?(\d{{4}}|\d{{2}})", primary)
        if d_m_y:
            y = d_m_y.group(2) or ""
            variants.append(f"{int(d_m_y.group(1)):02d}.{num:02d}.{y}")
            if len(y) == 4:
                variants.append(f"{int(d_m_y.group(1)):02d}.{num:02d}.{y[2:]}")
        if m_y:
            y = m_y.group(1)
            variants += [f"{num:02d}/{y}", f"{num:02d}/{y[-2:]}"]
    seen = set()
    for v in variants:
        if v not in seen:
            seen.add(v)
            yield v


# ---------------------------------------------------------------------- text rewriting

_FULL_DATE = re.compile(r"\d{1,2}\s?[./-]\s?\d{1,2}\s?[./-]\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{4}")


def pseudonymize_text(text: str, spans: list[PhiSpan], surrogator: Surrogator, patient_key: str,
                      avoid: Iterable[str] | None = None) -> tuple[str, list[tuple[int, int, int, int, str]]]:
    """Replace every span by its surrogate.

    Returns the new text and, per replaced span, (orig_start, orig_end, new_start, new_end,
    label) so that annotations can be carried over to the pseudonymised text.
    avoid: PHI strings of the whole document when ``text`` is only a part of it (a section),
    so that no surrogate spells a PHI string of another part.
    """
    ordered = sorted(spans, key=lambda s: (s.start, -s.end))
    originals = {text[s.start:s.end].strip() for s in ordered}
    if avoid:
        originals.update(a.strip() for a in avoid)
    originals = frozenset(originals)
    parts: list[str] = []
    offsets: list[tuple[int, int, int, int, str]] = []
    pos = 0
    new_len = 0
    for idx, s in enumerate(ordered):
        if s.start < pos:  # overlapping input: skip, the union already covers it
            continue
        original = text[s.start:s.end]
        ref = None
        if s.label == "DATE":
            ref = _nearby_full_date(text, ordered, idx)
        lead = len(original) - len(original.lstrip())
        trail = len(original) - len(original.rstrip())
        core = original.strip()
        if not core:
            continue
        new = surrogator.surrogate(s.label, core, patient_key, ref=ref, avoid=originals)
        new = original[:lead] + new + (original[len(original) - trail:] if trail else "")
        chunk = text[pos:s.start]
        parts.append(chunk)
        new_len += len(chunk)
        parts.append(new)
        offsets.append((s.start, s.end, new_len, new_len + len(new), s.label))
        new_len += len(new)
        pos = s.end
    parts.append(text[pos:])
    return "".join(parts), offsets


def _nearby_full_date(text: str, spans: list[PhiSpan], idx: int) -> str | None:
    """The closest following (else preceding) complete date within 40 characters."""
    s = spans[idx]
    for j in list(range(idx + 1, min(len(spans), idx + 4))) + list(range(idx - 1, max(-1, idx - 4), -1)):
        o = spans[j]
        if o.label != "DATE":
            continue
        if abs(o.start - s.end) > 40 and abs(s.start - o.end) > 40:
            continue
        cand = text[o.start:o.end]
        if _FULL_DATE.search(cand):
            return cand
    return None
