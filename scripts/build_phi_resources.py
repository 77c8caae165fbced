"""One-off exporter for the word lists in resources/phi/.

Run once (``.venv/bin/python scripts/build_phi_resources.py [shared_data_dir] [--safe-vocabulary]``;
the safe vocabulary of strict mode needs ``pip install pyspellchecker german-nouns``, at build time
only) so that
runtime detection never depends on Faker internals or on the shared corpora. The common-word
lists are built only from general German/English text (GerMedIQ answers, WMT biomedical
abstracts, MedQuAD answers) -- never from the GraSCCo PHI annotations, so no evaluation label
leaks into the detector.
"""

from __future__ import annotations

import csv
import importlib
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from appliance.pipeline.phi.resources import RESOURCE_DIR

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PHI_QUESTION = re.compile(r"Vorname|Nachname|Geburtsdatum|Hausarzt|Klinik/Praxis|Wohnort|Adresse|angesprochen", re.I)


def _faker_attr(module: str, provider_attr: str) -> list[str]:
    try:
        mod = importlib.import_module(module)
    except ImportError:
        return []
    value = getattr(mod.Provider, provider_attr, ())
    return [str(v) for v in value]


def export_names(out: Path) -> None:
    """Faker person/address lists -> plain text files (one entry per line)."""
    person = "faker.providers.person.{}"
    address = "faker.providers.address.{}"
    groups = {
        "first_names_de_female.txt": [(person.format(loc), "first_names_female") for loc in ("de_DE", "de_AT", "de_CH")],
        "first_names_de_male.txt": [(person.format(loc), "first_names_male") for loc in ("de_DE", "de_AT", "de_CH")],
        "last_names_de.txt": [(person.format(loc), "last_names") for loc in ("de_DE", "de_AT", "de_CH")],
        "first_names_en_female.txt": [(person.format("en_US"), "first_names_female")],
        "first_names_en_male.txt": [(person.format("en_US"), "first_names_male")],
        "last_names_en.txt": [(person.format("en_US"), "last_names")],
        "cities_faker.txt": [(address.format(loc), "cities") for loc in ("de_DE", "de_AT", "de_CH")],
        "countries.txt": [(address.format(loc), "countries") for loc in ("de_DE", "en_US")],
        "states.txt": [(address.format(loc), "states") for loc in ("de_DE", "de_AT", "en_US")],
    }
    for fname, sources in groups.items():
        values: set[str] = set()
        for mod, attr in sources:
            values.update(v.strip() for v in _faker_attr(mod, attr) if v.strip())
        (out / fname).write_text("\n".join(sorted(values)) + "\n", encoding="utf-8")


