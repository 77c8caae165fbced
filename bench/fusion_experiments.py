"""Measure keyword, dense and hybrid variants on an indexed project and a judged set (docs/search.md).

    .venv/bin/python bench/fusion_experiments.py /work/bench-projects/mts.appliance \
        /work/shared/bench/mtsamples-topics [--split dev] [--json out.json]

The project must hold the BEIR corpus imported with ``--id-field _id`` and be indexed
(``appliance index --source original``). Section lists are computed once per query (keyword:
FTS5 bm25 at depth 1000; dense: the USearch view at depth 1000) and every fusion variant is scored
on the same lists, so that the table compares fusion rules, not noise.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from appliance.pipeline.judged import read_qrels, read_queries
from appliance.pipeline.metrics import retrieval_metrics
from appliance.pipeline.search import Fusion, Searcher, _doc_scores, fts_query, fuse
from appliance.project import Project


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("project")
    ap.add_argument("beir")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--depth", type=int, default=1000)
    ap.add_argument("--json")
    ap.add_argument("--keyword-only", action="store_true")
    args = ap.parse_args()
    beir = Path(args.beir)
    qrels = read_qrels(beir / "qrels" / f"{args.split}.tsv")
    queries = {q: t for q, t in read_queries(beir / "queries.jsonl").items() if q in qrels}
    qids = list(queries)
    table: dict[str, float] = {}

    with Project.open(args.project, readonly=True) as project:
        db = project.db
        ext = dict(db.execute("SELECT id, coalesce(external_id, uid) FROM documents").fetchall())
        s = Searcher(project, depth=args.depth)

        def score(name: str, rankings: dict[str, list[int]]) -> None:
            m = retrieval_metrics({q: [ext[d] for d in rankings[q][:100]] for q in qids}, qrels)
            table[name] = round(m["map@100"], 4)
            print(f"{name:<58} mAP@100 {m['map@100']:.4f}  nDCG@10 {m['ndcg@10']:.4f}  R@100 {m['recall@100']:.4f}",
                  flush=True)

        def ranked(doc_scores: dict[int, float]) -> list[int]:
            return [d for d, _ in sorted(doc_scores.items(), key=lambda kv: -kv[1])[:100]]

        # ---- keyword variants (FTS5 bm25 per section), documents by best section / sum of best two
        t0 = time.monotonic()
        kw_lists: dict[str, dict[str, list]] = {}
        for name, kwargs in {"exact": dict(prefix_min=0, umlaut_variants=False),
                             "prefix5": dict(prefix_min=5, umlaut_variants=False),
                             "prefix5+umlaut": dict(prefix_min=5, umlaut_variants=True)}.items():
            lists = {}
            for q in qids:
                match = fts_query(queries[q], **kwargs)
                rows = db.execute("SELECT rowid, bm25(search_fts) r FROM search_fts WHERE search_fts MATCH ? "
                                  "ORDER BY r LIMIT ?", [match, args.depth]).fetchall() if match else []
                lists[q] = [(sid, -r) for sid, r in rows]
            kw_lists[name] = lists
        sec_doc = dict(db.execute("SELECT id, document_id FROM sections").fetchall())
        for name, lists in kw_lists.items():
            for agg in ("max", "sum2"):
                score(f"keyword section-bm25 {name} doc={agg}",
                      {q: ranked(_doc_scores(lists[q], sec_doc, agg)) for q in qids})
        print(f"  (keyword lists: {time.monotonic() - t0:.0f} s)", file=sys.stderr)

        # per-document bm25 for reference: a temporary FTS5 table over whole folded documents
        from appliance.pipeline.index import fold

        db.execute('CREATE VIRTUAL TABLE temp.doc_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2")')
        db.conn.executemany("INSERT INTO temp.doc_fts (rowid, text) VALUES (?, ?)",
                            ((i, fold(t)) for i, t in db.execute("SELECT id, text FROM documents")))
        for name, kwargs in {"exact": dict(prefix_min=0, umlaut_variants=False),
                             "prefix5+umlaut": dict(prefix_min=5, umlaut_variants=True)}.items():
            rk = {}
            for q in qids:
                match = fts_query(queries[q], **kwargs)
                rows = db.execute("SELECT rowid FROM doc_fts WHERE doc_fts MATCH ? ORDER BY bm25(doc_fts) LIMIT 100",
                                  [match]).fetchall() if match else []
                rk[q] = [r[0] for r in rows]
            score(f"keyword document-bm25 {name} (reference only)", rk)
        if args.keyword_only:
            return 0

        # ---- dense: query vectors once, the USearch view at depth
        t0 = time.monotonic()
        vectors = s.encode_queries([queries[q] for q in qids])
        dn_lists = {q: s.dense_sections(v, args.depth) for q, v in zip(qids, vectors)}
        print(f"  (dense lists: {time.monotonic() - t0:.0f} s)", file=sys.stderr)
        for agg in ("max", "sum2"):
            score(f"dense best-section doc={agg}", {q: ranked(_doc_scores(dn_lists[q], sec_doc, agg)) for q in qids})

        # ---- hybrid variants on the production keyword lists (prefix5+umlaut)
        kwl = kw_lists["prefix5+umlaut"]
        variants = {}
        for agg in ("max", "sum2"):
            variants[f"rrf k=60 w=0.5 doc={agg}"] = Fusion("rrf", 0.5, 60, agg)
            for w in (0.3, 0.4, 0.5, 0.6, 0.7):
                variants[f"minmax w={w} doc={agg}"] = Fusion("minmax", w, doc_agg=agg)
                variants[f"zscore w={w} doc={agg}"] = Fusion("zscore", w, doc_agg=agg)
            for w in (0.3, 0.7):
                variants[f"rrf k=60 w={w} doc={agg}"] = Fusion("rrf", w, 60, agg)
        for name, f in variants.items():
            rk = {}
            for q in qids:
                kd = _doc_scores(kwl[q], sec_doc, f.doc_agg)
                dd = _doc_scores(dn_lists[q], sec_doc, f.doc_agg)
                rk[q] = ranked(fuse(kd, dd, f))
            score(f"hybrid {name}", rk)
    if args.json:
        Path(args.json).write_text(json.dumps(table, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
