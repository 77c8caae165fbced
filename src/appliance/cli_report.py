"""The ``compare`` and ``adopt`` verbs, the demo's output and ``train``'s closing message.

Wired into cli.build_parser with ``add_compare_parser(sub)`` and ``add_adopt_parser(sub)``; the
logic lives in :mod:`appliance.pipeline.report` and :mod:`appliance.pipeline.demo`.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import sys
import time
from pathlib import Path

COMPARE_DESCRIPTION = (
    "Show the base and the tuned embedding model side by side, from the evaluations stored in the project "
    "('appliance evaluate --project P ... --model base' and '--model tuned'): per judged set a table (metric, base, "
    "tuned, tuned/base), a plain verdict on mAP@100, and a PNG chart (default: in the project's artefact folder, "
    "reports/base-vs-tuned.png). Also says whether 'appliance adopt P tuned' would be allowed."
)
ADOPT_DESCRIPTION = (
    "Choose the embedding model the project's search uses. 'tuned' is allowed only when a stored comparison on "
    "judged queries shows the tuned model at least as good as the base model on mAP@100 on every judged set; "
    "otherwise it is refused with the figures and the commands to run. --force adopts it anyway and records that "
    "in the project's audit log. 'base' is always allowed."
)


def add_compare_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("compare", help="Base vs tuned model side by side (table, verdict, chart).",
                       description=COMPARE_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--chart", metavar="FILE.png", help="where to write the chart (default: the project's reports folder)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_compare)
    return p


def add_adopt_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("adopt", help="Choose the model search uses (tuned only after a fair comparison).",
                       description=ADOPT_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("model", choices=["tuned", "base"])
    p.add_argument("--force", action="store_true", help="adopt the tuned model without a favourable comparison (audited)")
    p.set_defaults(func=cmd_adopt)
    return p


# ---------------------------------------------------------------------------- printing
def print_comparison(comp) -> None:
    from appliance.pipeline.report import format_table

    print(f"{comp.label} ({comp.queries} judged queries)")
    print("  " + format_table(comp).replace("\n", "\n  "))
    print(f"  Verdict: {comp.verdict()}.")


def print_validation(base: dict | None, tuned: dict | None, questions: int | None = None) -> None:
    """Base vs tuned on the training's held-out generated questions (keys cosine_* or plain)."""
    if not tuned:
        return
    def get(d, k):
        return None if not d else d.get(k, d.get(f"cosine_{k}"))
    n = f"{questions} " if questions else ""
    print(f"On {n}held-out generated questions (from reports kept out of training; not judged by a person):")
    print(f"  {'metric':<10} {'base':>7} {'tuned':>7}")
    for k, label in (("map@100", "mAP@100"), ("ndcg@10", "nDCG@10"), ("recall@10", "Recall@10"), ("mrr@10", "MRR@10")):
        b, t = get(base, k), get(tuned, k)
        print(f"  {label:<10} {'-' if b is None else f'{b:.3f}':>7} {'-' if t is None else f'{t:.3f}':>7}")


def print_train_closing(report, project: str) -> None:
    """cmd_train's closing lines: validation base vs tuned, and how search keeps the base model until adopt."""
    print_validation(report.val_base_metrics, report.val_metrics, report.val_queries)
    print(f"Tuned model: {report.model_path}")
    print(f"Search keeps using the base model (or a tuned model adopted earlier) until you adopt this one. "
          f"First measure both on judged queries "
          f"(your own searches with the reports that should be found):\n"
          f"  appliance evaluate --project {project} --queries QUERIES.jsonl --qrels QRELS.tsv --model base\n"
          f"  appliance evaluate --project {project} --queries QUERIES.jsonl --qrels QRELS.tsv --model tuned\n"
          f"then look at 'appliance compare {project}' and, if the tuned model is better, run "
          f"'appliance adopt {project} tuned'.")


# ---------------------------------------------------------------------------- verbs
def cmd_compare(args: argparse.Namespace) -> int:
    from appliance.pipeline.report import compare_project
    from appliance.project import Project

    with Project.open(args.project, readonly=True) as project:  # works while another command holds the project
        report = compare_project(project, args.chart)
    if args.json:
        print(json.dumps(report.as_dict()))
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
    if report.adoptable and report.search_model != "tuned":
        print(f"To let search use the tuned model: appliance adopt {args.project} tuned")
    return 0


