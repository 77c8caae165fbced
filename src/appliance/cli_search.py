"""The ``appliance index`` and ``appliance search`` verbs (wired into cli.build_parser with
``add_index_parser(sub)`` and ``add_search_parser(sub)``)."""
from __future__ import annotations

import argparse
import json
import sys

INDEX_DESCRIPTION = (
    "Embed every section into a USearch vector index (in the project's artefact folder) and fill the SQLite "
    "full-text index (FTS5, German and English: case and umlaut folding). Which text is indexed is your choice: "
    "the pseudonymized text (default) or the original text for an in-house search project; the choice is stored. "
    "A stopped run continues where it stopped; a later run adds new documents and drops deleted ones. Another "
    "model, vector type or text source rebuilds the index (and says so)."
)

SEARCH_DESCRIPTION = (
    "Search the project's documents: hybrid (keyword and vector ranking fused, the default), dense (vectors only) "
    "or keyword (full text only). Results are grouped by document with the best sections and a snippet in which "
    "the matching words are marked. 'Date' is the document's own date from the import metadata (a date/datum "
    "field) and, where a document has none, the day it was imported."
)


def add_index_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("index", help="Build the vector and full-text search index.", description=INDEX_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--model", help="embedding model: base, tuned or a store name / folder "
                   "(default: the project's search model: base until a tuned model is adopted)")
    p.add_argument("--dtype", choices=["f16", "i8"], help="vector type in the index (default: f16)")
    p.add_argument("--source", choices=["pseudonymized", "original"],
                   help="which text to index (default: as before, else pseudonymized)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=cmd_index)
    return p


def add_search_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("search", help="Search the project's documents.", description=SEARCH_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="number of documents (default 10)")
    p.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")
    p.add_argument("--type", dest="doc_type", help="only documents of this type")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only documents dated on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only documents dated on or before (YYYY-MM-DD)")
    p.add_argument("--language", help="only documents in this language (de, en)")
    p.add_argument("--sections", type=int, default=3, help="best sections shown per document (default 3)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    p.add_argument("--store", help="model store folder")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_search)
    return p


def cmd_index(args: argparse.Namespace) -> int:
    from appliance.cli import _progress_control
    from appliance.pipeline.index import build_index
    from appliance.project import Project

    with Project.open(args.project) as project:
        control, close = _progress_control("Indexing", unit="section")
        try:
            report = build_index(project, args.model, args.dtype, args.source, store=args.store, device=args.device,
                                 control=control, batch_size=args.batch_size)
        finally:
            close()
    if args.json:
        print(json.dumps(report.as_dict()))
        return 0
    for reason in report.rebuilt:
        print(f"Rebuilding the index: {reason}.")
    print(f"Index of {report.source} text, model {report.model}, {report.dtype} vectors: "
          f"{report.sections:,} sections searchable.")
    print(f"Added {report.keyword_added:,} sections to the full-text index and {report.vectors_added:,} to the vector "
          f"index, removed {report.removed:,} stale vectors, in {report.seconds:.1f} s.")
    if report.skipped:
        print(f"{report.skipped:,} sections have no {report.source} text yet and are not searchable "
              + ("(run 'appliance pseudonymize')." if report.source == "pseudonymized" else "."))
    return 0


def _fmt_snippet(snippet: str, highlights: list[list[int]], tty: bool) -> str:
    on, off = ("\033[1m", "\033[0m") if tty else ("**", "**")
    out, pos = [], 0
    for a, b in highlights:
        out += [snippet[pos:a], on, snippet[a:b], off]
        pos = b
    out.append(snippet[pos:])
    return "".join(out)


def cmd_search(args: argparse.Namespace) -> int:
    from appliance.pipeline.search import SearchFilters, Searcher
    from appliance.project import Project

    filters = SearchFilters(doc_type=args.doc_type, date_from=args.date_from, date_to=args.date_to,
                            language=args.language)
    with Project.open(args.project, readonly=True) as project:
        searcher = Searcher(project, store=args.store, device=args.device)
        result = searcher.search(args.query, k=args.k, mode=args.mode, filters=filters,
                                 sections_per_doc=args.sections)
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
        return 0
    info = result.index
    print(f"{len(result.documents)} documents ({result.mode}; index of {info['source']} text, model {info['model']}; "
          f"{result.ms:.0f} ms)")
    tty = sys.stdout.isatty()
    for rank, d in enumerate(result.documents, start=1):
        meta = ", ".join(x for x in (d.doc_type, d.language, d.date) if x)
        print(f"\n{rank:>2}. {d.title or d.external_id or d.document_id}  [{meta}]  score {d.score:.3f}")
        for s in d.sections:
            head = f"{s.header}: " if s.header else ""
            print(f"    - {head}{_fmt_snippet(s.snippet, s.highlights, tty)}")
    return 0


# ---------------------------------------------------------------------------- evaluate through the search path
def cmd_evaluate_search(args: argparse.Namespace) -> int:
    """``appliance evaluate`` for every case except dense on a BEIR folder (the fast in-memory path):

    - ``--project P`` without ``--beir``: the project's own documents through its index (qrels name
      documents by the import's external id, else the file name); ``--queries`` and ``--qrels`` are required.
    - ``--beir DIR`` (keyword/hybrid): a temporary project holding DIR's corpus, imported like
      ``appliance import --id-field _id`` and indexed on its original text with the chosen model
      (``--model tuned`` through ``--project``), searched by the same code as ``appliance search``.
    The result is stored in the project's ``runs`` table when ``--project`` is given."""
    import tempfile
    from pathlib import Path

    from appliance.cli import CliError, _progress_control, print_evaluation
    from appliance.pipeline.evaluate import store_evaluation
    from appliance.pipeline.evaluate import _read_jsonl, load_beir, read_qrels
    from appliance.pipeline.search import evaluate_search
    from appliance.project import Project

    if args.beir:
        if args.model == "tuned" and not args.project:
            raise CliError("--model tuned needs --project", code=2)
        try:
            judged = load_beir(args.beir, args.queries, args.qrels, args.split)
        except (OSError, ValueError, KeyError) as e:
            raise CliError(f"cannot read the judged set: {type(e).__name__}") from None
        from appliance.models.project_models import resolve_embedding_model

        if args.project:
            with Project.open(args.project, readonly=True) as project:
                model_path = resolve_embedding_model(args.model, project, args.store, args.base_model)
        else:
            model_path = resolve_embedding_model(args.model, None, args.store, args.base_model)
        with tempfile.TemporaryDirectory(prefix="appliance-eval-") as tmp:
            corpus = Path(tmp) / "corpus.jsonl"
            with open(corpus, "w", encoding="utf-8") as fh:
                for doc_id, text in judged.corpus.items():
                    fh.write(json.dumps({"_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
            from appliance.pipeline.index import build_index
            from appliance.pipeline.ingest import ImportOptions, import_paths

            with Project.create(Path(tmp) / "eval.appliance") as temp:
                control, close = _progress_control("Importing and indexing", unit="section")
                try:
                    import_paths(temp, [corpus], ImportOptions(id_field="_id", text_field="text"))
                    build_index(temp, str(model_path), source="original", store=args.store, device=args.device,
                                control=control, vectors=args.mode != "keyword")
                finally:
                    close()
                result = evaluate_search(temp, judged.queries, judged.qrels, args.mode, args.rel_min,
                                         store=args.store, device=args.device)
        result["index_model"] = args.model or "base"  # not the temporary folder path
        result["model_path"] = str(model_path)
        config = {"beir": str(args.beir), "split": args.split}
    else:
        if not args.project:
            raise CliError("give --project (the project's own documents) or --beir DIR (a BEIR-layout folder)", code=2)
        if not (args.queries and args.qrels):
            raise CliError("evaluating a project's own documents needs --queries FILE.jsonl and --qrels FILE.tsv", code=2)
        try:
            queries = {str(d["_id"]): d["text"] for d in _read_jsonl(Path(args.queries))}
            qrels = read_qrels(Path(args.qrels))
        except (OSError, ValueError, KeyError) as e:
            raise CliError(f"cannot read the judged set: {type(e).__name__}") from None
        with Project.open(args.project) as project:  # writable: another --model caches its vectors there
            control, close = _progress_control("Embedding sections for evaluation", unit="section")
            try:
                model = args.base_model if args.base_model and args.model in (None, "base") else args.model
                result = evaluate_search(project, queries, qrels, args.mode, args.rel_min, model=model,
                                         store=args.store, device=args.device, control=control)
            finally:
                close()
        config = {}
    result["model"] = args.model or result.get("index_model") or "base"
    config.update({"queries": args.queries, "qrels": args.qrels, "model": result["model"], "mode": args.mode,
                   "model_path": result.get("model_path") or None,
                   "rel_min": args.rel_min, "corpus": "beir" if args.beir else "project",
                   "fusion": result.get("fusion")})
    if args.project:
        with Project.open(args.project) as project:
            store_evaluation(project, config, result)
    print_evaluation(result, args.json, f"model {result['model']}, {args.mode} search")
    return 0
    print(f"{result['queries']} queries, {result['sections']:,} sections, model {result['model']}, {args.mode} search:")
    for k in ("map@100", "ndcg@10", "recall@10", "recall@100", "mrr@10"):
        print(f"  {k:<11} {result[k]:.4f}")
    return 0
