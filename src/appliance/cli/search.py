"""``appliance index`` and ``appliance search``: build the search index, and search it."""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from appliance.cli._common import CliError, add_device_option, add_json_option, add_store_option, print_json, progress
from appliance.project import Project, ProjectInUse
from appliance.project.encryption import OPERATIONAL_ERRORS

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
    "field) and, where a document has none, the day it was imported. Each search is kept in your search history "
    "and in the audit log (which records the mode, the kinds of filter and the number of results; the query text "
    "only where the project's setting search.audit_query_text is on), unless the project is open elsewhere."
)


def register(sub) -> None:
    p = sub.add_parser("index", help="Build the vector and full-text search index.", description=INDEX_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("--model", help="embedding model: base, tuned or a store name / folder "
                   "(default: the project's search model: base until a tuned model is adopted)")
    p.add_argument("--dtype", choices=["f16", "i8"], help="vector type in the index (default: f16)")
    p.add_argument("--source", choices=["pseudonymized", "original"],
                   help="which text to index (default: as before, else pseudonymized)")
    add_device_option(p)
    p.add_argument("--batch-size", type=int, default=64)
    add_store_option(p)
    add_json_option(p, "the index report")
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="Search the project's documents.", description=SEARCH_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("query")
    p.add_argument("-k", type=int, default=10, help="number of documents (default 10)")
    p.add_argument("--mode", choices=["hybrid", "dense", "keyword"], default="hybrid")
    p.add_argument("--type", dest="doc_type", help="only documents of this type")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="only documents dated on or after (YYYY-MM-DD)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="only documents dated on or before (YYYY-MM-DD)")
    p.add_argument("--language", help="only documents in this language (de, en)")
    p.add_argument("--patient", metavar="ID", help="only documents of this patient (the imported patient id)")
    p.add_argument("--sections", type=int, default=3, help="best sections shown per document (default 3)")
    p.add_argument("--csv", metavar="FILE", help="also write the result list to FILE (UTF-8 CSV that Excel opens)")
    p.add_argument("--csv-text", action="store_true", help="with --csv: add the snippets (document text) as a column")
    add_device_option(p)
    add_store_option(p)
    add_json_option(p, "the results")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("search-history", help="Show your recent searches in a project.",
                       description="Your (the OS user's) recent searches in the project, newest first.")
    p.add_argument("project")
    p.add_argument("-n", type=int, default=20, help="number of searches (default 20)")
    add_json_option(p, "the searches")
    p.set_defaults(func=cmd_search_history)

    p = sub.add_parser("saved-searches", help="Show your saved searches in a project.",
                       description="Your (the OS user's) saved searches in the project, by name.")
    p.add_argument("project")
    add_json_option(p, "the saved searches")
    p.set_defaults(func=cmd_saved_searches)


def cmd_index(args: argparse.Namespace) -> int:
    from appliance.pipeline.index import IndexOptions, run_index

    options = IndexOptions(model=args.model, dtype=args.dtype, source=args.source, model_store=args.store,
                           device=args.device, batch_size=args.batch_size)
    with Project.open(args.project) as project, progress("Indexing", unit="section", enabled=not args.json) as control:
        report = run_index(project, options, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    for reason in report.rebuilt:
        print(f"Rebuilding the index: {reason}.")
    print(f"Index of {report.source} text, model {report.model}, {report.dtype} vectors: "
          f"{report.sections:,} sections searchable.")
    print(f"Added {report.keyword_added:,} sections to the full-text index and {report.vectors_added:,} to the vector "
          f"index, removed {report.removed:,} stale vectors, in {report.seconds:.1f} s.")
    if report.skipped:
        print(f"{report.skipped:,} sections have no {report.source} text yet and are not searchable"
              + (f" (run 'appliance pseudonymize {args.project}')." if report.source == "pseudonymized" else "."))
    return 0


def _fmt_snippet(snippet: str, highlights: list[list[int]], tty: bool) -> str:
    on, off = ("\033[1m", "\033[0m") if tty else ("**", "**")
    out, pos = [], 0
    for a, b in highlights:
        out += [snippet[pos:a], on, snippet[a:b], off]
        pos = b
    out.append(snippet[pos:])
    return "".join(out)


def _open_for_search(path: str, must_write: bool) -> Project:
    """For writing, so that the search is kept in the history and the audit log; read-only where another
    window or command holds the project or the file cannot be written (unless the search must write)."""
    if must_write:
        return Project.open(path)
    try:
        return Project.open(path)
    except (ProjectInUse, OSError, *OPERATIONAL_ERRORS):  # either driver's: a plain or an encrypted file
        return Project.open(path, readonly=True)


def cmd_search(args: argparse.Namespace) -> int:
    from appliance.pipeline.search import Searcher, SearchFilters
    from appliance.pipeline.search_history import export_csv, record_search

    if args.csv_text and not args.csv:
        raise CliError("--csv-text needs --csv FILE", code=2)
    filters = SearchFilters(doc_type=args.doc_type, date_from=args.date_from, date_to=args.date_to,
                            language=args.language, patient=args.patient)
    csv_path = history_id = None
    with _open_for_search(args.project, must_write=bool(args.csv)) as project:
        searcher = Searcher(project, store=args.store, device=args.device)
        result = searcher.search(args.query, k=args.k, mode=args.mode, filters=filters,
                                 sections_per_doc=args.sections)
        if not project.readonly:
            history_id = record_search(project, result, filters)
        if args.csv:
            csv_path = export_csv(project, result, args.csv, include_text=args.csv_text)
    if args.json:
        print_json({**asdict(result), "history_id": history_id, "csv": csv_path})
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
    if csv_path:
        print(f"\nWrote {len(result.documents)} rows to {csv_path}.")
    return 0


def _filters_text(filters) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in asdict(filters).items() if v)


def _print_searches(rows: list[dict], as_json: bool, empty: str, line) -> int:
    """History rows or saved searches: one JSON document, or one line each (``line(row)``) and their filters."""
    if as_json:
        print_json([{**r, "filters": asdict(r["filters"])} for r in rows])
        return 0
    if not rows:
        print(empty)
    for r in rows:
        print(line(r) + (f" [{_filters_text(r['filters'])}]" if r["filters"] else ""))
    return 0


def cmd_search_history(args: argparse.Namespace) -> int:
    from appliance.pipeline.search_history import history

    with Project.open(args.project, readonly=True) as project:
        rows = history(project, limit=args.n)
    return _print_searches(rows, args.json, "No searches yet.",
                           lambda r: f"{r['at']}  {r['mode']:<7} {r['results']:>4} results  {r['query']}")


def cmd_saved_searches(args: argparse.Namespace) -> int:
    from appliance.pipeline.search_history import saved_searches

    with Project.open(args.project, readonly=True) as project:
        rows = saved_searches(project)
    return _print_searches(rows, args.json, "No saved searches.", lambda r: f"{r['name']}: {r['query']} ({r['mode']})")
    if not rows:
        print("No saved searches.")
    for r in rows:
        extra = f" [{_filters_text(r['filters'])}]" if r["filters"] else ""
        print(f"{r['name']}: {r['query']} ({r['mode']}){extra}")
    return 0
