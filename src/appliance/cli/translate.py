"""``appliance translate``: pseudonymized German sections into English (CTranslate2)."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_device_option, add_json_option, add_store_option, print_json, progress
from appliance.models.ct2 import COMPUTE_TYPES
from appliance.project import Project

DESCRIPTION = (
    "Translate the pseudonymized sections of German documents into English with a CTranslate2 model "
    "(OPUS-MT de-en from the model store). The German text stays; the English is stored beside it. Headers, "
    "line breaks, lists and numbering are kept; every surrogate must survive, sections where one is lost are "
    "flagged for review. A stopped run continues with the sections not yet translated."
)


def register(sub) -> None:
    p = sub.add_parser("translate", help="Translate pseudonymized German sections into English (CTranslate2).",
                       description=DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--model", help="translation model: store name or CTranslate2 folder (default: the first installed)")
    add_device_option(p)
    p.add_argument("--compute-type", choices=[c for c in COMPUTE_TYPES if c != "default"], default="auto",
                   help="auto (default): int8 on CPU, int8_float16 or float16 on a GPU")
    p.add_argument("--beam-size", type=int, default=4, help="beam search width (1 = greedy; default 4)")
    p.add_argument("--batch-size", type=int, default=32, help="sentences per batch (default 32)")
    p.add_argument("--max-decoding-length", type=int, default=256,
                   help="upper limit of output tokens per sentence (default 256)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    add_store_option(p)
    add_json_option(p, "the report (counts only)")
    p.set_defaults(func=cmd_translate)


def cmd_translate(args: argparse.Namespace) -> int:
    from appliance.pipeline.translate import TranslateOptions, run_translate

    options = TranslateOptions(model=args.model, device=args.device, compute_type=args.compute_type,
                               beam_size=args.beam_size, batch_size=args.batch_size,
                               max_decoding_length=args.max_decoding_length, threads=args.threads,
                               model_store=args.store)
    with Project.open(args.project) as project:
        with progress("Translating", unit="section", enabled=not args.json) as control:
            report = run_translate(project, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    if not report.sections:
        if report.already_done:
            print(f"Nothing to translate: all {report.already_done:,} pseudonymized German sections are translated.")
        else:
            print("Nothing to translate: the project has no pseudonymized German sections.")
        if report.not_pseudonymized:
            print(f"{report.not_pseudonymized:,} German sections are not pseudonymized yet; run 'appliance pseudonymize'.")
        return 0
    print(
        f"Translated {report.sections:,} sections of {report.documents:,} German documents in {report.seconds:.1f} s"
        + f" ({report.target_tokens_per_s:,} tokens/s, {report.model} on {report.device}, {report.compute_type})"
        + f"; {report.already_done:,} were already translated."
    )
    if report.flagged:
        lost = ", ".join(f"{k} {v}" for k, v in report.lost_surrogates.items())
        print(f"{report.flagged:,} sections lost a surrogate and are flagged for review ({lost}).")
    elif report.sections:
        print("Every surrogate survived; no section is flagged for review.")
    if report.runaway_segments:
        print(f"{report.runaway_segments:,} sentences hit the decoding length limit (check the model).")
    if report.not_pseudonymized:
        print(f"{report.not_pseudonymized:,} German sections are not pseudonymized yet and were not translated.")
    return 0
