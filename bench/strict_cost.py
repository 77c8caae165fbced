"""What strict pseudonymization costs in retrieval quality, measured on the demo chain.

Runs the demo (bundled sample reports, irreversible pseudonymization, heuristic questions, a short
training, base vs tuned on the demo's judged searches) in fresh projects, once with the default
detector and once with strict mode, ``--repeat`` times each (the surrogates are random per
project, so repeats show the noise). Prints mAP@100 of the base model (searching strict text) and of
the tuned model (trained on strict text), and the share of characters replaced.

Usage: python bench/strict_cost.py [--repeat 1] [--steps 20] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

from appliance.pipeline.demo import DEMO_STEPS, DemoOptions, run_demo
from appliance.project import Project


def one_run(strict: bool, steps: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "demo.appliance") as project:
            report = run_demo(project, DemoOptions(steps=steps, strict=strict))
            replaced = project.db.execute(
                "SELECT coalesce(sum(e.end - e.start), 0) FROM entities e").fetchone()[0]
            chars = project.db.execute("SELECT sum(n_chars) FROM documents").fetchone()[0]
    return {"base": report.base["map@100"], "tuned": (report.tuned or {}).get("map@100"),
            "replaced_share": round(replaced / chars, 4)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--steps", type=int, default=DEMO_STEPS)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    runs = {mode: [one_run(mode == "strict", args.steps) for _ in range(args.repeat)] for mode in ("default", "strict")}
    summary = {mode: {k: round(statistics.mean(r[k] for r in rs), 4) for k in rs[0]} | {"runs": rs}
               for mode, rs in runs.items()}
    for k in ("base", "tuned"):
        summary[f"strict/default {k}"] = round(summary["strict"][k] / summary["default"][k], 3)
    if args.json:
        print(json.dumps(summary))
        return 0
    for mode in ("default", "strict"):
        s = summary[mode]
        print(f"{mode:<8} mAP@100 base {s['base']:.4f}  tuned {s['tuned']:.4f}  replaced {s['replaced_share']:.1%} of characters")
    print(f"strict/default: base {summary['strict/default base']}, tuned {summary['strict/default tuned']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
