"""Translation stage: segmentation, surrogate protection, CTranslate2 on a tiny random Marian model
converted by the installer's code, the project stage (resume, flags, skip English) and the CLI verb."""
from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, fields

import pytest

from appliance.models import ModelError, ModelStore
from appliance.models.store import check_layout
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.translate import (
    CT2Translator,
    SegmentResult,
    TranslateOptions,
    TranslateReport,
    lost_surrogates,
    protect,
    restore,
    run_translate,
    segment_text,
    split_sentences,
    translate_sections,
)
from appliance.project import Cancelled, JobControl, Project, ProjectError
from tiny_models import (
    SHARED,
    load_installer,
)

GRASCCO = SHARED / "data" / "grascco" / "txt"
pytestmark = pytest.mark.filterwarnings("ignore:Recommended.*sacremoses")

LETTER = """KLINIKUM BEISPIELSTADT
Medizinische Klinik II

Herrn
Dr. med. Helge Klabauter
Friesische Str. 21 a
24937 Flensburg

Flensburg, 27. März 2025

Betr.: Asger Baastrup, geb. 5.7.54

Sehr geehrter Herr Kollege Klabauter,

wir berichten über Herrn Baastrup, der vom 8.3. bis 22.3.2025 bei uns in stationärer Behandlung war.

Diagnosen:
1. Narbige Blasenhalsstenose nach Prostata-Adenom-Enukleation 2006
2. Herzinsuffizienz
- Bekannte Blindheit bds.

Therapie und Verlauf:
Resektion des Blasenhalses am 15.3.2025. Histologisch zeigte sich Narbengewebe. Herr Baastrup wurde am 22.3.2025 entlassen.

Mit freundlichen Grüßen
Dr. Blasenstein
"""


# ------------------------------------------------------------------------------ helpers
class Identity:
    def translate(self, segments):
        return [SegmentResult(s, len(s.split()), len(s.split())) for s in segments]


class Shouting:
    """Upper-cases and drops every placeholder-looking token, like a model that mangles them."""

    def __init__(self):
        self.calls = []

    def translate(self, segments):
        self.calls.append(list(segments))
        return [SegmentResult(re.sub(r"(QZX|XQZ|ZXQ|QXJ)\s?\d+", "", s, flags=re.I).upper(), 1, 1) for s in segments]


def spans_of(text: str, *pairs: tuple[str, str]) -> list[list]:
    """[start, end, label] of each (surrogate, label), searched left to right."""
    spans, pos = [], 0
    for word, label in pairs:
        start = text.index(word, pos)
        spans.append([start, start + len(word), label])
        pos = start + len(word)
    return spans


def german_letters(n: int = 1) -> list[str]:
    if GRASCCO.is_dir():
        files = sorted(GRASCCO.glob("*.txt"))[:n]
        return [f.read_text(encoding="utf-8-sig") for f in files]
    return [LETTER]


def line_shape(text: str) -> list[str]:
    """What must survive translation: per line, blank or not and its indentation + list prefix."""
    shape = []
    for line in text.split("\n"):
        m = re.match(r"\s*(?:[-–•*]\s+|\(?\d{1,3}[.)]\s+)?", line)
        shape.append("<blank>" if not line.strip() else m.group())
    return shape


def pseudonymize(project) -> None:
    run_pseudonymize(project, PseudonymizeOptions(irreversible=True))


def import_texts(project, tmp_path, texts: dict[str, str]):
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    run_import(project, ImportOptions(paths=[str(folder)]))


# ------------------------------------------------------------------------------ segmentation
@pytest.mark.parametrize("text", german_letters(6) + [LETTER, "", "\n\n", "  - a\n\t1. b\r\nc: d"])
def test_segmentation_is_lossless_and_single_line(text):
    pieces = segment_text(text)
    assert "".join(p.text for p in pieces) == text
    for p in pieces:
        if p.translate:
            assert "\n" not in p.text and "\r" not in p.text and p.text == p.text.strip()


