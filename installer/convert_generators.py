"""Generator staging (runs on a machine WITH internet, never inside the hospital network).

Two kinds of question generator are staged as CTranslate2 folders (int8 by default):

- **llm**: a small instruct LLM (Llama / Qwen / Mistral / Gemma families) converted to a
  CTranslate2 *Generator*, with its tokenizer files and chat template copied next to ``model.bin``;
  loaded by ``appliance.pipeline.questions.LlmQuestionGenerator``.
- **doc2query**: a T5 / mT5 doc2query model converted to a CTranslate2 *Translator*, with its
  tokenizer (``spiece.model`` and/or ``tokenizer.json``); loaded by ``Doc2QueryGenerator``.

    python installer/convert_generators.py llm OUT_DIR [--model Qwen/Qwen2.5-1.5B-Instruct]
    python installer/convert_generators.py doc2query OUT_DIR [--model doc2query/msmarco-german-mt5-base-v1]
        [--quantization int8] [--force] [--no-smoke-test]

``OUT_DIR`` receives ``<name>-ct2-<quantization>/``. ``--model`` may also be a local Hugging Face
folder, which is how the tests use this same code on tiny random models. The conversion
functions never download anything; only :func:`download_hf_model` does, and only for a hub id.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stage_models import ct2_convert, record_model  # noqa: E402  (the installer's shared steps)

DEFAULT_LLM = "Qwen/Qwen2.5-1.5B-Instruct"
LLM_LICENSE = "Apache-2.0"  # Qwen2.5-0.5B/1.5B/7B-Instruct; check the card of any other model
DEFAULT_DOC2QUERY = {"de": "doc2query/msmarco-german-mt5-base-v1", "en": "doc2query/msmarco-t5-base-v1"}
DOC2QUERY_LICENSE = "Apache-2.0"

#: Tokenizer files copied next to model.bin when the HF folder has them.
TOKENIZER_FILES = (
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "chat_template.jinja",
    "chat_template.json",
    "generation_config.json",
    "tokenizer.model",
    "spiece.model",
    "sentencepiece.bpe.model",
    "vocab.json",
    "merges.txt",
)
DOWNLOAD_PATTERNS = ["*.json", "*.jinja", "*.model", "*.safetensors", "*.txt", "*.md", "LICENSE*"]


def download_hf_model(model_id: str, target: Path) -> Path:
    """Download a model snapshot from the Hugging Face Hub (staging machine only)."""
    # The appliance package forces offline mode on import; staging is the one place that is meant
    # to go online, so undo it for this process before huggingface_hub reads it.
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        os.environ.pop(var, None)
    from huggingface_hub import snapshot_download

    target.mkdir(parents=True, exist_ok=True)
    path = snapshot_download(repo_id=model_id, local_dir=str(target), allow_patterns=DOWNLOAD_PATTERNS)
    return Path(path)


def has_chat_template(hf_dir: Path) -> bool:
    """Whether the folder carries a chat template (chat_template.jinja/json or in tokenizer_config)."""
    if (hf_dir / "chat_template.jinja").is_file() or (hf_dir / "chat_template.json").is_file():
        return True
    cfg = hf_dir / "tokenizer_config.json"
    if cfg.is_file():
        try:
            return bool(json.loads(cfg.read_text(encoding="utf-8")).get("chat_template"))
        except (ValueError, OSError):
            return False
    return False


def _model_type(hf_dir: Path) -> str:
    try:
        config = json.loads((hf_dir / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{hf_dir} has no readable config.json") from exc
    return str(config.get("model_type", ""))


def _convert(hf_dir: Path, out_dir: Path, quantization: str, force: bool, info: dict) -> Path:
    """TransformersConverter into ``<out>.partial``, then renamed: never a half folder."""
    if out_dir.exists() and not force:
        raise FileExistsError(f"{out_dir} exists (use force=True / --force to replace it)")
    copy = [name for name in TOKENIZER_FILES if (hf_dir / name).is_file()]
    return ct2_convert(hf_dir, out_dir, quantization, copy, info)


def convert_llm(hf_dir: str | Path, out_dir: str | Path, quantization: str = "int8", force: bool = False) -> Path:
    """Convert a local Hugging Face causal LM folder (an *instruct* model) to a CTranslate2 Generator.

    The tokenizer (``tokenizer.json`` or ``tokenizer.model``) and the chat template must be present:
    the appliance formats its prompts with the model's own template.
    """
    hf_dir, out_dir = Path(hf_dir), Path(out_dir)
    if not hf_dir.is_dir():
        raise FileNotFoundError(f"not a model folder: {hf_dir}")
    model_type = _model_type(hf_dir)
    if model_type in ("t5", "mt5", "umt5", "marian", "bart", "mbart", "m2m_100"):
        raise ValueError(f"{hf_dir.name} is a {model_type} encoder-decoder model; use convert_doc2query")
    if not any((hf_dir / n).is_file() for n in ("tokenizer.json", "tokenizer.model")):
        raise ValueError(f"{hf_dir} has neither tokenizer.json nor tokenizer.model; the generator needs a tokenizer")
    if not has_chat_template(hf_dir):
        raise ValueError(f"{hf_dir} has no chat template; the LLM generator needs an instruct (chat) model")
    info = {"kind": "generator", "generator": "llm", "model_type": model_type, "ctranslate2_class": "Generator"}
    return _convert(hf_dir, out_dir, quantization, force, info)


def convert_doc2query(hf_dir: str | Path, out_dir: str | Path, quantization: str = "int8", force: bool = False) -> Path:
    """Convert a local T5 / mT5 doc2query folder to a CTranslate2 Translator (with its tokenizer)."""
    hf_dir, out_dir = Path(hf_dir), Path(out_dir)
    if not hf_dir.is_dir():
        raise FileNotFoundError(f"not a model folder: {hf_dir}")
    model_type = _model_type(hf_dir)
    if model_type not in ("t5", "mt5", "umt5"):
        raise ValueError(f"{hf_dir.name} is a '{model_type}' model; doc2query needs a T5 / mT5 model")
    if not any((hf_dir / n).is_file() for n in ("tokenizer.json", "spiece.model")):
        raise ValueError(f"{hf_dir} has neither tokenizer.json nor spiece.model; doc2query needs a tokenizer")
    info = {"kind": "generator", "generator": "doc2query", "model_type": model_type, "ctranslate2_class": "Translator"}
    return _convert(hf_dir, out_dir, quantization, force, info)


def smoke_test(ct2_dir: Path, what: str) -> list[str]:
    """Generate a few questions for one German section with the converted folder."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from appliance.pipeline.questions import Doc2QueryGenerator, LlmQuestionGenerator, SectionInput

    section = SectionInput(
        text="Im Röntgen des rechten Knies zeigt sich eine nicht dislozierte Fraktur des Tibiakopfes.",
        header="Befund",
        language="de",
        doc_type="radiology",
    )
    gen = LlmQuestionGenerator(ct2_dir, device="auto") if what == "llm" else Doc2QueryGenerator(ct2_dir, device="auto")
    return gen.generate([section], 3)[0]


