"""The operations layer: stage functions on the project's worker thread, queries on a reader.

Threading contract (the Project docstring's, made concrete):

- :class:`ProjectHost` owns two single-thread executors. The **writer** thread opens, owns and
  closes the writable :class:`~appliance.project.Project`; every :class:`StageOp` runs on it, one at a
  time, in the order they were started (a second op waits in the queue). No other thread touches the
  writable project; the main thread knows only ``host.path``.
- The **reader** thread owns a read-only connection (``Project.open(path, readonly=True)``, the same
  as ``project.reader()``) that every :class:`QueryOp` uses; in WAL mode it sees each committed
  transaction of a running job without blocking it, so overview pages stay current during a job.
- Results, progress and errors come back to the main thread as queued Qt signals; success, failure
  and cancelled callbacks always run on the main thread, and only while the op's parent widget is
  alive. Signals that cross threads carry only str and float (the result or exception is stored
  on the op before its signal is sent): PySide6 corrupts reference counts when a queued ``object``
  argument is released on the other thread.
- :class:`~appliance.project.JobControl` is bridged to signals: ``progress`` -> ``progressed(done,
  total, message, eta_seconds)`` (throttled to about 20 a second), ``on_phase``/``on_subphase`` ->
  ``phase_changed(label)``. :meth:`StageOp.cancel` only sets the control's cancel event (thread-safe);
  the stage raises :class:`~appliance.project.Cancelled` at its next check and the op ends in the
  state ``"cancelled"``, which is not a failure.
- Errors become :class:`OpError`: a readable message (a ProjectError's own message and its
  ``next_step``; for anything else a sentence naming the kind of error), never a traceback and never
  document text; the details go to the log file (:mod:`appliance.gui.log`).

Use::

    StageOp(page, lambda project, control: run_import(project, options, control=control)) \\
        .with_progress(page.tr("Importing")).success(page.show_report).failure(page.show_error) \\
        .run_in_background()

``fn`` takes ``(project, control)``, or only ``(control)`` for work that needs no open project (opening
one). ``QueryOp(page, lambda reader: reader.info()).success(page.show_counts).run_in_background()``.
"""
from __future__ import annotations

import inspect
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from appliance.gui import log
from appliance.gui.i18n import core_text
from appliance.project import (
    Cancelled,
    JobControl,
    NotAProject,
    PassphraseRequired,
    Project,
    ProjectError,
    ProjectInUse,
    ProjectTooNew,
    WrongPassphrase,
)
from appliance.project.encryption import remember_passphrase

#: at most one progress signal per this many seconds (a stage may report thousands a second)
PROGRESS_INTERVAL = 0.05

#: an error's next_step code -> the wizard page that does it
NEXT_STEP_PAGES = {"init": "project", "import": "import", "pseudonymize": "pseudonymize", "translate": "translate",
                   "questions": "questions", "train": "train", "evaluate": "evaluate", "compare": "evaluate",
                   "index": "index", "resume": None, "force": None, "add-model": None,
                   "confirm": None, "passphrase": None}


def next_step_text(code: str | None) -> str | None:
    """A next_step code as a sentence saying what to do first."""
    texts = {
        "init": QCoreApplication.translate("Operations", "Create or open a project on the Project page."),
        "import": QCoreApplication.translate("Operations", "Import documents on the Import page first."),
        "pseudonymize": QCoreApplication.translate("Operations", "Pseudonymize the documents on the Pseudonymize page first."),
        "translate": QCoreApplication.translate("Operations", "Translate the documents on the Translate page first."),
        "questions": QCoreApplication.translate("Operations", "Generate questions on the Questions page first."),
        "train": QCoreApplication.translate("Operations", "Train a model on the Train page first."),
        "evaluate": QCoreApplication.translate("Operations", "Evaluate the models on the Evaluate page first."),
        "compare": QCoreApplication.translate("Operations", "Compare the models on the Evaluate page first."),
        "index": QCoreApplication.translate("Operations", "Build the search index on the Index page first."),
        "add-model": QCoreApplication.translate("Operations", "Add the missing model to the model store first."),
        "resume": QCoreApplication.translate("Operations", "Resume the job to continue where it stopped."),
        "force": QCoreApplication.translate("Operations", "Run it again and choose to force it (this is recorded in the audit log)."),
        "confirm": QCoreApplication.translate("Operations", "Run it again and confirm it (the model card states it)."),
        "passphrase": QCoreApplication.translate("Operations", "Open it again and enter the project's passphrase."),
    }
    return texts.get(code) if code else None


