"""The installer: staged models recorded with checksums and imported into a store (a changed file refused);
and, marked slow, the whole air-gapped path: wheelhouse, install with pip's index disabled into a fresh
virtual environment, then the installed `appliance doctor` and `appliance demo --no-gui`."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from appliance.models import ModelStore
from tiny_models import load_installer

REPO = Path(__file__).resolve().parents[1]


def _import_models():
    import importlib.util

    spec = importlib.util.spec_from_file_location("appliance_installer_import_models", REPO / "installer" / "import_models.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_staged_models_are_recorded_with_checksums_and_imported_into_a_store(tiny_translation_model, tmp_path):
    hf_dir, _ = tiny_translation_model
    staging = load_installer()
    out = tmp_path / "staged"
    target = staging.stage_translation(out, str(hf_dir), "int8", force=False)  # the real conversion path
    embedding = staging.stage_copied("embedding", out, str(ModelStore().resolve(None, "embedding")), force=False)
    manifest = json.loads((out / "models.json").read_text(encoding="utf-8"))
    by_name = {m["name"]: m for m in manifest["models"]}
    assert set(by_name) == {target.name, embedding.name}
    assert by_name[target.name]["kind"] == "translation" and "model.bin" in by_name[target.name]["files"]
    assert by_name[embedding.name]["kind"] == "embedding" and by_name[embedding.name]["license"] == "MIT"
    assert "CC-BY-4.0" in (out / "LICENSES.md").read_text(encoding="utf-8")

    store = tmp_path / "store"
    added = _import_models().import_models(out, str(store))
    assert sorted(added) == sorted(by_name)
    assert {m.name for m in ModelStore(store).list() if not m.builtin} == set(by_name)
    assert all(r.ok for r in ModelStore(store).verify())
    assert _import_models().import_models(out, str(store)) == []  # again: nothing added twice

    (embedding / "modules.json").write_text("[]", encoding="utf-8")  # changed after staging
    with pytest.raises(SystemExit, match="modules.json is missing or changed"):
        _import_models().import_models(out, str(tmp_path / "store2"))


@pytest.mark.slow
def test_air_gapped_install_from_a_wheelhouse_then_doctor_and_demo(tmp_path):
    wheels, prefix, home = tmp_path / "wheels", tmp_path / "opt", tmp_path / "home"
    subprocess.run(["bash", str(REPO / "installer" / "build_wheelhouse.sh"), str(wheels)], check=True, timeout=1800)
    assert json.loads((wheels / "wheelhouse.json").read_text())["torch"] == "cpu"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": str(home / "share")}
    subprocess.run(["bash", str(REPO / "installer" / "install.sh"), str(wheels), "--prefix", str(prefix)], check=True,
                   env=env, timeout=1800)
    assert (home / "share" / "applications" / "appliance.desktop").is_file()
    doctor = subprocess.run([str(prefix / "bin" / "appliance"), "doctor"], env=env, capture_output=True, text=True)
    assert doctor.returncode == 0, doctor.stdout
    demo = subprocess.run([str(prefix / "bin" / "appliance"), "demo", "--no-gui"], env=env, capture_output=True,
                          text=True, timeout=1800)
    assert demo.returncode == 0, demo.stderr[-2000:]
    subprocess.run(["bash", str(REPO / "installer" / "uninstall.sh"), "--prefix", str(prefix)], check=True, env=env)
    assert not (prefix / "venv").exists() and list((home / "share" / "appliance" / "projects").glob("*.appliance"))
    shutil.rmtree(wheels, ignore_errors=True)
