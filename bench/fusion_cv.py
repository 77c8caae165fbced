"""Learned vs fixed hybrid fusion, cross-validated on the dev judged queries of the benchmark sets.

    .venv/bin/python bench/fusion_cv.py [--sets mtsamples-topics,liveqa-medquad] [--folds 5]

For each set a project is built once (its corpus.jsonl imported and indexed from the original text with
the default model, in the temp folder) and its dev queries/qrels are the judged set (the issue names
mtsamples dev as a hospital's judged set; here they only choose a fusion, no model is trained).
``appliance.pipeline.fusion_learning.learn_fusion`` cross-validates the choice of fusion; printed per
set, measured in this run: mAP@100 of keyword alone, dense alone, the fixed default (min-max, 0.5) and the
learned fusion (each query ranked with the fusion chosen on the other folds), the learned minus the better
single ranker (the issue's bound: >= -0.005), learned/default, and the fusion chosen on all queries.
liveqa-medquad counts grade >= 2 as relevant (its graded qrels).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench"
REL_MIN = {"liveqa-medquad": 2}


def project_for(name: str) -> Path:
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.project import Project

    path = Path(tempfile.gettempdir()) / ("bench-mts.appliance" if name == "mtsamples-topics" else f"bench-{name}.appliance")
    if not path.exists():
        print(f"building {path} (once)", file=sys.stderr, flush=True)
        with Project.create(path) as p:
            run_import(p, ImportOptions(paths=[str(BENCH / name / "corpus.jsonl")], id_field="_id"))
            run_index(p, IndexOptions(source="original", device="cpu"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="mtsamples-topics,liveqa-medquad")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    from appliance.pipeline.fusion_learning import learn_fusion
    from appliance.pipeline.judged import read_qrels, read_queries
    from appliance.project import Project

    out = {}
    for name in args.sets.split(","):
        if not (BENCH / name / "corpus.jsonl").exists():
            print(f"{name}: skipped, {BENCH / name} is not here")
            continue
        path = project_for(name)
        queries = read_queries(BENCH / name / "queries.jsonl")
        qrels = read_qrels(BENCH / name / "qrels" / "dev.tsv")
        started = time.monotonic()
        with Project.open(path, readonly=True) as p:
            r = learn_fusion(p, queries, qrels, folds=args.folds, rel_min=REL_MIN.get(name, 1), store=False, device="cpu")
        seconds = time.monotonic() - started
        print(f"{name} dev ({r.queries} queries, {r.folds} folds, {seconds:.0f} s): keyword {r.keyword:.4f}  dense "
              f"{r.dense:.4f}  fixed hybrid {r.default:.4f}  learned hybrid (cv) {r.cv_learned:.4f} | learned - best "
              f"single {r.cv_learned - r.best_single:+.4f}  learned/fixed {r.cv_learned / r.default:.3f} | chosen on "
              f"all: {r.fusion['method']} w={r.fusion['keyword_weight']}")
        out[name] = {"keyword": round(r.keyword, 4), "dense": round(r.dense, 4), "fixed": round(r.default, 4),
                     "learned_cv": round(r.cv_learned, 4), "queries": r.queries, "fusion": r.fusion,
                     "fold_choices": [c["fusion"] for c in r.fold_choices]}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
