#!/usr/bin/env python
"""Screenshots of every page of the desktop app, in English and German (run by scripts/screenshots.sh under Xvfb).

A fresh demo-like project in a temporary folder: the bundled sample reports imported through the Import
page, pseudonymized irreversibly and given heuristic questions (core functions), a short training through
the Train page, base vs tuned on the samples' judged searches through the Evaluate page, and the index
through the Index page. Then each page is grabbed (QWidget.grab) into OUT/en-NN-<page>.png, and after
switching the language into OUT/de-NN-<page>.png; the models panel as OUT/<lang>-models.png.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/screenshots", help="folder for the PNG files")
    parser.add_argument("--steps", type=int, default=12, help="training steps (0: show the Train page before training)")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--german", default="project,import,train,evaluate,index,export",
                        help="pages to grab in German too (comma-separated keys, or 'all')")
    parser.add_argument("--size", default="1280x860", help="window size WxH")
    args = parser.parse_args()
    out = Path(args.out).absolute()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="appliance-screens-"))
    os.environ.setdefault("APPLIANCE_LOG_DIR", str(tmp / "log"))

    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    from appliance.gui import i18n
    from appliance.gui.app import create_app
    from appliance.gui.mainwindow import MainWindow
    from appliance.paths import samples_dir
    from appliance.pipeline.pseudonymize import PseudonymizeOptions, run_pseudonymize
    from appliance.pipeline.questions import QuestionsOptions, run_questions
    from appliance.project import Project

    app = create_app([sys.argv[0]])
    i18n.install("en", app)

    def wait(cond, timeout: float, what: str) -> None:
        end = time.monotonic() + timeout
        while not cond():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)
            if time.monotonic() > end:
                raise TimeoutError(f"timed out: {what}")

    def settle(seconds: float = 0.6) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def run_page_op(op, what: str, timeout: float = 900) -> None:
        if op is None:
            raise RuntimeError(f"{what}: the page did not start it")
        wait(lambda: op.state in ("done", "cancelled", "failed"), timeout, what)
        if op.state != "done":
            raise RuntimeError(f"{what} ended {op.state}: {op.error.full_text() if op.error else ''}")
        wait(lambda: not window.project_host.busy, 30, "idle")
        settle(1.0)

    path = tmp / "radiology-demo.appliance"
    width, height = (int(v) for v in args.size.split("x"))
    window = MainWindow(reopen_last=False)
    window.resize(width, height)
    window.show()
    page = window.pages["project"]
    window.open_project(path, create=True)
    wait(lambda: window.info is not None, 30, "create the project")

    print("importing the sample reports through the Import page", flush=True)
    window.show_page("import")
    window.pages["import"].add_paths([samples_dir() / "reports", samples_dir() / "reports.jsonl"])
    window.pages["import"].start_import()
    wait(lambda: not window.project_host.busy, 120, "import")
    settle(1.0)

    print("pseudonymizing (irreversible) and writing heuristic questions", flush=True)
    from appliance.gui.operations import StageOp

    def prepare(project, control):
        run_pseudonymize(project, PseudonymizeOptions(irreversible=True), control=control)
        return run_questions(project, QuestionsOptions(per_section=3), control=control)

    run_page_op(StageOp(page, prepare).with_progress("Preparing").run_in_background(), "pseudonymize + questions")

    if args.steps > 0:
        print(f"training {args.steps} steps through the Train page", flush=True)
        train = window.pages["train"]
        window.show_page("train")
        wait(lambda: train._state is not None, 120, "the Train page's state")
        train.steps_spin.setValue(args.steps)
        train.batch_spin.setValue(args.batch_size)
        run_page_op(train.start_training(), "training")
        train.advanced_button.setChecked(False)

        print("measuring base and tuned through the Evaluate page", flush=True)
        evaluate = window.pages["evaluate"]
        window.show_page("evaluate")
        wait(lambda: evaluate._state is not None, 60, "the Evaluate page's state")
        evaluate.use_samples()
        run_page_op(evaluate.start_measure(), "evaluate")

    print("building the index through the Index page", flush=True)
    index = window.pages["index"]
    window.show_page("index")
    run_page_op(index.start_index(), "index")

    def grab_all(lang: str, keys: list[str]) -> None:
        for number, key in enumerate(window.pages, start=1):
            if key not in keys:
                continue
            window.show_page(key)
            window.refresh()
            settle(1.5)
            file = out / f"{lang}-{number:02d}-{key}.png"
            window.grab().save(str(file))
            print(f"wrote {file}", flush=True)
        dialog = window.open_models()
        dialog.verify()
        wait(lambda: not dialog.busy, 120, "verify the models")
        settle(0.5)
        file = out / f"{lang}-models.png"
        dialog.grab().save(str(file))
        print(f"wrote {file}", flush=True)
        dialog.close()

    def search_once(sw, query: str) -> None:
        shown = sw.searches
        sw.query_edit.setText(query)
        sw.search()
        wait(lambda: sw.searches > shown and sw._search_op is None, 60, "the search")
        wait(lambda: sw.viewer.view is not None, 30, "the viewer")
        settle(1.0)

    def grab_search(lang: str, everything: bool) -> None:
        """The search window (its list, viewer and patient view) and the judged-question builder."""
        window.search_window = None  # a new one, in the language set now
        sw = window.open_search()
        sw.resize(width, height)
        wait(lambda: sw.model_state in ("ready", "failed", "absent"), 180, "the search model")
        search_once(sw, "Kreuzband Knie" if lang == "de" else "Befund Beurteilung")
        for name, widget in (("search", sw), *((("search-viewer", sw.viewer),) if everything else ())):
            file = out / f"{lang}-{name}.png"
            widget.grab().save(str(file))
            print(f"wrote {file}", flush=True)
        if everything:
            search_once(sw, "Befund Beurteilung")
            sw.tabs.setCurrentWidget(sw.patients_tree)
            sw.patients_tree.setCurrentItem(sw.patients_tree.topLevelItem(0).child(0))
            settle(1.5)
            file = out / f"{lang}-search-patients.png"
            sw.grab().save(str(file))
            print(f"wrote {file}", flush=True)
            builder = sw.open_judge_builder()
            builder.resize(width, height)
            builder.question_edit.setText("Welche Patienten hatten eine Cholezystektomie?")
            run_page_op(builder.add_question(), "pool candidates")
            wait(lambda: builder.candidate_list.count() > 0, 30, "the candidates")
            for grade in (2, 0):
                wait(lambda: builder.viewer.view is not None, 30, "a candidate")
                run_page_op(builder.judge_current(grade), "judge")
            settle(1.5)
            file = out / f"{lang}-judged.png"
            builder.grab().save(str(file))
            print(f"wrote {file}", flush=True)
            builder.close()
        sw.close()

    grab_all("en", list(window.pages))
    grab_search("en", everything=True)
    window.set_language("de")
    settle(1.0)
    keys = list(window.pages) if args.german == "all" else [k.strip() for k in args.german.split(",")]
    grab_all("de", keys)
    grab_search("de", everything=False)
    window.set_language("en")
    window.close()
    wait(lambda: not window.isVisible(), 30, "close")
    QApplication.processEvents()
    with Project.open(path, readonly=True) as project:
        print(f"project: {project.info()['documents']} documents; screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