@dataclass
class OpError:
    """A failure as the user sees it."""

    #: one or two sentences; never a traceback, never document text
    message: str
    #: what to do first (a ProjectError's next_step code), or None
    next_step: str | None = None
    #: "in-use", "too-new", "not-a-project", "passphrase" (encrypted: none or a wrong one), "no-project",
    #: "project" (other ProjectError) or "unexpected"
    kind: str = "project"
    #: where the details are, for an unexpected error
    log_file: Path | None = None

    @property
    def next_step_text(self) -> str | None:
        return next_step_text(self.next_step)

    @property
    def page(self) -> str | None:
        """The wizard page that does the next step, if any."""
        return NEXT_STEP_PAGES.get(self.next_step) if self.next_step else None

    def full_text(self) -> str:
        return " ".join(t for t in (self.message, self.next_step_text) if t)


class NoProject(ProjectError):
    """A stage op was started while no project is open."""

    def __init__(self):
        super().__init__("no project is open", next_step="init")


def describe_error(exc: BaseException, label: str = "") -> OpError:
    """An exception as an :class:`OpError`; an unexpected one is logged with its details."""
    name = getattr(exc, "gui_path", None)
    name = Path(name).name if name else ""
    if isinstance(exc, NoProject):
        return OpError(QCoreApplication.translate("Operations", "No project is open. Create or open one on the Project page."), "init", "no-project")
    if isinstance(exc, ProjectInUse):
        text = (QCoreApplication.translate("Operations", "The project “%1” is in use by another appliance window or command. Close it there and try "
                    "again; reading it still works meanwhile.").replace("%1", name) if name else
                QCoreApplication.translate("Operations", "The project is in use by another appliance window or command. Close it there and try again."))
        return OpError(text, None, "in-use")
    if isinstance(exc, PassphraseRequired):
        text = (QCoreApplication.translate("Operations", "“%1” is encrypted: its passphrase is needed to open it.").replace("%1", name)
                if name else core_text(exc))
        return OpError(text, "passphrase", "passphrase")
    if isinstance(exc, WrongPassphrase):
        text = (QCoreApplication.translate("Operations", "That passphrase does not open “%1”. Nothing was changed.").replace("%1", name)
                if name else core_text(exc))
        return OpError(text, "passphrase", "passphrase")
    if isinstance(exc, NotAProject):
        text = QCoreApplication.translate("Operations", "“%1” is not an appliance project file.").replace("%1", name) if name else core_text(exc)
        return OpError(text, None, "not-a-project")
    if isinstance(exc, ProjectTooNew):
        return OpError(core_text(exc), None, "too-new")
    if isinstance(exc, ProjectError):
        return OpError(core_text(exc), exc.next_step, "project")
    path = log.log_failure(label, exc)
    what = QCoreApplication.translate("Operations", "Something unexpected went wrong (%1).").replace("%1", type(exc).__name__)
    if label:
        what = QCoreApplication.translate("Operations", "Something unexpected went wrong in “%1” (%2).").replace("%1", label).replace("%2", type(exc).__name__)
    return OpError(what + " " + QCoreApplication.translate("Operations", "Work saved so far is kept. The details are in the log file (Help ▸ Open log folder)."),
                   None, "unexpected", path)


