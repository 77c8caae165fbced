import dataclasses
import gzip
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from appliance.pipeline.ingest import BadInput, ImportOptions, decode_text, detect_language, run_import
from appliance.project import Cancelled, JobControl, Project
from docs_factory import make_docx, make_encrypted_pdf, make_pdf

LETTER = (
    "Diagnosen: Akute Gastroenteritis mit Exsikkose.\n\n"
    "Anamnese: Die Patientin stellte sich mit Übelkeit und Erbrechen vor. Größe 1,68 m.\n\n"
    "Therapie und Verlauf: Unter Flüssigkeitsgabe rasche Besserung, sodass wir sie entlassen konnten.\n"
)


def test_encodings_keep_umlauts():
    for data in (
        LETTER.encode("utf-8"),
        LETTER.encode("utf-8-sig"),
        LETTER.encode("cp1252"),
        LETTER.encode("latin-1"),
        LETTER.encode("utf-16"),
        LETTER.replace("\n", "\r\n").encode("cp1252"),
    ):
        assert decode_text(data) == LETTER


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
    ],
)
def test_bad_bytes_are_rejected_with_reason(data, reason):
    with pytest.raises(BadInput, match=reason):
        decode_text(data)


def test_language_detection():
    assert detect_language(LETTER) == "de"
    assert detect_language("HISTORY OF PRESENT ILLNESS: The patient is a 45-year-old man with chest pain.") == "en"
    assert detect_language("PREOPERATIVE DIAGNOSIS: Right trigger thumb.") == "en"
    assert detect_language("12.3 45") is None