def export_english_address_words(out: Path) -> None:
    """Street suffixes of Faker's en_AU/en_NZ/en_GB/en_IE/en_PH providers that the US list lacks, and
    the regions (US states, Canadian provinces, Australian states, UK/Irish counties) with their
    abbreviations, for English address blocks (pipeline/phi/english.py)."""
    address = "faker.providers.address.{}"
    us = set(_faker_attr(address.format("en_US"), "street_suffixes"))
    intl: set[str] = set()
    for loc in ("en_AU", "en_NZ", "en_GB", "en_IE", "en_PH", "en_CA"):
        intl.update(v.strip() for v in _faker_attr(address.format(loc), "street_suffixes") if v.strip())
    head = "# street suffixes of Faker's en_AU/en_NZ/en_GB/en_IE/en_PH providers not in street_suffixes_en.txt\n"
    (out / "street_suffixes_intl_en.txt").write_text(head + "\n".join(sorted(intl - us)) + "\n", encoding="utf-8")
    regions: set[str] = set()
    for loc, attrs in (("en_US", ("states", "states_abbr")), ("en_CA", ("provinces", "provinces_abbr")),
                       ("en_AU", ("states", "states_abbr")), ("en_GB", ("counties",)), ("en_IE", ("counties",))):
        for attr in attrs:
            regions.update(v.strip() for v in _faker_attr(address.format(loc), attr) if v.strip())
    head = "# US states, Canadian provinces, Australian states, UK and Irish counties, with abbreviations (Faker)\n"
    (out / "regions_en.txt").write_text(head + "\n".join(sorted(regions)) + "\n", encoding="utf-8")
    # real towns of Faker's locales whose lists hold real places (cities_world_en.txt is hand-written)
    towns: set[str] = set()
    for loc in ("en_IN", "en_BD", "pl_PL", "pt_PT", "sv_SE", "id_ID", "ro_RO", "hr_HR", "sl_SI", "cs_CZ", "da_DK", "fi_FI"):
        towns.update(v.strip() for v in _faker_attr(address.format(loc), "cities")
                     if re.fullmatch(r"[A-Za-zÀ-ɏ'. \-]+", v.strip()))
    head = "# real towns from Faker's en_IN/en_BD/pl_PL/pt_PT/sv_SE/id_ID/ro_RO/hr_HR/sl_SI/cs_CZ/da_DK/fi_FI lists\n"
    (out / "cities_intl_en.txt").write_text(head + "\n".join(sorted(towns)) + "\n", encoding="utf-8")


def _count_words(texts, counter: Counter, lower_seen: set | None = None) -> None:
    for text in texts:
        for w in _WORD.findall(text):
            counter[w.lower()] += 1
            if lower_seen is not None and w[0].islower():
                lower_seen.add(w.lower())


def _germediq(data: Path):
    path = data / "germediq" / "GerMedIQ-Human.csv"
    if not path.exists():
        return
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            question = row.get("question") or ""
            yield question
            # answers that are themselves PHI (names, birth dates, doctors, clinics) would teach
            # the list that surnames are ordinary words
            if not _PHI_QUESTION.search(question):
                yield row.get("response") or ""


def _wmt(data: Path, lang: str):
    folder = data / "wmt_biomed_de_en"
    for path in sorted(folder.glob(f"*.{lang}")):
        yield path.read_text(encoding="utf-8")


def _medquad(data: Path, limit: int = 4000):
    n = 0
    for path in sorted((data / "medquad").rglob("*.xml")):
        try:
            root = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        for el in root.iter("Answer"):
            if el.text:
                yield el.text
                n += 1
        if n >= limit:
            return


def export_common_words(data: Path, out: Path) -> None:
    """Lower-cased general vocabulary: a capitalised token found here is a noun, not a name."""
    de: Counter = Counter()
    de_lower: set = set()
    _count_words(_germediq(data), de, de_lower)
    _count_words(_wmt(data, "de"), de, de_lower)
    en: Counter = Counter()
    en_lower: set = set()
    _count_words(_wmt(data, "en"), en, en_lower)
    _count_words(_medquad(data), en, en_lower)
    # place names (only ever written capitalised) are proper nouns, not vocabulary: "Ulm", "Berlin"
    places = set()
    for fname in ("cities_faker.txt", "cities_major.txt", "countries.txt", "states.txt"):
        path = out / fname
        if path.exists():
            places.update(x.strip().lower() for x in path.read_text(encoding="utf-8").splitlines() if x.strip())
    for fname, counter, lower_seen in (("common_de.txt", de, de_lower), ("common_en.txt", en, en_lower)):
        words = sorted(w for w, c in counter.items()
                       if c >= (1 if fname == "common_de.txt" else 2) and len(w) > 1
                       and not (w in places and w not in lower_seen))
        (out / fname).write_text("\n".join(words) + "\n", encoding="utf-8")


