"""``appliance questions``: questions per section (offline heuristic, local LLM or doc2query)."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_device_option, add_json_option, add_store_option, print_json, progress
from appliance.project import Project

DESCRIPTION = ("Generate search questions for every pseudonymized section not yet done by the chosen "
               "generator; a stopped run continues where it stopped. Never reads the original text.")


def register(sub) -> None:
    p = sub.add_parser("questions", help="Generate questions per section (offline heuristic, local LLM or doc2query).",
                       description=DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--generator", default="heuristic", help="heuristic (default), llm:NAME or doc2query:NAME")
    p.add_argument("--per-section", type=int, default=3, help="questions per section (default 3)")
    p.add_argument("--translated", action="store_true", help="use the English translations instead")
    p.add_argument("--export", metavar="FILE.jsonl", help="also write all questions to this file")
    p.add_argument("--seed", type=int, default=0, help="seed of a model's sampler (default 0)")
    add_device_option(p)
    add_store_option(p)
    add_json_option(p, "the report (counts only)")
    p.set_defaults(func=cmd_questions)


def cmd_questions(args: argparse.Namespace) -> int:
    from appliance.pipeline.questions import QuestionsOptions, run_questions

    options = QuestionsOptions(generator=args.generator, per_section=args.per_section, use_translation=args.translated,
                               seed=args.seed, device=args.device, model_store=args.store, export=args.export)
    with Project.open(args.project) as project:
        with progress("Generating questions", unit="section", enabled=not args.json) as control:
            report = run_questions(project, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    print(
        f"{report.questions:,} questions for {report.sections:,} sections in {report.seconds:.1f} s "
        f"({report.already_done:,} sections were done before)."
    )
    if report.by_doc_type:
        print("Questions by document type: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report.by_doc_type.items())))
    if report.dropped:
        print("Dropped by the filters: " + ", ".join(f"{k} {v:,}" for k, v in report.dropped.items()))
    if report.exported is not None:
        print(f"Exported {report.exported:,} questions to {args.export}")
    return 0
