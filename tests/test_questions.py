import json
import re

import pytest

from appliance.pipeline.ingest import ImportOptions, import_paths
from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymize_project
from appliance.pipeline.questions import (
    HeuristicGenerator,
    SectionInput,
    copies_section,
    export_questions,
    filter_questions,
    generate_questions,
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
        import_paths(project, [path], ImportOptions(id_field="id", type_field="type"))
        pseudonymize_project(project, None, PseudonymizeOptions(irreversible=True))
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


def test_stage_writes_questions_from_pseudonymized_text_and_resumes(pseudo_project, tmp_path):
    report = generate_questions(pseudo_project, per_section=3)
    assert report.questions > 5 and report.sections == pseudo_project.info()["sections"]
    rows = list(pseudo_project.db["questions"].rows)
    assert {r["source_stage"] for r in rows} == {"pseudonymized"}
    assert all("Feldmann" not in r["text"] and "Konrad" not in r["text"] for r in rows)
    assert any(r["kind"] == "title" and "carpal tunnel" in r["text"].lower() for r in rows)
    assert set(report.by_doc_type) <= {"operation", "radiology", "discharge"}
    again = generate_questions(pseudo_project, per_section=3)
    assert (again.sections, again.already_done, again.questions) == (0, report.sections, 0)
    out = tmp_path / "q.jsonl"
    assert export_questions(pseudo_project, out) == len(rows)
    line = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert set(line) == {"question", "section_id", "document_id", "generator"}


def test_cancel_then_resume(pseudo_project):
    control = JobControl()
    control.progress = lambda done, total, msg: control.cancel()
    with pytest.raises(Cancelled):
        generate_questions(pseudo_project, control=control, batch_size=2)
    first = pseudo_project.db.execute("SELECT count(*) FROM question_progress").fetchone()[0]
    assert first == 2
    report = generate_questions(pseudo_project, batch_size=2)
    assert report.already_done == 2 and report.sections == pseudo_project.info()["sections"] - 2


def test_refuses_to_work_on_original_text(tmp_path):
    (tmp_path / "a.txt").write_text("Befund: Kein Infiltrat.", encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        import_paths(project, [tmp_path / "a.txt"])
        with pytest.raises(ProjectError, match="pseudonymize"):
            generate_questions(project)


def test_grascco_questions_contain_no_gold_phi(shared, tmp_path):
    from appliance.pipeline.phi import load_gold

    gold = load_gold(shared / "bench/grascco-phi/dev.jsonl")
    with Project.create(tmp_path / "p.appliance") as project:
        import_paths(project, [shared / "data/grascco/txt"])
        pseudonymize_project(project, None, PseudonymizeOptions(irreversible=True))
        report = generate_questions(project, per_section=5)
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
