"""Training on a hospital's judged queries, cross-validated: mtsamples-topics dev as the judged set.

    .venv/bin/python bench/judged_cv.py [--folds 5] [--epochs 3] [--merge-base 1] [--negatives] [--json]
    .venv/bin/python bench/judged_cv.py --trial-fold 0 ...   # one fold only, to compare recipes quickly

The issue on learning from judgments names mtsamples-topics dev queries and qrels as the one judged set that
may be trained on. The project (built once in the temp folder: the corpus imported, pseudonymized
irreversibly, indexed on the pseudonymized text with the default model, the dev queries/qrels imported as the
judged set "dev") is copied once into the temp folder (a stopped run resumes there after its last measured fold; ``--fresh`` starts over), and ``appliance.pipeline.judged_cv.run_judged_cv`` trains one model per fold,
measures each on its held-out queries only (keyword, dense and hybrid search; hybrid's fusion chosen on the
fold's training queries), pools the per-query figures, then trains the final model on every fold. Printed,
measured in this run: base and tuned mAP@100 per search, tuned/base, the paired bootstrap interval of the
difference, the better of keyword/dense minus hybrid, the training time; then liveqa-medquad dev (grade >= 2)
with the base and the final model (dense, the check that general retrieval is not forgotten).
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench"
APP = [sys.executable, "-m", "appliance"]


def prepared() -> Path:
    path = Path(tempfile.gettempdir()) / "bench-mts-judged.appliance"
    if path.exists():
        return path
    print(f"building {path} (once, about 10 minutes)", file=sys.stderr, flush=True)
    corpus = BENCH / "mtsamples-topics"
    for cmd in (["init", str(path)], ["import", str(path), str(corpus / "corpus.jsonl"), "--id-field", "_id"],
                ["pseudonymize", str(path), "--irreversible"], ["index", str(path), "--device", "cpu"],
                ["judged", "import", str(path), str(corpus), "--name", "dev", "--split", "dev"]):
        subprocess.run(APP + cmd, check=True, stdout=subprocess.DEVNULL)
    return path


def working_copy(src: Path, fresh: bool) -> Path:
    """The copy the cross-validation runs in: kept between runs, so that a stopped run resumes after its last
    measured fold (``--fresh``: start over)."""
    dst = Path(tempfile.gettempdir()) / "bench-mts-judged-cv" / src.name
    if dst.exists() and not fresh:
        return dst
    shutil.rmtree(dst.parent, ignore_errors=True)
    dst.parent.mkdir(parents=True)
    shutil.copy(src, dst)
    shutil.copytree(src.with_name(src.name + ".artefacts"), dst.with_name(dst.name + ".artefacts"))
    return dst


def trial_fold(project, options, fold: int) -> dict:
    """One fold of the cross-validation, measured exactly as run_judged_cv measures it."""
    from appliance.models.project_models import resolve_embedding_model
    from appliance.pipeline.fusion_learning import ranker_hits
    from appliance.pipeline.judged_cv import _fold_metrics, _searcher
    from appliance.pipeline.judged_sets import judged_data
    from appliance.pipeline.judged_training import split_keys
    from appliance.pipeline.search import document_keys
    from appliance.pipeline.train import run_train
    from appliance.project import JobControl

    queries, qrels = judged_data(project, options.judged)
    keys = document_keys(project)
    train_keys, held = split_keys(project, options.judged, options.judged_folds, fold, options.seed)
    report = run_train(project, replace(options, judged_holdout=fold))
    out = {"train_seconds": report.seconds, "steps": report.steps, "chose": report.chose}
    for side, path in (("base", resolve_embedding_model("base", project)), ("tuned", Path(report.model_path))):
        searcher, _ = _searcher(project, path, options, JobControl())
        hits = ranker_hits(searcher, queries, sorted(train_keys) + sorted(held), JobControl())
        m, _ = _fold_metrics(hits, keys, qrels, sorted(train_keys), sorted(held), JobControl())
        out[side] = {mode: round(sum(v["map@100"] for v in per.values()) / len(per), 4) for mode, per in m.items()}
    return out


def liveqa(model_path: str | None) -> dict:
    from appliance.pipeline.evaluate import EvaluateOptions, run_evaluate

    r = run_evaluate(None, EvaluateOptions(beir=str(BENCH / "liveqa-medquad"), split="dev", rel_min=2,
                                           model=model_path or "base", device="cpu"))
    return {"map@100": round(r.metrics["map@100"], 4), "queries": r.queries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=float, default=3.0)
    parser.add_argument("--merge-base", type=float, default=1.0)
    parser.add_argument("--learning-rate", type=float, default=2e-5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--negatives", action="store_true")
    parser.add_argument("--trial-fold", type=int)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="start over instead of resuming a stopped run")
    args = parser.parse_args(argv)
    if not (BENCH / "mtsamples-topics" / "corpus.jsonl").exists():
        print(f"skipped: {BENCH} is not here")
        return 0
    from appliance.pipeline.judged_cv import run_judged_cv
    from appliance.pipeline.train import TrainOptions
    from appliance.project import Project

    options = TrainOptions(judged="dev", judged_folds=args.folds, epochs=args.epochs, merge_base=args.merge_base,
                           learning_rate=args.learning_rate, batch_size=args.batch_size,
                           judged_negatives=args.negatives, device="cpu", time_budget_min=0)
    path = working_copy(prepared(), args.fresh or args.trial_fold is not None)
    started = time.monotonic()
    with Project.open(path) as project:
        if args.trial_fold is not None:
            out = trial_fold(project, options, args.trial_fold)
            print(json.dumps(out))
            return 0
        report = run_judged_cv(project, options)
    out = {"folds": report.folds, "queries": report.queries, "train_min": round(report.train_seconds / 60, 1),
           "evaluate_min": round(report.evaluate_seconds / 60, 1), "total_min": round((time.monotonic() - started) / 60, 1),
           "options": {"epochs": args.epochs, "merge_base": args.merge_base, "learning_rate": args.learning_rate,
                       "batch_size": args.batch_size, "negatives": args.negatives}, "mtsamples_dev": {}}
    for mode, m in report.modes.items():
        out["mtsamples_dev"][mode] = {"base": round(m["base"]["map@100"], 4), "tuned": round(m["tuned"]["map@100"], 4),
                                      "ratio": round(report.ratio(mode), 3) if report.ratio(mode) else None,
                                      "delta_ci": m["delta_ci"]}
    dev = out["mtsamples_dev"]
    for side in ("base", "tuned"):
        dev[f"hybrid_minus_best_single_{side}"] = round(
            dev["hybrid"][side] - max(dev["keyword"][side], dev["dense"][side]), 4)
    out["liveqa_dev_rel2"] = {"base": liveqa(None), "tuned": liveqa(report.final_model_path)}
    lb, lt = out["liveqa_dev_rel2"]["base"]["map@100"], out["liveqa_dev_rel2"]["tuned"]["map@100"]
    out["liveqa_dev_rel2"]["ratio"] = round(lt / lb, 3)
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"mtsamples-topics dev, {report.folds}-fold cross-validated ({report.queries} queries, each measured by "
          f"the fold model that never trained on it)")
    for mode in ("keyword", "dense", "hybrid"):
        m = dev[mode]
        lo, hi = m["delta_ci"]
        print(f"  {mode:<8} base {m['base']:.4f}  tuned {m['tuned']:.4f}  tuned/base {m['ratio']:.3f}  "
              f"difference 95% interval {lo:+.4f} to {hi:+.4f}")
    print(f"  hybrid - best single: base {dev['hybrid_minus_best_single_base']:+.4f}, tuned "
          f"{dev['hybrid_minus_best_single_tuned']:+.4f}")
    print(f"liveqa-medquad dev (grade >= 2, dense): base {lb:.4f}  final tuned {lt:.4f}  tuned/base {lt / lb:.3f}")
    print(f"training {out['train_min']} min ({report.folds} folds + final), measuring {out['evaluate_min']} min, "
          f"{out['total_min']} min in all, on this machine")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
