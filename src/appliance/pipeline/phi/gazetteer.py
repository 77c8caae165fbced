"""Context- and list-based detection of person names and places.

German capitalises every noun, so "a capitalised word" is no evidence of a name. Names are
taken (a) after cues (Herr/Frau, titles, roles, 'Patientin', 'Betr.:'), (b) before birth-date
cues ('Kai Muster, * 21.2.2008', 'geb.'), (c) in the signature block after the closing
formula, (d) from the Faker first/last name lists when a known first name starts a
capitalised pair, and (e) by propagating a surname found once to its other mentions in the
same document. A common-word list (built from general German text, not from annotations)
keeps nouns out.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from .mentions import find_mentions, name_phrases, name_words
from .resources import word_set
from .spans import PhiSpan
from .text import LET, LO, UP, line_end
from .text import line_start as text_line_start

_TOKEN = re.compile(rf"\n|{LET}+(?:['’\-]{LET}+)*|\d+|\S")

PARTICLES = frozenset(
    "von van vom de dos da das del della der den di du zu zur ten ter le la al el bin ibn y und-".split()
)
STRONG_CUES = frozenset(
    "Herr Herrn Herren Frau Frauen Hr Hrn Fr Mr Mrs Ms Miss Mx Sir Madam Madame Monsieur Signora Signor Sra Sr".split()
)
# cue words whose following capitalised word is a name only if it is not an ordinary noun
WEAK_CUES = frozenset(
    "Patient Patientin Patienten Pat Name Betr Betreff Betrifft Versicherte Versicherter Bewohner Bewohnerin "
    "Klient Klientin Proband Probandin Kind Säugling Dear Hallo Hello Hi Liebe Lieber Werte Werter liebe lieber "
    "Familie Fam kleine kleiner kleinen Neugeborene Neugeborenes Frühgeborene Frühgeborenes Kindes".split()
)
RELATIVE_CUES = frozenset(
    "Sohn Tochter Ehemann Ehefrau Ehegatte Ehegattin Mutter Vater Bruder Schwester Enkel Enkelin Onkel Tante Neffe Nichte "
    "Lebensgefährte Lebensgefährtin Partner Partnerin Betreuer Betreuerin Vormund Schwiegersohn Schwiegertochter Schwiegermutter "
    "Schwiegervater Großmutter Großvater Oma Opa Cousin Cousine Sister Brother Son Daughter Wife Husband Mother Father "
    "Sohnes Ehemannes Ehemanns Vaters Bruders Enkels Onkels Neffen Lebensgefährten Partners Betreuers Großvaters Opas "
    "Söhne Töchter Brüder Schwestern Enkelin Enkelkind".split()
)
ROLE_CUES = frozenset(
    "OA OÄ CA FA FÄ OT DGKS DGKP Chefarzt Chefärztin Oberarzt Oberärztin Stationsarzt Stationsärztin Assistenzarzt Assistenzärztin "
    "Facharzt Fachärztin Arzt Ärztin Hausarzt Hausärztin Kollege Kollegin Kollegen Psychologe Psychologin Physiotherapeut "
    "Physiotherapeutin Ergotherapeut Ergotherapeutin Logopäde Logopädin Sozialarbeiter Sozialarbeiterin Pfleger Pflegerin Schwester "
    "Orthoptistin Orthoptist Untersucher Untersucherin Assistenz Befunder Operateur Anästhesist Anästhesistin Primarius Primaria "
    "Primar Primarin Stationsleitung Sekretärin Ass Assistant Nurse Doctor Physician Surgeon Sr Schw Pfl Pflegerin Krankenschwester "
    "Krankenpfleger Krankenpflegerin Pflegefachkraft Pflegefachfrau Pflegefachmann Gesundheitspfleger Gesundheitspflegerin "
    "Hebamme Turnusarzt Turnusärztin Ausbildungsassistent Ausbildungsassistentin Famulant Famulantin PJler PJlerin "
    "Diätassistentin Diätassistent Stationssekretärin Praxisanleiterin Praxisanleiter Heilpraktiker Heilpraktikerin".split()
)
NEVER_NAME = frozenset(
    "Kollege Kollegin Kollegen Doktor Professor Professorin Patient Patientin Patienten Pat Herr Herrn Frau Dr Prof med Chefarzt "
    "Oberarzt Oberärztin OA OÄ CA FA FÄ Stationsarzt Stationsärztin Sehr Mit Liebe Lieber Werte Werter Geehrte Geehrter "
    "Januar Februar März April Mai Juni Juli August September Oktober November Dezember Montag Dienstag Mittwoch Donnerstag "
    "Freitag Samstag Sonntag Uhr Tel Fax Telefon Station Zimmer Klinik Klinikum Universität Krankenhaus Abteilung Praxis Ambulanz "
    "Betr Betreff Betrifft Diagnose Diagnosen Anamnese Befund Befunde Therapie Verlauf Labor Epikrise Procedere Name Geb Wir Die Der Das "
    "Ihr Ihre Sie Er Es Bei Nach Von Vom Am Im In Und Oder MD PhD MBA MSc Msc BSc Mag Doz PD Prim Univ Vorname Nachname "
    "Familienname Geburtsname Geburtsdatum Adresse Anschrift Wohnort".split()
)
SIGN_ROLE_WORDS = frozenset(w.lower() for w in (
    "Chefarzt Chefärztin Oberarzt Oberärztin Stationsarzt Stationsärztin Stationaärztin Assistenzarzt Assistenzärztin Facharzt Fachärztin "
    "Arzt Ärztin Leitender Leitende Ltd Direktor Direktorin Ärztlicher Ärztliche Geschäftsführender Geschäftsführende Primarius Primaria "
    "Primar Primarin OA OÄ CA FA FÄ Ass Psychologe Psychologin Psychotherapeut Psychotherapeutin Physiotherapeut Physiotherapeutin "
    "Sozialarbeiter Sozialarbeiterin Sekretariat Intensiv Klinikdirektor Klinikdirektorin Abteilungsleiter Abteilungsleiterin "
    "Orthoptistin Stationsleitung Pflegedienstleitung Oberärztin Funktionsoberarzt Funktionsoberärztin Senior Consultant Resident "
    "Attending Physician Nurse i.A. i.V. gez".split()
))
_CLOSING = re.compile(
    r"(?:Grüßen|Grüssen|Grüße|Gruß|Gruss|Hochachtungsvoll|[Rr]egards|[Ss]incerely|[Yy]ours truly|Best wishes)[ \t]*[,.!]?[ \t]*(?:\n|$)"
)
_NOUN_SUFFIX = re.compile(
    r"(?:ung|ungen|heit|keit|schaft|tion|tionen|ität|ismus|itis|ose|osen|ämie|urie|algie|ektomie|tomie|skopie|graphie|grafie|gramm|"
    r"logie|pathie|plastik|therapie|diagnostik|befund|befunde|zyten|ase|asen|ment|ismus|ierung|ieren|lich|liche|lichen|licher|isch|ische|ischen|ischer|ischem|"
    r"therapeut|therapeutin|loge|login|iater|iaterin|"
    r"mäßig|wert|werte|stelle|bereich|station|zentrum|klinik|praxis|ärztin|arzt|schwester|pfleger|gruppe|plan|bericht|brief|zeit|"
    r"tag|tage|woche|wochen|monat|jahr|jahre|raum|stoff|mittel|gabe|kontrolle|untersuchung|nahme|dosis|spiegel|status|syndrom|"
    r"insuffizienz|karzinom|carcinom|tumor|ose|zyt|ämie|amt|ämter|"
    r"straße|strasse|str|gasse|weg|platz|allee)$"
)
# German label cues after which a name follows ("gez. Dr. X", "Hausarzt: Y", "Vorname: Z", "geb. Schmidt")
_DE_NAME_CUE = re.compile(
    r"(?:\bgez\.|\bi\.[ ]?[AV]\.|\bgezeichnet|\bUnterschrift:|\b[Dd]iktiert(?:[ ]von)?:?|\bBefundet(?:[ ]von)?:?|\bVidiert:?|"
    r"\b(?:Zuweiser|Zuweiserin|Einweiser|Einweiserin|Überweiser|Überweiserin|Hausarzt|Hausärztin|Facharzt|Fachärztin|"
    r"Ansprechpartner|Ansprechpartnerin|Kontaktperson|Bezugsperson|Betreuer|Betreuerin|Vorname|Nachname|Familienname|"
    r"Geburtsname|Patientenname|Name,[ ]Vorname|Empfänger|Absender|Arzt|Ärztin|Operateur|Assistenz|Anästhesist|Anästhesistin)"
    r"[ \t]*:|\bz\.[ ]?Hd\.?|\bzu[ ]Händen|\bKopie[ ]an:?|\bgeb\.(?=[ ]?[A-ZÄÖÜ][a-zäöüß]+(?![.\w])))[ \t]*"
)
_LOCATIVE = re.compile(rf"\b(?:in|aus|In|Aus)[ ](?P<w>{UP}{LO}+(?:-{UP}{LO}+)?)(?=[ ]*(?:[.,;)]|[ ][a-zäöüß]|$))")
_NAME_TOKEN = rf"(?:{UP}{LET}+(?:[-'’]{UP}?{LET}+)*|{UP}\.|von|van|de|dos|da|del|der|den|di|du|zu|ten|ter|le|la|al|el)"
_DRUG_LIKE = re.compile(r"(?:in|ol|ide|ine|one|ate|ex|ix|il|am|yl|gard|bond|cyclen|mab|nib|pril|sartan|statin|azole|cillin|mycin)$")
_EN_NAME_CUE = re.compile(
    r"\b(?:[Mm]y name is|[Nn]ame:|named|called|[Ss]ays|[Ss]aid|[Aa]sk for|[Ss]peak (?:to|with)|[Cc]ontact|[Tt]hanks|[Tt]hank you|"
    r"[Dd]ear|Hi|Hello|Hey|[Ll]ast name(?: is)?|[Ff]irst name(?: is)?|[Mm]aiden name is|"
    r"[Ss]pouse|[Ww]ife|[Hh]usband|[Ss]on|[Dd]aughter|[Mm]other|[Ff]ather)[ \t:]+"
)
_BIRTH_CUE = re.compile(r"(?:\(?[ \t]*\*[ \t]*(?=\d)|\bgeb(?:oren)?(?:\.|:|\b)|\bGeb\.?[ ]?(?:Dat|Datum)\.?|\bborn\b|\bDOB\b)")
_POST_NOMINAL = re.compile(r"[ \t]+(?:MD|PhD|Ph\.D\.|MBA|MSc|Msc|M\.Sc\.|BSc|B\.Sc\.|MPH|DDS|Dr\.(?=[ \t]*(?:[,;\n]|$)))")


@lru_cache(maxsize=1)
def _lists():
    first_f = word_set("first_names_de_female.txt") | word_set("first_names_en_female.txt")
    first_m = word_set("first_names_de_male.txt") | word_set("first_names_en_male.txt")
    last = word_set("last_names_de.txt") | word_set("last_names_en.txt")
    common_de = word_set("common_de.txt", lower=True) | word_set("clinical_de.txt", lower=True)
    common_en = word_set("common_en.txt", lower=True)
    cities = word_set("cities_faker.txt") | word_set("cities_major.txt")
    countries = word_set("countries.txt")
    states = word_set("states.txt")
    return first_f, first_m, last, common_de, common_en, cities, countries, states


@lru_cache(maxsize=1)
def _clinical() -> frozenset[str]:
    return word_set("clinical_de.txt", lower=True)


def first_name_gender(name: str) -> str | None:
    """'f', 'm' or None, from the Faker first-name lists."""
    first_f, first_m, *_ = _lists()
    f, m = name in first_f, name in first_m
    if f and not m:
        return "f"
    if m and not f:
        return "m"
    return None


@dataclass
class _Tok:
    start: int
    end: int
    text: str


class NameFinder:
    """Finds person names and places in one document (see module docstring for the cues)."""

    def __init__(self, text: str, language: str = "de", title_spans: list[PhiSpan] | None = None,
                 blocked: list[PhiSpan] | None = None, streets: list[PhiSpan] | None = None):
        self.text = text
        self.language = language
        (self.first_f, self.first_m, self.last, common_de, common_en,
         self.cities, self.countries, self.states) = _lists()
        self.first = self.first_f | self.first_m
        self.common = common_de if language == "de" else common_en
        self.common_other = common_en if language == "de" else common_de
        self.toks = [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        self.starts = {t.start: i for i, t in enumerate(self.toks)}
        self._tok_starts = [t.start for t in self.toks]
        self.title_spans = title_spans or []
        self.title_at_end = {}
        for s in self.title_spans:
            self.title_at_end[s.end] = s
        self.title_chars = set()
        for s in self.title_spans:
            self.title_chars.update(range(s.start, s.end))
        self.blocked = set()
        self.blocked_spans = list(blocked or [])
        for s in blocked or []:
            self.blocked.update(range(s.start, s.end))
        self.streets = streets or []
        self.out: list[PhiSpan] = []

    # ------------------------------------------------------------------ word classes
    def is_common(self, w: str) -> bool:
        lw = w.lower()
        if lw in self.common:
            return True
        if w.isupper() and len(w) > 1:
            return lw in self.common
        return bool(_NOUN_SUFFIX.search(lw)) and w not in self.first and w not in self.last and len(w) > 5

    def is_known_name(self, w: str) -> bool:
        return w in self.first or w in self.last or w.title() in self.first or w.title() in self.last

    def is_cap(self, i: int) -> bool:
        if i >= len(self.toks):
            return False
        t = self.toks[i].text
        return t[0].isupper() and t[0].isalpha() and t[0] != "\n"

    def is_initial(self, i: int) -> bool:
        """'K' followed directly by '.'."""
        if i + 1 >= len(self.toks):
            return False
        t, n = self.toks[i], self.toks[i + 1]
        return len(t.text) == 1 and t.text.isupper() and t.text.isalpha() and n.text == "." and n.start == t.end

    def gap(self, i: int) -> str:
        """Whitespace between token i-1 and token i."""
        if i <= 0 or i >= len(self.toks):
            return ""
        return self.text[self.toks[i - 1].end:self.toks[i].start]

    def _nameish(self, w: str) -> bool:
        return w not in NEVER_NAME and not any(ch.isdigit() for ch in w)

    # ------------------------------------------------------------------ grabbing
    def grab_forward(self, i: int, mode: str, allow_newline: bool = False) -> tuple[int, int, int] | None:
        """Name tokens starting at token i. mode: 'strong' | 'medium' | 'weak'.
        Returns (start_char, end_char, next_token_index) or None.
        """
        toks = self.toks
        n = len(toks)
        j = i
        if j < n and toks[j].text == "\n" and allow_newline:
            while j < n and toks[j].text == "\n":
                j += 1
        if j < n and toks[j].start in self.title_chars:
            return None
        parts: list[int] = []        # token indices of accepted name words
        lead_start = None            # a leading particle ("von Osler")
        end_char = None
        prev_kind = None             # 'first' | 'initial' | 'particle' | 'word'
        while j < n and len(parts) < 5:
            t = toks[j]
            if parts:
                g = self.gap(j)
                if "\n" in g or "\t" in g or len(g) > 2:
                    break
            if t.start in self.blocked:
                break
            if (t.text in PARTICLES and self.is_cap(j + 1) and " " in self.gap(j + 1)
                    and (parts or (mode == "strong" and t.text in ("von", "van", "de", "dos", "da", "del", "di", "du", "ten", "ter", "le", "la", "al", "el")))
                    and (not self.is_common(toks[j + 1].text) or self.is_known_name(toks[j + 1].text))):
                if not parts and lead_start is None:
                    lead_start = t.start
                prev_kind = "particle"
                j += 1
                continue
            if self.is_initial(j):
                parts.append(j)
                end_char = toks[j + 1].end
                prev_kind = "initial"
                j += 2
                # "H.-J. Overbeck"
                if j + 1 < n and toks[j].text == "-" and toks[j].start == end_char and self.is_initial(j + 1):
                    end_char = toks[j + 2].end
                    j += 3
                continue
            if not self.is_cap(j) or not self._nameish(t.text) or t.start in self.title_chars:
                break
            w = t.text
            known = self.is_known_name(w)
            if w.isupper() and len(w) > 1 and self.is_common(w) and not known:
                break  # "BEFUND", "ANAMNESE": all-caps headings
            if not parts:
                if mode != "strong" and w.isupper() and len(w) <= 3:
                    break  # "CA ED", "OA KH": abbreviations, not names
                ok = mode == "strong" or known or not self.is_common(w)
                if mode == "weak" and self.is_common(w) and not (w in self.first or (w in self.last and w.lower() not in _clinical())):
                    ok = False
            else:
                ok = prev_kind in ("first", "initial", "particle") or known or not self.is_common(w)
                if w in self.cities and not known:
                    ok = False  # "Dr. Gruber Wien": the place after a name is not part of it
            if not ok:
                break
            parts.append(j)
            end_char = t.end
            prev_kind = "first" if w in self.first else "word"
            j += 1
        if not parts:
            return None
        # "Gebauer, Gerlinde" (surname, first name)
        if len(parts) == 1 and j + 1 < n and toks[j].text == "," and toks[j].start == end_char and self.is_cap(j + 1):
            w2 = toks[j + 1].text
            after = self.text[toks[j + 1].end:toks[j + 1].end + 12]
            if self._nameish(w2) and (w2 not in self.cities or w2 in self.first) and (
                    w2 in self.first or re.match(r"\s*(?:,|geb|\*|\(\*|\n)", after)):
                end_char = toks[j + 1].end
                j += 2
        return (lead_start if lead_start is not None else toks[parts[0]].start), end_char, j

    def grab_backward(self, i: int, max_tokens: int = 5) -> tuple[int, int] | None:
        """Name tokens ending right before token i (for 'Name, * date' / 'Name geb.')."""
        toks = self.toks
        j = i - 1
        if j >= 0 and toks[j].text in (",", "("):
            j -= 1
        if j >= 0 and toks[j].text == "(":
            j -= 1
        parts: list[int] = []
        comma_used = False
        comma_surname = None
        while j >= 0 and len(parts) < max_tokens:
            t = toks[j]
            if parts:
                g = self.text[t.end:toks[parts[-1]].start]
                if "\n" in g or "\t" in g or len(g) > 2:
                    # "Name\n, geb." is rare; stop at line breaks
                    if not (g.strip() == "," and not comma_used):
                        break
            if t.text == "." and j >= 1 and len(toks[j - 1].text) == 1 and toks[j - 1].text.isupper() and toks[j - 1].end == t.start:
                parts.append(j - 1)
                j -= 2
                continue
            if t.text == "," and parts and not comma_used and j >= 1 and self.is_cap(j - 1) and toks[j - 1].end == t.start:
                # "Weil, Klementine, geb." -> only if the surname starts the line or follows a cue
                comma_used = True
                comma_surname = j - 1
                j -= 1
                continue
            if t.text in PARTICLES and parts:
                j -= 1
                continue
            if not self.is_cap(j) or not self._nameish(t.text) or t.start in self.title_chars:
                break
            if t.text in STRONG_CUES or t.text in WEAK_CUES or t.text in ROLE_CUES or t.text in RELATIVE_CUES:
                break
            if t.start in self.blocked:
                break
            parts.append(j)
            j -= 1
        if not parts:
            return None
        # drop leading ordinary nouns ("Arztbrief Kai Muster" -> "Kai Muster")
        parts.sort()
        while (len(parts) > 1 and parts[0] != comma_surname and self.is_common(toks[parts[0]].text)
               and not self.is_known_name(toks[parts[0]].text)):
            parts.pop(0)
        if len(parts) == 1 and self.is_common(toks[parts[0]].text) and not self.is_known_name(toks[parts[0]].text):
            # single word before "geb." must look like a name
            w = toks[parts[0]].text
            if w.lower() in self.common:
                return None
        first, last = parts[0], parts[-1]
        end = toks[last].end
        if last + 1 < len(toks) and toks[last + 1].text == "." and len(toks[last].text) == 1:
            end = toks[last + 1].end
        return toks[first].start, end

    # ------------------------------------------------------------------ detectors
    def add(self, s: int, e: int, label: str, score: float = 0.9) -> None:
        if e > s:
            self.out.append(PhiSpan(s, e, label, "gazetteer", score))

    def cue_names(self) -> None:
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            w = t.text
            nxt = i + 1
            if nxt < n and toks[nxt].text == "." and toks[nxt].start == t.end and w in ("Hr", "Hrn", "Fr", "Mr", "Mrs", "Ms", "Mx", "Pat", "Betr", "Sr", "Schw", "Pfl"):
                nxt += 1
            if nxt < n and toks[nxt].text == ":" and w in ("Betr", "Betreff", "Betrifft", "Name", "Pat", "Patient", "Patientin", "PATIENT", "PATIENTIN", "Patienten"):
                nxt += 1
            if w in STRONG_CUES or w.upper() in ("HERR", "HERRN", "FRAU") and w.isupper():
                j = nxt
                label = "NAME_PATIENT"
                # "Herr Kollege X", "Frau Kollegin Dr. X", "Frau Doktor X"
                while j < n and toks[j].text in ("Kollege", "Kollegin", "Doktor", "Professor", "Professorin", "Oberarzt", "Oberärztin", "OA", "OÄ", "Chefarzt", "Chefärztin"):
                    j += 1
                    label = "NAME_DOCTOR"
                k = j
                while k < n and toks[k].text == "\n":
                    k += 1
                if k < n and toks[k].start in self.title_chars:
                    continue  # the title handler takes it from here
                allow_nl = nxt < n and toks[nxt].text == "\n" and w in ("Herr", "Herrn", "Frau", "HERRN", "HERR", "FRAU")
                line_start = text_line_start(self.text, t.start)
                if allow_nl and self.text[line_start:t.start].strip():
                    allow_nl = False
                res = self.grab_forward(j, "strong", allow_newline=allow_nl)
                if res:
                    self.add(res[0], res[1], label)
            elif w in ("kleine", "kleiner", "kleinen") and not (
                    i > 0 and toks[i - 1].text.lower() in ("der", "die", "den", "dem", "unser", "unsere", "unseren", "unserem")
                    and nxt < n and toks[nxt].text in self.first):
                continue  # "der kleine Finn" names a child; "kleiner Emboli" does not
            elif w in WEAK_CUES or w in ("PATIENT", "PATIENTIN"):
                res = self.grab_forward(nxt, "weak", allow_newline=w.isupper() or (nxt > i + 1 and toks[nxt - 1].text == ":"))
                if res:
                    label = "NAME_DOCTOR" if w.lower() in ("liebe", "lieber", "werte", "werter") else "NAME_PATIENT"
                    self.add(res[0], res[1], label)
            elif w in RELATIVE_CUES:
                res = self.grab_forward(nxt, "medium")
                if res:
                    self.add(res[0], res[1], "NAME_RELATIVE")
            elif w in ROLE_CUES:
                j = nxt
                if j < n and toks[j].text == ":":
                    j += 1
                if j < n and toks[j].start in self.title_chars:
                    continue
                res = self.grab_forward(j, "medium")
                if res:
                    self.add(res[0], res[1], "NAME_DOCTOR")

    def title_names(self) -> None:
        toks = self.toks
        for span in self.title_spans:
            j = self._tok_at_or_after(span.end)
            if j is None:
                continue
            gap = self.text[span.end:toks[j].start]
            if "\n" in gap and gap.count("\n") > 1:
                continue
            res = self.grab_forward(j, "strong", allow_newline=True)
            if not res:
                continue
            self.add(res[0], res[1], "NAME_DOCTOR")
            # "Drs. Seiler und Wantzer", "Dr. A und Dr. B" (second title handled by itself)
            k = res[2]
            plural = re.search(r"Drs|Dres|Profs", self.text[span.start:span.end])
            while k + 1 < len(toks) and toks[k].text in (("und", "u", "and", "&", ",") if plural else ("und", "u", "and", "&")) \
                    and self.is_cap(k + 1 if toks[k].text != "u" else k + 2):
                k2 = k + 1 if toks[k].text != "u" else k + 2
                res2 = self.grab_forward(k2, "strong" if plural else "medium")
                if not res2:
                    break
                self.add(res2[0], res2[1], "NAME_DOCTOR")
                k = res2[2]

    def initial_names(self) -> None:
        """'A. Kowalczyk': an initial before a capitalised word that is no ordinary word or place.
        'M.' is left alone (Morbus: 'M. Crohn')."""
        toks = self.toks
        for i in range(len(toks) - 2):
            if not self.is_initial(i) or toks[i].text in ("M", "Z", "V", "S") or toks[i].start in self.blocked:
                continue
            before = self.text[max(0, toks[i].start - 3):toks[i].start]
            if before and not before[-1].isspace() and before[-1] != "(" or re.search(r"\b\w\.\s$", before):
                continue  # "o.B. Rektal", "z. B. Schreiben": abbreviations, not initials
            if i > 0 and (self.is_initial(i - 2) if i >= 2 else False):
                continue  # "H.-J." sequences are handled by the title/cue paths
            if toks[i].start in self.title_chars or self.gap(i + 2) != " " or not self.is_cap(i + 2):
                continue
            w = toks[i + 2].text
            if not self._nameish(w) or self.is_common(w) or w in self.cities or (w.isupper() and len(w) <= 3):
                continue
            res = self.grab_forward(i, "medium")
            if res:
                self.add(res[0], res[1], "NAME_OTHER", 0.75)

    def label_cue_names(self) -> None:
        """Names after German label cues ("gez.", "i.A.", "Hausarzt:", "Vorname:", maiden name after "geb.")."""
        for m in _DE_NAME_CUE.finditer(self.text):
            k = self._tok_at_or_after(m.end())
            if k is None:
                continue
            if self.toks[k].start in self.title_chars:
                continue  # "gez. Dr. X": the title handler takes it
            if self.text[m.end():self.toks[k].start].count("\n") > 1:
                continue
            res = self.grab_forward(k, "medium", allow_newline=True)
            if res:
                label = "NAME_PATIENT" if re.search(r"Vorname|Nachname|Familienname|Geburtsname|Patientenname|geb", m.group(0)) else "NAME_DOCTOR"
                self.add(res[0], res[1], label)

    def birth_names(self) -> None:
        for m in _BIRTH_CUE.finditer(self.text):
            i = self._tok_at_or_after(m.start())
            if i is None:
                continue
            res = self.grab_backward(i)
            if res:
                self.add(res[0], res[1], "NAME_PATIENT")

    def postnominal_names(self) -> None:
        for m in _POST_NOMINAL.finditer(self.text):
            i = self._tok_at_or_after(m.start() + 1)
            if i is None:
                continue
            res = self.grab_backward(i, max_tokens=3)
            if res:
                toks_txt = self.text[res[0]:res[1]].split()
                if all(self.is_common(w) and not self.is_known_name(w) for w in toks_txt if len(w) > 2):
                    continue
                self.add(res[0], res[1], "NAME_DOCTOR")

    def signature_names(self) -> None:
        text = self.text
        for m in _CLOSING.finditer(text):
            pos = m.end()
            lines_seen = 0
            while pos < len(text) and lines_seen < 10:
                le = line_end(text, pos)
                line = text[pos:le]
                if line.strip():
                    lines_seen += 1
                    if re.match(r"\s*(?:Anlage|Verteiler|Kopie|cc|P\.S\.|Seite|Diagnose|Befund|Therapie)", line):
                        break
                    self._signature_line(pos, line)
                pos = le + 1

    def _signature_line(self, line_start: int, line: str) -> None:
        for seg in re.finditer(r"[^\t/]+?(?=\t|[ ]{2,}|[ ]/[ ]|$)", line):
            s0 = line_start + seg.start()
            e0 = line_start + seg.end()
            # drop parenthetical roles "(Stationsarzt)"
            seg_text = self.text[s0:e0]
            p = seg_text.find("(")
            if p >= 0:
                e0 = s0 + p
            i = self._tok_at_or_after(s0)
            if i is None or self.toks[i].start >= e0:
                continue
            # skip leading title tokens and role words
            while i < len(self.toks) and self.toks[i].start < e0 and (
                self.toks[i].start in self.title_chars
                or self.toks[i].text.lower().rstrip(".") in SIGN_ROLE_WORDS
                or self.toks[i].text in (".", ",", ":")
                or self.toks[i].text.lower() in ("gez", "i", "a", "v")
            ):
                i += 1
            if i >= len(self.toks) or self.toks[i].start >= e0:
                continue
            res = self.grab_forward(i, "medium")
            if not res or res[1] > e0 + 1:
                continue
            s, e, j = res
            # the segment must end with the name (allowing post-nominal titles / punctuation)
            rest = self.text[e:e0]
            rest_clean = rest
            for ts in self.title_spans:
                if e <= ts.start < e0:
                    rest_clean = rest_clean.replace(self.text[ts.start:ts.end], "")
            if re.search(rf"{LET}{{3,}}", rest_clean) and not all(
                w.lower().rstrip(".") in SIGN_ROLE_WORDS for w in re.findall(rf"{LET}+\.?", rest_clean)
            ):
                continue
            words = self.text[s:e].split()
            if all(self.is_common(w.strip(".,")) and not self.is_known_name(w.strip(".,")) for w in words):
                continue
            self.add(s, e, "NAME_DOCTOR", 0.85)

    def gazetteer_names(self) -> None:
        """A known first name followed by a capitalised non-noun: 'Klaus Pfeiffer'."""
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            w = t.text
            if w not in self.first or w.lower() in self.common or t.start in self.blocked:
                continue
            if i + 1 < n and self.is_cap(i + 1) and " " == self.gap(i + 1):
                w2 = toks[i + 1].text
                if self._nameish(w2) and (w2 in self.last or not self.is_common(w2)):
                    res = self.grab_forward(i, "medium")
                    if res:
                        self.add(res[0], res[1], "NAME_OTHER", 0.8)
                        continue
            if self.language == "en" and len(w) > 2 and not self._sentence_initial(i):
                self.add(t.start, t.end, "NAME_OTHER", 0.7)
        if self.language == "en":
            self.english_names()

    def english_names(self) -> None:
        """English capitalisation is informative: known names anywhere, runs of two or more
        capitalised non-vocabulary words, and the word after 'my name is', 'says', 'Dear', ..."""
        toks = self.toks
        n = len(toks)
        lower_words = {t.text for t in toks if t.text[:1].islower()}
        for i, t in enumerate(toks):
            w = t.text
            if t.start in self.blocked or not self.is_cap(i) or len(w) <= 2:
                continue
            if w.lower() in self.common:
                # a name that is also a word ("Hunter", "Grace"): capitalised inside a sentence, and the
                # text never uses the word in lower case
                if (w in self.first or w in self.last) and not self._sentence_initial(i) and w.lower() not in lower_words \
                        and not w.isupper():
                    self.add(t.start, t.end, "NAME_OTHER", 0.6)
                continue
            if w in self.first or (w in self.last and not self._sentence_initial(i)):
                self.add(t.start, t.end, "NAME_OTHER", 0.7)
        i = 0
        while i < n:
            if not self.is_cap(i) or toks[i].start in self.blocked:
                i += 1
                continue
            j = i
            while j < n and self.is_cap(j) and (j == i or self.gap(j) == " ") and toks[j].start not in self.blocked:
                j += 1
            words = [toks[k].text for k in range(i, j)]
            if all(w.isupper() for w in words) and not any(w.title() in self.first or w.title() in self.last for w in words):
                words = []  # "CHIEF COMPLAINT": an all-caps heading
            if len(words) >= 2 and not any(_DRUG_LIKE.search(w.lower()) and w not in self.first and w not in self.last for w in words):
                uncommon = [w for w in words if w.lower() not in self.common and not (w.isupper() and len(w) <= 4)]
                known = [w for w in words if w in self.first or w in self.last]
                if len(uncommon) >= 2 or (known and uncommon and not self._sentence_initial(i)):
                    self.add(toks[i].start, toks[j - 1].end, "NAME_OTHER", 0.6)
            i = max(j, i + 1)
        for m in _EN_NAME_CUE.finditer(self.text):
            k = self._tok_at_or_after(m.end())
            if k is None or toks[k].start != m.end():
                continue
            res = self.grab_forward(k, "medium")
            if res:
                self.add(res[0], res[1], "NAME_OTHER", 0.7)

    def _sentence_initial(self, i: int) -> bool:
        if i == 0:
            return True
        p = self.toks[i - 1].text
        return p in (".", "!", "?", "\n", ":", '"', "“", "„", "(", "-")

    def places(self) -> None:
        """Cities, states and countries from the lists; cities that are also ordinary words only
        after a locative cue ('in Essen', 'aus Hof')."""
        toks = self.toks
        n = len(toks)
        for i, t in enumerate(toks):
            w = t.text
            if not w[:1].isupper() or t.start in self.blocked:
                continue
            cand = None
            for k in (3, 2, 1):
                if i + k > n:
                    continue
                phrase = self.text[t.start:toks[i + k - 1].end]
                if phrase in self.cities:
                    cand = ("LOCATION_CITY", phrase)
                    break
                if phrase in self.countries:
                    cand = ("LOCATION_COUNTRY", phrase)
                    break
                if phrase in self.states:
                    cand = ("LOCATION_STATE", phrase)
                    break
            if not cand:
                continue
            label, phrase = cand
            end = t.start + len(phrase)
            if end < len(self.text) and self.text[end:end + 1] == "-" :
                continue  # "Berlin-Mitte" is picked up elsewhere; "Köln-Studie" is not a place
            prev = toks[i - 1].text if i > 0 else ""
            locative = prev in ("in", "aus", "nach", "bei", "von", "wohnhaft", "In", "Aus", "from", "to", "at", "near")
            if len(phrase) < 4 and not locative:
                continue
            if (phrase.lower() in self.common or phrase.lower() in self.common_other) and not locative:
                continue
            if not locative and self._sentence_initial(i) and not re.match(r"[ \t]*,", self.text[end:end + 3]):
                continue
            self.add(t.start, end, label, 0.8)

    def locative_places(self) -> None:
        """'in Olkusz.', 'aus Koszalin,': an unknown capitalised word right after a locative
        preposition that is no ordinary word (German nouns after 'in' carry an article)."""
        if self.language != "de":
            return
        for m in _LOCATIVE.finditer(self.text):
            w = m.group("w")
            if m.start("w") in self.blocked or w in NEVER_NAME or self.is_common(w) or w.isupper():
                continue
            if any(ch.isdigit() for ch in w) or len(w) < 4:
                continue
            self.add(m.start("w"), m.end("w"), "LOCATION_CITY", 0.6)

    def recipient_lines(self, streets: list[PhiSpan]) -> None:
        """A line of 1-4 name words directly above a street line is the addressee
        ('Claudia Muster\nAm Lindenhof 3')."""
        for st in streets:
            ls = text_line_start(self.text, st.start)
            if self.text[ls:st.start].strip():
                continue
            pe = ls - 1
            if pe <= 0:
                continue
            ps = text_line_start(self.text, pe)
            line = self.text[ps:pe]
            mm = re.fullmatch(rf"[ \t]*((?:{_NAME_TOKEN}[ \t]+){{0,3}}{_NAME_TOKEN})[ \t,]*", line)
            if not mm:
                continue
            words = [w for w in re.split(r"[ \t]+", mm.group(1)) if w]
            if any(w in NEVER_NAME or w.lower().rstrip(".") in SIGN_ROLE_WORDS for w in words):
                continue
            if all(self.is_common(w.rstrip(".")) and not self.is_known_name(w) for w in words):
                continue
            s0 = ps + mm.start(1)
            if s0 in self.title_chars or s0 in self.blocked:
                continue
            self.add(s0, ps + mm.end(1), "NAME_PATIENT", 0.8)

    def _tok_at_or_after(self, pos: int) -> int | None:
        i = self.starts.get(pos)
        if i is not None:
            return i
        k = bisect.bisect_left(self._tok_starts, pos)
        return k if k < len(self.toks) else None

    # ------------------------------------------------------------------ propagation
    def propagate(self, spans: list[PhiSpan]) -> None:
        """Tag every other mention (and spelling, case or genitive variant) of a name found once."""
        names = name_words(self.text, spans, self.propagatable)
        phrases = name_phrases(self.text, spans)
        for s in find_mentions(self.text, names, self.blocked_spans, phrases):
            self.add(s.start, s.end, s.label, s.score)

    def propagatable(self, w: str) -> bool:
        """A name word that may be searched for elsewhere: not a particle, cue or ordinary noun."""
        return propagatable_word(w, self.language)

    def run(self) -> list[PhiSpan]:
        self.title_names()
        self.cue_names()
        if self.language == "de":
            self.label_cue_names()
        self.birth_names()
        self.recipient_lines(self.streets)
        self.postnominal_names()
        self.signature_names()
        self.gazetteer_names()
        if self.language == "de":
            self.initial_names()
        self.propagate(list(self.out))
        self.places()
        self.locative_places()
        return self.out


def find_names(text: str, language: str = "de", title_spans: list[PhiSpan] | None = None,
               blocked: list[PhiSpan] | None = None, streets: list[PhiSpan] | None = None) -> list[PhiSpan]:
    """Names and list-based places for one document (see NameFinder)."""
    return NameFinder(text, language, title_spans, blocked, streets).run()


def propagatable_word(w: str, language: str = "de") -> bool:
    """A name word that may be searched for elsewhere (in the same letter or in another letter of the
    same patient): not a particle, cue or ordinary noun -- unless it is a known surname that is no word."""
    if len(w) < 3 or w in PARTICLES or w in NEVER_NAME:
        return False
    is_common, _ = common_word_checker(language)
    _ff, _fm, last, common_de, common_en, *_ = _lists()
    common = common_de if language == "de" else common_en
    if w.isupper() and len(w) > 1:
        return not (w.lower() in common) or (w.title() in last and w.lower() not in common)
    return not is_common(w) or (w in last and w.lower() not in common)


@lru_cache(maxsize=4)
def common_word_checker(language: str = "de"):
    """is_common(word) used by the address/hospital rules."""
    _ff, _fm, _last, common_de, common_en, cities, _c, _s = _lists()
    common = common_de if language == "de" else common_en

    def is_common(w: str) -> bool:
        lw = w.lower()
        if lw in common:
            return True
        return language == "de" and len(w) > 5 and bool(_NOUN_SUFFIX.search(lw)) and w not in _ff and w not in _fm and w not in _last

    def is_city(w: str) -> bool:
        return w in cities

    return is_common, is_city