def export_professions(out: Path) -> None:
    """Single-word German job titles in male and female form, from Faker's de_AT and de_DE job lists
    ("Abfallberater*in" -> Abfallberater, Abfallberaterin)."""
    words: set[str] = set()
    for loc in ("de_AT", "de_DE"):
        for job in _faker_attr(f"faker.providers.job.{loc}", "jobs"):
            if " " in job or "(" in job or "/" in job:
                continue
            if job.endswith("*in"):
                words.update({job[:-3], job[:-3] + "in"})
            elif job.endswith("*r"):
                words.update({job[:-2], job[:-2] + "r"})
            elif "*" not in job:
                words.add(job)
    words = {w for w in words if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß\-]{3,}", w)}
    (out / "professions_de.txt").write_text("\n".join(sorted(words)) + "\n", encoding="utf-8")


def _general_words(data: Path) -> tuple[Counter, set, Counter, set]:
    """Word counts (and words seen lower-case) of the general German and English text in shared/data."""
    de: Counter = Counter()
    de_lower: set = set()
    en: Counter = Counter()
    en_lower: set = set()
    if data.exists():
        _count_words(_germediq(data), de, de_lower)
        _count_words(_wmt(data, "de"), de, de_lower)
        _count_words(_wmt(data, "en"), en, en_lower)
        _count_words(_medquad(data, limit=10**9), en, en_lower)
    return de, de_lower, en, en_lower


#: Faker locales whose person names are taken out of the safe vocabulary (unless the word is an
#: ordinary one). The locales of the name-swap check (evaluate.swap_names: pl, tr, it, hr, fr, cs)
#: are left out on purpose, so that check still measures names strict mode has never seen.
NAME_LOCALES = ("de_DE", "de_AT", "de_CH", "en_US", "en_GB", "en_IE", "en_AU", "en_CA", "nl_NL", "sv_SE",
                "da_DK", "no_NO", "es_ES", "pt_BR", "ro_RO", "hu_HU", "sk_SK", "sl_SI", "lt_LT", "fi_FI")


def _faker_names() -> set[str]:
    names: set[str] = set()
    for loc in NAME_LOCALES:
        for attr in ("first_names", "first_names_female", "first_names_male", "last_names"):
            for v in _faker_attr(f"faker.providers.person.{loc}", attr):
                names.update(p.lower() for p in re.split(r"[\s\-]", v) if len(p) > 2)
    return names


def _prune_derivable(words: set[str], lang: str) -> set[str]:
    """Drop the forms the runtime derives anyway (an inflected form of a kept stem, a compound of kept
    parts), shortest first so that a dropped word never relies on another dropped word."""
    from appliance.pipeline.phi import vocabulary as voc

    kept: set[str] = set()
    for w in sorted(words, key=lambda x: (len(x), x)):
        if len(w) >= 6 and voc.derivable(w, lang, kept):
            continue
        kept.add(w)
    return kept


