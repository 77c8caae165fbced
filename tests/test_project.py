import json
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from appliance.project import NotAProject, Project, ProjectError, ProjectInUse, ProjectTooNew, schema


def test_create_sets_wal_version_and_tables(tmp_path):
    path = tmp_path / "p.appliance"
    with Project.create(path) as p:
        assert p.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert p.schema_version == schema.SCHEMA_VERSION
        assert {"documents", "sections", "jobs", "audit"} <= set(p.db.table_names())
    with pytest.raises(ProjectError, match="already exists"):
        Project.create(path)


def test_open_missing_project_explains_how_to_create(tmp_path):
    with pytest.raises(ProjectError, match="no project") as e:
        Project.open(tmp_path / "missing.appliance")
    assert e.value.next_step == "init"  # the CLI says "run `appliance init ...`", the GUI offers "New project"


def test_foreign_sqlite_file_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAProject):
        Project.open(path)
    assert path.read_bytes() == before
    garbage = tmp_path / "garbage.appliance"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(NotAProject):
        Project.open(garbage)


def test_newer_file_is_refused_with_clear_message(tmp_path):
    path = tmp_path / "p.appliance"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 3}")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectTooNew, match="newer version") as exc:
        Project.open(path)
    assert "Update the appliance" in str(exc.value)
    with pytest.raises(ProjectTooNew):
        Project.open(path, readonly=True)
    # the lock was released after the refusal
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION + 3


def test_forward_migration_runs_once_and_keeps_data(tmp_path, monkeypatch):
    path = tmp_path / "p.appliance"
    with Project.create(path) as p:
        p.add_document({"uid": "u1", "source": "a.txt", "source_format": "txt", "sha256": "x", "text": "Befund"}, [])
    calls = []

    def v2(db):
        calls.append(1)
        db["notes"].create({"id": int, "text": str}, pk="id")

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [v2])
    monkeypatch.setattr("appliance.project.db.MIGRATIONS", schema.MIGRATIONS)
    monkeypatch.setattr("appliance.project.db.SCHEMA_VERSION", len(schema.MIGRATIONS))
    new_version = len(schema.MIGRATIONS)
    with Project.open(path) as p:
        assert p.schema_version == new_version
        assert "notes" in p.db.table_names()
        assert p.info()["documents"] == 1
        assert [r["action"] for r in p.audit_log()][-1] == "migrate"
    with Project.open(path) as p:
        assert p.schema_version == new_version
    assert calls == [1]


def test_second_writer_gets_in_use_message_from_another_process(tmp_path):
    path = tmp_path / "p.appliance"
    with Project.create(path):
        code = textwrap.dedent(
            f"""
            from appliance.project import Project, ProjectInUse
            try:
                Project.open({str(path)!r})
            except ProjectInUse as e:
                print("IN USE:", e)
            ro = Project.open({str(path)!r}, readonly=True)
            print("READONLY DOCS", ro.info()["documents"])
            """
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
        assert "IN USE:" in out.stdout and "in use by another" in out.stdout, out.stderr
        assert "READONLY DOCS 0" in out.stdout
        with pytest.raises(ProjectInUse):
            Project.open(path)
    # after closing, it can be opened again
    Project.open(path).close()


def test_lock_is_freed_when_the_holder_is_killed(tmp_path):
    path = tmp_path / "p.appliance"
    Project.create(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from appliance.project import Project; import time; p = Project.open({str(path)!r}); print('ok', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ok"
    with pytest.raises(ProjectInUse):
        Project.open(path)
    holder.kill()
    holder.wait()
    Project.open(path).close()


def test_audit_records_user_and_details(project):
    project.audit("import", added=3)
    row = project.audit_log()[-1]
    assert row["action"] == "import" and row["os_user"]
    assert json.loads(row["details"]) == {"added": 3}


def test_running_job_of_a_killed_process_is_marked_interrupted(tmp_path):
    path = tmp_path / "p.appliance"
    with Project.create(path) as p:
        job = p.start_job("import", {"files": 2})
    with Project.open(path) as p:
        assert [j["status"] for j in p.jobs("import") if j["id"] == job] == ["interrupted"]


def test_document_and_sections_are_added_atomically(project):
    doc = {"uid": "u1", "source": "a.txt", "source_format": "txt", "sha256": "x", "text": "Befund: ok"}
    with pytest.raises(sqlite3.IntegrityError):
        project.add_document(doc, [{"ord": 0, "header": "Befund", "part": 0, "start": 8, "end": 10, "text": None}])
    assert project.info()["documents"] == 0  # no half document left behind
    doc_id = project.add_document(doc, [{"ord": 0, "header": "Befund", "part": 0, "start": 8, "end": 10, "text": "ok"}])
    assert [s["text"] for s in project.sections(doc_id)] == ["ok"]
    project.delete_document(doc_id)
    assert project.info() | {} and project.info()["sections"] == 0


def test_job_context_records_done_cancelled_and_failed(project):
    from appliance.project import Cancelled

    with project.job("demo", {"n": 1}, total=3) as job:
        job.update(1, 3)
        job.message = "3 items"
    with pytest.raises(Cancelled):
        with project.job("demo") as job:
            job.message = "1 item done"
            raise Cancelled()
    with pytest.raises(ValueError):
        with project.job("demo"):
            raise ValueError("boom")
    rows = project.jobs("demo")
    assert [(r["status"], r["message"]) for r in rows] == [("done", "3 items"), ("cancelled", "1 item done"), ("failed", "")]
    assert rows[0]["done"] == 1 and rows[0]["total"] == 3
