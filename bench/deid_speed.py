"""De-identification quality and speed of the rule + gazetteer detector (no model) on the
GraSCCo-PHI dev letters, and optionally the Presidio synthetic English set.

Usage:
    python bench/deid_speed.py [--shared ../shared] [--workers 2] [--repeat 5] [--presidio] [--json]

Prints character-level recall (overall, all NAME_* labels, DATE), precision, and throughput in
letters per second for detection alone and for detection + pseudonymization, using ``--workers``
processes (the target is >= 50 letters/s on 2 cores). No document text is printed.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from multiprocessing import get_context
from pathlib import Path

from appliance.pipeline.phi import Surrogator, deid_scores, detect_phi, load_gold, pseudonymize_text

_TEXTS: list[str] = []


def _init(texts: list[str]) -> None:
    global _TEXTS
    _TEXTS = texts
    for t in texts[:2]:  # warm the caches (word lists, regexes) outside the timing
        detect_phi(t)


def _work(args: tuple[int, int, bool]) -> int:
    start, stop, pseudo = args
    surrogator = Surrogator(b"bench-seed") if pseudo else None
    for i in range(start, stop):
        text = _TEXTS[i % len(_TEXTS)]
        spans = detect_phi(text)
        if surrogator is not None:
            pseudonymize_text(text, spans, surrogator, f"patient:{i}")
    return stop - start


def throughput(texts: list[str], workers: int, repeat: int, pseudo: bool) -> float:
    """Letters per second over ``repeat`` passes, split over ``workers`` processes."""
    total = len(texts) * repeat
    if workers <= 1:
        _init(texts)
        t0 = time.perf_counter()
        _work((0, total, pseudo))
        return total / (time.perf_counter() - t0)
    ctx = get_context("fork") if hasattr(os, "fork") else get_context()
    with ctx.Pool(workers, initializer=_init, initargs=(texts,)) as pool:
        pool.map(_work, [(0, workers, False)] * workers)  # start-up and warm-up outside the timing
        step = -(-total // workers)
        chunks = [(i, min(total, i + step), pseudo) for i in range(0, total, step)]
        t0 = time.perf_counter()
        done = sum(pool.map(_work, chunks))
        return done / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--presidio", action="store_true", help="also score the Presidio synthetic English set")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    shared = Path(args.shared)
    docs = load_gold(shared / "bench" / "grascco-phi" / "dev.jsonl")
    scores = deid_scores(docs, detect_phi)
    texts = [d["text"] for d in docs]
    result = {
        "letters": len(docs),
        "recall": round(scores["recall"], 4),
        "recall_NAME": round(scores["per_label"]["NAME_*"]["recall"], 4),
        "recall_DATE": round(scores["per_label"]["DATE"]["recall"], 4),
        "precision": round(scores["precision"], 4),
        "leakage": round(scores["leakage"], 4),
        "per_label": {k: round(v["recall"], 4) for k, v in scores["per_label"].items()},
        "workers": args.workers,
        "cpu_count": os.cpu_count(),
        "letters_per_s_detect": round(throughput(texts, args.workers, args.repeat, False), 1),
        "letters_per_s_detect_and_pseudonymize": round(throughput(texts, args.workers, args.repeat, True), 1),
        "letters_per_s_single_process": round(throughput(texts, 1, max(1, args.repeat // 2), False), 1),
    }
    if args.presidio:
        pres = load_gold(shared / "data" / "presidio_synth_pii" / "synth_dataset_v2.json")
        ps = deid_scores(pres, lambda t: detect_phi(t, language="en"))
        result["presidio"] = {"sentences": len(pres), "recall": round(ps["recall"], 4),
                              "precision": round(ps["precision"], 4),
                              "per_label": {k: round(v["recall"], 4) for k, v in ps["per_label"].items()}}
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"GraSCCo-PHI dev letters: {result['letters']}")
    print(f"  recall     {result['recall']:.4f}  (NAME_* {result['recall_NAME']:.4f}, DATE {result['recall_DATE']:.4f})")
    print(f"  precision  {result['precision']:.4f}   leakage {result['leakage']:.4f}")
    for label, r in sorted(result["per_label"].items()):
        print(f"    {label:<24} {r:.3f}")
    print(f"  speed      {result['letters_per_s_detect']:.1f} letters/s detection, "
          f"{result['letters_per_s_detect_and_pseudonymize']:.1f} letters/s detection+pseudonymization "
          f"({args.workers} worker processes; single process {result['letters_per_s_single_process']:.1f}/s)")
    if args.presidio:
        pr = result["presidio"]
        print(f"Presidio synthetic (English, {pr['sentences']} sentences): recall {pr['recall']:.4f}, "
              f"precision {pr['precision']:.4f}")
        for label, r in sorted(pr["per_label"].items()):
            print(f"    {label:<24} {r:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