def _takes_project(fn: Callable) -> bool:
    """True for fn(project, control), False for fn(control)."""
    try:
        params = [p for p in inspect.signature(fn).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    except (TypeError, ValueError):
        return True
    return len(params) >= 2


def _find_host(obj: QObject | None) -> "ProjectHost | None":
    while obj is not None:
        host = getattr(obj, "project_host", None)
        if isinstance(host, ProjectHost):
            return host
        obj = obj.parent()
    return ProjectHost.instance()


def _alive(obj: QObject | None) -> bool:
    return obj is None or shiboken6.isValid(obj)


# ---------------------------------------------------------------------------- the host
class ProjectHost(QObject):
    """The writer and reader threads of one window, and the project they hold (see the module docstring)."""

    #: the open project's path, or None after closing
    project_changed = Signal(object)
    #: True while a StageOp is queued or running
    busy_changed = Signal(bool)
    #: a StageOp ended: its label and state ("done", "cancelled", "failed")
    job_finished = Signal(str, str)

    _instance: "ProjectHost | None" = None

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="appliance-project")
        self._reader_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="appliance-reader")
        self._project: Project | None = None  # writer thread only
        self._reader: Project | None = None  # reader thread only
        self._reader_path: Path | None = None  # reader thread only
        #: the open project's path (main thread)
        self.path: Path | None = None
        self.active: list[StageOp] = []  # queued or running (main thread)
        self._queries: set[QueryOp] = set()
        self._shut_down = False
        ProjectHost._instance = self

    @classmethod
    def instance(cls) -> "ProjectHost | None":
        """The most recently created host that is still running (the app's one)."""
        host = cls._instance
        return host if host is not None and shiboken6.isValid(host) and not host._shut_down else None

    @property
    def busy(self) -> bool:
        return bool(self.active)

    @property
    def current(self) -> "StageOp | None":
        """The op running now (or the next in the queue)."""
        return self.active[0] if self.active else None

    # ------------------------------------------------------------------ opening and closing
    def open_project(self, parent: QObject | None, path: str | Path, *, create: bool = False,
                     passphrase: str | None = None) -> "StageOp":
        """A StageOp (not started) that opens, or creates, ``path`` on the writer thread; its result is
        the project's info() dict. The project open before is closed once the new one is open.

        ``passphrase``: of an encrypted project, or (with ``create``) the one that encrypts the new file; it is
        kept in memory for this process, so that the reader thread can open the file too."""
        path = Path(path).expanduser().absolute()

        def open_it(control: JobControl) -> dict:
            if self._project is not None and self._project.path.resolve() == path.resolve() and not create:
                return self._project.info()
            try:
                project = (Project.create(path, passphrase=passphrase) if create else
                           Project.open(path, passphrase=passphrase))
            except ProjectError as e:
                e.gui_path = str(path)  # type: ignore[attr-defined]
                raise
            if project.passphrase is not None:
                remember_passphrase(path, project.passphrase)
            if create:
                project.audit("init", encrypted=project.encrypted)
            old, self._project = self._project, project
            if old is not None:
                old.close()
            return project.info()

        op = StageOp(parent, open_it, host=self)
        op.success_internal(lambda info: self._set_path(Path(info["path"]).absolute()))
        return op

    def protect_project(self, parent: QObject | None, new_passphrase: str) -> "StageOp":
        """A StageOp that encrypts the open project with ``new_passphrase`` (a plain one) or changes its
        passphrase (an encrypted one), then opens it again; its result is the project's info() dict."""
        from appliance.project.rekey import change_passphrase, encrypt_project

        def protect(control: JobControl) -> dict:
            if self._project is None:
                raise NoProject()
            path, old = self._project.path, self._project.passphrase
            self._reader_pool.submit(self._close_reader).result()  # it would keep reading the old file
            self._project.close()
            self._project = None
            try:
                if old is None:
                    encrypt_project(path, new_passphrase)
                else:
                    change_passphrase(path, old, new_passphrase)
            finally:  # done or not, the project is opened again (with the passphrase that opens it now)
                for phrase in (new_passphrase, old):
                    try:
                        self._project = Project.open(path, passphrase=phrase)
                        break
                    except (WrongPassphrase, PassphraseRequired):
                        continue
            if self._project is None:  # pragma: no cover - one of the two always opens it
                raise ProjectError("the project could not be opened again")
            remember_passphrase(path, new_passphrase)
            self._reader_pool.submit(self._close_reader).result()  # one opened meanwhile still reads the old file
            return self._project.info()

        return StageOp(parent, protect, host=self)

    def close_project(self, parent: QObject | None = None) -> "StageOp":
        def close_it(control: JobControl) -> None:
            if self._project is not None:
                self._project.close()
                self._project = None

        op = StageOp(parent, close_it, host=self)
        op.success_internal(lambda _: self._set_path(None))
        return op

    def _set_path(self, path: Path | None) -> None:
        if path != self.path:
            self.path = path
            self._reader_pool.submit(self._close_reader)
            self.project_changed.emit(path)

    def shutdown(self, timeout: float = 30.0) -> None:
        """Cancel what runs, close the project on its thread, and wait for both threads (main thread)."""
        if self._shut_down:
            return
        self._shut_down = True
        for op in list(self.active):
            op.cancel()

        def close_all() -> None:
            if self._project is not None:
                self._project.close()
                self._project = None

        try:
            self._writer.submit(close_all).result(timeout)
            self._reader_pool.submit(self._close_reader).result(timeout)
        finally:
            self._writer.shutdown(wait=True, cancel_futures=True)
            self._reader_pool.shutdown(wait=True, cancel_futures=True)
        self.path = None
        if ProjectHost._instance is self:
            ProjectHost._instance = None

    # ------------------------------------------------------------------ running ops
    def _submit(self, op: "StageOp") -> None:
        if self._shut_down:
            raise RuntimeError("the project host is shut down")
        self.active.append(op)
        if len(self.active) == 1:
            self.busy_changed.emit(True)
        self._writer.submit(self._execute, op)

    def _execute(self, op: "StageOp") -> None:
        """On the writer thread: run one op and report how it ended through a queued signal."""
        op._relay_started.emit()
        control = JobControl(progress=op._worker_progress, on_phase=op._worker_phase, on_subphase=op._worker_phase,
                             cancel_event=op._cancel_event)
        op._control = control
        try:
            control.check()
            if op._needs_project:
                if self._project is None:
                    raise NoProject()
                result = op._fn(self._project, control)
            else:
                result = op._fn(control)
        except Cancelled as e:
            op._finish_from_worker("cancelled", e)
        except BaseException as e:  # noqa: BLE001  (every failure becomes a message)
            op._finish_from_worker("failed", e)
        else:
            op._finish_from_worker("done", result)

    def _op_finished(self, op: "StageOp") -> None:
        if op in self.active:
            self.active.remove(op)
        self.job_finished.emit(op.label, op.state)
        if not self.active:
            self.busy_changed.emit(False)

    # ------------------------------------------------------------------ queries
    def _close_reader(self) -> None:
        if self._reader is not None:
            self._reader.close()
        self._reader, self._reader_path = None, None

    def _query(self, path: Path, op: "QueryOp") -> None:
        """On the reader thread: run one query on the read-only connection to ``path``."""
        try:
            if self._reader is None or self._reader_path != path:
                self._close_reader()
                self._reader = Project.open(path, readonly=True)
                self._reader_path = path
            result = op._fn(self._reader)
        except BaseException as e:  # noqa: BLE001
            self._close_reader()
            op._payload = e
            op._relay_finished.emit("failed")
        else:
            op._payload = result
            op._relay_finished.emit("done")