def test_segmentation_keeps_prefixes_headings_and_blank_lines_verbatim():
    text = "Diagnosen:\n1. Herzinsuffizienz\n  - Blindheit bds.\n\na) Erste Zeile. Zweite Zeile.\nCHEFARZT: DR. H. X"
    out = translate_sections([{"section_id": 1, "text": text, "surrogates": []}], Shouting())[0]["text"]
    assert out == "DIAGNOSEN:\n1. HERZINSUFFIZIENZ\n  - BLINDHEIT BDS.\n\na) ERSTE ZEILE. ZWEITE ZEILE.\nCHEFARZT: DR. H. X"
    translated = [p.text for p in segment_text(text) if p.translate]
    assert "Diagnosen" in translated and "1. Herzinsuffizienz" not in translated and "Herzinsuffizienz" in translated


def test_sentence_split_respects_abbreviations_ordinals_and_initials():
    text = "Hr. Baastrup war am 27. März bei Dr. H. Blasenstein. Die Werte z.B. Kreatinin waren gut! Entlassung."
    sentences = [s for s in split_sentences(text) if s.strip()]
    assert sentences == [
        "Hr. Baastrup war am 27. März bei Dr. H. Blasenstein.",
        "Die Werte z.B. Kreatinin waren gut!",
        "Entlassung.",
    ]


def test_long_sentences_are_cut_below_the_limit():
    text = ", ".join(["ein sehr langer Satzteil mit vielen Wörtern"] * 40) + "."
    pieces = segment_text(text, max_chars=120)
    assert "".join(p.text for p in pieces) == text
    assert all(len(p.text) <= 120 for p in pieces if p.translate)


# ------------------------------------------------------------------------------ surrogates
def test_placeholders_round_trip_and_offsets():
    text = "Herr Baastrup kam am 8.3.2025 zu Dr. Klabauter."
    spans = [[5, 13, "NAME_PATIENT"], [21, 29, "DATE"], [37, 46, "NAME_DOCTOR"]]
    prot = protect(text, spans)
    assert "Baastrup" not in prot.text and prot.text.count("QZX") == 3
    back, offsets = restore(prot.text, prot)
    assert back == text
    assert restore("QZX 2 und QZX9.", prot)[0] == "8.3.2025 und ."  # a space inserted; a made-up one dropped
    assert [text[s:e] for s, e, _ in offsets] == ["Baastrup", "8.3.2025", "Klabauter"]


def test_identity_translation_is_exact_and_records_surrogate_offsets():
    text = "Herr Baastrup kam am 8.3.2025.\n\n- Dr. Klabauter: Kontrolle."
    spans = spans_of(text, ("Baastrup", "NAME_PATIENT"), ("8.3.2025", "DATE"), ("Klabauter", "NAME_DOCTOR"))
    row = translate_sections([{"section_id": 7, "text": text, "surrogates": spans}], Identity())[0]
    assert row["text"] == text
    assert row["flags"]["lost_surrogates"] == [] and row["flags"]["needs_review"] is False
    assert [text[s:e] for s, e, _ in row["flags"]["surrogates"]] == ["Baastrup", "8.3.2025", "Klabauter"]


def test_a_model_that_drops_placeholders_still_keeps_every_surrogate():
    text = "Herr Baastrup wurde am 8.3.2025 aufgenommen. Kein Befund.\nEntlassung am 22.3.2025 durch Dr. Klabauter."
    spans = spans_of(text, ("Baastrup", "NAME_PATIENT"), ("8.3.2025", "DATE"), ("22.3.2025", "DATE"),
                     ("Klabauter", "NAME_DOCTOR"))
    fake = Shouting()
    row = translate_sections([{"section_id": 1, "text": text, "surrogates": spans}], fake)[0]
    assert row["text"] == "HERR Baastrup WURDE AM 8.3.2025 AUFGENOMMEN. KEIN BEFUND.\nENTLASSUNG AM 22.3.2025 DURCH DR. Klabauter."
    assert row["flags"]["needs_review"] is False and row["flags"]["fallback_segments"] == 2
    assert len(fake.calls) == 2  # one pass for all sentences, one for the fragments of the failed ones
    assert not any("Baastrup" in s for call in fake.calls for s in call)  # surrogates never reach the model


def test_lost_surrogates_are_flagged_when_not_protected():
    text = "Herr Baastrup kam am 8.3.2025."
    spans = [[5, 13, "NAME_PATIENT"], [21, 29, "DATE"]]
    row = translate_sections([{"section_id": 1, "text": text, "surrogates": spans}], Shouting(), protect_surrogates=False)[0]
    assert row["flags"]["needs_review"] is True
    assert row["flags"]["lost_surrogates"] == ["NAME_PATIENT"]  # the date has no letters to shout
    assert lost_surrogates(text, spans, "Mr Baastrup came") == ["DATE"]
    assert lost_surrogates("A A", [[0, 1, "X"], [2, 3, "X"]], "A") == ["X"]  # counted per occurrence


