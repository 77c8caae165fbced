"""``appliance evaluate``, ``compare`` and ``adopt``: measure models on judged queries, compare base and
tuned, and choose the model search uses. The work is :func:`appliance.pipeline.evaluate.run_evaluate`
and :mod:`appliance.pipeline.report`; this module parses, opens the project and prints."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import (
    CliError,
    add_device_option,
    add_json_option,
    add_store_option,
    next_step_hint,
    print_json,
    progress,
)
from appliance.project import Project

EVALUATE_DESCRIPTION = (
    "Rank the documents of a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv) by their best "
    "section and report mAP@100, nDCG@10, Recall@10, Recall@100 and MRR@10 (trec_eval's definitions). The "
    "corpus's section embeddings (dense) and its imported, indexed copy (keyword, hybrid) are kept in the user "
    "cache folder ($APPLIANCE_CACHE_DIR), so measuring again embeds only the queries. With --project alone, "
    "the project's own documents are searched through its index: with --queries and --qrels, or with --judged NAME, "
    "a judged set built in the project ('appliance judged'). Every run keeps its per-query mAP@100, from which "
    "'appliance compare' draws a 95% bootstrap interval."
)
COMPARE_DESCRIPTION = (
    "Show the base and the tuned embedding model side by side, from the evaluations stored in the project "
    "('appliance evaluate --project P ... --model base' and '--model tuned'): per judged set a table (metric, base, "
    "tuned, tuned/base), a plain verdict on mAP@100 with the 95% bootstrap interval of the difference, and a PNG chart (default: in the project's artefact folder, "
    "reports/base-vs-tuned.png). Also says whether 'appliance adopt P tuned' would be allowed."
)
ADOPT_DESCRIPTION = (
    "Choose the embedding model the project's search uses. 'tuned' is allowed only when a stored comparison on "
    "judged queries shows the tuned model at least as good as the base model on mAP@100 on every judged set, and "
    "better beyond chance (the 95% bootstrap interval of the difference above zero) on at least one; "
    "otherwise it is refused with the figures and what to do first. --force adopts it anyway and records that "
    "in the project's audit log. 'base' is always allowed."
)


def register(sub) -> None:
    p = sub.add_parser("evaluate", help="Measure a model on judged queries (mAP@100, nDCG@10, recall).",
                       description=EVALUATE_DESCRIPTION)
    p.add_argument("project_arg", nargs="?", metavar="PROJECT", help="the project (the same as --project)")
    p.add_argument("--project", help="project: resolves --model tuned and stores the result")
    p.add_argument("--judged", metavar="NAME", help="a judged set of the project ('appliance judged list') instead of "
                   "--queries/--qrels; when the tuned model was trained on it ('appliance train --judged'), only the "
                   "queries held out from that training are measured, for every model")
    p.add_argument("--beir", help="BEIR-layout folder")
    p.add_argument("--queries", help="queries.jsonl to use instead of the folder's")
    p.add_argument("--qrels", help="qrels TSV to use instead of qrels/SPLIT.tsv")
    p.add_argument("--split", default="dev")
    p.add_argument("--rel-min", type=int, default=1, help="minimum grade that counts as relevant (default 1)")
    p.add_argument("--model", help="base (default), tuned, or a store name / folder; with --project alone: the "
                   "model the project's index was built with")
    p.add_argument("--base-model", help="which model 'base' means (default all-MiniLM-L6-v2)")
    p.add_argument("--mode", choices=["dense", "keyword", "hybrid"], default="dense",
                   help="dense, keyword or hybrid: keyword/hybrid, and --project without --beir, run exactly the "
                   "search of 'appliance search'")
    add_device_option(p)
    add_store_option(p)
    add_json_option(p)
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("compare", help="Base vs tuned model side by side (table, verdict, chart).",
                       description=COMPARE_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--chart", metavar="FILE.png", help="where to write the chart (default: the project's reports folder)")
    add_json_option(p)
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("adopt", help="Choose the model search uses (tuned only after a fair comparison).",
                       description=ADOPT_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("model", choices=["tuned", "base"])
    p.add_argument("--force", action="store_true", help="adopt the tuned model without a favourable comparison (audited)")
    add_json_option(p, "what was adopted")
    p.set_defaults(func=cmd_adopt)


# ---------------------------------------------------------------------------- printing
LABELS = {"map@100": "mAP@100", "ndcg@10": "nDCG@10", "recall@10": "Recall@10", "recall@100": "Recall@100",
          "mrr@10": "MRR@10"}


def print_evaluation(report) -> None:
    """The five metrics of an evaluation as a short table."""
    what = f"model {report.model}" if report.corpus == "beir" and report.mode == "dense" else \
        f"model {report.model}, {report.mode} search"
    where = f" of judged set '{report.judged_set}'" if report.judged_set else ""
    print(f"{report.queries} queries{where}, {report.sections:,} sections, {what}:")
    for k, v in report.metrics.items():
        print(f"  {k:<11} {v:.4f}")


def print_comparison(comp) -> None:
    """One judged set: table (metric, base, tuned, tuned/base) and the verdict."""
    from appliance.pipeline.report import format_table

    print(f"{comp.label} ({comp.queries} judged queries)")
    print("  " + format_table(comp).replace("\n", "\n  "))
    print(f"  Verdict: {comp.verdict}.")


def print_validation(base: dict | None, tuned: dict | None, questions: int | None = None) -> None:
    """Base vs tuned on the training's held-out generated questions (keys cosine_* or plain)."""
    if not tuned:
        return

    def get(d, k):
        return None if not d else d.get(k, d.get(f"cosine_{k}"))

    n = f"{questions} " if questions else ""
    print(f"On {n}held-out generated questions (from reports kept out of training; not judged by a person):")
    print(f"  {'metric':<10} {'base':>7} {'tuned':>7}")
    for k in ("map@100", "ndcg@10", "recall@10", "mrr@10"):
        b, t = get(base, k), get(tuned, k)
        print(f"  {LABELS[k]:<10} {'-' if b is None else f'{b:.3f}':>7} {'-' if t is None else f'{t:.3f}':>7}")


