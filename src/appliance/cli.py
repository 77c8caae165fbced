"""Command line: the same pipeline functions as the desktop app, for automation and servers.

Each verb is a thin wrapper: parse options, open the project, call one pipeline function with a
terminal progress bar, print a summary. Errors meant for the user are printed without a traceback
(and never contain document text); exit codes: 0 ok, 1 failed, 2 usage error or not built yet.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Callable, Sequence

import appliance  # noqa: F401  (enforces offline mode first)
from appliance.models import ModelError, ModelStore, KINDS
from appliance.project import Cancelled, JobControl, Project, ProjectError

VERBS_NOT_BUILT = {
    "export": "Export a pseudonymized model bundle for another hospital.",
    "gui": "Open the desktop app.",
}


class CliError(Exception):
    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def _progress_control(desc: str, unit: str = "B") -> tuple[JobControl, Callable[[], None]]:
    """A JobControl that drives a tqdm bar on stderr (quiet when stderr is not a terminal)."""
    from tqdm import tqdm

    bar = tqdm(total=0, desc=desc, unit=unit, unit_scale=unit == "B", disable=None, file=sys.stderr, leave=False)

    def progress(done: int, total: int, message: str) -> None:
        if bar.total != total:
            bar.total = total
        bar.n = done
        if message:
            bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    return JobControl(progress=progress), bar.close


# ---------------------------------------------------------------------------- verbs
def cmd_init(args: argparse.Namespace) -> int:
    with Project.create(args.project) as project:
        project.audit("init")
        print(f"Created project {project.path}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with Project.open(args.project, readonly=True) as project:
        info = project.info()
    if args.json:
        print(json.dumps(info, ensure_ascii=False))
    else:
        print(f"Project      {info['path']} (format {info['schema_version']})")
        print(f"Documents    {info['documents']:,}")
        print(f"Sections     {info['sections']:,}")
        print(f"Patients     {info['patients']:,}")
        print("Languages    " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["languages"].items())))
        print("Types        " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["doc_types"].items())))
        ix = info.get("index")
        print("Search index " + (f"{ix['source']} text, model {ix['model']}, {ix['dtype']} vectors; {ix['vector_sections']:,} "
                                 f"sections with vectors, {ix['keyword_sections']:,} in the full-text index" if ix else "none"))
    return 0


def run_import(project: Project, paths: Sequence[str], options, quiet: bool = False):
    from appliance.pipeline.ingest import import_paths

    control, close = _progress_control("Importing")
    try:
        return import_paths(project, paths, options, control)
    finally:
        close()


def print_import_report(report, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    print(
        f"Imported {report.added:,} new documents ({report.sections:,} sections) in {report.seconds:.1f} s; "
        f"{report.already_present:,} were already in the project."
    )
    if report.rejected:
        print(f"{len(report.rejected):,} could not be imported:")
        for r in report.rejected:
            print(f"  {r.source}: {r.reason}")


def cmd_import(args: argparse.Namespace) -> int:
    from appliance.pipeline.ingest import ImportOptions

    options = ImportOptions(
        id_field=args.id_field,
        text_field=args.text_field,
        type_field=args.type_field,
        patient_field=args.patient_field,
        title_field=args.title_field,
        max_file_mb=args.max_file_mb,
    )
    with Project.open(args.project) as project:
        report = run_import(project, args.paths, options)
    print_import_report(report, args.json)
    nothing_usable = report.added == 0 and report.already_present == 0
    return 1 if nothing_usable else 0


def cmd_models(args: argparse.Namespace) -> int:
    store = ModelStore(args.store)
    if args.action == "list":
        models = store.list(args.kind)
        if args.json:
            print(json.dumps([m.as_dict() for m in models], ensure_ascii=False))
            return 0
        print(f"Model store: {store.root}")
        for m in models:
            origin = "built in" if m.builtin else f"{len(m.files)} files"
            langs = ",".join(m.languages) or "-"
            print(f"  {m.name:<32} {m.kind:<12} {langs:<8} {m.license or '-':<14} {origin}")
        return 0
    if args.action == "add":
        if not args.path or not args.kind:
            raise CliError("models add needs PATH and --kind", code=2)
        info = store.add(
            args.path,
            args.kind,
            name=args.name,
            languages=[s for s in (args.languages or "").split(",") if s],
            license=args.license or "",
        )
        print(f"Added {info.kind} model '{info.name}' ({len(info.files)} files) to {store.root}")
        return 0
    if args.action == "verify":
        results = store.verify(args.name)
        for r in results:
            print(f"  {r.name:<32} {'ok' if r.ok else 'FAILED'}")
            for p in r.problems:
                print(f"      {p}")
        return 0 if all(r.ok for r in results) else 1
    raise CliError(f"unknown models action '{args.action}'", code=2)


def cmd_demo(args: argparse.Namespace) -> int:
    """Import the samples, pseudonymize, questions, a short training, base vs tuned (appliance.cli_report)."""
    from appliance.cli_report import run_demo_cli

    return run_demo_cli(args)


def _passphrase(project: Project, irreversible: bool) -> str | None:
    """From APPLIANCE_PASSPHRASE, or asked on the terminal; never from a command-line argument."""
    from appliance.project.vault import passphrase_from_env

    mode = project.get_setting("vault.mode")
    if irreversible or mode == "irreversible":
        return None
    phrase = passphrase_from_env()
    if phrase:
        return phrase
    if not sys.stdin.isatty():
        raise CliError("set APPLIANCE_PASSPHRASE (or use --irreversible): the pseudonym map is encrypted with it")
    import getpass

    phrase = getpass.getpass("Passphrase for the pseudonym map: ")
    if mode is None and getpass.getpass("Repeat the passphrase: ") != phrase:
        raise CliError("the passphrases differ")
    return phrase


def cmd_pseudonymize(args: argparse.Namespace) -> int:
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, pseudonymize_project

    options = PseudonymizeOptions(
        ner_model=args.ner_model, threshold=args.threshold, irreversible=args.irreversible, model_store=args.store
    )
    with Project.open(args.project) as project:
        phrase = _passphrase(project, args.irreversible)
        control, close = _progress_control("Pseudonymizing", unit="doc")
        try:
            report = pseudonymize_project(project, phrase, options, control)
        finally:
            close()
    if args.json:
        print(json.dumps(report.as_dict()))
    else:
        print(
            f"Pseudonymized {report.documents:,} documents ({report.entities:,} PHI spans) in {report.seconds:.1f} s; "
            f"{report.already_done:,} were done before."
        )
        if report.by_label:
            print("Spans by type: " + ", ".join(f"{k} {v:,}" for k, v in report.by_label.most_common()))
    return 0


def cmd_deid_eval(args: argparse.Namespace) -> int:
    from appliance.pipeline.phi import detect_phi, deid_scores, load_gold

    ner = None
    if args.ner_model:
        from appliance.pipeline.phi import GlinerDetector

        ner = GlinerDetector(ModelStore(args.store).resolve(args.ner_model, "ner"), threshold=args.threshold)
    try:
        gold = load_gold(args.gold)
    except (OSError, ValueError, KeyError) as e:
        raise CliError(f"cannot read gold file '{args.gold}': {type(e).__name__}") from None
    scores = deid_scores(gold, lambda text: detect_phi(text, args.language, ner=ner, threshold=args.threshold))
    if args.json:
        keys = ("recall", "precision", "leakage", "per_label", "docs_per_s")
        print(json.dumps({k: scores[k] for k in keys} | {k: v for k, v in scores.items() if k not in keys}))
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


def cmd_questions(args: argparse.Namespace) -> int:
    from appliance.pipeline.questions import export_questions, generate_questions, load_generator

    generator = load_generator(args.generator, args.store, args.device, args.seed)
    with Project.open(args.project) as project:
        control, close = _progress_control("Generating questions", unit="section")
        try:
            report = generate_questions(
                project, generator, per_section=args.per_section, use_translation=args.translated,
                seed=args.seed, control=control,
            )
        finally:
            close()
        exported = export_questions(project, args.export) if args.export else None
    if args.json:
        print(json.dumps(report.as_dict() | ({"exported": exported} if exported is not None else {})))
        return 0
    print(
        f"{report.questions:,} questions for {report.sections:,} sections in {report.seconds:.1f} s "
        f"({report.already_done:,} sections were done before)."
    )
    if report.by_doc_type:
        print("Questions by document type: " + ", ".join(f"{k} {v:,}" for k, v in sorted(report.by_doc_type.items())))
    if report.dropped:
        print("Dropped by the filters: " + ", ".join(f"{k} {v:,}" for k, v in report.dropped.most_common()))
    if exported is not None:
        print(f"Exported {exported:,} questions to {args.export}")
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from appliance.pipeline.train import TrainOptions, distributed_rank, train_project

    options = TrainOptions(
        base_model=args.base_model, epochs=args.epochs, max_steps=args.max_steps, batch_size=args.batch_size,
        loss=args.loss, hard_negatives=args.hard_negatives, matryoshka=args.matryoshka, device=args.device,
        resume=args.resume, learning_rate=args.learning_rate, generator=args.generator, model_store=args.store,
        kinds=None if args.kinds == "all" else tuple(k.strip() for k in args.kinds.split(",") if k.strip()),
        merge_base=args.merge_base,
        gradient_checkpointing=args.gradient_checkpointing,
    )
    rank = distributed_rank()  # under torchrun only rank 0 writes the project (docs/training_multi_gpu.md)
    with Project.open(args.project, readonly=rank != 0) as project:
        control, close = _progress_control("Training", unit="step") if rank == 0 else (JobControl(), lambda: None)
        try:
            report = train_project(project, options, control)
        finally:
            close()
    if rank != 0:
        return 0
    summary = {
        "run": report.run_id, "model": str(report.model_path), "steps": report.steps, "device": report.device,
        "pairs": report.pairs, "train_pairs": report.train_pairs, "validation_queries": report.val_queries,
        "seconds": round(report.seconds, 1), "pairs_per_s": round(report.pairs_per_s, 1), "chose": report.chose,
        "validation": report.val_metrics, "validation_base": report.val_base_metrics,
    }
    if args.json:
        print(json.dumps(summary))
        return 0
    print(f"Chose: {report.chose}")
    print(f"Trained {report.steps} steps on {report.device} in {report.seconds / 60:.1f} min ({report.pairs_per_s:.1f} pairs/s).")
    from appliance.cli_report import print_train_closing

    print_train_closing(report, args.project)
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from appliance.models.loading import load_sentence_transformer
    from appliance.pipeline.evaluate import evaluate_dense, load_beir, store_evaluation

    if args.mode != "dense" or not args.beir:
        from appliance.cli_search import cmd_evaluate_search  # keyword/hybrid, or the project's own documents

        return cmd_evaluate_search(args)
    from appliance.models.project_models import resolve_embedding_model

    if args.model == "tuned" and not args.project:
        raise CliError("--model tuned needs --project", code=2)
    if args.project:
        with Project.open(args.project, readonly=True) as project:
            model_path = resolve_embedding_model(args.model, project, args.store, args.base_model)
    else:
        model_path = resolve_embedding_model(args.model, None, args.store, args.base_model)
    try:
        judged = load_beir(args.beir, args.queries, args.qrels, args.split)
    except (OSError, ValueError, KeyError) as e:
        raise CliError(f"cannot read the judged set: {type(e).__name__}") from None
    model = load_sentence_transformer(model_path, args.device)
    result = evaluate_dense(model, judged, rel_min=args.rel_min, show_progress=not args.json and sys.stderr.isatty())
    result["model"] = args.model or "base"
    if args.project:
        with Project.open(args.project) as project:
            store_evaluation(project, {"beir": str(args.beir), "queries": args.queries, "qrels": args.qrels, "split": args.split,
                                       "model": result["model"], "mode": args.mode, "rel_min": args.rel_min}, result)
    print_evaluation(result, args.json, f"model {result['model']}")
    return 0


def print_evaluation(result: dict, as_json: bool, what: str) -> None:
    """The five metrics of an evaluation, as one JSON object or a short table."""
    from appliance.pipeline.evaluate import METRIC_KEYS

    if as_json:
        print(json.dumps(result))
        return
    print(f"{result['queries']} queries, {result['sections']:,} sections, {what}:")
    for k in METRIC_KEYS:
        print(f"  {k:<11} {result[k]:.4f}")


def cmd_not_built(args: argparse.Namespace) -> int:
    print(f"'appliance {args.verb}' is not built yet in this version.", file=sys.stderr)
    return 2


# ---------------------------------------------------------------------------- parser
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="appliance",
        description="Offline clinical search appliance: import, pseudonymize, translate, generate questions, "
        "fine-tune, evaluate, index, search and export - without any network access.",
    )
    parser.add_argument("--version", action="version", version=f"appliance {appliance.__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)

    p = sub.add_parser("init", help="Create a new project file.", description="Create a new, empty project file.")
    p.add_argument("project", help="path of the new project file, e.g. radiology.appliance")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="Show what a project holds.", description="Show counts of a project.")
    p.add_argument("project")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "import",
        help="Import reports (folders, txt/md/pdf/docx, csv, jsonl[.gz]).",
        description="Import files and folders of reports. Files already in the project are skipped, "
        "bad files are listed with their reason. Exits non-zero only when nothing could be imported.",
    )
    p.add_argument("project")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--id-field", help="CSV/JSONL: field with the document id")
    p.add_argument("--text-field", default="text", help="CSV/JSONL: field with the text (default: text)")
    p.add_argument("--type-field", help="CSV/JSONL: field with the document type")
    p.add_argument("--patient-field", help="CSV/JSONL: field with the patient id (used for date shifting)")
    p.add_argument("--title-field", help="CSV/JSONL: field with a title")
    p.add_argument("--max-file-mb", type=float, default=50, help="skip files larger than this (default 50)")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("models", help="List, add and verify local models.", description="The local model store.")
    p.add_argument("action", choices=["list", "add", "verify"])
    p.add_argument("path", nargs="?", help="add: the model folder")
    p.add_argument("--kind", choices=KINDS, help="add: what the model is for; list: filter")
    p.add_argument("--name", help="add: name in the store (default: folder name); verify: only this model")
    p.add_argument("--languages", help="add: comma-separated, e.g. de,en")
    p.add_argument("--license", help="add: license of the weights")
    p.add_argument("--store", help="model store folder (default: $APPLIANCE_MODEL_STORE or the user data dir)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("demo", help="Run the pipeline on the bundled sample reports.", description="Demo on the bundled "
                       "sample reports: import, irreversible pseudonymization, heuristic questions, a short training and "
                       "the base-vs-tuned comparison (table and chart) on a small judged set. Running it again reuses what is done.")
    p.add_argument("--project", help="where to put the demo project (default: in the user data dir)")
    p.add_argument("--steps", type=int, help="training steps (default 20; 0: no training, only the base model is measured)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "pseudonymize",
        help="Detect PHI and write pseudonymized text for every section.",
        description="Detect PHI (rules, name lists, optional GLiNER model) in every document not yet done and "
        "replace it with consistent surrogates; dates are shifted per patient. The map original -> surrogate is "
        "encrypted with the passphrase from APPLIANCE_PASSPHRASE (asked for on a terminal), or not kept at all "
        "with --irreversible. A stopped run continues where it stopped.",
    )
    p.add_argument("project")
    p.add_argument("--ner-model", help="GLiNER model (store name or folder); default: rules and name lists only")
    p.add_argument("--threshold", type=float, default=0.5, help="GLiNER score threshold (default 0.5)")
    p.add_argument("--irreversible", action="store_true", help="keep no map from surrogates back to originals")
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_pseudonymize)

    p = sub.add_parser(
        "deid-eval",
        help="Measure PHI detection against gold spans.",
        description="Character-level PHI recall, precision and leakage on a JSONL file with gold spans "
        "(doc_id, text, spans[start, end, label]) such as GraSCCo-PHI.",
    )
    p.add_argument("gold", help="gold JSONL file (or Presidio's synthetic JSON)")
    p.add_argument("--language", choices=["de", "en"], help="language of the texts (default: detected per text)")
    p.add_argument("--ner-model", help="also use this GLiNER model")
    p.add_argument("--threshold", type=float, default=0.5)
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_deid_eval)

    p = sub.add_parser(
        "questions",
        help="Generate questions per section (offline heuristic, local LLM or doc2query).",
        description="Generate search questions for every pseudonymized section not yet done by the chosen "
        "generator; a stopped run continues where it stopped. Never reads the original text.",
    )
    p.add_argument("project")
    p.add_argument("--generator", default="heuristic", help="heuristic (default), llm:NAME or doc2query:NAME")
    p.add_argument("--per-section", type=int, default=3, help="questions per section (default 3)")
    p.add_argument("--translated", action="store_true", help="use the English translations instead")
    p.add_argument("--export", metavar="FILE.jsonl", help="also write all questions to this file")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_questions)

    p = sub.add_parser(
        "train",
        help="Fine-tune the embedding model on the generated questions.",
        description="Fine-tune a sentence-transformers model on (question, pseudonymized section) pairs. On a CPU "
        "without --max-steps/--epochs the step count is chosen from a measured step time (about 15 minutes).",
    )
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
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--resume", action="store_true", help="continue a stopped run from its last checkpoint")
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "evaluate",
        help="Measure a model on judged queries (mAP@100, nDCG@10, recall).",
        description="Rank the documents of a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv) by "
        "their best section and report mAP@100, nDCG@10, Recall@10, Recall@100 and MRR@10.",
    )
    p.add_argument("--project", help="project: resolves --model tuned and stores the result")
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
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_evaluate)

    from appliance.cli_translate import add_translate_parser

    add_translate_parser(sub)

    from appliance.cli_report import add_adopt_parser, add_compare_parser

    add_compare_parser(sub)
    add_adopt_parser(sub)

    from appliance.cli_search import add_index_parser, add_search_parser

    add_index_parser(sub)
    add_search_parser(sub)

    for verb, text in VERBS_NOT_BUILT.items():
        p = sub.add_parser(verb, help=text + " (not built yet)", description=text + " Not built yet in this version.")
        p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        p.set_defaults(func=cmd_not_built)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (ProjectError, ModelError, CliError) as e:
        print(f"error: {e}", file=sys.stderr)
        return getattr(e, "code", 1)
    except (Cancelled, KeyboardInterrupt):
        print("\nStopped. Work done so far is saved; run the same command again to continue.", file=sys.stderr)
        return 130
    except Exception as e:  # noqa: BLE001
        # A library's message may quote document text: show only the kind of error unless asked.
        if os.environ.get("APPLIANCE_DEBUG"):
            raise
        print(
            f"error: unexpected {type(e).__name__} in 'appliance {args.verb}'. Work committed so far is kept. "
            "The details are withheld because they may quote patient data; run again with APPLIANCE_DEBUG=1 "
            "to see them (on a screen only, not in a shared log).",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
