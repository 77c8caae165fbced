"""``appliance demo``: the whole chain on the bundled sample reports, told in plain language."""
from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

from appliance.cli._common import add_json_option, print_json, print_validation, progress
from appliance.project import Project

DESCRIPTION = ("Demo on the bundled sample reports: import, irreversible pseudonymization, heuristic questions, a short "
               "training and the base-vs-tuned comparison (table and chart) on a small judged set. Running it again "
               "reuses what is done. With a display it runs in the desktop app, opened on the demo project; without "
               "one (or with --no-gui or --json) it runs in the terminal.")


def register(sub) -> None:
    p = sub.add_parser("demo", help="Run the pipeline on the bundled sample reports.", description=DESCRIPTION)
    p.add_argument("--project", help="where to put the demo project (default: in the user data folder)")
    p.add_argument("--steps", type=int, help="training steps (default 20; 0: no training, only the base model is measured)")
    p.add_argument("--no-gui", action="store_true", help="run in the terminal even when a display is available")
    add_json_option(p, "the demo's report")
    p.set_defaults(func=cmd_demo)


def wants_gui(args: argparse.Namespace) -> bool:
    """The desktop app when a display is available and the user did not ask for the terminal.

    Linux needs DISPLAY or WAYLAND_DISPLAY; QT_QPA_PLATFORM offscreen/minimal (headless CI, tests) means no
    display; PySide6 must be installed."""
    if args.no_gui or args.json:
        return False
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform in ("offscreen", "minimal", "vnc"):
        return False
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    from importlib.util import find_spec

    return find_spec("PySide6") is not None


def _table(comp: dict) -> list[str]:
    names = {"map@100": "mAP@100", "ndcg@10": "nDCG@10", "recall@10": "Recall@10", "recall@100": "Recall@100",
             "mrr@10": "MRR@10"}
    fmt = lambda v, d=3: "-" if v is None else f"{v:.{d}f}"  # noqa: E731
    lines = [f"{'metric':<11} {'base':>7} {'tuned':>7} {'tuned/base':>11}"]
    base, tuned, ratio = comp.get("base") or {}, comp.get("tuned") or {}, comp.get("ratio") or {}
    for key, label in names.items():
        lines.append(f"{label:<11} {fmt(base.get(key)):>7} {fmt(tuned.get(key)):>7} {fmt(ratio.get(key), 2):>11}")
    return lines


def _plain_summary(report) -> str:
    if report.steps_asked <= 0:
        return ("No training in this run (--steps 0): only the base model was measured. "
                "Run 'appliance demo' without --steps 0 to train and compare.")
    if not report.base or not report.tuned:
        return "The comparison is incomplete."
    base, tuned = report.base["map@100"], report.tuned["map@100"]
    if tuned - base < -0.0005:
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


def cmd_demo(args: argparse.Namespace) -> int:
    from appliance.paths import default_demo_project
    from appliance.pipeline.demo import DEMO_STEPS, DemoOptions, run_demo

    started = time.monotonic()
    path = Path(args.project) if args.project else default_demo_project()
    if not path.exists():
        Project.create(path).close()
    options = DemoOptions(steps=DEMO_STEPS if args.steps is None else args.steps)
    if wants_gui(args):
        from appliance.gui.demo import open_demo

        print(f"Demo project: {path} (opening the desktop app; use --no-gui to run it here)")
        return open_demo(path, options.steps)
    if not args.json:
        print(f"Demo project: {path} (not encrypted: it holds only fictional sample reports; encrypt a real "
              "project with `appliance init --encrypt` or `appliance encrypt`)")
    with Project.open(path) as project:
        with progress("Demo", enabled=not args.json, say_phases=not args.json) as control:
            report = run_demo(project, options, control=control)
    if args.json:
        print_json({"project": str(path)} | asdict(report))
        return 0
    print(f"\nSample reports: {report.samples} (fictional, written for this project)")
    for r in report.imports:
        print(f"Imported {r.added:,} new documents ({r.sections:,} sections); {r.already_present:,} were already there"
              + (f"; {len(r.rejected)} could not be imported" if r.rejected else "") + ".")
    print(f"The project holds {report.documents} documents in {report.sections} sections.")
    print("Most frequent section headers: " + ", ".join(f"{h} ({n})" for h, n in report.top_headers))
    print(f"{report.questions:,} search questions are ready for training.")
    if report.trained or report.train_reused:
        print(f"Training ({'earlier' if report.train_reused else 'now'}): {report.steps} steps in "
              f"{report.train_seconds / 60:.1f} min.")
        print()
        print_validation(report.validation_base, report.validation)
    print()
    print("How well each model finds the right reports for the demo's judged searches "
          "(23 searches a clinician might type, each with the reports that should come up; 1.0 is perfect):")
    if report.comparison:
        comp = report.comparison
        print(f"{comp['label']} ({comp['queries']} judged queries)")
        print("  " + "\n  ".join(_table(comp)))
        print(f"  Verdict: {comp['verdict']}.")
    if report.chart:
        print(f"\nChart: {report.chart}")
    print()
    print(_plain_summary(report))
    print(f"\nThe demo took {(time.monotonic() - started) / 60:.1f} min. Look inside with: appliance info {path}")
    print(f"Compare again at any time: appliance compare {path}")
    return 0