# ------------------------------------------------------------------------------ CTranslate2 + installer
def test_installer_conversion_produces_a_store_ready_folder(tiny_translation_model):
    hf_dir, ct2_dir = tiny_translation_model
    for name in ("model.bin", "source.spm", "target.spm", "config.json", "staging.json"):
        assert (ct2_dir / name).is_file(), name
    assert check_layout(ct2_dir, "translation") == []
    assert json.loads((ct2_dir / "staging.json").read_text())["quantization"] == "int8"
    with pytest.raises(FileExistsError):
        load_installer().convert_translation_model(hf_dir, ct2_dir)


def test_ct2_float32_matches_transformers_greedy(tiny_translation_model, tmp_path):
    import ctranslate2
    import torch
    from transformers import MarianMTModel, MarianTokenizer

    hf_dir, _ = tiny_translation_model
    f32 = load_installer().convert_translation_model(hf_dir, tmp_path / "f32", quantization="float32")
    tok = MarianTokenizer.from_pretrained(str(hf_dir))
    model = MarianMTModel.from_pretrained(str(hf_dir)).eval()
    sources = ["Der Patient zeigt eine Fraktur des Knies.", "Keine Auffälligkeiten."]
    with torch.no_grad():
        enc = tok(sources, return_tensors="pt", padding=True)
        hf = model.generate(**enc, num_beams=1, do_sample=False, max_new_tokens=12, min_new_tokens=12)
    ct2 = ctranslate2.Translator(str(f32)).translate_batch(
        [tok.convert_ids_to_tokens(tok(s).input_ids) for s in sources], beam_size=1, max_decoding_length=11
    )
    for row, res in zip(hf, ct2):
        hf_tokens = [t for t in tok.convert_ids_to_tokens(row) if t != "<pad>"][:11]
        assert res.hypotheses[0] == hf_tokens


def test_ct2_translator_guards_decoding_length(tiny_translation_model):
    _, ct2_dir = tiny_translation_model
    tr = CT2Translator(ct2_dir, device="cpu", compute_type="auto", beam_size=2, batch_size=4, max_decoding_length=40)
    segments = ["Kurz.", "Der Patient zeigt eine Fraktur des Knies und eine Entzündung der Lunge.", "Nein"] * 3
    results = tr.translate(segments)
    assert len(results) == len(segments)
    for r in results:  # the limit is per batch: 1.5 x its longest input + 10, at most 40
        assert r.target_tokens <= 40 and "\n" not in r.text
    (short,) = tr.translate(["Nein"])
    assert short.target_tokens <= int(1.5 * short.source_tokens) + 10
    assert [r.source_tokens for r in results[:3]] == [r.source_tokens for r in results[3:6]]  # order kept
    assert [r.text for r in tr.translate(segments)] == [r.text for r in results]  # deterministic
    assert any(r.hit_limit for r in results)  # a random model runs away; the guard stops it


def test_bad_compute_type_and_missing_gpu_are_explained(tiny_translation_model):
    import ctranslate2

    _, ct2_dir = tiny_translation_model
    with pytest.raises(ModelError, match="compute type"):
        CT2Translator(ct2_dir, device="cpu", compute_type="int4")
    if ctranslate2.get_cuda_device_count() == 0:
        with pytest.raises(ModelError, match="GPU"):
            CT2Translator(ct2_dir, device="cuda")
        with pytest.raises(ModelError, match="not supported"):
            CT2Translator(ct2_dir, device="cpu", compute_type="float16")


def test_a_gpu_that_ctranslate2_cannot_use_falls_back_to_cpu_on_auto(tiny_translation_model, monkeypatch):
    import ctranslate2

    _, ct2_dir = tiny_translation_model
    if ctranslate2.get_cuda_device_count() > 0:
        pytest.skip("a usable GPU is present")
    real = ctranslate2.Translator

    def no_cuda(path, device="cpu", **kw):
        if device == "cuda":
            raise RuntimeError("Library libcublas.so.12 is not found or cannot be loaded")
        return real(path, device=device, **kw)

    monkeypatch.setattr(ctranslate2, "get_cuda_device_count", lambda: 1)
    monkeypatch.setattr(ctranslate2, "Translator", no_cuda)
    assert CT2Translator(ct2_dir, device="auto").device == "cpu"
    with pytest.raises(ModelError, match="cannot use the GPU"):
        CT2Translator(ct2_dir, device="cuda")


