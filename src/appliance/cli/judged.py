"""``appliance judged list|queries|add|candidates|judge|delete|import|export``: judged sets built in the project,
verb for verb the functions of :mod:`appliance.pipeline.judged_sets`. Candidates are printed without the
ranker that found them, so that the judge favours no model."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_device_option, add_json_option, add_store_option, print_json, progress
from appliance.project import Project

DESCRIPTION = (
    "Judged sets built in the project: your own searches, and per search the documents that should come up. "
    "'add' pools the candidates to judge (the top documents of keyword search and of the base and, when there "
    "is one, the tuned model's dense search) in a random order that favours no model; 'judge' grades them "
    "(0 not relevant, 1 partly relevant, 2 relevant). 'appliance evaluate --project P --judged NAME' measures the "
    "project's search on a set. 'export' and 'import' use the BEIR layout (queries.jsonl, qrels/test.tsv), "
    "naming documents by their record id or file name."
)


def register(sub) -> None:
    p = sub.add_parser("judged", help="Build judged sets: your own searches with the reports that should be found.",
                       description=DESCRIPTION)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="The project's judged sets with their counts.",
                           description="The project's judged sets: queries, queries fully judged, graded candidates "
                           "and those graded relevant or partly relevant.")
    a.add_argument("project")
    add_json_option(a, "the sets")
    a.set_defaults(func=cmd_list)

    a = actions.add_parser("queries", help="The queries of a judged set.", description="The queries of a judged set, "
                           "with their ids, keys and how many of their candidates are graded.")
    a.add_argument("project")
    a.add_argument("name", help="the judged set")
    add_json_option(a, "the queries")
    a.set_defaults(func=cmd_queries)

    a = actions.add_parser("add", help="Add a query and pool its candidates to judge.",
                           description="Add a query to a judged set (created if needed) and pool the candidates to "
                           "judge: the top documents of each ranker, without duplicates, in a random order. Needs "
                           "the search index.")
    a.add_argument("project")
    a.add_argument("name", help="the judged set")
    a.add_argument("query", help="the search, as a clinician would type it")
    a.add_argument("--depth", type=int, default=10, help="top documents taken from each ranker (default 10)")
    add_device_option(a)
    add_store_option(a)
    add_json_option(a, "the query and its candidates")
    a.set_defaults(func=cmd_add)

    a = actions.add_parser("candidates", help="The candidates of a query, in the order to judge them.",
                           description="The candidates of a judged query in the order shown to the judge, with "
                           "their grades so far.")
    a.add_argument("project")
    a.add_argument("query_id", type=int)
    add_json_option(a, "the candidates")
    a.set_defaults(func=cmd_candidates)

    a = actions.add_parser("judge", help="Grade a candidate: 0 not, 1 partly, 2 relevant.",
                           description="Grade one candidate of a judged query: 0 not relevant, 1 partly relevant, "
                           "2 relevant. Grading it again replaces the grade.")
    a.add_argument("project")
    a.add_argument("query_id", type=int)
    a.add_argument("document_id", type=int)
    a.add_argument("grade", type=int)
    add_json_option(a, "the grade recorded")
    a.set_defaults(func=cmd_judge)

    a = actions.add_parser("delete", help="Remove a query and its grades.",
                           description="Remove a judged query with its candidates and grades.")
    a.add_argument("project")
    a.add_argument("query_id", type=int)
    add_json_option(a, "what was removed")
    a.set_defaults(func=cmd_delete)

    a = actions.add_parser("import", help="Read a BEIR queries/qrels pair into a judged set.",
                           description="Read FOLDER/queries.jsonl and FOLDER/qrels/SPLIT.tsv (or the files given) "
                           "into a judged set; documents are matched by record id or file name. Queries already "
                           "in the set under the same id are replaced.")
    a.add_argument("project")
    a.add_argument("folder", nargs="?", help="BEIR-layout folder (not needed with --queries and --qrels)")
    a.add_argument("--name", required=True, help="the judged set (created if needed)")
    a.add_argument("--queries", help="queries.jsonl to use instead of the folder's")
    a.add_argument("--qrels", help="qrels TSV to use instead of the folder's qrels/SPLIT.tsv")
    a.add_argument("--split", default="test", help="the folder's qrels split (default test)")
    add_json_option(a, "the counts")
    a.set_defaults(func=cmd_import)

    a = actions.add_parser("export", help="Write a judged set as BEIR files.",
                           description="Write the graded candidates of a judged set as FOLDER/queries.jsonl and "
                           "FOLDER/qrels/test.tsv. The queries file holds the searches' text: keep it like the "
                           "project file.")
    a.add_argument("project")
    a.add_argument("name", help="the judged set")
    a.add_argument("folder")
    add_json_option(a, "the counts and files")
    a.set_defaults(func=cmd_export)

    a = actions.add_parser("fusion", help="Learn how hybrid search mixes keyword and dense search from a set.",
                           description="Choose the hybrid search's fusion (min-max, z-score or reciprocal rank "
                           "fusion, keyword weight 0 to 1) on a judged set by k-fold cross-validation: each fold's "
                           "queries are ranked with the fusion that was best on the other folds, and that figure is "
                           "reported beside keyword and dense search alone and the fixed default. The fusion chosen "
                           "on all queries is stored with the project; every hybrid search uses it from then on.")
    a.add_argument("project")
    a.add_argument("name", help="the judged set")
    a.add_argument("--folds", type=int, default=5, help="cross-validation folds (default 5)")
    a.add_argument("--rel-min", type=int, default=1, help="lowest grade that counts as relevant (default 1)")
    add_device_option(a)
    add_json_option(a, "the figures and the fusion chosen")
    a.set_defaults(func=cmd_fusion)


# ---------------------------------------------------------------------------- verbs
def cmd_list(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import list_sets

    with Project.open(args.project, readonly=True) as project:
        sets = list_sets(project)
    if args.json:
        print_json([asdict(s) for s in sets])
        return 0
    if not sets:
        print("No judged set in this project yet.")
    for s in sets:
        print(f"{s.name}: {s.queries} queries ({s.judged_queries} fully judged), {s.judgments} graded candidates, "
              f"{s.relevant} relevant or partly relevant")
    return 0


def cmd_queries(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import queries_of

    with Project.open(args.project, readonly=True) as project:
        queries = queries_of(project, args.name)
    if args.json:
        print_json([asdict(q) for q in queries])
        return 0
    for q in queries:
        print(f"  {q.id:>5}  {q.key:<6} {q.judged}/{q.candidates} graded  {q.text}")
    return 0


def _print_candidates(cands) -> None:
    from appliance.pipeline.judged_sets import GRADES

    for c in cands:
        grade = "not judged" if c.grade is None else f"{c.grade} ({GRADES[c.grade]})"
        print(f"  {c.position + 1:>3}. document {c.document_id:<6} {c.external_id or c.title or '':<32} {grade}")


def cmd_add(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import add_query, candidates

    with Project.open(args.project) as project:
        with progress("Pooling candidates", enabled=not args.json) as control:
            query_id = add_query(project, args.name, args.query, depth=args.depth, store=args.store,
                                 device=args.device, control=control)
        key = project.db.execute("SELECT key FROM judged_queries WHERE id = ?", [query_id]).fetchone()[0]
        cands = candidates(project, query_id)
    if args.json:
        print_json({"set": args.name, "query_id": query_id, "key": key, "candidates": [asdict(c) for c in cands]})
        return 0
    print(f"Added query {query_id} ({key}) to '{args.name}' with {len(cands)} candidates to judge:")
    _print_candidates(cands)
    print(f"Grade each one: appliance judged judge {args.project} {query_id} DOCUMENT_ID 0|1|2")
    return 0


def cmd_candidates(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import candidates

    with Project.open(args.project, readonly=True) as project:
        cands = candidates(project, args.query_id)
    if args.json:
        print_json([asdict(c) for c in cands])
        return 0
    _print_candidates(cands)
    return 0


def cmd_judge(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import GRADES, judge

    with Project.open(args.project) as project:
        judge(project, args.query_id, args.document_id, args.grade)
    if args.json:
        print_json({"query_id": args.query_id, "document_id": args.document_id, "grade": args.grade})
    else:
        print(f"Document {args.document_id} graded {args.grade} ({GRADES[args.grade]}) for query {args.query_id}.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import delete_query

    with Project.open(args.project) as project:
        delete_query(project, args.query_id)
    if args.json:
        print_json({"deleted": args.query_id})
    else:
        print(f"Removed query {args.query_id} with its candidates and grades.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import import_beir

    with Project.open(args.project) as project:
        report = import_beir(project, args.folder, args.name, queries=args.queries, qrels=args.qrels, split=args.split)
    if args.json:
        print_json(report)
        return 0
    print(f"Imported {report['queries']} queries ({report['replaced_queries']} replaced) with {report['judgments']} "
          f"graded documents into '{report['set']}'.")
    if report["unknown_documents"]:
        print(f"{report['unknown_documents']} judged documents are not in this project and were left out.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from appliance.pipeline.judged_sets import export_beir

    with Project.open(args.project) as project:  # the export is recorded in the audit log
        report = export_beir(project, args.name, args.folder)
    if args.json:
        print_json(report)
        return 0
    print(f"Wrote {report['queries']} queries and {report['judgments']} graded documents of '{report['set']}': "
          f"{report['queries_file']}, {report['qrels_file']}")
    if report["unjudged_queries"]:
        print(f"{report['unjudged_queries']} queries without any graded candidate were left out.")
    return 0


def cmd_fusion(args: argparse.Namespace) -> int:
    from appliance.pipeline.fusion_learning import learn_fusion
    from appliance.pipeline.judged_sets import judged_data

    with Project.open(args.project) as project:  # the fusion is stored with the project
        queries, qrels = judged_data(project, args.name)
        with progress("Learning the fusion", enabled=not args.json) as control:
            report = learn_fusion(project, queries, qrels, folds=args.folds, rel_min=args.rel_min,
                                  device=args.device, control=control)
    if args.json:
        print_json(asdict(report))
        return 0
    print(f"mAP@100 on {report.queries} judged queries of '{args.name}' ({report.folds}-fold cross-validated):")
    print(f"  keyword alone {report.keyword:.3f}, dense alone {report.dense:.3f}, fixed hybrid {report.default:.3f}, "
          f"learned hybrid {report.cv_learned:.3f}")
    f = report.fusion
    print(f"Hybrid search now uses {f['method']} with keyword weight {f['keyword_weight']} (chosen on all queries).")
    return 0
