"""The ``appliance translate`` verb (wired into cli.build_parser with ``add_translate_parser(sub)``)."""
from __future__ import annotations

import argparse
import json

from appliance.pipeline.translate import COMPUTE_TYPES

DESCRIPTION = (
    "Translate the pseudonymized sections of German documents into English with a CTranslate2 model "
    "(OPUS-MT de-en from the model store). The German text stays; the English is stored beside it. Headers, "
    "line breaks, lists and numbering are kept; every surrogate must survive, sections where one is lost are "
    "flagged for review. A stopped run continues with the sections not yet translated."
)


def add_translate_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("translate", help="Translate pseudonymized German sections into English (CTranslate2).",
                       description=DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--model", help="translation model: store name or CTranslate2 folder (default: the first installed)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--compute-type", choices=[c for c in COMPUTE_TYPES if c != "default"], default="auto",
                   help="auto (default): int8 on CPU, int8_float16 or float16 on a GPU")
    p.add_argument("--beam-size", type=int, default=4, help="beam search width (1 = greedy; default 4)")
    p.add_argument("--batch-size", type=int, default=32, help="sentences per batch (default 32)")
    p.add_argument("--max-decoding-length", type=int, default=256,
                   help="upper limit of output tokens per sentence (default 256)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: all cores)")
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_translate)
    return p


def cmd_translate(args: argparse.Namespace) -> int:
    from appliance.cli import _progress_control
    from appliance.pipeline.translate import translate_project
    from appliance.project import Project

    with Project.open(args.project) as project:
        control, close = _progress_control("Translating", unit="section")
        try:
            report = translate_project(
                project,
                args.model,
                device=args.device,
                compute_type=args.compute_type,
                beam_size=args.beam_size,
                control=control,
                store=args.store,
                batch_size=args.batch_size,
                max_decoding_length=args.max_decoding_length,
                threads=args.threads,
            )
        finally:
            close()
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    d = report.as_dict()
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
        + f" ({d['target_tokens_per_s']:,} tokens/s, {report.model} on {report.device}, {report.compute_type})"
        + f"; {report.already_done:,} were already translated."
    )
    if report.flagged:
        lost = ", ".join(f"{k} {v}" for k, v in report.lost_surrogates.most_common())
        print(f"{report.flagged:,} sections lost a surrogate and are flagged for review ({lost}).")
    elif report.sections:
        print("Every surrogate survived; no section is flagged for review.")
    if report.runaway_segments:
        print(f"{report.runaway_segments:,} sentences hit the decoding length limit (check the model).")
    if report.not_pseudonymized:
        print(f"{report.not_pseudonymized:,} German sections are not pseudonymized yet and were not translated.")
    return 0
