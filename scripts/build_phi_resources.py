"""One-off exporter for the word lists in resources/phi/.

Run once (``.venv/bin/python scripts/build_phi_resources.py [shared_data_dir]``) so that
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


def export_safe_vocabulary(out: Path, top_de: int = 150_000, top_en: int = 100_000) -> None:
    """safe_de.txt / safe_en.txt for strict mode: ordinary words that are no person names.

    Sources (build time only: ``pip install pyspellchecker german-nouns``): pyspellchecker's de and en
    word frequency lists (the most frequent words), every inflected form of german-nouns' Wiktionary
    nouns except first names, surnames, toponyms and other proper names, and the common/clinical
    lists already in resources/phi. Words that are also first or last names in our name lists are
    dropped unless Wiktionary lists them as ordinary nouns (Müller, Weber, Koch stay)."""
    import csv

    import german_nouns
    from spellchecker import SpellChecker

    proper = ("Toponym", "Vorname", "Nachname", "Eigenname", "Straßenname")
    nouns: set[str] = set()
    with open(Path(german_nouns.__path__[0]) / "nouns.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if any(p in (row.get("pos") or "") for p in proper):
                continue
            for key, value in row.items():
                if key in ("lemma", "nominativ plural", "genitiv singular", "dativ plural") and value and " " not in value:
                    nouns.add(value.strip().lower())
    names = {w.lower() for fname in ("first_names_de_female.txt", "first_names_de_male.txt", "first_names_en_female.txt",
                                     "first_names_en_male.txt", "last_names_de.txt", "last_names_en.txt")
             for w in (out / fname).read_text(encoding="utf-8").splitlines() if w.strip() and " " not in w.strip()}
    for lang, top, extra in (("de", top_de, ("common_de.txt", "clinical_de.txt")), ("en", top_en, ("common_en.txt",))):
        freq = SpellChecker(language=lang).word_frequency.dictionary
        words = {w for w, _ in sorted(freq.items(), key=lambda kv: -kv[1])[:top] if _WORD.fullmatch(w)}
        for fname in extra:
            words.update(w.lower() for w in (out / fname).read_text(encoding="utf-8").split())
        if lang == "de":
            words |= nouns
        words = {w for w in words if len(w) > 1 and (w not in names or w in nouns)}
        (out / f"safe_{lang}.txt").write_text(
            "# ordinary words for strict mode (scripts/build_phi_resources.py export_safe_vocabulary)\n"
            + "\n".join(sorted(words)) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[2] / "shared" / "data"
    RESOURCE_DIR.mkdir(parents=True, exist_ok=True)
    export_names(RESOURCE_DIR)
    export_professions(RESOURCE_DIR)
    if data.exists():
        export_common_words(data, RESOURCE_DIR)
    export_safe_vocabulary(RESOURCE_DIR)
    print(f"wrote lists to {RESOURCE_DIR}")


if __name__ == "__main__":
    main()