def test_mixed_folder_imports_good_files_and_names_bad_ones(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "brief_latin1.txt").write_bytes(LETTER.encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "image.bin").write_bytes(b"\x00\x01binary")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage without xref")
    (folder / "fake.pdf").write_bytes(b"this is not a pdf")
    good_pdf = make_pdf(folder / "befund.pdf", ["Befund: Kein Nachweis einer Fraktur.", "Beurteilung: Unauffälliger Befund."])
    make_encrypted_pdf(folder / "locked.pdf", good_pdf)
    make_docx(folder / "op.docx", ["Operationsbericht", "Indikation: Symptomatische Cholezystolithiasis.", "Vorgehen: Laparoskopische Cholezystektomie."])
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")

    with Project.create(tmp_path / "p.appliance") as project:
        report = run_import(project, ImportOptions(paths=[folder]))
        rows = {os.path.basename(d["source"]): d for d in project.documents()}
    assert set(rows) == {"brief_latin1.txt", "befund.pdf", "op.docx"}
    assert "Übelkeit" in rows["brief_latin1.txt"]["text"] and rows["brief_latin1.txt"]["language"] == "de"
    assert "Unauffälliger" in rows["befund.pdf"]["text"]
    assert rows["op.docx"]["text"].startswith("Operationsbericht")
    reasons = {os.path.basename(r.source): r.reason for r in report.rejected}
    assert set(reasons) == {"empty.txt", "scan.txt", "image.bin", "broken.pdf", "fake.pdf", "locked.pdf", "broken.docx"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["scan.txt"] or "not readable" in reasons["scan.txt"]
    assert "unsupported" in reasons["image.bin"]
    assert "corrupt" in reasons["broken.pdf"] and "corrupt" in reasons["fake.pdf"]
    assert "encrypted" in reasons["locked.pdf"]
    assert "corrupt" in reasons["broken.docx"]
    # reasons never quote the document's content
    assert all("Übelkeit" not in r and "Fraktur" not in r for r in reasons.values())


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Befund: unauffällig. " * 60000, encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        report = run_import(project, ImportOptions(paths=[big], max_file_mb=1))
    assert report.added == 0 and "larger than the limit of 1 MB" in report.rejected[0].reason


def test_reimport_adds_nothing_and_keeps_metadata(tmp_path):
    (tmp_path / "a.txt").write_text(LETTER, encoding="utf-8")
    records = [
        {"id": "r1", "text": "FINDINGS: Small pleural effusion on the left.", "type": "radiology", "patient": "P1"},
        {"id": "r2", "text": "Befund: Erguss links.", "type": "radiology", "patient": "P1"},
        {"id": "r3", "text": ""},
    ]
    gz = tmp_path / "export.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        fh.write("{not json\n")
    opts = ImportOptions(id_field="id", text_field="text", type_field="type", patient_field="patient")
    with Project.create(tmp_path / "p.appliance") as project:
        first = run_import(project, dataclasses.replace(opts, paths=[tmp_path / "a.txt", gz]))
        second = run_import(project, dataclasses.replace(opts, paths=[tmp_path / "a.txt", gz]))
        docs = list(project.documents())
    assert (first.added, second.added, second.already_present) == (3, 0, 3)
    assert sorted(r.reason for r in first.rejected) == ["empty text", "not a valid JSON object"]
    by_id = {d["external_id"]: d for d in docs}
    assert by_id["r1"]["doc_type"] == "radiology" and by_id["r1"]["patient_id"] == "P1"
    assert by_id["r1"]["language"] == "en" and by_id["r2"]["language"] == "de"
    assert len({d["sha256"] for d in docs}) == 3


def test_csv_with_semicolons_and_cp1252(tmp_path):
    csv_path = tmp_path / "export.csv"
    csv_path.write_bytes("Fallnummer;Befundtext;Art\n1;Beurteilung: Größenprogrediente Läsion.;Radiologie\n2;\"Diagnose: Gastritis; mäßig\";Endoskopie\n".encode("cp1252"))
    with Project.create(tmp_path / "p.appliance") as project:
        report = run_import(project, ImportOptions(paths=[csv_path], id_field="Fallnummer", text_field="Befundtext", type_field="Art"))
        texts = sorted(d["text"] for d in project.documents())
    assert report.added == 2
    assert texts == ["Beurteilung: Größenprogrediente Läsion.", "Diagnose: Gastritis; mäßig"]


def test_wrong_text_field_is_explained(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps({"body": "Befund"}) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:
        report = run_import(project, ImportOptions(paths=[path]))
    assert "--text-field" in report.rejected[0].reason


def test_cancel_keeps_what_was_committed_and_resume_completes(tmp_path):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": f"Befund {i}: unauffällig."}) + "\n" for i in range(200)))
    control = JobControl()

    def progress(done, total, message):
        if message.startswith("50 new"):
            control.cancel()

    control.progress = progress
    with Project.create(tmp_path / "p.appliance") as project:
        with pytest.raises(Cancelled):
            run_import(project, ImportOptions(paths=[path], id_field="id"), control=control)
        assert project.info()["documents"] == 50
        assert project.jobs("import")[-1]["status"] == "cancelled"
        report = run_import(project, ImportOptions(paths=[path], id_field="id"))
        assert (report.added, report.already_present) == (150, 50)
        assert project.info()["documents"] == 200


def test_killed_import_resumes_without_duplicates(tmp_path):
    path = tmp_path / "many.jsonl"
    n = 4000
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"id": f"d{i}", "text": f"FINDINGS: Nodule number {i} in the right lung.\nIMPRESSION: Follow-up in {i % 12} months."}) + "\n")
    project_path = tmp_path / "p.appliance"
    Project.create(project_path).close()
    cmd = [sys.executable, "-m", "appliance.cli", "import", str(project_path), str(path), "--id-field", "id"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    count = 0
    while time.time() < deadline:
        time.sleep(0.05)
        try:
            with Project.open(project_path, readonly=True) as ro:
                count = ro.info()["documents"]
        except Exception:
            continue
        if count >= 100:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < n, "the import finished before it could be killed"
    result = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    with Project.open(project_path, readonly=True) as ro:
        info = ro.info()
        dupes = ro.db.execute("SELECT count(*) FROM (SELECT external_id FROM documents GROUP BY external_id HAVING count(*) > 1)").fetchone()[0]
        orphans = ro.db.execute("SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM sections s WHERE s.document_id = d.id)").fetchone()[0]
    assert info["documents"] == n and dupes == 0 and orphans == 0
    assert report["already_present"] >= count and report["added"] + report["already_present"] == n
