"""Search latency as a department sees it: the real search window (offscreen Qt), a query typed into
the box and Enter pressed, until the result list is filled, on the MTSamples project (2,357 reports).

    .venv/bin/python bench/gui_search_latency.py [--project /tmp/bench-mts.appliance] [--queries 200]

The project is built first when it does not exist: ../shared/bench/mtsamples-topics/corpus.jsonl
imported and indexed from the original text with the default model (a few minutes on 2 cores).
Queries: the mtsamples-topics queries (short topic names), shuffled with a fixed seed, never indexed.

Printed, measured in this one run: p50/p95/max of the window's time from Enter to the filled list, per
mode (hybrid is the default); the core's own search time (``SearchResult.ms``) for the same queries
and the ratio window/core (what the window adds: Qt, the reader thread, the table and the viewer);
the target of the issue (p95 < 300 ms after the model has loaded); and the first keyword search
typed while the model is still loading (its mode and latency): search is usable at once.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "bench" / "mtsamples-topics"
TARGET_MS = 300.0


def build_project(path: Path) -> None:
    from appliance.pipeline.index import IndexOptions, run_index
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.project import Project

    print(f"building {path} from {SHARED / 'corpus.jsonl'} (once)", file=sys.stderr)
    with Project.create(path) as p:
        run_import(p, ImportOptions(paths=[str(SHARED / "corpus.jsonl")], id_field="_id"))
        run_index(p, IndexOptions(source="original", device="cpu"))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def wait(app, condition, timeout: float = 120.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        app.processEvents()
        if time.monotonic() > end:
            raise TimeoutError("the window did not answer in time")
        time.sleep(0.0005)


def type_and_search(app, window, query: str) -> float:
    """Milliseconds from Enter to the list filled with this query's result."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window.query_edit.setText(query)
    started = time.perf_counter()
    QTest.keyClick(window.query_edit, Qt.Key.Key_Return)
    wait(app, lambda: window._search_op is None and window.result is not None and window.result.query == query)
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, default=Path(tempfile.gettempdir()) / "bench-mts.appliance")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--modes", default="hybrid,keyword")
    args = parser.parse_args(argv)
    if not (SHARED / "corpus.jsonl").exists():
        print(f"skipped: {SHARED} is not here", file=sys.stderr)
        return 0
    if not args.project.exists():
        build_project(args.project)
    queries = [json.loads(line)["text"] for line in open(SHARED / "queries.jsonl", encoding="utf-8") if line.strip()]
    random.Random(0).shuffle(queries)
    queries = queries[: args.queries]

    from PySide6.QtCore import QSettings

    from appliance.gui.app import create_app
    from appliance.gui.search_window import SearchWindow

    app = create_app([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = SearchWindow(project=args.project, settings=settings)
    window.show()
    opened = time.perf_counter()
    wait(app, lambda: window.project_host.path is not None)
    window.mode_combo.setCurrentIndex(window.mode_combo.findData("hybrid"))
    early_ms = type_and_search(app, window, queries[0])  # typed at once: the model is still loading
    early_mode, early_loading = window.result.mode, window.model_state
    wait(app, lambda: window.model_state in ("ready", "failed", "absent"))
    load_s = time.perf_counter() - opened
    from appliance.project import Project

    with Project.open(args.project, readonly=True) as p:
        documents = p.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    index = window.result.index
    print(f"project: {args.project}: {documents:,} reports, {index['vector_sections']:,} sections with vectors, "
          f"{index['keyword_sections']:,} in the full-text index")
    print(f"first search, typed while the model was {early_loading}: mode {early_mode}, {early_ms:.0f} ms; "
          f"the model was ready {load_s:.1f} s after the window was opened")
    out: dict = {"early": {"mode": early_mode, "ms": round(early_ms, 1), "model_state": early_loading},
                 "model_ready_s": round(load_s, 1)}
    for mode in args.modes.split(","):
        window.mode_combo.setCurrentIndex(window.mode_combo.findData(mode))
        type_and_search(app, window, "warm up " + mode)
        gui, core = [], []
        for q in queries:
            gui.append(type_and_search(app, window, q))
            assert window.result.mode == mode
            core.append(window.result.ms)
        p50, p95 = percentile(gui, 0.5), percentile(gui, 0.95)
        c50, c95 = percentile(core, 0.5), percentile(core, 0.95)
        print(f"{mode:8s} window: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  max {max(gui):6.1f} ms | core search: "
              f"p50 {c50:6.1f} ms  p95 {c95:6.1f} ms | window/core p50 {p50 / c50:.2f} | p95/target "
              f"{p95 / TARGET_MS:.2f} ({len(gui)} queries)")
        out[mode] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "max_ms": round(max(gui), 1),
                     "core_p50_ms": round(c50, 1), "core_p95_ms": round(c95, 1),
                     "mean_ms": round(statistics.mean(gui), 1), "queries": len(gui)}
    window.close()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
