"""The desktop app's shell (offscreen): the Project page, the operations layer (worker thread, progress,
cancel, errors, closing during a job), translations, the `appliance gui` verb, and Qt only in gui/."""
from __future__ import annotations

import ast
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")
from PySide6.QtCore import QSettings, Qt, QTimer, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from appliance.gui import i18n  # noqa: E402
from appliance.gui.mainwindow import MainWindow  # noqa: E402
from appliance.gui.operations import ProjectHost, QueryOp, StageOp  # noqa: E402
from appliance.project import Project, ProjectError  # noqa: E402
from appliance.project.schema import SCHEMA_VERSION  # noqa: E402
from gui_support import create_project  # noqa: E402

pytestmark = pytest.mark.gui

SRC = Path(__file__).resolve().parents[1] / "src" / "appliance"
FINAL = ("done", "cancelled", "failed")


@pytest.fixture
def gui_env(tmp_path, monkeypatch, qapp):
    """Settings and the log in tmp_path, English UI."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    monkeypatch.setenv("APPLIANCE_LOG_DIR", str(tmp_path / "log"))
    i18n.install("en", qapp)
    yield tmp_path
    i18n.install("en", qapp)


def _close(qtbot, window: MainWindow) -> None:
    for op in list(window.project_host.active):
        op.cancel()
    qtbot.waitUntil(lambda: not window.project_host.busy, timeout=10_000)
    window.close()
    assert window.project_host._shut_down


@pytest.fixture
def window(qtbot, gui_env):
    w = MainWindow(reopen_last=False)
    w.show()
    yield w
    _close(qtbot, w)


@pytest.fixture
def host(qtbot, gui_env):
    h = ProjectHost()
    yield h
    for op in list(h.active):
        op.cancel()
    qtbot.waitUntil(lambda: not h.busy, timeout=10_000)
    h.shutdown()


def wait_op(qtbot, op, timeout: int = 15_000) -> None:
    qtbot.waitUntil(lambda: op.state in FINAL, timeout=timeout)


# ---------------------------------------------------------------------------- the Project page
def test_create_a_project_from_the_project_page(qtbot, window, tmp_path):
    path = tmp_path / "radiology.appliance"
    create_project(qtbot, window, path)
    page = window.pages["project"]
    assert path.is_file() and window.project_host.path == path
    assert "is open" in page.banner.text()
    assert page.info_labels["schema_version"].text() == str(SCHEMA_VERSION)
    assert page.info_labels["documents"].text() == "0"
    assert "0 documents" in page.status.done_text() and "Import" in page.status.next_text()
    assert "radiology.appliance" in window.windowTitle()
    assert window.settings.value("last_project") == str(path)
    assert window.recent_projects()[0] == str(path)
    assert page.recent_list.count() == 1
    with Project.open(path, readonly=True) as p:  # a real project file, audited
        assert p.info()["documents"] == 0 and [a["action"] for a in p.audit_log()][-1] == "init"
    # typing a name without the suffix adds it
    page.path_edit.clear()
    qtbot.keyClicks(page.path_edit, str(tmp_path / "second"))
    qtbot.mouseClick(page.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.project_host.path == tmp_path / "second.appliance", timeout=10_000)
    # the first one is closed again: another process may open it for writing now
    Project.open(path).close()


def test_the_locked_project_message(qtbot, window, tmp_path):
    path = tmp_path / "busy.appliance"
    Project.create(path).close()
    holder = Project.open(path)  # another "process" holds it for writing
    try:
        page = window.pages["project"]
        qtbot.keyClicks(page.path_edit, str(path))
        qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: page.banner.kind == "error", timeout=10_000)
        text = page.banner.text()
        assert "busy.appliance" in text and "in use by another appliance window or command" in text
        assert "Traceback" not in text and window.project_host.path is None
        assert not page.info_group.isVisible()
    finally:
        holder.close()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)  # once it is free, it opens
    qtbot.waitUntil(lambda: window.project_host.path == path, timeout=10_000)


def test_not_a_project_and_missing_file_are_plain_messages(qtbot, window, tmp_path):
    page = window.pages["project"]
    bad = tmp_path / "notes.appliance"
    bad.write_bytes(b"this is not sqlite" * 100)
    page.open_path(bad)
    qtbot.waitUntil(lambda: page.banner.kind == "error", timeout=10_000)
    assert "“notes.appliance” is not an appliance project file." in page.banner.text()
    page.open_path(tmp_path / "missing.appliance")
    qtbot.waitUntil(lambda: "There is no project" in page.banner.text(), timeout=10_000)
    assert "Create or open a project" in page.banner.text()  # its next step, in words


# ---------------------------------------------------------------------------- the operations layer
def _slow(n: int, pause: float, seen: dict):
    def fn(control):
        seen["thread"] = threading.current_thread()
        control.phase("Working hard", total=n)
        for i in range(1, n + 1):
            control.check()
            time.sleep(pause)
            control.report(i, n, f"{i} units")
        return n
    return fn


def test_the_event_loop_keeps_running_while_a_long_job_works(qtbot, window):
    page = window.pages["import"]
    window.show_page("import")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(10)
    seen: dict = {}
    progress = []
    op = StageOp(page, _slow(40, 0.02, seen)).with_progress("A long job")
    op.progressed.connect(lambda done, total, msg, eta: progress.append((done, total, eta)))
    op.run_in_background()
    assert window.project_host.busy and not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: page.progress_panel.bar.maximum() == 40, timeout=5_000)
    wait_op(qtbot, op)
    timer.stop()
    assert op.state == "done" and op.result == 40
    assert seen["thread"] is not threading.main_thread()
    assert len(ticks) >= 20, "the timer kept firing while the job ran"
    assert progress and progress[-1][:2] == (40, 40) and any(eta is not None for *_, eta in progress)
    assert page.progress_panel.label.text() == "Finished."
    assert not window.project_host.busy


def test_cancel_ends_the_job_as_cancelled_not_failed(qtbot, window):
    page = window.pages["import"]
    window.show_page("import")
    calls = {"failed": [], "cancelled": [], "done": []}
    op = (StageOp(page, _slow(1000, 0.01, {})).with_progress("Endless")
          .success(calls["done"].append).failure(calls["failed"].append).cancelled(calls["cancelled"].append)
          .run_in_background())
    qtbot.waitUntil(lambda: op.state == "running" and page.progress_panel.bar.maximum() == 1000, timeout=5_000)
    assert page.progress_panel.cancel_button.isVisible()
    qtbot.mouseClick(page.progress_panel.cancel_button, Qt.MouseButton.LeftButton)
    wait_op(qtbot, op)
    assert op.state == "cancelled" and op.error is None
    assert len(calls["cancelled"]) == 1 and not calls["failed"] and not calls["done"]
    assert page.progress_panel.label.text().startswith("Cancelled.")
    assert not window.project_host.busy


def test_ops_run_one_at_a_time_on_one_worker_thread(qtbot, host):
    order, threads = [], set()

    def make(i):
        def fn(control):
            threads.add(threading.get_ident())
            order.append(("start", i))
            time.sleep(0.02)
            order.append(("end", i))
        return fn

    ops = [StageOp(None, make(i), host=host).run_in_background() for i in range(4)]
    for op in ops:
        wait_op(qtbot, op)
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert order == [(k, i) for i in range(4) for k in ("start", "end")]


def test_errors_become_readable_messages_with_details_in_the_log(qtbot, window, tmp_path):
    create_project(qtbot, window, tmp_path / "p.appliance")
    page = window.pages["import"]
    errors = []

    def leaky(project, control):
        raise ValueError("Patient Erika Mustermann, geb. 01.02.1960")  # a library error quoting a document

    op = StageOp(page, leaky).with_progress("Leaky step").failure(errors.append).run_in_background()
    wait_op(qtbot, op)
    assert op.state == "failed" and errors[0].kind == "unexpected"
    text = errors[0].full_text()
    assert "ValueError" in text and "Leaky step" in text and "log file" in text
    assert "Mustermann" not in text and "Traceback" not in text
    log_text = errors[0].log_file.read_text(encoding="utf-8")
    assert errors[0].log_file.parent == tmp_path / "log"
    assert "ValueError" in log_text and "leaky" in log_text and "Mustermann" not in log_text

    def needs_pseudonyms(project, control):
        raise ProjectError("the documents are not pseudonymized yet", next_step="pseudonymize")

    window.show_page("import")
    op = StageOp(page, needs_pseudonyms).failure(page.banner.show_error).run_in_background()
    wait_op(qtbot, op)
    assert op.error.message == "the documents are not pseudonymized yet" and op.error.page == "pseudonymize"
    assert "Pseudonymize page" in page.banner.text() and page.banner.action_button.isVisible()
    qtbot.mouseClick(page.banner.action_button, Qt.MouseButton.LeftButton)  # the next-step button opens that page
    assert window.current_page().key == "pseudonymize"


def test_a_stage_op_without_an_open_project_fails_with_a_next_step(qtbot, window):
    errors = []
    op = StageOp(window.pages["import"], lambda project, control: 1).failure(errors.append).run_in_background()
    wait_op(qtbot, op)
    assert errors[0].kind == "no-project" and errors[0].page == "project"


def test_a_query_reads_while_a_job_holds_the_writer(qtbot, window, tmp_path):
    create_project(qtbot, window, tmp_path / "p.appliance")
    release = threading.Event()

    def hold(project, control):
        project.add_document({"uid": "u1", "source": "s", "source_format": "txt", "text": "Befund: x", "sha256": "0",
                              "n_chars": 9}, [])
        while not release.wait(0.01):
            control.check()

    job = StageOp(window, hold).run_in_background()
    counts = []
    qtbot.waitUntil(lambda: job.state == "running", timeout=5_000)
    time.sleep(0.1)
    query = QueryOp(window, lambda reader: reader.info()["documents"]).success(counts.append).run_in_background()
    qtbot.waitUntil(lambda: query.state in FINAL, timeout=5_000)
    assert counts == [1] and job.state == "running", "the reader saw the committed document while the job ran"
    release.set()
    wait_op(qtbot, job)


def test_closing_during_a_job_asks_then_cancels_and_waits(qtbot, gui_env, tmp_path, monkeypatch):
    w = MainWindow(reopen_last=False)
    w.show()
    create_project(qtbot, w, tmp_path / "p.appliance")
    op = StageOp(w.pages["import"], _slow(2000, 0.01, {})).with_progress("Long").run_in_background()
    qtbot.waitUntil(lambda: op.state == "running", timeout=5_000)
    asked = []
    monkeypatch.setattr(w, "confirm_stop_job", lambda: asked.append(1) or False)
    w.close()  # "no": the job goes on
    assert asked and w.isVisible() and op.state == "running"
    monkeypatch.setattr(w, "confirm_stop_job", lambda: asked.append(1) or True)
    w.close()  # "yes": cancel, wait for the worker, then close
    qtbot.waitUntil(lambda: not w.isVisible(), timeout=10_000)
    assert len(asked) == 2 and op.state == "cancelled" and w.project_host._shut_down
    Project.open(tmp_path / "p.appliance").close()  # the worker closed the project and released its lock
    assert w.settings.value("geometry") is not None


# ---------------------------------------------------------------------------- pages, menus, settings
def test_every_step_has_a_page_and_placeholders_say_what_they_will_do(window):
    keys = [window.steps.item(i).data(Qt.ItemDataRole.UserRole) for i in range(window.steps.count())]
    assert keys == ["project", "import", "pseudonymize", "translate", "questions", "train", "evaluate", "index", "export"]
    placeholders = [k for k in keys if hasattr(window.pages[k], "not_built_label")]
    assert placeholders == []  # every step is built
    for key in keys:
        page = window.pages[key]
        assert len(page.intro_label.text()) > 60, key  # every page says what its step does
        if key in placeholders:
            assert "not built yet" in page.not_built_label.text()
    window.steps.setCurrentRow(3)
    assert window.current_page().key == "translate"
    file_menu = window.menuBar().actions()[0].menu()
    assert [a.text() for a in file_menu.actions() if a.text()] == ["&New project...", "&Open project...", "Open &recent",
                                                                      "&Protect with a passphrase...", "&Quit"]
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Go", "Sea&rch", "&Settings", "&Help"]


def test_german_catalogue_and_switching_language_in_settings(qtbot, window):
    german = next(a for a in window.language_group.actions() if a.data() == "de")
    german.trigger()
    assert window.settings.value("language") == "de"
    assert window.steps.item(1).text() == "2. Importieren"
    assert window.pages["project"].create_button.text() == "Neues Projekt &anlegen"
    assert [a.text() for a in window.menuBar().actions()] == ["&Datei", "&Gehe zu", "Su&che", "&Einstellungen", "&Hilfe"]
    assert window.pages["export"].export_button.text() == "Paket &exportieren..."
    english = next(a for a in window.language_group.actions() if a.data() == "en")
    english.trigger()
    assert window.steps.item(1).text() == "2. Import"


def _catalogue(path: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    out = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for m in context.iter("message"):
            t = m.find("translation")
            out[(name, m.findtext("source"))] = (t.text, t.get("type"))
    return out


def test_the_ts_covers_every_string_and_the_qm_is_compiled_from_it(tmp_path, qapp):
    ts = i18n.translations_dir() / "appliance_de.ts"
    ours = _catalogue(ts)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if lupdate.exists():
        fresh = tmp_path / "fresh.ts"
        files = [str(p) for p in sorted((SRC / "gui").rglob("*.py"))]
        subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True, capture_output=True, timeout=120)
        missing = set(_catalogue(fresh)) - set(ours)
        assert not missing, f"strings missing from appliance_de.ts (run pyside6-lupdate): {sorted(missing)[:5]}"
    live = {k: v for k, v in ours.items() if v[1] not in ("obsolete", "vanished")}
    unfinished = [k for k, (text, kind) in live.items() if kind == "unfinished" or not text]
    assert not unfinished, unfinished[:5]
    qm = QTranslator()
    assert qm.load(str(ts.with_suffix(".qm"))), "appliance_de.qm is missing: run pyside6-lrelease"
    stale = [k for k, (text, _) in live.items() if qm.translate(k[0], k[1]) != text]
    assert not stale, f"appliance_de.qm is older than the .ts (run pyside6-lrelease): {stale[:5]}"
    fallback = i18n.TsTranslator(ts)  # the .ts fallback reads the same
    assert fallback.translate("ImportPage", "Import") == "Importieren"


# ---------------------------------------------------------------------------- entry points
def test_appliance_gui_opens_the_window_on_a_project(qtbot, gui_env, tmp_path):
    from appliance.cli import main

    path = tmp_path / "cli.appliance"
    Project.create(path).close()
    seen = {}

    def check():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                if w.project_host.path == path and w.info is not None:
                    seen["documents"] = w.info["documents"]
                    seen["title"] = w.windowTitle()
                    w.close()
                    return
        if time.monotonic() - start < 15:
            QTimer.singleShot(50, check)

    start = time.monotonic()
    QTimer.singleShot(50, check)
    assert main(["gui", str(path)]) == 0
    assert seen == {"documents": 0, "title": "cli.appliance - Clinical search appliance"}


def test_appliance_gui_without_a_display_says_so(monkeypatch, capsys):
    from appliance.cli import main

    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert main(["gui"]) == 2
    assert "no display found" in capsys.readouterr().err


def test_no_module_outside_gui_imports_qt():
    qt = ("PySide6", "PyQt5", "PyQt6", "PySide2", "shiboken6", "qtpy", "pytestqt")
    offenders = []
    for path in SRC.rglob("*.py"):
        if (SRC / "gui") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                offenders += [f"{path.relative_to(SRC)}:{node.lineno} {n}" for n in names if n.split(".")[0] in qt]
    assert not offenders, offenders
    # and importing the CLI and the core (every verb registered) loads no Qt at all
    code = ("import sys, appliance.cli, appliance.pipeline.ingest, appliance.project; appliance.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True).stdout
    assert out.strip() == "[]"


def test_pyside_calls_cannot_exhaust_the_counts_of_none_and_bools(qapp):
    """PySide6 6.12.0 (abi3) dropped a reference to None/True/False per call on Python < 3.12 and
    aborted the interpreter after some thousand calls; pyproject excludes it. Any other build that
    does the same fails here instead of crashing a steward's session."""
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(bool)

    emitter = Emitter()
    emitter.fired.connect(lambda _value: None)
    before = [sys.getrefcount(o) for o in (None, True, False)]
    for _ in range(2000):
        qapp.processEvents()
        emitter.fired.emit(True)
        emitter.fired.emit(False)
    after = [sys.getrefcount(o) for o in (None, True, False)]
    assert all(a >= b - 50 for a, b in zip(after, before)), (before, after)

