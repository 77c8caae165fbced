"""`appliance doctor`: every check passes on this installation; a changed model file and a folder that cannot
be written are each named, with what to do, and make it exit 1."""
from __future__ import annotations

import json

from appliance.cli import main
from appliance.doctor import run_checks
from appliance.models import ModelStore


def test_doctor_passes_here_and_names_what_it_checked(capsys):
    checks = run_checks()
    names = {c.name for c in checks}
    assert {"python", "torch", "sentence-transformers", "torch-device", "qt", "network", "disk", "write:data",
            "write:log"} <= names
    assert any(n.startswith("model:") for n in names)
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    assert main(["doctor", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and len(out["checks"]) == len(checks)


def test_a_log_folder_that_cannot_be_made_is_named(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")  # a file where the folder should be: even root cannot write there
    monkeypatch.setenv("APPLIANCE_LOG_DIR", str(blocker / "logs"))
    bad = [c for c in run_checks() if c.name == "write:log"][0]
    assert bad.status == "fail" and str(blocker / "logs") in bad.found and "write access" in bad.fix


def test_a_changed_model_file_fails_the_doctor_with_what_to_do(tmp_path, capsys):
    store = ModelStore(tmp_path / "store")
    info = store.add(ModelStore().resolve(None, "embedding"), "embedding", name="copy")
    (info.path / "modules.json").write_text("[]", encoding="utf-8")
    bad = [c for c in run_checks(str(tmp_path / "store")) if c.name == "model:copy"][0]
    assert bad.status == "fail" and "checksum mismatch modules.json" in bad.found and "add it again" in bad.fix
    assert main(["doctor", "--store", str(tmp_path / "store")]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "what to do" in out and "check(s) failed" in out