# ------------------------------------------------------------------------------ the project stage
def test_grascco_letter_keeps_structure_and_every_surrogate(project, tmp_path, tiny_translation_model):
    _, ct2_dir = tiny_translation_model
    store = ModelStore(tmp_path / "store")
    store.add(ct2_dir, "translation", name="tiny-de-en", languages=["de", "en"])
    letters = german_letters(2) + [LETTER]
    import_texts(project, tmp_path, {f"letter{i}.txt": t for i, t in enumerate(letters)})
    pseudonymize(project)
    seen, phases = [], []
    report = run_translate(
        project, TranslateOptions(model="tiny-de-en", device="cpu", beam_size=2, model_store=store, max_decoding_length=64),
        control=JobControl(progress=lambda d, t, m: seen.append((d, t, m)), on_phase=phases.append),
    )
    assert phases == ["Loading the translation model", "Translating"] and seen[0][:2] == (0, 0)
    n_german = project.db.execute(
        "SELECT count(*) FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.language = 'de'"
    ).fetchone()[0]
    assert n_german > 0 and report.sections == n_german and report.flagged == 0
    assert report.model == "tiny-de-en" and report.device == "cpu" and report.lost_surrogates == {}
    assert report.target_tokens_per_s == pytest.approx(report.target_tokens / report.seconds, rel=0.02)
    assert seen[-1][0] == seen[-1][1] == n_german and "ETA" in seen[-1][2]
    rows = project.db.execute(
        "SELECT g.text, g.flags, e.text, e.flags, e.language FROM section_texts g JOIN section_texts e "
        "ON e.section_id = g.section_id AND e.stage = 'translated' WHERE g.stage = 'pseudonymized'"
    ).fetchall()
    assert len(rows) == n_german  # the German row stays, the English one is beside it
    n_surrogates = 0
    for de, de_flags, en, en_flags, lang in rows:
        assert lang == "en"
        assert line_shape(en) == line_shape(de)
        for start, end, _ in json.loads(de_flags)["surrogates"]:
            assert de[start:end] in en
            n_surrogates += 1
        flags = json.loads(en_flags)
        assert flags["lost_surrogates"] == [] and flags["needs_review"] is False
        assert [en[s:e] for s, e, _ in flags["surrogates"]] == [de[s:e] for s, e, _ in json.loads(de_flags)["surrogates"]]
    assert n_surrogates >= 5
    job = project.jobs("translate")[-1]
    assert job["status"] == "done"
    assert project.audit_log()[-1]["action"] == "translate"


def test_killed_run_resumes_with_the_rest_and_english_is_skipped(project, tmp_path, tiny_translation_model):
    _, ct2_dir = tiny_translation_model
    english = "History:\nThe patient presented with chest pain. The ECG was normal.\n\nPlan:\nFollow up in two weeks."
    import_texts(project, tmp_path, {"de.txt": LETTER, "en.txt": english})
    pseudonymize(project)
    languages = {d["language"] for d in project.documents()}
    assert languages == {"de", "en"}
    control = JobControl()
    control.progress = lambda done, total, msg: control.cancel() if done > 0 else None
    with pytest.raises(Cancelled):
        run_translate(project, TranslateOptions(model=str(ct2_dir), device="cpu", beam_size=1, sections_per_commit=1,
                                                max_decoding_length=32), control=control)
    first = project.db.execute("SELECT count(*) FROM section_texts WHERE stage = 'translated'").fetchone()[0]
    assert first == 1 and project.jobs("translate")[-1]["status"] == "cancelled"
    report = run_translate(project, TranslateOptions(model=str(ct2_dir), device="cpu", beam_size=1, max_decoding_length=32))
    assert report.already_done == 1 and report.sections >= 1
    de_sections = project.db.execute(
        "SELECT s.id FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.language = 'de'"
    ).fetchall()
    translated = project.db.execute(
        "SELECT t.section_id, d.language FROM section_texts t JOIN sections s ON s.id = t.section_id "
        "JOIN documents d ON d.id = s.document_id WHERE t.stage = 'translated'"
    ).fetchall()
    assert len(translated) == len(de_sections) and {lang for _, lang in translated} == {"de"}
    again = run_translate(project, TranslateOptions(model=str(ct2_dir), device="cpu"))
    assert again.sections == 0 and again.already_done == len(de_sections)


