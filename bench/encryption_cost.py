"""What encryption at rest costs: import, index and search time of an encrypted project against a plain one,
measured in one run on the same documents, plus the plaintext check of the encrypted file.

    .venv/bin/python bench/encryption_cost.py [--docs 1000] [--queries 200] [--repeat 2] [--json]

Documents: the first ``--docs`` reports of ../shared/bench/mtsamples-topics (the bundled samples where it is
absent). For each repeat a plain and an encrypted project are built in turn (so that a busy CPU weighs on both
alike), through the real stages: ``run_import``, then ``run_index`` (full-text index and vectors; the embedding
model is loaded once and shared, so the figure is the database's share plus the same encoding work), then
``Searcher.search`` for ``--queries`` topic queries in keyword and in hybrid mode (the queries are embedded once
beforehand: the model's work is the same for both files, and on a shared CPU its noise would hide the file's
share). Each figure is the best of the repeats; printed as seconds and encrypted/plain.

Plaintext check: the encrypted project's file, WAL, journal and artefact folder are searched, as raw bytes, for
twenty long words of the imported reports; ``plaintext_hits`` counts the words found (the plain project is
searched too, to show the check finds them there).
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench" / "mtsamples-topics"
PASSPHRASE = "bench passphrase"


def corpus(n: int, folder: Path) -> tuple[Path, list[str]]:
    """A JSONL file of the first ``n`` reports, and the queries to search."""
    out = folder / "docs.jsonl"
    if (BENCH / "corpus.jsonl").exists():
        lines = (BENCH / "corpus.jsonl").read_text(encoding="utf-8").splitlines()[:n]
        queries = [json.loads(q)["text"] for q in (BENCH / "queries.jsonl").read_text(encoding="utf-8").splitlines()]
    else:
        from appliance.paths import samples_dir

        texts = [p.read_text(encoding="utf-8") for p in sorted((samples_dir() / "reports").glob("*.txt"))]
        lines = [json.dumps({"_id": f"s{i}", "text": t}) for i, t in enumerate(texts)]
        queries = ["Diagnose", "Röntgen Thorax", "Verlauf"]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out, queries


def on_disk(path: Path) -> bytes:
    parts = []
    for p in sorted(path.parent.iterdir()):
        if p.name.startswith(path.name):
            parts += [p.read_bytes()] if p.is_file() else [q.read_bytes() for q in sorted(p.rglob("*")) if q.is_file()]
    return b"".join(parts)


def build(path: Path, docs: Path, queries: list[str], encoder, passphrase: str | None) -> dict:
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.pipeline.search import Searcher
    from appliance.project import Project

    out = {}
    with Project.create(path, passphrase=passphrase) as project:
        t = time.perf_counter()
        run_import(project, ImportOptions(paths=[str(docs)], id_field="_id"))
        out["import_s"] = time.perf_counter() - t
        t = time.perf_counter()
        run_index(project, IndexOptions(source="original", device="cpu"), encoder=encoder)
        out["index_s"] = time.perf_counter() - t
    with Project.open(path, readonly=True, passphrase=passphrase) as project:
        searcher = Searcher(project, encoder=encoder, device="cpu")
        from appliance.models.embedding import encode

        vectors = dict(zip(queries, encode(encoder, queries, "query")))
        searcher.encode_queries = lambda qs: [vectors[q] for q in qs]  # the same model work either way: left out
        for mode in ("keyword", "hybrid"):
            searcher.search(queries[0], k=10, mode=mode)  # warm-up
            times = []
            for q in queries:
                t = time.perf_counter()
                searcher.search(q, k=10, mode=mode)
                times.append(time.perf_counter() - t)
            out[f"{mode}_p50_ms"] = statistics.median(times) * 1000
            out[f"{mode}_total_s"] = sum(times)
    out["file_mb"] = path.stat().st_size / 1e6
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from appliance.models import ModelStore
    from appliance.models.embedding import load_sentence_transformer

    encoder = load_sentence_transformer(ModelStore().resolve(None, "embedding"), "cpu")
    folder = Path(tempfile.mkdtemp(prefix="bench-encryption-"))
    docs, queries = corpus(args.docs, folder)
    queries = queries[: args.queries]
    best: dict[str, dict] = {"plain": {}, "encrypted": {}}
    for r in range(args.repeat):
        for side, phrase in (("plain", None), ("encrypted", PASSPHRASE)):
            path = folder / f"{side}-{r}" / "p.appliance"
            path.parent.mkdir()
            got = build(path, docs, queries, encoder, phrase)
            for k, v in got.items():
                best[side][k] = min(v, best[side].get(k, v))
    words = sorted({w for w in re.findall(r"[A-Za-z]{12,}", docs.read_text(encoding="utf-8"))})[:20]
    hits = {side: sum(w.encode() in on_disk(folder / f"{side}-0" / "p.appliance") for w in words)
            for side in ("plain", "encrypted")}
    out = {"docs": sum(1 for _ in docs.open(encoding="utf-8")), "queries": len(queries), "repeat": args.repeat,
           "plain": {k: round(v, 3) for k, v in best["plain"].items()},
           "encrypted": {k: round(v, 3) for k, v in best["encrypted"].items()},
           "ratio": {k: round(best["encrypted"][k] / best["plain"][k], 3) for k in best["plain"] if best["plain"][k]},
           "plaintext_hits": hits["encrypted"], "plaintext_hits_plain_file": hits["plain"], "words_searched": len(words)}
    if args.json:
        print(json.dumps(out))
        return 0
    print(f"{out['docs']} documents, {out['queries']} queries, best of {args.repeat}")
    print(f"  {'':<16} {'plain':>10} {'encrypted':>10} {'enc/plain':>10}")
    for k in out["plain"]:
        print(f"  {k:<16} {out['plain'][k]:>10} {out['encrypted'][k]:>10} {out['ratio'].get(k, '-'):>10}")
    print(f"plaintext: {hits['encrypted']} of {len(words)} report words found in the encrypted project's files "
          f"({hits['plain']} in the plain project's)")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
