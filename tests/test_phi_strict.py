"""Strict mode (after Philter): capitalised words that are no ordinary words are replaced as names;
the vocabulary understands German compounds."""
from pathlib import Path

import pytest

from appliance.pipeline.phi import deid_scores, detect_phi, load_gold
from appliance.pipeline.phi.evaluate import read_id_list, split_gold
from appliance.pipeline.phi.vocabulary import is_safe

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "grascco-phi" / "dev.jsonl"


@pytest.mark.parametrize("word", ["Oberbauchschmerzen", "Schilddrüsenunterfunktion", "Nierenarterienstenose",
                                  "Blutdruck-Einstellung", "Entlassungsbrief", "Vorbefunde", "Zellzahl", "Aszites",
                                  "Makula", "Koronararterie", "Metoprolol"])
def test_ordinary_words_and_compounds_are_safe(word):
    assert is_safe(word, "de")


@pytest.mark.parametrize("word", ["Wrzlbrmft", "Kowalczykowa", "Brzeski", "Szymańska", "Ximena", "Jonas",
                                  "Strzelecki", "Okonkwo", "Lindqvist"])
def test_unknown_names_are_not_safe(word):
    assert not is_safe(word, "de")


def _covered(text, spans, word):
    i = text.index(word)
    return any(s.start <= i and i + len(word) <= s.end for s in spans)


def test_strict_mode_catches_a_name_without_any_cue_and_keeps_ordinary_text():
    text = ("Danach wurde Wrzlbrmft auf die Intensivstation verlegt. Unter Pantoloc 40 mg und Lasix 1-0-0 "
            "besserten sich die Oberbauchschmerzen. Der Aszites war rückläufig, EKG und MRT unauffällig.")
    default = detect_phi(text, "de")
    strict = detect_phi(text, "de", strict=True)
    assert not _covered(text, default, "Wrzlbrmft")
    assert _covered(text, strict, "Wrzlbrmft")
    for word in ("Intensivstation", "Pantoloc", "Lasix", "Oberbauchschmerzen", "Aszites", "EKG", "MRT", "Danach"):
        assert not _covered(text, strict, word), word
    assert all(s.label == "NAME_OTHER" for s in strict if s not in default)


def test_strict_mode_takes_a_word_the_text_also_writes_in_lower_case_for_a_word():
    text = "Befund: Sono unauffällig. Im sono keine Auffälligkeiten. Wrzlbrmft kam."
    spans = detect_phi(text, "de", strict=True)
    assert not _covered(text, spans, "Sono") and _covered(text, spans, "Wrzlbrmft")


@pytest.mark.skipif(not DEV.exists(), reason="shared GraSCCo-PHI dev set not available")
def test_strict_mode_on_the_locked_dev_letters():
    _train, locked = split_gold(load_gold(DEV), read_id_list(ROOT / "bench" / "grascco_phi_locked.txt"))
    default = deid_scores(locked, detect_phi)
    strict = deid_scores(locked, lambda t: detect_phi(t, strict=True))
    assert strict["recall"] >= max(0.995, default["recall"]) - 1e-9
    assert strict["precision"] >= 0.5  # the price of strict mode (docs/pseudonymization.md)
