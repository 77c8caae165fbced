import argparse
import json
import re
from dataclasses import asdict, fields

import pytest

from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.pipeline.questions import (
    HeuristicGenerator,
    QuestionsOptions,
    QuestionsReport,
    SectionInput,
    copies_section,
    export_questions,
    filter_questions,
    run_questions,
)
from appliance.project import Cancelled, JobControl, Project, ProjectError

REPORTS = [
    {"id": "r1", "type": "operation", "text": "PREOPERATIVE DIAGNOSIS:,  Right carpal tunnel syndrome.,PROCEDURE:,  Right carpal tunnel release.,"
     "DESCRIPTION OF PROCEDURE:,  The transverse carpal ligament was divided under tourniquet control and the median nerve was decompressed. "
     "The wound was closed with nylon sutures and a volar splint was applied."},
    {"id": "r2", "type": "radiology", "text": "EXAM:,  CT abdomen and pelvis with contrast.,FINDINGS:,  Sigmoid diverticulitis with a small pericolic abscess "
     "measuring 2 cm. No free air. The appendix is normal.,IMPRESSION:,  Acute sigmoid diverticulitis with pericolic abscess."},
    {"id": "r3", "type": "discharge", "text": "Diagnosen: Exazerbierte COPD bei Pneumonie rechts basal\n\nTherapie und Verlauf: Unter Antibiose mit "
     "Ampicillin/Sulbactam und systemischen Steroiden rasche Besserung der Dyspnoe. Herr Konrad Feldmann wurde am 12.02.2024 entlassen."},
]


