"""The pseudonymization generalisation protocol (docs/pseudonymization.md).

The 36 GraSCCo-PHI dev letters are split into dev-train (read while writing rules and word lists)
and dev-locked (the 12 letters in bench/grascco_phi_locked.txt, chosen by a fixed seed and never
read). Prints character recall, names, dates and precision for both halves, the same after a
name swap (gold names replaced by names from other locales), optionally strict mode and the
Presidio English set. The locked figures are the ones that count.

Usage:
    python bench/deid_generalisation.py [--shared ../shared] [--strict] [--presidio] [--json]
    python bench/deid_generalisation.py --show-misses LABEL   # dev-train letters only
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from appliance.pipeline.phi import deid_scores, detect_phi, load_gold
from appliance.pipeline.phi.evaluate import PRESIDIO_NOT_PHI, read_id_list, split_gold, swap_names

HERE = Path(__file__).resolve().parent
LOCKED = HERE / "grascco_phi_locked.txt"
LABELS = ("NAME_*", "DATE", "AGE", "CONTACT_PHONE", "LOCATION_HOSPITAL", "LOCATION_STREET", "ID")


def summary(scores: dict) -> dict:
    out = {"letters": scores["docs"], "recall": round(scores["recall"], 4), "precision": round(scores["precision"], 4)}
    for lab in LABELS:
        if lab in scores["per_label"]:
            out[lab] = round(scores["per_label"][lab]["recall"], 4)
    out["per_label"] = {k: [round(v["recall"], 4), v["support"]] for k, v in scores["per_label"].items()}
    return out


def show_misses(docs: list[dict], label: str, strict: bool) -> None:
    """Missed gold spans of one label with a little context -- dev-train letters only."""
    for doc in docs:
        text = doc["text"]
        pred = detect_phi(text, strict=strict) if strict else detect_phi(text)
        mask = bytearray(len(text))
        for p in pred:
            mask[p.start:p.end] = b"\x01" * (p.end - p.start)
        for g in doc["spans"]:
            if label not in (g["label"], "ALL") or all(mask[g["start"]:g["end"]]):
                continue
            ctx = text[max(0, g["start"] - 40):g["end"] + 30].replace("\n", "⏎")
            print(f"{doc['doc_id']:<24} {g['label']:<18} {text[g['start']:g['end']]!r:<30} | {ctx}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shared", default=str(HERE.parents[1] / "shared"))
    p.add_argument("--strict", action="store_true", help="also score strict mode")
    p.add_argument("--presidio", action="store_true", help="also score the Presidio synthetic English set")
    p.add_argument("--show-misses", metavar="LABEL", help="print missed spans of LABEL (or ALL) in dev-train letters")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)

    shared = Path(args.shared)
    docs = load_gold(shared / "bench" / "grascco-phi" / "dev.jsonl")
    train, locked = split_gold(docs, read_id_list(LOCKED))
    if args.show_misses:
        show_misses(train, args.show_misses, args.strict)
        return 0
    modes = {"default": detect_phi}
    if args.strict:
        modes["strict"] = lambda t: detect_phi(t, strict=True)
    result: dict = {}
    for mode, fn in modes.items():
        for name, part in (("dev-train", train), ("dev-locked", locked)):
            result[f"{mode}/{name}"] = summary(deid_scores(part, fn))
            result[f"{mode}/{name}+swap"] = summary(deid_scores(swap_names(part), fn))
    if args.presidio:
        pres = load_gold(shared / "data" / "presidio_synth_pii" / "synth_dataset_v2.json")
        result["default/presidio-en"] = summary(deid_scores(pres, lambda t: detect_phi(t, language="en")))
        result["default/presidio-en PHI labels"] = summary(deid_scores(pres, lambda t: detect_phi(t, language="en"),
                                                                       ignore_labels=PRESIDIO_NOT_PHI))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    cols = ("letters", "recall", "precision") + LABELS
    print(f"{'run':<32}" + "".join(f"{c[:9]:>10}" for c in cols))
    for run, r in result.items():
        print(f"{run:<32}" + "".join(f"{r[c]:>10}" if c in r else f"{'-':>10}" for c in cols))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
