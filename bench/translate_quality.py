"""Translation quality: BLEU and chrF (sacrebleu) of the installed de-en model on the WMT18/19
biomedical Medline test sets (German originals -> English references).

Usage:
    python bench/translate_quality.py [--model NAME_OR_CT2_FOLDER] [--shared ../shared] [--limit N] [--json]

The translation goes through the appliance's own path (appliance.pipeline.translate: sentence
segmentation, batching by length, decoding guard), so the score is what the pipeline delivers.
Skips with a clear message (exit 0) when no real de-en translation model is installed or the data
set is absent: the tiny random test model would only measure noise.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import appliance  # noqa: F401  (offline mode first)
from appliance.models import ModelError, ModelStore

REPO = Path(__file__).resolve().parents[1]
FILES = [("wmt18.medline.de-en.de", "wmt18.medline.de-en.en"), ("wmt19.medline.de-en.de", "wmt19.medline.de-en.en")]


def skip(reason: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"skipped": True, "reason": reason}))
    else:
        print(f"SKIPPED: {reason}")
    return 0


def find_model(store: ModelStore, name: str | None) -> Path | None:
    if name:
        return store.resolve(name, "translation")
    for m in store.list("translation"):
        langs = set(m.languages)
        if not langs or {"de", "en"} <= langs:
            return m.path
    return None


def load_pairs(folder: Path, limit: int | None) -> list[tuple[str, str]]:
    pairs = []
    for de_name, en_name in FILES:
        de = (folder / de_name).read_text(encoding="utf-8").splitlines()
        en = (folder / en_name).read_text(encoding="utf-8").splitlines()
        pairs += [(d.strip(), e.strip()) for d, e in zip(de, en) if d.strip() and e.strip()]
    return pairs[:limit] if limit else pairs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", help="store name or CTranslate2 folder (default: the installed de-en model)")
    ap.add_argument("--store", help="model store folder")
    ap.add_argument("--shared", default=str(REPO.parent / "shared"))
    ap.add_argument("--limit", type=int, help="only the first N segment pairs")
    ap.add_argument("--beam-size", type=int, default=4)
    ap.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    ap.add_argument("--compute-type", default="auto")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    data = Path(args.shared) / "data" / "wmt_biomed_de_en"
    if not all((data / f).exists() for pair in FILES for f in pair):
        return skip(f"the WMT biomedical test sets are not at {data}", args.json)
    try:
        folder = find_model(ModelStore(args.store), args.model)
    except ModelError as e:
        return skip(f"no usable translation model ({e})", args.json)
    if folder is None:
        return skip(
            "no real de-en translation model is installed; stage Helsinki-NLP/opus-mt-de-en with "
            "'python installer/stage_models.py translation OUT' and add it with "
            "'appliance models add OUT/opus-mt-de-en-ct2-int8 --kind translation --languages de,en'",
            args.json,
        )

    import sacrebleu

    from appliance.pipeline.translate import CT2Translator, translate_sections

    pairs = load_pairs(data, args.limit)
    translator = CT2Translator(folder, device=args.device, compute_type=args.compute_type, beam_size=args.beam_size)
    started = time.monotonic()
    rows = translate_sections([{"section_id": i, "text": de, "surrogates": []} for i, (de, _) in enumerate(pairs)], translator)
    seconds = time.monotonic() - started
    hyps = [r["text"] for r in rows]
    refs = [en for _, en in pairs]
    bleu = sacrebleu.corpus_bleu(hyps, [refs])
    chrf = sacrebleu.corpus_chrf(hyps, [refs])
    result = {
        "skipped": False,
        "model": folder.name,
        "device": translator.device,
        "compute_type": translator.compute_type,
        "beam_size": args.beam_size,
        "segments": len(pairs),
        "bleu": round(bleu.score, 2),
        "chrf": round(chrf.score, 2),
        "seconds": round(seconds, 1),
        "segments_per_s": round(len(pairs) / seconds, 1) if seconds else None,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"Model {folder.name} ({translator.device}, {translator.compute_type}, beam {args.beam_size}) on "
              f"{len(pairs)} WMT18/19 biomedical de->en segments in {seconds:.1f} s")
        print(f"  BLEU {bleu.score:.2f}   ({bleu})")
        print(f"  chrF {chrf.score:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