def cmd_adopt(args: argparse.Namespace) -> int:
    from appliance.pipeline.report import adopt
    from appliance.project import Project

    with Project.open(args.project) as project:
        message = adopt(project, args.model, force=args.force)  # AdoptRefused is a ProjectError: exit 1, message shown
    print(message)
    return 0


# ---------------------------------------------------------------------------- the demo
def run_demo_cli(args: argparse.Namespace) -> int:
    """``appliance demo``: import the samples, then the whole chain, in plain language."""
    from appliance.cli import _progress_control, print_import_report, run_import
    from appliance.paths import default_demo_project, samples_dir
    from appliance.pipeline.demo import DEMO_STEPS, run_demo
    from appliance.pipeline.ingest import ImportOptions
    from appliance.pipeline.report import compare_project
    from appliance.project import Project

    started = time.monotonic()
    path = Path(args.project) if args.project else default_demo_project()
    samples = samples_dir()
    steps = DEMO_STEPS if getattr(args, "steps", None) is None else args.steps
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        Project.create(path).close()
    print(f"Demo project: {path}")
    print(f"Sample reports: {samples} (fictional, written for this project)")
    with Project.open(path) as project:
        report = run_import(project, [samples / "reports"], ImportOptions())
        jsonl = run_import(
            project,
            [samples / "reports.jsonl"],
            ImportOptions(id_field="id", text_field="text", type_field="type", patient_field="patient"),
        )
        print_import_report(report, False)
        print_import_report(jsonl, False)
        info = project.info()
        print(f"\nThe project holds {info['documents']} documents in {info['sections']} sections.")
        headers = project.db.execute(
            "SELECT header, count(*) FROM sections WHERE header != '' GROUP BY header ORDER BY 2 DESC LIMIT 8"
        ).fetchall()
        print("Most frequent section headers: " + ", ".join(f"{h} ({n})" for h, n in headers))
        print()
        out = sys.stdout
        with contextlib.redirect_stdout(io.StringIO()):  # the trainer prints raw log dicts; the bars go to stderr
            result = run_demo(project, steps, say=lambda s: print(s, file=out, flush=True), control_for=_progress_control)
        print(f"{result.questions:,} search questions are ready for training.")
        if result.trained or result.train_reused:
            when = "earlier" if result.train_reused else "now"
            print(f"Training ({when}): {result.steps} steps in {result.train_seconds / 60:.1f} min.")
            print()
            print_validation(result.validation_base, result.validation)
        print()
        compared = compare_project(project)
        demo_sets = [c for c in compared.comparisons if c.label.startswith("sample reports")]
        print("How well each model finds the right reports for the demo's judged searches "
              "(23 searches a clinician might type, each with the reports that should come up; 1.0 is perfect):")
        for comp in demo_sets:
            print_comparison(comp)
        if compared.chart:
            print(f"\nChart: {compared.chart}")
        print()
        print(_plain_summary(demo_sets, steps))
    print(f"\nThe demo took {(time.monotonic() - started) / 60:.1f} min. Look inside with: appliance info {path}")
    print(f"Compare again at any time: appliance compare {path}")
    return 0


def _plain_summary(demo_sets, steps: int) -> str:
    if steps <= 0:
        return ("No training in this run (--steps 0): only the base model was measured. "
                "Run 'appliance demo' without --steps 0 to train and compare.")
    comp = next((c for c in demo_sets if c.complete), None)
    if comp is None:
        return "The comparison is incomplete."
    base, tuned = comp.base["map@100"], comp.tuned["map@100"]
    if comp.tuned_worse:
        verdict = (f"Here the tuned model is WORSE than the base model (mAP@100 {tuned:.3f} vs {base:.3f}). "
                   "Search therefore keeps the base model; 'appliance adopt' would refuse the tuned one.")
    elif tuned - base > 0.0005:
        verdict = (f"Here the tuned model is better than the base model (mAP@100 {tuned:.3f} vs {base:.3f}). "
                   "Search still uses the base model until a person adopts the tuned one.")
    else:
        verdict = (f"Here the tuned and the base model are equal (mAP@100 {tuned:.3f}). "
                   "Search keeps the base model unless a person adopts the tuned one.")
    return (verdict + "\nEighteen reports and a few minutes of training make a demonstration, not a measurement: "
            "a hospital trains on its own thousands of reports and checks the result the same way, with its own "
            "judged searches, before 'appliance adopt PROJECT tuned'.")