# ---------------------------------------------------------------------------- verbs
def cmd_evaluate(args: argparse.Namespace) -> int:
    from appliance.pipeline.evaluate import EvaluateOptions, run_evaluate

    if args.project_arg and args.project and args.project_arg != args.project:
        raise CliError("give the project once (PROJECT or --project)", code=2)
    args.project = args.project or args.project_arg
    if not args.beir and not args.project:
        raise CliError("give --project (the project's own documents) or --beir DIR (a BEIR-layout folder)", code=2)
    if args.judged and (args.beir or args.queries or args.qrels):
        raise CliError("--judged measures a judged set of the project: leave out --beir, --queries and --qrels", code=2)
    if not args.beir and not args.judged and not (args.queries and args.qrels):
        raise CliError("evaluating a project's own documents needs --queries FILE.jsonl and --qrels FILE.tsv, or "
                       "--judged NAME", code=2)
    if args.beir and args.model == "tuned" and not args.project:
        raise CliError("--model tuned needs --project", code=2)
    options = EvaluateOptions(beir=args.beir, queries=args.queries, qrels=args.qrels, split=args.split,
                              rel_min=args.rel_min, model=args.model, base_model=args.base_model, mode=args.mode,
                              device=args.device, model_store=args.store, judged_set=args.judged)
    with progress("Evaluating", unit="query", enabled=not args.json) as control:
        if args.project:
            with Project.open(args.project) as project:
                report = run_evaluate(project, options, control=control)
        else:
            report = run_evaluate(None, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    print_evaluation(report)
    if report.judged_fold is not None:
        print(f"Measured on the {len(report.judged_keys)} queries held out from training (fold {report.judged_fold} "
              f"of folds 0 to {report.judged_folds - 1}): the tuned model was not trained on them.")
    elif report.judged_keys is not None:
        print(f"Measured on {len(report.judged_keys)} chosen queries of the set.")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from appliance.pipeline.report import compare_project

    with Project.open(args.project, readonly=True) as project:  # works while another command holds the project
        report = compare_project(project, args.chart)
    if args.json:
        print_json(asdict(report))
        return 0
    if not report.comparisons:
        print("No evaluation is stored in this project yet.")
    for comp in report.comparisons:
        print_comparison(comp)
        print()
    if report.validation:
        print_validation(report.validation["base"], report.validation["tuned"])
        print()
    if report.chart:
        print(f"Chart: {report.chart}")
    print(f"Search uses: {report.search_model}")
    print(report.guard_message)
    hint = next_step_hint(report.next_step, args.project)
    if hint:
        print(f"Next: {hint}.")
    if report.adoptable and report.search_model != "tuned":
        print(f"To let search use the tuned model: appliance adopt {args.project} tuned")
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    from appliance.pipeline.report import AdoptRefused, adopt

    with Project.open(args.project) as project:
        try:
            result = adopt(project, args.model, force=args.force)
        except AdoptRefused as e:
            raise CliError(f"{e}\nTo adopt it anyway (recorded in the project's audit log): "
                           f"appliance adopt {args.project} tuned --force", next_step=e.next_step) from None
    if args.json:
        print_json(asdict(result))
        return 0
    print(result.message)
    if result.model == "tuned":
        print(f"Rebuild the search index with it: appliance index {args.project}")
    return 0
