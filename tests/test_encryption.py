"""Encryption at rest: an encrypted project holds no readable report text anywhere on disk, opens only with its
passphrase, and keeps its pseudonym map working through a passphrase change and a migration from plain."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from appliance.cli import main
from appliance.pipeline.index import IndexOptions, run_index
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
from appliance.project import NotAProject, PassphraseRequired, Project, WrongPassphrase, encryption
from appliance.project.rekey import change_passphrase, encrypt_project
from appliance.project.vault import EncryptedMap, unlock

MARKERS = ["Quirinella Zwetschkenbaum", "Ottokar Blaubeerwald", "Wendelinstraße 77"]
LETTER = ("Betr.: Frau {0}, geb. 14.07.1949, {2}, 30159 Hannover\n"
          "Diagnosen: Exazerbierte COPD GOLD III\n"
          "Therapie und Verlauf: Frau {0} erhielt Prednisolon. Hausarzt: Dr. {1}.\n")


@pytest.fixture(autouse=True)
def _no_remembered_passphrases(monkeypatch):
    monkeypatch.delenv("APPLIANCE_PASSPHRASE", raising=False)
    monkeypatch.setattr(encryption, "_remembered", {})


def _letters(tmp_path):
    path = tmp_path / "letters.jsonl"
    docs = [{"id": f"d{i}", "text": LETTER.format(*MARKERS) + f"Verlauf {i}: stabil.\n"} for i in range(3)]
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path


def _on_disk(project_path) -> bytes:
    """Every byte the project leaves on disk: the file, its WAL/journal, and the artefact folder."""
    parts = []
    for p in sorted(project_path.parent.iterdir()):
        if p.name.startswith(project_path.name):
            files = [p] if p.is_file() else sorted(q for q in p.rglob("*") if q.is_file())
            parts += [f.read_bytes() for f in files]
    return b"".join(parts)


def _hits(data: bytes) -> list[str]:
    found = []
    for marker in MARKERS:
        for encoding in ("utf-8", "utf-16-le", "latin-1"):
            if marker.encode(encoding, "ignore") in data:
                found.append(f"{marker} ({encoding})")
    return found


def _build(path, letters, encoder, passphrase):
    with Project.create(path, passphrase=passphrase) as project:
        run_import(project, ImportOptions(paths=[letters], id_field="id"))
        run_pseudonymize(project, PseudonymizeOptions(passphrase=passphrase or "map passphrase"))
        run_index(project, IndexOptions(source="original", device="cpu"), encoder=encoder)
        before_close = _on_disk(path)  # while open: the WAL holds the latest pages
    return before_close


def test_an_encrypted_project_leaves_no_marker_on_disk_and_a_plain_one_does(tmp_path, encoder):
    letters = _letters(tmp_path)
    plain, secret = tmp_path / "plain" / "p.appliance", tmp_path / "secret" / "s.appliance"
    plain.parent.mkdir()
    secret.parent.mkdir()
    assert _hits(_build(plain, letters, encoder, None)) and _hits(_on_disk(plain))  # the check can find them
    while_open = _build(secret, letters, encoder, "correct horse")
    assert encryption.is_encrypted(secret) and not encryption.is_encrypted(plain)
    assert _hits(while_open) == [] and _hits(_on_disk(secret)) == []
    with Project.open(secret, passphrase="correct horse", readonly=True) as project:
        assert project.encrypted and project.info()["documents"] == 3
        hits = project.db.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'prednisolon'").fetchone()
        assert hits[0] == 3  # the full-text index works inside the encrypted file


def test_a_wrong_or_missing_passphrase_is_refused_and_changes_nothing(tmp_path, capsys, monkeypatch):
    path = tmp_path / "s.appliance"
    with Project.create(path, passphrase="right one") as project:
        run_import(project, ImportOptions(paths=[_letters(tmp_path)], id_field="id"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(PassphraseRequired) as missing:
        Project.open(path)
    assert isinstance(missing.value, NotAProject) and missing.value.path == path
    for readonly in (True, False):
        with pytest.raises(WrongPassphrase):
            Project.open(path, passphrase="wrong one", readonly=readonly)
    assert main(["info", str(path)]) == 1
    err = capsys.readouterr().err
    assert "passphrase is needed" in err and "APPLIANCE_PASSPHRASE" in err and "Traceback" not in err
    monkeypatch.setenv("APPLIANCE_PASSPHRASE", "wrong one")
    assert main(["import", str(path), str(_letters(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "does not open" in err and "sqlcipher" not in err.lower() and "hmac" not in err.lower()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    monkeypatch.setenv("APPLIANCE_PASSPHRASE", "right one")
    assert main(["info", str(path), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["documents"] == 3 and info["encrypted"] is True


def test_a_passphrase_change_rekeys_the_file_and_keeps_the_map(tmp_path):
    path = tmp_path / "s.appliance"
    with Project.create(path, passphrase="first") as project:
        run_import(project, ImportOptions(paths=[_letters(tmp_path)], id_field="id"))
        run_pseudonymize(project, PseudonymizeOptions(passphrase="first"))
        mapping = dict(EncryptedMap(project, unlock(project, "first")).items())
    assert mapping
    change_passphrase(path, "first", "second")
    encryption.forget_passphrase(path)
    with pytest.raises(WrongPassphrase):
        Project.open(path, passphrase="first")
    with Project.open(path, passphrase="second") as project:
        with pytest.raises(WrongPassphrase):
            unlock(project, "first")
        assert dict(EncryptedMap(project, unlock(project, None)).items()) == mapping  # same keys, same surrogates
        assert [a["action"] for a in project.audit_log()][-1] == "change-passphrase"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("s.appliance")) == [
        "s.appliance", "s.appliance.lock"]


def test_a_plain_project_is_migrated_only_with_its_map_passphrase(tmp_path, monkeypatch):
    path = tmp_path / "p.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[_letters(tmp_path)], id_field="id"))
        run_pseudonymize(project, PseudonymizeOptions(passphrase="map phrase"))
        sections = [dict(r) for r in project.sections()]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(WrongPassphrase):
        encrypt_project(path, "another phrase")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest and not encryption.is_encrypted(path)
    monkeypatch.setenv("APPLIANCE_PASSPHRASE", "map phrase")
    assert main(["encrypt", str(path)]) == 0
    assert encryption.is_encrypted(path) and _hits(_on_disk(path)) == []
    with Project.open(path) as project:  # from APPLIANCE_PASSPHRASE
        assert [dict(r) for r in project.sections()] == sections
        assert project.schema_version > 0 and unlock(project, None).fernet is not None
    assert main(["encrypt", str(path)]) == 1  # already encrypted


def test_a_migration_stopped_midway_leaves_the_plain_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "p.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[_letters(tmp_path)], id_field="id"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    def fail_midway(conn, dst, passphrase):
        dst.write_bytes(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(encryption, "_export", fail_midway)
    with pytest.raises(OSError):
        encrypt_project(path, "a phrase")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not path.with_name(path.name + ".encrypting").exists()
    with Project.open(path) as project:  # not locked, not encrypted, whole
        assert project.info()["documents"] == 3


def test_init_encrypt_from_the_environment(tmp_path, monkeypatch, capsys):
    path = tmp_path / "new.appliance"
    monkeypatch.setenv("APPLIANCE_PASSPHRASE", "from the environment")
    assert main(["init", str(path), "--encrypt"]) == 0
    assert "(encrypted)" in capsys.readouterr().out and encryption.is_encrypted(path)
    monkeypatch.delenv("APPLIANCE_PASSPHRASE")
    monkeypatch.setenv("APPLIANCE_NEW_PASSPHRASE", "x")
    assert main(["change-passphrase", str(path)]) == 1  # no current passphrase, no terminal
    monkeypatch.setenv("APPLIANCE_PASSPHRASE", "from the environment")
    assert main(["change-passphrase", str(path)]) == 0
    encryption.forget_passphrase(path)
    with Project.open(path, passphrase="x") as project:
        assert project.encrypted


def test_a_file_that_cannot_be_a_database_is_not_asked_a_passphrase_for(tmp_path):
    text = tmp_path / "notes.appliance"
    text.write_bytes(b"this is not sqlite" * 100)  # 1,800 bytes: no whole number of pages
    pages = tmp_path / "pages.appliance"
    pages.write_bytes(os.urandom(8192))  # looks like an encrypted file without its key
    assert not encryption.is_encrypted(text) and encryption.is_encrypted(pages)
    with pytest.raises(NotAProject) as plain_refusal:
        Project.open(text)
    assert not isinstance(plain_refusal.value, PassphraseRequired)
    with pytest.raises(PassphraseRequired):
        Project.open(pages)
