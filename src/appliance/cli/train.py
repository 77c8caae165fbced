"""``appliance train``: fine-tune the embedding model on the project's questions."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import (
    add_device_option,
    add_json_option,
    add_store_option,
    print_json,
    print_validation,
    progress,
)
from appliance.project import JobControl, Project

DESCRIPTION = ("Fine-tune a sentence-transformers model on (question, pseudonymized section) pairs. On a CPU without "
               "--max-steps/--epochs the step count is chosen from a measured step time (about 15 minutes). The tuned "
               "model is registered in the project; search keeps its model until you adopt the tuned one.")


def register(sub) -> None:
    p = sub.add_parser("train", help="Fine-tune the embedding model on the generated questions.", description=DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--base-model", help="embedding model (store name or folder); default all-MiniLM-L6-v2")
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--max-steps", type=int)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--learning-rate", type=float, default=2e-5)
    p.add_argument("--loss", choices=["mnrl", "cached-mnrl"], default="mnrl")
    p.add_argument("--hard-negatives", type=int, default=0, help="mined hard negatives per pair (default 0)")
    p.add_argument("--matryoshka", action="store_true")
    p.add_argument("--gradient-checkpointing", action="store_true", help="GPU: less memory, slower")
    p.add_argument("--generator", help="only questions of this generator")
    p.add_argument("--kinds", default="title,title-abbrev",
                   help="heuristic question kinds to train on, comma-separated, or 'all' (default: title,title-abbrev; "
                   "questions of an LLM or doc2query model are always used)")
    p.add_argument("--merge-base", type=float, default=0.5, metavar="ALPHA",
                   help="save base + ALPHA x (tuned - base) (WiSE-FT); 1 keeps the tuned weights (default 0.5)")
    p.add_argument("--judged", metavar="NAME", help="also train on this judged set of the project: one pair per query "
                   "and document graded 1 or 2, with the document's closest pseudonymized section")
    p.add_argument("--judged-folds", type=int, default=5, metavar="K",
                   help="split the judged set by query into K folds (default 5)")
    p.add_argument("--judged-holdout", type=int, metavar="I", help="leave fold I (0 to K-1) out of training, so that "
                   "'appliance evaluate --judged NAME' measures on queries never trained on (default: train on all "
                   "folds, the final model)")
    p.add_argument("--judged-weight", type=float, default=1.0, metavar="W",
                   help="judged pairs per generated question: the judged pairs are repeated to that ratio, each used "
                   "at least once (default 1; with --cross-validate the ratio is chosen from --judged-weights)")
    p.add_argument("--judged-weights", metavar="W,W", default=None,
                   help="with --cross-validate and generated questions: the ratios to choose from, each trained on "
                   "fold 0 and measured on its held-out queries (default 1,4; one value: no choice)")
    p.add_argument("--judged-negatives", action="store_true",
                   help="give each judged pair a hard negative: a document graded not relevant, else a high-ranked "
                   "unjudged section well below the relevant one")
    p.add_argument("--cross-validate", action="store_true",
                   help="with --judged: first train one model per fold and measure each on its held-out queries only "
                   "(the cross-validated figure that compare, adopt and the model card use), then train the final "
                   "model on every fold")
    add_device_option(p)
    p.add_argument("--resume", action="store_true", help="continue a stopped run from its last checkpoint")
    add_store_option(p)
    add_json_option(p, "the training report")
    p.set_defaults(func=cmd_train)


def cmd_train(args: argparse.Namespace) -> int:
    from appliance.pipeline.train import TrainOptions, distributed_rank, run_train

    options = TrainOptions(
        base_model=args.base_model, epochs=args.epochs, max_steps=args.max_steps, batch_size=args.batch_size,
        loss=args.loss, hard_negatives=args.hard_negatives, matryoshka=args.matryoshka, device=args.device,
        resume=args.resume, learning_rate=args.learning_rate, generator=args.generator, model_store=args.store,
        kinds=None if args.kinds == "all" else tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
        merge_base=args.merge_base, gradient_checkpointing=args.gradient_checkpointing, judged=args.judged,
        judged_folds=args.judged_folds, judged_holdout=args.judged_holdout, judged_weight=args.judged_weight,
        judged_negatives=args.judged_negatives,
    )
    if args.cross_validate:
        return _cross_validate(args, options)
    rank = distributed_rank()  # under torchrun only rank 0 writes the project (docs/training_multi_gpu.md)
    with Project.open(args.project, readonly=rank != 0) as project:
        if rank != 0:
            run_train(project, options, control=JobControl())
            return 0
        with progress("Training", unit="step", enabled=not args.json) as control:
            report = run_train(project, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    p = args.project
    print(f"Chose: {report.chose}")
    print(f"Trained {report.steps} steps on {report.device} in {report.seconds / 60:.1f} min "
          f"({report.pairs_per_s:.1f} pairs/s).")
    print_validation(report.validation_base, report.validation, report.validation_queries)
    print(f"Tuned model: {report.model_path}")
    if args.judged:
        held = report.judged_heldout_keys
        fold = f"fold {args.judged_holdout} of folds 0 to {args.judged_folds - 1}" if held else "no fold"
        print(f"Judged set '{args.judged}': trained on {len(report.judged_train_keys)} queries, held out {len(held)} "
              f"({fold}). 'appliance evaluate {p} --judged {args.judged}' measures only the held-out queries.")
    print("Search keeps using the base model (or a tuned model adopted earlier) until you adopt this one. First "
          "measure both on judged queries (your own searches with the reports that should be found):\n"
          f"  appliance evaluate --project {p} --queries QUERIES.jsonl --qrels QRELS.tsv --model base\n"
          f"  appliance evaluate --project {p} --queries QUERIES.jsonl --qrels QRELS.tsv --model tuned\n"
          f"then look at 'appliance compare {p}' and, if the tuned model is better, run 'appliance adopt {p} tuned'.")
    return 0


def _cross_validate(args: argparse.Namespace, options) -> int:
    from appliance.cli._common import CliError
    from appliance.pipeline.judged_cv import run_judged_cv

    if not args.judged:
        raise CliError("--cross-validate needs --judged NAME", code=2)
    if args.judged_holdout is not None:
        raise CliError("--cross-validate holds out every fold in turn: leave out --judged-holdout", code=2)
    weights = None
    if args.judged_weights:
        try:
            weights = tuple(float(w) for w in args.judged_weights.split(","))
        except ValueError:
            raise CliError("--judged-weights takes numbers separated by commas, e.g. 1,4", code=2) from None
        if any(w <= 0 for w in weights):
            raise CliError("every judged weight must be above 0", code=2)
    with Project.open(args.project) as project:
        with progress("Cross-validating", unit="step", enabled=not args.json) as control:
            report = run_judged_cv(project, options, weights=weights, control=control)
    if args.json:
        out = asdict(report)
        for mode in out["modes"].values():  # per-query values stay in the project
            for side in ("base", "tuned"):
                mode[side].pop("per_query", None)
        for fold in out["fold_runs"]:
            fold.pop("heldout_keys", None)
        print_json(out)
        return 0
    print(f"Judged set '{report.judged_set}', {report.folds}-fold cross-validated: each of the {report.queries} "
          "queries measured by the fold model that was not trained on it.")
    print(f"{'search':<10}{'base':>8}{'tuned':>8}{'tuned/base':>12}  difference (95% interval)")
    for mode, m in report.modes.items():
        ratio = m["tuned"]["map@100"] / m["base"]["map@100"] if m["base"]["map@100"] else float("nan")
        lo, hi = m["delta_ci"] or (float("nan"), float("nan"))
        print(f"{mode:<10}{m['base']['map@100']:>8.4f}{m['tuned']['map@100']:>8.4f}{ratio:>12.3f}  "
              f"{m['delta']:+.4f} ({lo:+.4f} to {hi:+.4f})")
    choice = report.weight_choice
    if choice.get("chose") is not None:
        tried = ", ".join(f"{w}: {v:.4f}" for w, v in choice["candidates"].items())
        after = report.modes_after_choice["dense"] if report.modes_after_choice else None
        print(f"Judged pairs per generated question: {choice['chose']:g}, chosen on fold 1's held-out queries (dense "
              f"mAP@100 {tried})" + (f"; the other folds alone: base {after['base']['map@100']:.4f}, tuned "
                                     f"{after['tuned']['map@100']:.4f}" if after else "") + ".")
    print(f"mAP@100. Training {report.train_seconds / 60:.1f} min, measuring {report.evaluate_seconds / 60:.1f} min, "
          f"{report.seconds / 60:.1f} min in all.")
    if report.final_model_path:
        print(f"Final model (trained on every fold): {report.final_model_path}")
        print(f"'appliance compare {args.project}' shows these figures for it; 'appliance adopt {args.project} tuned' "
              "uses them.")
    return 0
