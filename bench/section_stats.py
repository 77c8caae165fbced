"""Section statistics of the GraSCCo letters and the MTSamples reports (for docs/sections.md).

Usage: python bench/section_stats.py [--shared ../shared] [--markdown docs/sections.md]
Imports both corpora into a temporary project with the real import code and prints counts,
the distribution of sections per document and tokens per section, and the most frequent headers.
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from appliance.pipeline.ingest import ImportOptions, run_import
from appliance.project import Project


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def corpus_stats(project: Project, where: str) -> dict:
    docs = project.db.execute(f"SELECT id FROM documents WHERE {where}").fetchall()
    ids = {d[0] for d in docs}
    per_doc = Counter()
    tokens, headers, chunks, with_headers = [], Counter(), 0, set()
    for s in project.sections():
        if s["document_id"] not in ids:
            continue
        per_doc[s["document_id"]] += 1
        tokens.append(s["n_tokens"])
        if s["header"]:
            with_headers.add(s["document_id"])
            if s["part"] <= 1:
                headers[s["header"]] += 1
        chunks += s["part"] > 0
    counts = [per_doc[i] for i in ids]
    return {
        "documents": len(ids),
        "sections": len(tokens),
        "sections_per_doc_mean": statistics.mean(counts),
        "sections_per_doc_median": statistics.median(counts),
        "docs_with_headers": len(with_headers) / len(ids),
        "tokens_median": statistics.median(tokens),
        "tokens_p95": pct(tokens, 0.95),
        "tokens_max": max(tokens),
        "chunked_sections": chunks,
        "top_headers": headers.most_common(15),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--markdown", help="also write the tables to this Markdown file")
    args = ap.parse_args()
    shared = Path(args.shared)
    with tempfile.TemporaryDirectory() as tmp:
        with Project.create(Path(tmp) / "stats.appliance") as project:
            t0 = time.monotonic()
            r1 = run_import(project, ImportOptions(paths=[shared / "data/grascco/txt"]))
            r2 = run_import(project, ImportOptions(paths=[shared / "bench/mtsamples-topics/corpus.jsonl"], id_field="_id"))
            seconds = time.monotonic() - t0
            rows = {
                "GraSCCo letters (de)": corpus_stats(project, "source_format = 'txt'"),
                "MTSamples reports (en)": corpus_stats(project, "source_format = 'jsonl'"),
            }
    lines = [
        f"Import of {r1.added + r2.added:,} documents: {seconds:.1f} s on this machine "
        f"({(r1.added + r2.added) / seconds:,.0f} documents/s, sectioning included).",
        "",
        "| corpus | documents | sections | sections/doc (mean, median) | docs with headers | tokens/section (median, p95, max) | chunks of long sections |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['documents']:,} | {s['sections']:,} | {s['sections_per_doc_mean']:.1f}, {s['sections_per_doc_median']:g} "
            f"| {s['docs_with_headers']:.0%} | {s['tokens_median']:g}, {s['tokens_p95']}, {s['tokens_max']} | {s['chunked_sections']:,} |"
        )
    for name, s in rows.items():
        lines += ["", f"Most frequent headers, {name}: " + ", ".join(f"{h} ({n})" for h, n in s["top_headers"])]
    text = "\n".join(lines)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(
            "# Section statistics\n\nProduced by `python bench/section_stats.py --markdown docs/sections.md` "
            "(token budget 200, overlap 32; tokens = words + punctuation).\n\n" + text + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
