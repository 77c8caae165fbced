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
                   "at least once (default 1)")
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
    )
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