def export_safe_vocabulary(out: Path, data: Path | None = None, min_en_freq: int = 50) -> None:
    """safe_de.txt, safe_de_core.txt, safe_en.txt for strict mode: ordinary words, no person names.

    Build time only (``.venv/bin/pip install pyspellchecker german-nouns``; runtime reads the lists):
    pyspellchecker's de and en word-frequency lists, every form of german-nouns' Wiktionary nouns
    except first names, surnames, toponyms and other proper names, the common/clinical lists already
    in resources/phi, and the words of the general medical text in shared/data (GerMedIQ, WMT
    biomedical de/en, MedQuAD; never the GraSCCo letters or their PHI labels). Person names are
    taken out: the first names of resources/phi and the Faker names of NAME_LOCALES, unless the
    word is a Wiktionary noun or the general text writes it in lower case (Müller, Weber, Koch,
    Bauer, lang stay: strict mode is about the unknown words). safe_de_core.txt holds the words
    trusted as short compound parts (noun forms and the words of the general text).
    Forms the runtime derives anyway (inflections, compounds of kept parts) are not written."""
    import german_nouns
    from spellchecker import SpellChecker

    data = data or Path(__file__).resolve().parents[2] / "shared" / "data"
    proper = ("Toponym", "Vorname", "Nachname", "Eigenname", "Straßenname")
    forms = ("lemma", "nominativ plural", "genitiv singular", "dativ plural", "genitiv plural")
    nouns: set[str] = set()
    with open(Path(german_nouns.__path__[0]) / "nouns.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if any(p in (row.get("pos") or "") for p in proper):
                continue
            for key, value in row.items():
                if value and " " not in value and (key in forms or (key or "").startswith(forms[1:])):
                    nouns.add(value.strip().lower())
    de_gen, de_lower, en_gen, en_lower = _general_words(data)
    first = {w.lower() for fname in ("first_names_de_female.txt", "first_names_de_male.txt", "first_names_en_female.txt",
                                     "first_names_en_male.txt")
             for w in (out / fname).read_text(encoding="utf-8").split()}
    names = first | _faker_names() | {w.lower() for fname in ("last_names_de.txt", "last_names_en.txt")
                                      for w in (out / fname).read_text(encoding="utf-8").split()}
    ordinary = nouns | de_lower | en_lower

    def clean(words: set[str]) -> set[str]:
        return {w for w in words if len(w) > 1 and _WORD.fullmatch(w) and (w not in names or w in ordinary)}

    sc_de = SpellChecker(language="de").word_frequency.dictionary
    sc_en = SpellChecker(language="en").word_frequency.dictionary
    listed_de = {w.lower() for fname in ("common_de.txt", "clinical_de.txt")
                 for w in (out / fname).read_text(encoding="utf-8").split()}
    de = clean(set(sc_de) | nouns | listed_de | set(de_gen))
    core = clean(nouns | listed_de | set(de_gen))
    en = clean({w for w, c in sc_en.items() if c >= min_en_freq}
               | {w.lower() for w in (out / "common_en.txt").read_text(encoding="utf-8").split()}
               | {w for w, c in en_gen.items() if c >= 2 and w in en_lower})
    header = "# ordinary words for strict mode (scripts/build_phi_resources.py export_safe_vocabulary)\n"
    # the core list keeps stems only: the runtime strips German endings before looking a word up there
    endings = ("s", "es", "n", "en", "e", "er", "em", "ern", "ns", "ens")
    core_kept: set[str] = set()
    for w in sorted(core, key=lambda x: (len(x), x)):
        if not any(w.endswith(e) and len(w) - len(e) >= 3 and w[: len(w) - len(e)] in core_kept for e in endings):
            core_kept.add(w)
    (out / "safe_de_core.txt").write_text(header + "\n".join(sorted(core_kept)) + "\n", encoding="utf-8")
    # the runtime derives against the core list too: write it first, then prune against it
    from appliance.pipeline.phi import vocabulary as voc

    voc.reset()
    for lang, words in (("en", en), ("de", de)):  # English first: German compounds may hold English parts
        voc.reset()
        kept = _prune_derivable(words, lang)
        (out / f"safe_{lang}.txt").write_text(header + "\n".join(sorted(kept)) + "\n", encoding="utf-8")
    voc.reset()


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    safe_only = "--safe-vocabulary" in argv  # rebuild only the strict-mode lists
    argv = [a for a in argv if a != "--safe-vocabulary"]
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared" / "data"
    RESOURCE_DIR.mkdir(parents=True, exist_ok=True)
    if safe_only:
        export_safe_vocabulary(RESOURCE_DIR, data)
        print(f"wrote the safe vocabulary to {RESOURCE_DIR}")
        return
    export_names(RESOURCE_DIR)
    export_english_address_words(RESOURCE_DIR)
    export_professions(RESOURCE_DIR)
    if data.exists():
        export_common_words(data, RESOURCE_DIR)
    export_safe_vocabulary(RESOURCE_DIR, data)
    print(f"wrote lists to {RESOURCE_DIR}")


if __name__ == "__main__":
    main()
