"""The frame every wizard page shares: title, what the step does, status, messages, body, progress."""
from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from appliance.gui.operations import OpError, ProjectHost, QueryOp
from appliance.gui.widgets import MessageBanner, ProgressPanel, StatusArea


class Page(QWidget):
    """One step of the wizard. Subclasses set ``key`` and implement :meth:`title`, :meth:`intro`,
    :meth:`build` (the body) and :meth:`status_texts`; the window calls :meth:`update_status` with the
    project's ``info()`` (None when no project is open) whenever it changes."""

    #: the page's name in next-step links and settings ("import")
    key = ""
    #: the page asks the window to show another page (by key)
    navigate = Signal(str)

    def __init__(self, host: ProjectHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.project_host = host
        self.info: dict | None = None
        self._state_query: QueryOp | None = None
        self._state_again: tuple | None = None
        self.title_label = QLabel(self.title(), self)
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.intro_label = QLabel(self.intro(), self)
        self.intro_label.setWordWrap(True)
        self.status = StatusArea(self)
        self.banner = MessageBanner(self)
        self.banner.navigate.connect(self.navigate)
        self.body = QVBoxLayout()
        self.progress_panel = ProgressPanel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.status)
        layout.addWidget(self.banner)
        layout.addLayout(self.body, 1)
        layout.addWidget(self.progress_panel)
        self.build()
        host.busy_changed.connect(self.set_busy)
        self.update_status(None)

    # ------------------------------------------------------------------ for subclasses
    def title(self) -> str:
        raise NotImplementedError

    def intro(self) -> str:
        return ""

    def build(self) -> None:
        """Add the page's widgets to ``self.body``."""

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        """(what is done, what comes next) for the project's counts."""
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        return self.tr("The project holds %1 documents.").replace("%1", f"{info['documents']:,}"), ""

    # ------------------------------------------------------------------ used by the window
    def update_status(self, info: dict | None) -> None:
        self.info = info
        done, next_ = self.status_texts(info)
        self.status.set_status(done, next_)

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        """A job runs (or stopped): enable or disable what would start another."""

    def query_state(self, fn, on_ready) -> None:
        """Read the page's state with ``fn(project)`` on the reader thread and hand it to ``on_ready``;
        one query at a time, none without a project. Asked again while one runs (a job just changed the
        project), it reads once more when that one ends, so the page never keeps a state from before the
        change. A failed read leaves the page as it was."""
        if self.project_host.path is None:
            return
        if self._state_query is not None:
            self._state_again = (fn, on_ready)
            return
        self._state_again = None

        def ended() -> None:
            self._state_query = None
            again, self._state_again = self._state_again, None
            if again is not None:
                self.query_state(*again)

        def ready(state) -> None:
            self._state_query = None
            if self._state_again is None:
                on_ready(state)
            ended()

        def failed(_error: OpError) -> None:
            ended()

        self._state_query = QueryOp(self, fn).success(ready).failure(failed)
        self._state_query.run_in_background()


class PlaceholderPage(Page):
    """A step that is not built yet: says in plain words what it will do."""

    def build(self) -> None:
        note = QLabel(self.tr("This step is not built yet in this version of the appliance. "
                              "The steps before it work; this page will run it once it is built."), self)
        note.setWordWrap(True)
        note.setObjectName("notBuilt")
        self.not_built_label = note
        self.body.addWidget(note)
        self.body.addStretch(1)

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        return (self.tr("Nothing yet: this step is not built in this version."),
                self.tr("Nothing to do here for now."))
