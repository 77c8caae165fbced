"""``appliance pseudonymize`` (the stage) and ``appliance deid-eval`` (PHI detection against gold spans)."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import CliError, add_json_option, add_store_option, ask_passphrase, print_json, progress
from appliance.project import Project

PSEUDONYMIZE_DESCRIPTION = (
    "Detect PHI (rules, name lists, optional GLiNER model) in every document not yet done and replace it with "
    "consistent surrogates; dates are shifted per patient. The map original -> surrogate is encrypted with the "
    "passphrase from APPLIANCE_PASSPHRASE (asked for on a terminal), or not kept at all with --irreversible. A "
    "stopped run continues where it stopped."
)


def register(sub) -> None:
    p = sub.add_parser("pseudonymize", help="Detect PHI and write pseudonymized text for every section.",
                       description=PSEUDONYMIZE_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--ner-model", help="GLiNER model (store name or folder); default: rules and name lists only")
    p.add_argument("--threshold", type=float, default=0.5, help="GLiNER score threshold (default 0.5)")
    p.add_argument("--irreversible", action="store_true", help="keep no map from surrogates back to originals")
    p.add_argument("--strict", action="store_true",
                   help="also replace every capitalised word that is no ordinary word (for text that leaves the "
                   "project, such as the training text of a model to be shared; replaces more than needed)")
    p.add_argument("--review-list", action="store_true",
                   help="do not pseudonymize; list the documents where review should start (riskiest first): "
                   "name-like words left in the text and spans found on a weak signal (counts and offsets, no text)")
    p.add_argument("--limit", type=int, default=20, help="documents shown by --review-list (default 20)")
    add_store_option(p)
    add_json_option(p, "the report (counts only)")
    p.set_defaults(func=cmd_pseudonymize)

    p = sub.add_parser("deid-eval", help="Measure PHI detection against gold spans.",
                       description="Character-level PHI recall, precision and leakage on a JSONL file with gold spans "
                       "(doc_id, text, spans[start, end, label]) such as GraSCCo-PHI.")
    p.add_argument("gold", help="gold JSONL file (or Presidio's synthetic JSON)")
    p.add_argument("--language", choices=["de", "en"], help="language of the texts (default: detected per text)")
    p.add_argument("--ner-model", help="also use this GLiNER model")
    p.add_argument("--strict", action="store_true", help="strict mode (see `appliance pseudonymize --strict`)")
    p.add_argument("--threshold", type=float, default=0.5)
    add_store_option(p)
    add_json_option(p, "the scores")
    p.set_defaults(func=cmd_deid_eval)


def cmd_pseudonymize(args: argparse.Namespace) -> int:
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize

    if args.review_list:
        return _review_list(args)
    with Project.open(args.project) as project:
        options = PseudonymizeOptions(passphrase=ask_passphrase(project, args.irreversible), ner_model=args.ner_model,
                                      threshold=args.threshold, irreversible=args.irreversible, strict=args.strict,
                                      model_store=args.store)
        with progress("Pseudonymizing", unit="doc", enabled=not args.json) as control:
            report = run_pseudonymize(project, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    print(f"Pseudonymized {report.documents:,} documents ({report.entities:,} PHI spans) in {report.seconds:.1f} s; "
          f"{report.already_done:,} were done before.")
    if report.by_label:
        print("Spans by type: " + ", ".join(f"{k} {v:,}" for k, v in report.by_label.items()))
    return 0


def _review_list(args: argparse.Namespace) -> int:
    from appliance.pipeline.pseudonymize import review_overview, review_risks

    with Project.open(args.project) as project:
        rows = review_overview(project)[: args.limit]
        if args.json:
            for row in rows:
                row["items"] = [asdict(r) for r in review_risks(project, row["document_id"], limit=50)]
            print_json({"documents": rows})
            return 0
    if not rows:
        raise CliError("no document is pseudonymized yet", next_step="pseudonymize")
    print(f"{'document':<24} {'type':<14} {'spans':>6} {'risks':>6} {'left':>5}  reviewed")
    for r in rows:
        print(f"{str(r['external_id'])[:24]:<24} {str(r['doc_type'] or '-')[:14]:<14} {r['spans']:>6} {r['risks']:>6} "
              f"{r['unreplaced']:>5}  {'yes' if r['reviewed'] else 'no'}")
    print("risks: name-like words left in the text and spans found on a weak signal; 'left': of these, words left. "
          "Review them in the app, or with --json for their offsets.")
    return 0


def cmd_deid_eval(args: argparse.Namespace) -> int:
    from appliance.models import ModelStore
    from appliance.pipeline.phi import deid_scores, detect_phi, load_gold

    ner = None
    if args.ner_model:
        from appliance.pipeline.phi import GlinerDetector

        ner = GlinerDetector(ModelStore(args.store).resolve(args.ner_model, "ner"), threshold=args.threshold)
    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError, KeyError) as e:
        raise CliError(f"cannot read gold file '{args.gold}': {type(e).__name__}") from None
    scores = deid_scores(gold, lambda text: detect_phi(text, args.language, ner=ner, threshold=args.threshold,
                                                       strict=args.strict))
    if args.json:
        keys = ("recall", "precision", "leakage", "per_label", "docs_per_s")
        print_json({k: scores[k] for k in keys} | {k: v for k, v in scores.items() if k not in keys})
        return 0
    print(f"Documents  {scores.get('docs', len(gold))}")
    print(f"Recall     {scores['recall']:.4f}   (share of PHI characters covered)")
    print(f"Precision  {scores['precision']:.4f}")
    print(f"Leakage    {scores['leakage']:.4f}")
    print(f"Speed      {scores['docs_per_s']:.1f} documents/s")
    print("Per label (recall, support):")
    for label, v in sorted(scores["per_label"].items(), key=lambda kv: -kv[1]["support"]):
        print(f"  {label:<24} {v['recall']:.3f}  {v['support']}")
    return 0