# ---------------------------------------------------------------------------- stage ops
class StageOp(QObject):
    """One stage function run on the writer thread, with progress, cancel and callbacks.

    States: "new", "queued", "running", then "done", "cancelled" or "failed". Callbacks run on the
    main thread: ``success(result)``, ``failure(OpError)``, ``cancelled(Cancelled)``; without a failure
    callback a message box shows the error."""

    started = Signal()
    #: done, total (0: unknown), message, seconds left (None: unknown); totals may exceed 32 bits
    progressed = Signal(object, object, str, object)
    phase_changed = Signal(str)
    #: the final state
    finished = Signal(str)

    # cross-thread signals: plain types only (see the module docstring)
    _relay_started = Signal()
    _relay_progress = Signal(float, float, str, float)
    _relay_phase = Signal(str)
    _relay_finished = Signal(str)

    def __init__(self, parent: QObject | None, fn: Callable[..., Any], *, host: ProjectHost | None = None):
        super().__init__(None)  # kept alive by the host until it ends, even if the parent goes first
        self._parent = parent
        self._fn = fn
        self._needs_project = _takes_project(fn)
        self.host = host or _find_host(parent)
        if self.host is None:
            raise RuntimeError("no ProjectHost: create the main window (or a ProjectHost) first")
        self.state = "new"
        self.label = ""
        self.result: Any = None
        self.error: OpError | None = None
        self.seconds = 0.0
        self._panel = None
        self._panel_given = False
        self._callbacks: dict[str, list[Callable]] = {"done": [], "failed": [], "cancelled": [], "internal": []}
        self._cancel_event = threading.Event()
        self._control: JobControl | None = None
        self._last_emit = 0.0
        self._t0 = 0.0
        self._payload: object = None  # set on the writer thread just before _relay_finished
        self._relay_started.connect(self._on_started)
        self._relay_progress.connect(self._on_progress)
        self._relay_phase.connect(self.phase_changed)
        self._relay_finished.connect(self._on_finished)

    # ------------------------------------------------------------------ building
    def with_progress(self, label: str | None = None, panel=None) -> "StageOp":
        """Show progress in ``panel`` (a :class:`~appliance.gui.widgets.ProgressPanel`), by default the
        one of the nearest parent that has ``progress_panel``; ``label`` is the first line it shows."""
        if label:
            self.label = label
        self._panel = panel
        self._panel_given = True
        return self

    def named(self, label: str) -> "StageOp":
        """A name for the log and the status bar, for a short job that shows no progress."""
        self.label = label
        return self

    def success(self, callback: Callable[[Any], None]) -> "StageOp":
        self._callbacks["done"].append(callback)
        return self

    def failure(self, callback: Callable[[OpError], None]) -> "StageOp":
        self._callbacks["failed"].append(callback)
        return self

    def cancelled(self, callback: Callable[[Cancelled], None]) -> "StageOp":
        self._callbacks["cancelled"].append(callback)
        return self

    def success_internal(self, callback: Callable[[Any], None]) -> "StageOp":
        """A success callback that runs before the others and whatever happened to the parent."""
        self._callbacks["internal"].append(callback)
        return self

    def run_in_background(self) -> "StageOp":
        if self.state != "new":
            raise RuntimeError("a StageOp runs once")
        self.state = "queued"
        if self._panel_given:
            panel = self._panel
            if panel is None:
                obj = self._parent
                while obj is not None and panel is None:
                    panel = getattr(obj, "progress_panel", None)
                    obj = obj.parent()
            if panel is not None:
                panel.attach(self)
        self.host._submit(self)
        return self

    # ------------------------------------------------------------------ control
    def cancel(self) -> None:
        """Ask the job to stop at its next check (any thread); queued ops end without running."""
        self._cancel_event.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel_event.is_set()

    @property
    def finished_state(self) -> bool:
        return self.state in ("done", "cancelled", "failed")

    # ------------------------------------------------------------------ worker side (writer thread)
    def _worker_progress(self, done: int, total: int, message: str) -> None:
        now = time.monotonic()
        if now - self._last_emit < PROGRESS_INTERVAL and not (total and done >= total) and done != 0:
            return
        self._last_emit = now
        eta = self._control.eta_seconds(done, total) if self._control is not None else None
        self._relay_progress.emit(float(done), float(total or 0), message or "", -1.0 if eta is None else float(eta))

    def _finish_from_worker(self, state: str, payload: object) -> None:
        self._payload = payload
        self._relay_finished.emit(state)

    def _worker_phase(self, label: str) -> None:
        self._last_emit = 0.0
        self._relay_phase.emit(label)

    # ------------------------------------------------------------------ main thread
    @Slot()
    def _on_started(self) -> None:
        self.state = "running"
        self._t0 = time.monotonic()
        log.info("job %r started", self.label or getattr(self._fn, "__name__", "job"))
        self.started.emit()

    @Slot(float, float, str, float)
    def _on_progress(self, done: float, total: float, message: str, eta: float) -> None:
        self.progressed.emit(int(done), int(total), message, None if eta < 0 else eta)

    @Slot(str)
    def _on_finished(self, state: str) -> None:
        payload, self._payload = self._payload, None
        self.state = state
        self.seconds = round(time.monotonic() - self._t0, 2) if self._t0 else 0.0
        callbacks: list[Callable] = []
        arg: object = payload
        if state == "done":
            self.result = payload
            for cb in self._callbacks["internal"]:
                cb(payload)
            callbacks = self._callbacks["done"]
        elif state == "cancelled":
            callbacks = self._callbacks["cancelled"]
        else:
            self.error = describe_error(payload, self.label)  # type: ignore[arg-type]
            arg = self.error
            callbacks = self._callbacks["failed"]
            if not callbacks:
                callbacks = [self._show_error_box]
        log.info("job %r ended: %s after %.1f s", self.label or getattr(self._fn, "__name__", "job"), state, self.seconds)
        self.finished.emit(state)
        self.host._op_finished(self)
        if _alive(self._parent):
            for cb in callbacks:
                cb(arg)
        self._fn = None  # drop references to the project and the stage's objects
        self.deleteLater()

    def _show_error_box(self, error: OpError) -> None:
        parent = self._parent.window() if isinstance(self._parent, QWidget) else None
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Operations", "The step could not finish"), error.full_text(),
                          QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal for the event loop: jobs keep reporting


