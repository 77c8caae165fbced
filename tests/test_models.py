import json

import pytest

from appliance.models import DEFAULT_EMBEDDING, ModelError, ModelStore
from appliance.models.store import MANIFEST, check_layout


def _fake_ner(tmp_path):
    d = tmp_path / "tiny-gliner"
    d.mkdir()
    (d / "gliner_config.json").write_text(json.dumps({"model_name": "local"}))
    (d / "pytorch_model.bin").write_bytes(b"\x00" * 1000)
    return d


def test_builtin_embedding_is_listed_and_verifies(tmp_path):
    store = ModelStore(tmp_path / "store")
    models = store.list()
    assert [m.name for m in models] == [DEFAULT_EMBEDDING]
    assert models[0].builtin and (models[0].path / "model.safetensors").is_file()
    [result] = store.verify(DEFAULT_EMBEDDING)
    assert result.ok, result.problems
    assert store.resolve(None, "embedding") == models[0].path


def test_store_location_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("APPLIANCE_MODEL_STORE", str(tmp_path / "elsewhere"))
    assert ModelStore().root == tmp_path / "elsewhere"


def test_add_verify_and_detect_tampering(tmp_path):
    store = ModelStore(tmp_path / "store")
    info = store.add(_fake_ner(tmp_path), "ner", name="pii-ner", languages=["de", "en"], license="Apache-2.0")
    manifest = json.loads((store.root / "pii-ner" / MANIFEST).read_text())
    assert manifest["kind"] == "ner" and manifest["languages"] == ["de", "en"]
    assert set(manifest["files"]) == {"gliner_config.json", "pytorch_model.bin"}
    assert all(len(h) == 64 for h in manifest["files"].values())
    assert [m.name for m in store.list("ner")] == ["pii-ner"]
    assert store.resolve("pii-ner", "ner") == info.path
    assert all(r.ok for r in store.verify())

    (info.path / "pytorch_model.bin").write_bytes(b"\x01" * 1000)
    (info.path / "extra.txt").write_text("x")
    [result] = store.verify("pii-ner")
    assert not result.ok
    assert "checksum mismatch pytorch_model.bin" in result.problems and "unexpected file extra.txt" in result.problems


def test_add_refuses_wrong_layout_and_duplicates(tmp_path):
    store = ModelStore(tmp_path / "store")
    src = _fake_ner(tmp_path)
    with pytest.raises(ModelError, match="model.bin"):
        store.add(src, "translation")
    store.add(src, "ner")
    with pytest.raises(ModelError, match="already in the store"):
        store.add(src, "ner")
    with pytest.raises(ModelError, match="cannot be used as a model name"):
        store.add(src, "ner", name="../evil")


def test_hub_ids_are_never_resolved(tmp_path):
    store = ModelStore(tmp_path / "store")
    with pytest.raises(ModelError, match="no model named"):
        store.resolve("sentence-transformers/all-MiniLM-L6-v2", "embedding")
    with pytest.raises(ModelError, match="no ner model is installed") as e:
        store.resolve(None, "ner")
    assert e.value.next_step == "add-model"


def test_layout_checks_per_kind(tmp_path):
    assert check_layout(tmp_path, "generator") and check_layout(tmp_path, "embedding")
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "source.spm").write_bytes(b"x")
    assert check_layout(tmp_path, "translation") == []


def test_builtin_model_loads_offline_and_embeds(tmp_path):
    from appliance.models.embedding import load_sentence_transformer

    model = load_sentence_transformer(ModelStore(tmp_path).resolve(None, "embedding"), device="cpu")
    emb = model.encode(["chest pain", "pain in the chest", "fractured wrist"], normalize_embeddings=True)
    assert emb.shape == (3, 384)
    assert float(emb[0] @ emb[1]) > float(emb[0] @ emb[2]) + 0.2  # real pretrained weights, not random