def stage(what: str, out_root: Path, model: str, quantization: str, force: bool) -> Path:
    local = Path(model)
    name = local.name if local.is_dir() else model.split("/")[-1]
    hf_dir = local if local.is_dir() else download_hf_model(model, out_root / "hf" / name)
    target = out_root / f"{name}-ct2-{quantization}"
    convert = convert_llm if what == "llm" else convert_doc2query
    return convert(hf_dir, target, quantization=quantization, force=force)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Download and convert question generators for the offline appliance.")
    sub = ap.add_subparsers(dest="what", required=True)
    for what, default, help_ in (
        ("llm", DEFAULT_LLM, "a small instruct LLM -> CTranslate2 Generator"),
        ("doc2query", DEFAULT_DOC2QUERY["de"], "a T5/mT5 doc2query model -> CTranslate2 Translator"),
    ):
        p = sub.add_parser(what, help=help_)
        p.add_argument("out", help="output folder")
        p.add_argument("--model", default=default, help=f"hub id or local HF folder (default {default})")
        p.add_argument("--quantization", default="int8", help="int8 (default), int8_float16, float16, float32")
        p.add_argument("--force", action="store_true", help="replace an existing converted folder")
        p.add_argument("--no-smoke-test", action="store_true")
    args = ap.parse_args(argv)
    target = stage(args.what, Path(args.out), args.model, args.quantization, args.force)
    print(f"Converted to {target}")
    if not args.no_smoke_test:
        for q in smoke_test(target, args.what):
            print(f"  smoke test: {q}")
    license_ = LLM_LICENSE if args.what == "llm" else DOC2QUERY_LICENSE
    languages = "de,en" if args.what == "llm" or "german" not in args.model else "de"
    record_model(Path(args.out), target, "generator", target.name, license_, languages.split(","), args.model)
    print(
        "Check the model card's license, carry the folder in and add it with:\n"
        f"  appliance models add {target} --kind generator --languages {languages} --license {license_}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