def test_translate_before_pseudonymize_is_refused(project, tmp_path):
    import_texts(project, tmp_path, {"de.txt": LETTER})
    with pytest.raises(ProjectError, match="pseudonymized") as info:
        run_translate(project, translator=Identity())
    assert info.value.next_step == "pseudonymize" and "appliance" not in str(info.value)


def test_no_translation_model_asks_to_add_one(project, tmp_path):
    import_texts(project, tmp_path, {"de.txt": LETTER})
    pseudonymize(project)
    with pytest.raises(ModelError) as info:
        run_translate(project, TranslateOptions(model_store=str(tmp_path / "empty-store")))
    assert info.value.next_step == "add-model"
    with pytest.raises(ModelError, match="model.bin") as info:
        CT2Translator(tmp_path)
    assert info.value.next_step == "add-model"


def test_loading_can_be_stopped_and_an_injected_translator_is_used(project, tmp_path, tiny_translation_model):
    _, ct2_dir = tiny_translation_model
    import_texts(project, tmp_path, {"de.txt": LETTER})
    pseudonymize(project)
    control = JobControl()
    control.on_phase = lambda label: control.cancel() if label.startswith("Loading") else None
    with pytest.raises(Cancelled):  # checked right after the model is loaded
        run_translate(project, TranslateOptions(model=str(ct2_dir), device="cpu"), control=control)
    assert project.db.execute("SELECT count(*) FROM section_texts WHERE stage = 'translated'").fetchone()[0] == 0
    phases = []
    report = run_translate(project, TranslateOptions(sections_per_commit=2), translator=Identity(),
                           control=JobControl(on_phase=phases.append))
    assert phases == ["Translating"] and report.model == "Identity" and report.device == ""
    assert report.sections > 0 and report.flagged == 0
    data = json.loads(json.dumps(asdict(report)))
    assert set(data) == {f.name for f in fields(TranslateReport)} and data["sections"] == report.sections


# ------------------------------------------------------------------------------ CLI verb
def cli(argv: list[str]) -> int:
    """The ``translate`` verb as ``appliance`` registers it (without the other verb modules)."""
    from appliance.cli import translate as verb

    parser = argparse.ArgumentParser(prog="appliance")
    verb.register(parser.add_subparsers(dest="verb", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_translate_verb(tmp_path, tiny_translation_model, capsys):
    _, ct2_dir = tiny_translation_model
    path = tmp_path / "p.appliance"
    with Project.create(path) as project:
        import_texts(project, tmp_path, {"de.txt": LETTER})
        pseudonymize(project)
    assert cli(["translate", str(path), "--model", str(ct2_dir), "--device", "cpu",
                "--compute-type", "int8", "--beam-size", "1", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)  # the whole of stdout is one JSON document
    assert out["sections"] > 0 and out["flagged"] == 0 and out["compute_type"].startswith("int8")
    assert set(out) == {f.name for f in fields(TranslateReport)} and out["target_tokens_per_s"] > 0
    assert cli(["translate", str(path), "--model", str(ct2_dir), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["sections"] == 0 and again["already_done"] == out["sections"]
    assert cli(["translate", str(path), "--model", str(ct2_dir)]) == 0
    assert capsys.readouterr().out == (
        f"Nothing to translate: all {out['sections']} pseudonymized German sections are translated.\n")


def test_cli_translate_text_report(tmp_path, tiny_translation_model, capsys):
    _, ct2_dir = tiny_translation_model
    path = tmp_path / "p.appliance"
    with Project.create(path) as project:
        import_texts(project, tmp_path, {"de.txt": LETTER})
        pseudonymize(project)
    assert cli(["translate", str(path), "--model", str(ct2_dir), "--device", "cpu", "--beam-size", "1",
                "--max-decoding-length", "16", "--threads", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"Translated \d+ sections of 1 German documents in [\d.]+ s \([\d,.]+ tokens/s, "
                        r"marian-tiny-ct2-int8 on cpu, int8\w*\); 0 were already translated\.", lines[0]), lines[0]
    assert lines[1] == "Every surrogate survived; no section is flagged for review."
