"""Model staging (runs on a machine WITH internet, never inside the hospital network).

Every staged model is recorded in ``OUT_DIR/models.json`` (name, folder, kind, languages, license and
the sha256 of each file) and its license in ``OUT_DIR/LICENSES.md``; ``installer/install.sh --models
OUT_DIR`` (through ``installer/import_models.py``) adds them all to the hospital's model store after
checking the checksums. ``python installer/stage_models.py all OUT_DIR`` stages the default set:
a GLiNER PII model, OPUS-MT de-en (CTranslate2 int8), multilingual-e5-large, and (convert_generators.py)
a small instruct LLM and a doc2query model (CTranslate2 int8).

Translation: download Helsinki-NLP/opus-mt-de-en and convert it to a CTranslate2 int8 folder with
its SentencePiece models (``source.spm`` / ``target.spm``), ready for
``appliance models add FOLDER --kind translation --languages de,en --license CC-BY-4.0``.

    python installer/stage_models.py translation OUT_DIR [--model Helsinki-NLP/opus-mt-de-en]
        [--quantization int8] [--force]

``OUT_DIR`` receives ``<name>-ct2-int8/``. ``--model`` may also be a local Hugging Face folder,
which is how the tests use this same code on a tiny random MarianMTModel.

The conversion function :func:`convert_translation_model` never downloads anything itself; only
:func:`download_hf_model` does, and only when it is called with a hub id.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

DEFAULT_TRANSLATION_MODEL = "Helsinki-NLP/opus-mt-de-en"
TRANSLATION_LICENSE = "CC-BY-4.0"  # OPUS-MT models
#: Tokenizer files copied next to model.bin when the HF folder has them (OPUS-MT: the two spm files).
TOKENIZER_FILES = ("source.spm", "target.spm", "tokenizer.json", "tokenizer_config.json", "vocab.json")
#: Written into the converted folder: how it was made (read by the appliance for display only).
STAGING_INFO = "staging.json"


def download_hf_model(model_id: str, target: Path) -> Path:
    """Download a model snapshot from the Hugging Face Hub (staging machine only)."""
    # The appliance package forces offline mode on import; the staging step is the one place that
    # is meant to go online, so undo it for this process before huggingface_hub reads it.
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.pop(var, None)
    from huggingface_hub import snapshot_download

    target.mkdir(parents=True, exist_ok=True)
    path = snapshot_download(
        repo_id=model_id,
        local_dir=str(target),
        allow_patterns=["*.json", "*.spm", "*.model", "*.safetensors", "*.txt", "*.md"],
    )
    return Path(path)


def convert_translation_model(
    hf_dir: str | Path,
    out_dir: str | Path,
    quantization: str = "int8",
    force: bool = False,
) -> Path:
    """Convert a local Hugging Face seq2seq folder (MarianMTModel for OPUS-MT) to CTranslate2.

    The tokenizer files (source.spm/target.spm or tokenizer.json) are copied into the output, so
    the folder is self-contained for ``appliance.pipeline.translate``. Output is written to a
    temporary sibling and renamed, so a failed conversion never leaves a half folder behind.
    """

    hf_dir = Path(hf_dir)
    out_dir = Path(out_dir)
    if not hf_dir.is_dir():
        raise FileNotFoundError(f"not a model folder: {hf_dir}")
    if out_dir.exists() and not force:
        raise FileExistsError(f"{out_dir} exists (use force=True / --force to replace it)")
    copy = [name for name in TOKENIZER_FILES if (hf_dir / name).is_file()]
    if not any(n in copy for n in ("source.spm", "tokenizer.json")):
        raise ValueError(f"{hf_dir} has neither source.spm nor tokenizer.json; the translator needs a tokenizer")
    return ct2_convert(hf_dir, out_dir, quantization, copy)


def ct2_convert(hf_dir: Path, out_dir: Path, quantization: str, copy_files: list[str], info: dict | None = None) -> Path:
    """TransformersConverter into ``<out>.partial`` with a staging.json, then renamed: never a half folder.

    Shared by every model kind the installer converts (translation here, generators in
    convert_generators.py).
    """
    import ctranslate2

    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    started = time.monotonic()
    converter = ctranslate2.converters.TransformersConverter(str(hf_dir), copy_files=copy_files)
    converter.convert(str(tmp), quantization=quantization, force=True)
    info = {
        **(info or {}),
        "source": hf_dir.name,
        "converter": "ctranslate2.converters.TransformersConverter",
        "ctranslate2": ctranslate2.__version__,
        "quantization": quantization,
        "seconds": round(time.monotonic() - started, 1),
    }
    (tmp / STAGING_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    tmp.rename(out_dir)
    return out_dir


def smoke_test(ct2_dir: Path, sentence: str = "Der Patient wurde am Knie operiert.") -> str:
    """Translate one sentence with the converted folder (sanity check before carrying it in)."""
    import ctranslate2
    import sentencepiece as spm

    sp_src = spm.SentencePieceProcessor(model_file=str(ct2_dir / "source.spm"))
    sp_tgt = spm.SentencePieceProcessor(model_file=str(ct2_dir / "target.spm"))
    translator = ctranslate2.Translator(str(ct2_dir), device="cpu")
    tokens = sp_src.encode(sentence, out_type=str) + ["</s>"]
    out = translator.translate_batch([tokens], beam_size=4, max_decoding_length=128)
    return sp_tgt.decode(out[0].hypotheses[0])


def stage_translation(out_root: Path, model: str, quantization: str, force: bool) -> Path:
    local = Path(model)
    name = local.name if local.is_dir() else model.split("/")[-1]
    if local.is_dir():
        hf_dir = local
    else:
        hf_dir = download_hf_model(model, out_root / "hf" / name)
    target = out_root / f"{name}-ct2-{quantization}"
    convert_translation_model(hf_dir, target, quantization=quantization, force=force)
    record_model(out_root, target, "translation", "opus-mt-de-en" if "opus-mt-de-en" in name else target.name,
                 TRANSLATION_LICENSE, ["de", "en"], model)
    return target


#: models copied as they are (no conversion): kind, hub id, license, languages
COPIED = {
    "gliner": ("ner", "urchade/gliner_multi_pii-v1", "Apache-2.0", ["de", "en"]),
    "embedding": ("embedding", "intfloat/multilingual-e5-large", "MIT", ["de", "en"]),
}
MANIFEST = "models.json"


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def record_model(out_root: Path, folder: Path, kind: str, name: str, license: str, languages: list[str],
                 source: str) -> dict:
    """Add (or replace) the model's entry in ``OUT_DIR/models.json`` with the sha256 of every file, and its
    line in LICENSES.md."""
    out_root = Path(out_root)
    manifest_path = out_root / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {"models": []}
    entry = {"name": name, "folder": Path(folder).resolve().relative_to(out_root.resolve()).as_posix(), "kind": kind,
             "license": license, "languages": languages, "source": source,
             "files": {p.relative_to(folder).as_posix(): _sha256(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}}
    manifest["models"] = [m for m in manifest["models"] if m["name"] != name] + [entry]
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    lines = ["# Licenses of the staged models", ""] + [f"- {m['name']} ({m['kind']}): {m['license']}, from {m['source']}"
                                                       for m in manifest["models"]]
    (out_root / "LICENSES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return entry


def stage_copied(what: str, out_root: Path, model: str | None, force: bool) -> Path:
    """A model used as it is (GLiNER, an embedding model): downloaded, or copied from a local folder."""
    kind, default, license, languages = COPIED[what]
    model = model or default
    local = Path(model)
    name = local.name if local.is_dir() else model.split("/")[-1]
    target = out_root / name
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists (use --force to replace it)")
    if local.is_dir():
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(local, target)
    else:
        download_hf_model(model, target)
    record_model(out_root, target, kind, name, license, languages, model)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Download and convert models for the offline appliance.")
    sub = ap.add_subparsers(dest="what", required=True)
    t = sub.add_parser("translation", help="OPUS-MT de-en -> CTranslate2")
    t.add_argument("out", help="output folder")
    t.add_argument("--model", default=DEFAULT_TRANSLATION_MODEL, help="hub id or local HF folder")
    t.add_argument("--quantization", default="int8", help="int8 (default), int8_float16, float16, float32")
    t.add_argument("--force", action="store_true", help="replace an existing converted folder")
    t.add_argument("--no-smoke-test", action="store_true")
    for what, (kind, default, _, _) in COPIED.items():
        c = sub.add_parser(what, help=f"{default} ({kind}), used as it is")
        c.add_argument("out", help="output folder")
        c.add_argument("--model", help=f"hub id or local folder (default {default})")
        c.add_argument("--force", action="store_true")
    a = sub.add_parser("all", help="the default set of every kind (needs internet)")
    a.add_argument("out", help="output folder")
    a.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    if args.what in COPIED:
        target = stage_copied(args.what, Path(args.out), args.model, args.force)
        print(f"Staged {target}; recorded in {Path(args.out) / MANIFEST}")
        return 0
    if args.what == "all":
        import subprocess

        out = Path(args.out)
        force = ["--force"] if args.force else []
        for what in COPIED:
            stage_copied(what, out, None, args.force)
        main(["translation", str(out), *force])
        for what in ("llm", "doc2query"):
            subprocess.run([sys.executable, str(Path(__file__).with_name("convert_generators.py")), what, str(out), *force],
                           check=True)
        print(f"Every model staged in {out}; carry the folder in and run installer/install.sh WHEELHOUSE --models {out}")
        return 0
    if args.what == "translation":
        target = stage_translation(Path(args.out), args.model, args.quantization, args.force)
        print(f"Converted to {target}")
        if not args.no_smoke_test and (target / "source.spm").exists():
            print(f"Smoke test: {smoke_test(target)}")
        print(
            f"Carry it in and add it with:\n  appliance models add {target} --kind translation "
            f"--languages de,en --license {TRANSLATION_LICENSE} --name opus-mt-de-en"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