@pytest.fixture
def pseudo_project(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        run_import(project, ImportOptions(paths=[str(path)], id_field="id", type_field="type"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        yield project


def test_filters_drop_phi_copies_duplicates_and_junk():
    section = "Die Koronarangiographie zeigte eine hochgradige Stenose der proximalen LAD mit gutem Ergebnis nach Stent."
    kept, dropped = filter_questions(
        [
            "Welche Stenose zeigte die Koronarangiographie?",
            "welche Stenose zeigte die Koronarangiographie ?",
            "Wann war die Untersuchung am 12.03.2024?",
            "Was wurde bei Herrn Feldmann gefunden?",
            "Die Koronarangiographie zeigte eine hochgradige Stenose der proximalen LAD mit gutem Ergebnis?",
            "Stenose",
            "x",
        ],
        section,
        require_question_mark=True,
    )
    assert kept == ["Welche Stenose zeigte die Koronarangiographie?"]
    assert dropped == {"duplicate": 1, "looks like PHI": 2, "copies the section": 1, "no question mark": 1, "length": 1}
    assert copies_section("a b c d e f g h", "x a b c d e f g h y")


def test_heuristic_key_phrases_prefer_specific_terms():
    corpus = ["The patient tolerated the procedure well."] * 20 + ["Sigmoid diverticulitis with pericolic abscess."]
    gen = HeuristicGenerator.fit(corpus)
    phrases = gen.key_phrases("The patient has sigmoid diverticulitis with a pericolic abscess.", 2)
    assert phrases and "diverticulitis" in " ".join(phrases).lower() and "patient" not in " ".join(phrases).lower()
    assert gen.title_queries(SectionInput("1.  Right carpal tunnel syndrome.,2.  Diabetes.", "PREOPERATIVE DIAGNOSIS", "en", None)) == [
        "Right carpal tunnel syndrome", "Diabetes"]
    assert gen.title_queries(SectionInput("Long text " * 20, "HISTORY", "en", None)) == []


def _questions(project) -> list[tuple]:
    return project.db.execute(
        "SELECT section_id, document_id, text, generator, kind, prompt_version, seed, source_stage FROM questions ORDER BY id"
    ).fetchall()


def test_stage_writes_questions_from_pseudonymized_text_and_resumes(pseudo_project, tmp_path):
    report = run_questions(pseudo_project, QuestionsOptions(per_section=3))
    assert report.questions > 5 and report.sections == pseudo_project.info()["sections"]
    assert report.generator == "heuristic" and report.exported is None
    rows = list(pseudo_project.db["questions"].rows)
    assert {r["source_stage"] for r in rows} == {"pseudonymized"}
    assert all("Feldmann" not in r["text"] and "Konrad" not in r["text"] for r in rows)
    assert any(r["kind"] == "title" and "carpal tunnel" in r["text"].lower() for r in rows)
    assert set(report.by_doc_type) <= {"operation", "radiology", "discharge"}
    assert sum(report.by_doc_type.values()) == report.questions == len(rows)
    again = run_questions(pseudo_project, QuestionsOptions(per_section=3))
    assert (again.sections, again.already_done, again.questions) == (0, report.sections, 0)
    out = tmp_path / "q.jsonl"
    assert export_questions(pseudo_project, out) == len(rows)
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"question", "section_id", "document_id", "generator"}
    # the report is plain data: one JSON document, the export counted in it
    exported = run_questions(pseudo_project, QuestionsOptions(export=str(tmp_path / "all.jsonl")))
    assert exported.exported == len(rows) == len((tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines())
    assert json.loads(json.dumps(asdict(report)))["dropped"] == report.dropped


def test_cancel_then_resume_gives_the_questions_of_an_uninterrupted_run(pseudo_project, tmp_path):
    phases, seen = [], []
    control = JobControl(on_phase=phases.append)

    def cancel_after_first_batch(done, total, message):
        seen.append((done, total))
        if done > 0:
            control.cancel()

    control.progress = cancel_after_first_batch
    with pytest.raises(Cancelled):
        run_questions(pseudo_project, QuestionsOptions(batch_size=2), control=control)
    assert phases == ["Generating questions"] and seen[0] == (0, pseudo_project.info()["sections"])
    first = pseudo_project.db.execute("SELECT count(*) FROM question_progress").fetchone()[0]
    assert first == 2
    report = run_questions(pseudo_project, QuestionsOptions(batch_size=2))
    assert report.already_done == 2 and report.sections == pseudo_project.info()["sections"] - 2
    resumed = _questions(pseudo_project)

    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    with Project.create(tmp_path / "whole.appliance") as whole:
        run_import(whole, ImportOptions(paths=[str(path)], id_field="id", type_field="type"))
        # the same surrogate seed, so both projects get the same invented names (a random seed made this flaky)
        whole.set_setting("vault.mode", "irreversible")
        whole.set_setting("vault.seed", pseudo_project.get_setting("vault.seed"))
        run_pseudonymize(whole, PseudonymizeOptions(irreversible=True))
        run_questions(whole, QuestionsOptions(batch_size=2))
        uninterrupted = _questions(whole)
    assert resumed == uninterrupted and len(resumed) > 5


class _FakeGenerator:
    """An already loaded model generator (``generator=``): returns canned candidates."""

    name = "llm"
    prompt_version = "fake-1"

    def __init__(self):
        self.calls = 0

    def generate(self, sections, n):
        self.calls += 1
        return [["Welche Diagnose wurde gestellt?", "no question mark", "Was zeigt der Befund am 12.03.2024?"]
                for _ in sections]


def test_an_injected_generator_is_used_and_filtered(pseudo_project):
    fake = _FakeGenerator()
    phases = []
    report = run_questions(pseudo_project, QuestionsOptions(per_section=2, seed=4), generator=fake,
                           control=JobControl(on_phase=phases.append))
    n = pseudo_project.info()["sections"]
    assert fake.calls == 1 and phases == ["Generating questions"]  # nothing to load
    assert report.generator == "llm" and report.sections == n and report.questions == n
    assert report.dropped == {"no question mark": n, "looks like PHI": n}
    rows = list(pseudo_project.db["questions"].rows)
    assert {(r["kind"], r["prompt_version"], r["seed"]) for r in rows} == {("llm", "fake-1", 4)}


def test_refuses_to_work_on_original_text(tmp_path):
    (tmp_path / "a.txt").write_text("Befund: Kein Infiltrat.", encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        run_import(project, ImportOptions(paths=[str(tmp_path / "a.txt")]))
        with pytest.raises(ProjectError, match="pseudonymized") as info:
            run_questions(project)
        assert info.value.next_step == "pseudonymize"
        assert "appliance" not in str(info.value)  # no commands in a core message
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        with pytest.raises(ProjectError, match="translated") as info:
            run_questions(project, QuestionsOptions(use_translation=True))
        assert info.value.next_step == "translate"


def test_unknown_generator_and_missing_model_are_explained(pseudo_project, tmp_path):
    from appliance.models import ModelError

    with pytest.raises(ProjectError, match="unknown generator"):
        run_questions(pseudo_project, QuestionsOptions(generator="gpt:x"))
    with pytest.raises(ModelError) as info:
        run_questions(pseudo_project, QuestionsOptions(generator="llm:no-such-model", model_store=str(tmp_path / "store")))
    assert "appliance" not in str(info.value)
    assert pseudo_project.db.execute("SELECT count(*) FROM questions").fetchone()[0] == 0


def cli(argv: list[str]) -> int:
    """The ``questions`` verb as ``appliance`` registers it (without the other verb modules)."""
    from appliance.cli import questions as verb

    parser = argparse.ArgumentParser(prog="appliance")
    verb.register(parser.add_subparsers(dest="verb", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_questions_json_is_one_document(tmp_path, capsys):
    path = tmp_path / "r.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    project_path = tmp_path / "cli.appliance"
    with Project.create(project_path) as project:
        run_import(project, ImportOptions(paths=[str(path)], id_field="id", type_field="type"))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
    out_file = tmp_path / "q.jsonl"
    assert cli(["questions", str(project_path), "--json", "--export", str(out_file)]) == 0
    out = json.loads(capsys.readouterr().out)  # the whole of stdout is one JSON document
    assert out["questions"] > 5 and out["generator"] == "heuristic" and out["exported"] == out["questions"]
    assert set(out) == {f.name for f in fields(QuestionsReport)}
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == out["questions"]
    assert cli(["questions", str(project_path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("0 questions for 0 sections in ") and f"({out['sections']} sections were done before)" in text


def test_cli_questions_error_carries_the_next_step(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Befund: Kein Infiltrat.", encoding="utf-8")
    project_path = tmp_path / "raw.appliance"
    with Project.create(project_path) as project:
        run_import(project, ImportOptions(paths=[str(tmp_path / "a.txt")]))
    with pytest.raises(ProjectError) as info:  # appliance.cli.main turns it into the error document
        cli(["questions", str(project_path), "--json"])
    assert info.value.next_step == "pseudonymize" and capsys.readouterr().out == ""


def test_grascco_questions_contain_no_gold_phi(shared, tmp_path):
    from appliance.pipeline.phi import load_gold

    gold = load_gold(shared / "bench/grascco-phi/dev.jsonl")
    with Project.create(tmp_path / "p.appliance") as project:
        run_import(project, ImportOptions(paths=[str(shared / "data/grascco/txt")]))
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True))
        report = run_questions(project, QuestionsOptions(per_section=5))
        questions = [r[0] for r in project.db.execute("SELECT text FROM questions")]
        surrogates = set()
        for text, flags in project.db.execute("SELECT text, flags FROM section_texts WHERE stage = 'pseudonymized'"):
            surrogates.update(text[a:b] for a, b, _ in json.loads(flags)["surrogates"])
        docs_with_questions = project.db.execute("SELECT count(DISTINCT document_id) FROM questions").fetchone()[0]
    assert docs_with_questions == 36 and report.questions > 200
    values = {g["text"][s["start"]:s["end"]] for g in gold for s in g["spans"]}
    # gold strings that the letters also use as ordinary words ("Hals", "Finger") are not identifying there
    def outside_gold(v):
        for g in gold:
            for m in re.finditer(rf"(?<!\w){re.escape(v)}(?!\w)", g["text"]):
                if not any(s["start"] <= m.start() < s["end"] for s in g["spans"]):
                    return True
        return False

    # a surrogate may by chance be another letter's real name ("Müller"): that is not a leak of the original
    def is_surrogate(v):
        return any(re.search(rf"(?<!\w){re.escape(v)}(?!\w)", s) for s in surrogates)

    values = {v for v in values if len(v) >= 4 and not outside_gold(v) and not is_surrogate(v)}
    assert len(values) > 200
    hits = [v for v in values for q in questions if re.search(rf"(?<!\w){re.escape(v)}(?!\w)", q)]
    assert hits == []


def test_abbreviations_defined_in_the_reports_give_title_variants():
    from appliance.pipeline.questions import abbreviation_variants, abbreviations

    texts = [
        "Patient underwent incision and drainage (I&D) of the abscess.",
        "History of chronic obstructive pulmonary disease (COPD) and hypertension.",
        "The wound was normal (Normal) today.",  # not an abbreviation: one capital letter
        "Vitamin level (ABCDE) was checked.",  # letters do not match the words before
    ]
    abbr = abbreviations(texts)
    assert abbr == {"incision and drainage": "I&D", "chronic obstructive pulmonary disease": "COPD"}
    back = {v.lower(): k for k, v in abbr.items()}
    assert abbreviation_variants("Incision and drainage of neck abscess", abbr, back) == ["I&D of neck abscess"]
    assert abbreviation_variants("COPD exacerbation", abbr, back) == ["chronic obstructive pulmonary disease exacerbation"]
    assert abbreviation_variants("Knee pain", abbr, back) == []
