"""Damaged project files are refused before anything writes to them (found by bench/reliability.py): an empty
file is not taken for a new project, and a damaged b-tree page is caught on opening; neither file changes."""
from __future__ import annotations

import hashlib
import sqlite3

import pytest

from appliance.cli import main
from appliance.paths import samples_dir
from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.project import DamagedProject, NotAProject, Project


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_empty_file_is_not_a_project(tmp_path, capsys):
    path = tmp_path / "empty.appliance"
    path.write_bytes(b"")
    with pytest.raises(NotAProject):
        Project.open(path)
    assert main(["import", str(path), str(samples_dir() / "reports")]) == 1
    assert "not an appliance project" in capsys.readouterr().err and path.read_bytes() == b""


def test_a_damaged_page_is_refused_for_reading_and_writing_and_the_file_is_left_alone(tmp_path, capsys):
    path = tmp_path / "p.appliance"
    with Project.create(path) as project:
        run_import(project, ImportOptions(paths=[str(samples_dir() / "reports")]))
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    data = bytearray(path.read_bytes())
    for offset in range(2 * 4096, 2 * 4096 + 8):  # the header of a b-tree page
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))
    before = _digest(path)
    for readonly in (True, False):
        with pytest.raises(DamagedProject, match="is damaged"):
            Project.open(path, readonly=readonly)
    assert main(["info", str(path)]) == 1 and main(["import", str(path), str(samples_dir() / "reports")]) == 1
    err = capsys.readouterr().err
    assert "is damaged" in err and "Traceback" not in err and _digest(path) == before