# ---------------------------------------------------------------------------- the core's sentences in German
def test_the_core_sentence_list_is_current_and_every_sentence_is_a_template():
    """Every sentence the core can show is in gui/core_messages.py (so lupdate sees it), and none is an
    f-string: a value goes in through Text(template, name=value), or the catalogue could never match it."""
    sys.path.insert(0, str(SRC.parents[1] / "scripts"))
    try:
        import core_messages as script
    finally:
        sys.path.pop(0)
    assert (SRC / "gui" / "core_messages.py").read_text(encoding="utf-8") == script.render(), \
        "run .venv/bin/python scripts/core_messages.py"
    f_strings = []
    for path in sorted(SRC.rglob("*.py")):
        if path.relative_to(SRC).parts[0] in ("gui", "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                index = script.SENTENCE_CALLS.get(name)
                if index is not None and len(node.args) > index and isinstance(node.args[index], ast.JoinedStr):
                    f_strings.append(f"{path.name}:{node.lineno}")
    assert not f_strings, f"use Text(template, name=value) instead of an f-string: {f_strings}"
    assert len(script.core_sentences()) > 50


def test_german_translations_of_core_sentences_keep_their_placeholders():
    from appliance.messages import placeholders

    core = {k: v for k, v in _catalogue(i18n.translations_dir() / "appliance_de.ts").items() if k[0] == "CoreMessages"}
    assert len(core) > 50
    broken = [src for (_, src), (text, _) in core.items() if placeholders(src) != placeholders(text or "")]
    assert not broken, broken[:3]


def test_core_errors_and_rejections_are_shown_in_german(qtbot, window, tmp_path, qapp):
    from appliance.gui.operations import describe_error
    from appliance.messages import Text
    from appliance.models import ModelStore
    from appliance.pipeline.ingest import ImportOptions, run_import

    i18n.install("de", qapp)
    with pytest.raises(ProjectError) as missing:
        Project.open(tmp_path / "fehlt.appliance")
    error = describe_error(missing.value)
    assert error.message == f"Unter „{tmp_path / 'fehlt.appliance'}“ gibt es kein Projekt." and error.next_step == "init"
    with pytest.raises(ProjectError) as no_model:
        ModelStore(tmp_path / "store").get("gibtsnicht")
    assert describe_error(no_model.value).message.startswith("kein Modell namens „gibtsnicht“ in der Modellablage (")
    assert i18n.core_text(Text("text longer than {max_record_chars:,} characters", max_record_chars=2_000_000)) \
        == "Text länger als 2,000,000 Zeichen"  # the format spec survives the translation
    assert i18n.core_text("a sentence the catalogue does not know") == "a sentence the catalogue does not know"
    (tmp_path / "bericht.xyz").write_text("x", encoding="utf-8")
    with Project.create(tmp_path / "p.appliance") as project:  # a rejection reason made by the import stage
        report = run_import(project, ImportOptions(paths=[str(tmp_path / "bericht.xyz")]))
    assert i18n.core_text(report.rejected[0].reason) == "nicht unterstützter Dateityp „.xyz“"
    assert str(report.rejected[0].reason) == "unsupported file type '.xyz'"  # the CLI and the log stay English
    i18n.install("en", qapp)
    assert describe_error(no_model.value).message.startswith("no model named 'gibtsnicht'")


def test_text_is_a_plain_string_that_survives_pickling():
    import pickle

    from appliance.messages import Text, message_of

    t = Text("no {kind} model is installed", kind="ner")
    assert t == "no ner model is installed" and isinstance(t, str)
    back = pickle.loads(pickle.dumps(t))
    assert back == t and back.template == t.template and back.fields == {"kind": "ner"}
    assert message_of(ProjectError(t)).template == t.template


def test_help_opens_the_log_folder(window, monkeypatch, tmp_path):
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    help_menu = window.menuBar().actions()[-1].menu()
    action = next(a for a in help_menu.actions() if a.text() == "Open &log folder")
    action.trigger()
    assert [u.toLocalFile() for u in opened] == [str(tmp_path / "log")]
    assert (tmp_path / "log").is_dir()
