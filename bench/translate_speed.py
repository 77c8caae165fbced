"""Translation speed: CTranslate2 (int8 and float32) against transformers ``generate``, same model,
same input, same decoding settings, measured in one run.

Usage:
    python bench/translate_speed.py [--json] [--preset opus|tiny] [--sentences 32] [--beam-size 4]
    python bench/translate_speed.py --model CT2_FOLDER_OR_STORE_NAME --hf-model HF_FOLDER   # a real model

Default model: a MarianMTModel with random weights at the width of Helsinki-NLP/opus-mt-de-en
(d_model 512, 6+6 layers, 8 heads, FFN 2048, 32k vocabulary, about 60M parameters) with a
SentencePiece model trained locally, converted with installer/stage_models.py (int8 and float32).
Random weights never emit </s>, so every sentence decodes to the same fixed length
(--max-new-tokens) in every engine: the comparison is tokens of decoder work per second.

Inputs: the first --sentences German lines of ../shared/data/wmt_biomed_de_en (generated German
sentences when it is absent), sorted by length and batched (--batch-size) identically for all engines.
Threads: torch.set_num_threads(T) and CTranslate2 intra_threads=T (T = --threads, default all cores).
--json prints one object: {"ct2_int8_tok_s", "hf_tok_s", "ratio", ...}.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

import warnings  # noqa: E402

import appliance  # noqa: E402,F401  (offline mode first)

warnings.filterwarnings("ignore", message=".*sacremoses.*")


def german_inputs(n: int, path: str | None = None) -> list[str]:
    from tiny_models import WMT_DIR, training_sentences

    f = Path(path) if path else WMT_DIR / "wmt19.medline.de-en.de"
    lines = [ln.strip() for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()] if f.exists() else []
    lines = [ln for ln in lines if len(ln) < 400]  # one sentence-ish segment, as the pipeline sends
    if len(lines) < n:
        lines += [s for s in training_sentences(4 * n) if not s.startswith("The ")]
    return lines[:n]


def ct2_runner(folder: Path, compute_type: str, batches: list[list[str]], beam: int, max_new: int, threads: int, device: str):
    """Loads the model once; the returned function times one pass over all batches."""
    from appliance.models.ct2 import open_ct2_model
    from appliance.pipeline.translate import _Tokenizer

    cfg = json.loads((folder / "config.json").read_text()) if (folder / "config.json").exists() else {}
    tok = _Tokenizer(folder, cfg.get("eos_token") or "</s>", not cfg.get("add_source_eos", False))
    tr = open_ct2_model("translator", folder, device=device, compute_type=compute_type, threads=threads, probe_token=tok.eos)
    encoded = [tok.encode(b) for b in batches]
    tr.translate_batch(encoded[0][:2], beam_size=beam, max_decoding_length=8)  # warm-up

    def run() -> tuple[int, float]:
        n_tokens = 0
        started = time.perf_counter()
        for b in encoded:
            out = tr.translate_batch(b, beam_size=beam, max_decoding_length=max_new, max_batch_size=len(b))
            n_tokens += sum(len(r.hypotheses[0]) for r in out)
        return n_tokens, time.perf_counter() - started

    return run, tr.compute_type


def hf_runner(hf_dir: Path, batches: list[list[str]], beam: int, max_new: int, threads: int, device: str):
    import torch
    import transformers
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(threads)
    tok = AutoTokenizer.from_pretrained(str(hf_dir), local_files_only=True)
    model = AutoModelForSeq2SeqLM.from_pretrained(str(hf_dir), local_files_only=True).eval().to(device)
    pad, eos = model.config.pad_token_id, model.config.eos_token_id
    # +1: transformers counts the forced </s> at the end into max_new_tokens, CTranslate2 does not
    kwargs = dict(num_beams=beam, do_sample=False, max_new_tokens=max_new + 1, early_stopping=True)
    encoded = [tok(b, return_tensors="pt", padding=True, truncation=True, max_length=500).to(device) for b in batches]
    with torch.inference_mode():
        model.generate(**encoded[0], num_beams=beam, max_new_tokens=8)  # warm-up

    def run() -> tuple[int, float]:
        n_tokens = 0
        with torch.inference_mode():
            if device == "cuda":
                torch.cuda.synchronize()
            started = time.perf_counter()
            for enc in encoded:
                out = model.generate(**enc, **kwargs)
                n_tokens += int(((out != pad) & (out != eos)).sum())
            if device == "cuda":
                torch.cuda.synchronize()
        return n_tokens, time.perf_counter() - started

    return run


def measure(runners: dict, repeat: int) -> dict:
    """Interleaved rounds (a, b, c, a, b, c, ...) so that load from other processes hits all alike;
    the median tokens/s of each engine is reported."""
    samples: dict[str, list[tuple[int, float]]] = {name: [] for name in runners}
    for _ in range(repeat):
        for name, run in runners.items():
            samples[name].append(run())
    out = {}
    for name, runs in samples.items():
        rates = sorted(n / sec for n, sec in runs)
        out[name] = {
            "tokens": runs[0][0],
            "seconds": [round(sec, 3) for _, sec in runs],
            "tok_s": round(statistics.median(rates), 1),
        }
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="CTranslate2 folder or store name of a real translation model")
    ap.add_argument("--hf-model", help="the Hugging Face folder of the same model (for the transformers side)")
    ap.add_argument("--preset", default="opus", choices=["opus", "tiny"], help="random model width (default opus)")
    ap.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "appliance-bench-translate"),
                    help="where the random model is built and cached")
    ap.add_argument("--sentences", type=int, default=32)
    ap.add_argument("--inputs", help="text file of German lines (default: WMT19 biomedical de-en, German side)")
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--max-new-tokens", type=int, default=48)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    ap.add_argument("--repeat", type=int, default=3, help="interleaved rounds; the median is reported (default 3)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    from tiny_models import build_tiny_translation_model, load_installer

    if args.model:
        from appliance.models import ModelStore

        int8_dir = ModelStore().resolve(args.model, "translation")
        hf_dir = Path(args.hf_model) if args.hf_model else None
        name = int8_dir.name
        f32_dir = None
        if hf_dir is not None:
            f32_dir = Path(args.work) / f"{name}-ct2-float32"
            if not (f32_dir / "model.bin").exists():
                load_installer().convert_translation_model(hf_dir, f32_dir, quantization="float32", force=True)
    else:
        hf_dir, int8_dir = build_tiny_translation_model(Path(args.work), preset=args.preset, quantization="int8")
        _, f32_dir = build_tiny_translation_model(Path(args.work), preset=args.preset, quantization="float32")
        name = f"random-marian-{args.preset}"

    sentences = sorted(german_inputs(args.sentences, args.inputs), key=len)
    batches = [sentences[i : i + args.batch_size] for i in range(0, len(sentences), args.batch_size)]
    ct2_device = "cuda" if args.device == "cuda" else "cpu"
    int8_type = "int8_float16" if ct2_device == "cuda" else "int8"
    results = {
        "model": name,
        "device": args.device,
        "threads": args.threads,
        "beam_size": args.beam_size,
        "sentences": len(sentences),
        "batch_size": args.batch_size,
        "max_new_tokens": args.max_new_tokens,
        "repeat": args.repeat,
    }
    common = (batches, args.beam_size, args.max_new_tokens, args.threads)
    run_int8, int8_type = ct2_runner(int8_dir, int8_type, *common, ct2_device)
    run_f32, _ = ct2_runner(f32_dir or int8_dir, "float32", *common, ct2_device)
    runners = {"ct2_int8": run_int8, "ct2_float32": run_f32}
    if hf_dir:
        runners["hf"] = hf_runner(hf_dir, *common, args.device)
    m = measure(runners, args.repeat)
    int8, f32, hf = m["ct2_int8"], m["ct2_float32"], m.get("hf")
    int8["compute_type"] = int8_type
    results.update(
        ct2_int8_tok_s=int8["tok_s"],
        ct2_float32_tok_s=f32["tok_s"],
        hf_tok_s=hf["tok_s"] if hf else None,
        ratio=round(int8["tok_s"] / hf["tok_s"], 2) if hf else None,
        ratio_float32=round(f32["tok_s"] / hf["tok_s"], 2) if hf else None,
        detail=m,
    )
    if args.json:
        print(json.dumps(results))
        return 0
    print(f"Model {name}: {len(sentences)} sentences, batches of {args.batch_size}, beam {args.beam_size}, "
          f"{args.threads} threads on {args.device}")
    print(f"  CTranslate2 {int8['compute_type']:<12} {int8['tok_s']:>9,.1f} tokens/s  ({int8['tokens']} tokens, s: {int8['seconds']})")
    print(f"  CTranslate2 {'float32':<12} {f32['tok_s']:>9,.1f} tokens/s  ({f32['tokens']} tokens, s: {f32['seconds']})")
    if hf:
        print(f"  transformers generate   {hf['tok_s']:>9,.1f} tokens/s  ({hf['tokens']} tokens, s: {hf['seconds']})")
        print(f"  ratio int8 / transformers = {results['ratio']:.2f}x, float32 / transformers = {results['ratio_float32']:.2f}x")
    else:
        print("  transformers: skipped (give --hf-model, the Hugging Face folder of the same model)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
