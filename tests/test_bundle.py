"""The model bundle: export with its card and leak scan, the same embeddings in a separate plain
sentence-transformers process, verify (a changed byte is named), import into a store and index with it."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import pytest

from appliance.cli import main
from appliance.models import ModelStore
from appliance.models.embedding import encode
from appliance.models.project_models import tuned_model_path
from appliance.paths import samples_dir
from appliance.pipeline.bundle import (
    BUNDLE_MANIFEST,
    ExportOptions,
    NeedsConfirmation,
    PhiLeak,
    export_bundle,
    import_bundle,
    phi_strings,
    verify_bundle,
)
from appliance.project import Project
from project_support import copy_project, trained_sample_project

SENTENCES = ["Laparoscopic cholecystectomy without complications.", "Chest pain, troponin negative.", "Knie-TEP links"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory, encoder):
    return trained_sample_project(tmp_path_factory.mktemp("bundle") / "b.appliance", encoder)


def _needle(project) -> str:
    """A PHI string of the project that the base model's vocabulary does not have as one token."""
    vocab = set((ModelStore().resolve(None, "embedding") / "vocab.txt").read_text(encoding="utf-8").split())
    return next(s for s in sorted(phi_strings(project)) if len(s) >= 6 and " " not in s and s not in vocab)


def test_export_loads_with_plain_sentence_transformers_and_gives_the_same_embeddings(trained, tmp_path):
    out = tmp_path / "bundle"
    with Project.open(trained) as project:
        with pytest.raises(NeedsConfirmation) as refused:
            export_bundle(project, ExportOptions(out=str(out)))
        assert "strict mode" in str(refused.value) and not out.exists()
        report = export_bundle(project, ExportOptions(out=str(out), confirmed=True))
        inside = encode(__import__("appliance.models.embedding", fromlist=["x"]).load_sentence_transformer(
            tuned_model_path(project), "cpu"), SENTENCES, None)
        assert report.phi_strings > 20 and report.caveats
    names = {p.name for p in out.iterdir()}
    assert {"README.md", "metrics.json", BUNDLE_MANIFEST, "model.safetensors", "modules.json", "tokenizer.json"} <= names
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "strict mode: NO" in card and "reports" in card and "Caveats confirmed at export" in card
    assert "Intended use" in card and "Limitations" in card and "License" in card and "measured recall" in card
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["pseudonymization"]["strict"] is False and metrics["train_run"]
    code = ("import json, sys; from sentence_transformers import SentenceTransformer; "
            "m = SentenceTransformer(sys.argv[1], device='cpu'); "
            "print(json.dumps(m.encode(json.loads(sys.argv[2]), normalize_embeddings=True).tolist()))")
    done = subprocess.run([sys.executable, "-c", code, str(out), json.dumps(SENTENCES)], capture_output=True, text=True,
                          timeout=300, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-2000:]
    outside = np.array(json.loads(done.stdout.strip().splitlines()[-1]), dtype=np.float32)
    assert float(np.abs(outside - inside).max()) < 1e-5

    assert verify_bundle(out).ok and main(["bundle", "verify", str(out)]) == 0
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    data = bytearray((broken / "model.safetensors").read_bytes())
    data[len(data) // 2] ^= 0x01
    (broken / "model.safetensors").write_bytes(bytes(data))
    check = verify_bundle(broken)
    assert not check.ok and check.problems == ["checksum mismatch model.safetensors"]
    assert main(["bundle", "verify", str(broken)]) == 1


def test_imported_bundle_indexes_a_second_project_and_shows_its_card(trained, tmp_path, capsys, encoder):
    out = tmp_path / "bundle.zip"
    with Project.open(trained) as project:
        export_bundle(project, ExportOptions(out=str(tmp_path / "bundle"), zip=True, confirmed=True))
    assert zipfile.is_zipfile(out) and verify_bundle(out).ok
    store = tmp_path / "store"
    info = import_bundle(out, name="ward-model", store=str(store))
    assert info.kind == "embedding" and (info.path / "README.md").is_file() and "bundle from" in info.description
    assert main(["models", "list", "--store", str(store)]) == 0
    assert "ward-model" in capsys.readouterr().out
    second = tmp_path / "second.appliance"
    assert main(["init", str(second)]) == 0
    assert main(["import", str(second), str(samples_dir() / "reports")]) == 0
    assert main(["index", str(second), "--source", "original", "--model", "ward-model", "--store", str(store),
                 "--device", "cpu"]) == 0
    with Project.open(second, readonly=True) as project:
        assert project.get_setting("index.model") == "ward-model"
    # the store's model is the bundle's: same weights
    assert (info.path / "model.safetensors").read_bytes() == zipfile.ZipFile(out).read("model.safetensors")


def test_planted_phi_in_added_tokens_or_the_card_refuses_the_export_without_naming_it(trained, tmp_path):
    path = copy_project(trained, tmp_path)
    with Project.open(path) as project:
        needle = _needle(project)
        tokenizer = tuned_model_path(project) / "tokenizer.json"
        clean = tokenizer.read_text(encoding="utf-8")
        data = json.loads(clean)
        data["added_tokens"].append({"id": 30522, "content": needle.title(), "single_word": False, "lstrip": False,
                                     "rstrip": False, "normalized": True, "special": False})
        tokenizer.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(PhiLeak) as refused:
            export_bundle(project, ExportOptions(out=str(tmp_path / "b1"), confirmed=True))
        assert "tokenizer.json" in str(refused.value) and needle not in str(refused.value).casefold()
        assert not (tmp_path / "b1").exists() and not list(tmp_path.glob(".bundle-*"))  # nothing left behind
        tokenizer.write_text(clean, encoding="utf-8")

        with project.db.atomic():  # a document type is listed in the card
            project.db.execute("UPDATE documents SET doc_type = ? WHERE id = 1", [needle.title()])
        with pytest.raises(PhiLeak) as refused:
            export_bundle(project, ExportOptions(out=str(tmp_path / "b2"), confirmed=True))
        assert "README.md" in str(refused.value) and needle not in str(refused.value).casefold()
    assert main(["export", str(path), str(tmp_path / "b3"), "--yes"]) == 1