# ---------------------------------------------------------------------------- queries
class QueryOp(QObject):
    """A read-only query, ``fn(reader)``, on the reader thread; ``success(result)`` on the main thread.

    Fails with a "no project" OpError when no project is open; failures are logged and, without a
    failure callback, ignored (an overview that could not refresh is not worth a dialog)."""

    _relay_finished = Signal(str)  # the payload travels in self._payload (see the module docstring)

    def __init__(self, parent: QObject | None, fn: Callable[[Project], Any], *, host: ProjectHost | None = None):
        super().__init__(None)
        self._parent = parent
        self._fn = fn
        self.host = host or _find_host(parent)
        if self.host is None:
            raise RuntimeError("no ProjectHost: create the main window (or a ProjectHost) first")
        self.state = "new"
        self.result: Any = None
        self.error: OpError | None = None
        self._on_success: list[Callable] = []
        self._on_failure: list[Callable] = []
        self._payload: object = None
        self._relay_finished.connect(self._on_finished)

    def success(self, callback: Callable[[Any], None]) -> "QueryOp":
        self._on_success.append(callback)
        return self

    def failure(self, callback: Callable[[OpError], None]) -> "QueryOp":
        self._on_failure.append(callback)
        return self

    def run_in_background(self) -> "QueryOp":
        self.state = "running"
        self.host._queries.add(self)
        path = self.host.path
        if path is None or self.host._shut_down:
            self._payload = NoProject()
            QTimer.singleShot(0, lambda: self._on_finished("failed"))
        else:
            self.host._reader_pool.submit(self.host._query, path, self)
        return self

    @Slot(str)
    def _on_finished(self, state: str) -> None:
        if self.state != "running":
            return
        payload, self._payload = self._payload, None
        self.state = state
        self.host._queries.discard(self)
        if state == "done":
            self.result = payload
            callbacks, arg = self._on_success, payload
        else:
            self.error = describe_error(payload, "query")  # type: ignore[arg-type]
            callbacks, arg = self._on_failure, self.error
        if _alive(self._parent):
            for cb in callbacks:
                cb(arg)
        self._fn = None
        self.deleteLater()
