"""Widgets every page embeds: the progress panel, the status area and the message banner."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

#: QProgressBar counts in 32-bit ints: larger totals (bytes) are shown in steps of a thousandth
_BAR_STEPS = 1000
_BAR_LIMIT = 1_000_000


def format_eta(seconds: float | None) -> str:
    """Seconds left as words ("about 3 min left"); "" while unknown."""
    if seconds is None or seconds < 0:
        return ""
    if seconds < 60:
        return QCoreApplication.translate("ProgressPanel", "less than a minute left")
    minutes = int(round(seconds / 60))
    if minutes < 60:
        return QCoreApplication.translate("ProgressPanel", "about %1 min left").replace("%1", str(minutes))
    return QCoreApplication.translate("ProgressPanel", "about %1 h %2 min left").replace("%1", str(minutes // 60)).replace("%2", str(minutes % 60))


#: phase labels of the stages (core English) that the catalogue translates, context "StagePhases"
KNOWN_PHASES = (
    QT_TRANSLATE_NOOP("StagePhases", "Looking for files"),
    QT_TRANSLATE_NOOP("StagePhases", "Importing"),
    # training, evaluation and the index (pipeline/train.py, evaluate.py, index.py)
    QT_TRANSLATE_NOOP("StagePhases", "Loading the base model"),
    QT_TRANSLATE_NOOP("StagePhases", "Mining hard negatives"),
    QT_TRANSLATE_NOOP("StagePhases", "Measuring the time of a training step"),
    QT_TRANSLATE_NOOP("StagePhases", "Scoring the base model on held-out questions"),
    QT_TRANSLATE_NOOP("StagePhases", "Training"),
    QT_TRANSLATE_NOOP("StagePhases", "Saving the tuned model"),
    QT_TRANSLATE_NOOP("StagePhases", "Scoring the tuned model on held-out questions"),
    QT_TRANSLATE_NOOP("StagePhases", "Loading the embedding model"),
    QT_TRANSLATE_NOOP("StagePhases", "Embedding sections"),
    QT_TRANSLATE_NOOP("StagePhases", "Embedding queries"),
    QT_TRANSLATE_NOOP("StagePhases", "Ranking queries"),
    QT_TRANSLATE_NOOP("StagePhases", "Full-text index"),
    # pseudonymization, translation and questions (pipeline/pseudonymize.py, translate.py, questions/stage.py)
    QT_TRANSLATE_NOOP("StagePhases", "Loading the PHI model"),
    QT_TRANSLATE_NOOP("StagePhases", "Pseudonymizing"),
    QT_TRANSLATE_NOOP("StagePhases", "Loading the translation model"),
    QT_TRANSLATE_NOOP("StagePhases", "Translating"),
    QT_TRANSLATE_NOOP("StagePhases", "Loading the question model"),
    QT_TRANSLATE_NOOP("StagePhases", "Generating questions"),
)


def phase_text(label: str) -> str:
    """A phase label of a stage (core English) in the UI language where the catalogue knows it."""
    return QCoreApplication.translate("StagePhases", label)


class ProgressPanel(QWidget):
    """A progress bar, what is happening now, the time left, and a Cancel button, bound to one StageOp.

    Hidden until a job is attached; after the job it keeps one line saying how it ended."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._op = None
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.bar = QProgressBar(self)
        self.bar.setTextVisible(True)
        self.eta = QLabel(self)
        self.eta.setMinimumWidth(160)
        self.cancel_button = QPushButton(self.tr("&Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Stop the job; what it has saved so far is kept."))
        self.cancel_button.clicked.connect(self.cancel)
        if parent is not None:  # Escape on the page cancels its job, like the button
            self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), parent, self.cancel,
                                    context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.eta)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(row)
        self.setVisible(False)

    @property
    def op(self):
        return self._op

    def attach(self, op) -> None:
        """Show ``op``'s progress from now on."""
        self._op = op
        self.label.setText(op.label or self.tr("Waiting for the running job to finish..."))
        self.bar.setRange(0, 0)
        self.bar.setVisible(True)
        self.eta.setText("")
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(True)
        self.setVisible(True)
        op.started.connect(self._on_started)
        op.progressed.connect(self._on_progress)
        op.phase_changed.connect(self._on_phase)
        op.finished.connect(self._on_finished)

    @Slot()
    def cancel(self) -> None:
        if self._op is not None and not self._op.finished_state:
            self._op.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Stopping at the next safe point..."))

    @Slot()
    def _on_started(self) -> None:
        self.label.setText(self._op.label if self._op is not None and self._op.label else self.tr("Working..."))

    @Slot(str)
    def _on_phase(self, label: str) -> None:
        if self._op is not None and self._op.cancel_requested:
            return
        self.label.setText(phase_text(label))
        self.bar.setRange(0, 0)
        self.eta.setText("")

    @Slot(object, object, str, object)
    def _on_progress(self, done, total, message: str, eta) -> None:
        if not total or total <= 0:
            self.bar.setRange(0, 0)
        elif total > _BAR_LIMIT:
            self.bar.setRange(0, _BAR_STEPS)
            self.bar.setValue(min(_BAR_STEPS, int(done * _BAR_STEPS / total)))
        else:
            self.bar.setRange(0, int(total))
            self.bar.setValue(min(int(total), int(done)))
        self.eta.setText(format_eta(eta))
        if message:
            self.bar.setFormat(f"%p%  ({message})")
        else:
            self.bar.setFormat("%p%")

    @Slot(str)
    def _on_finished(self, state: str) -> None:
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)
        self.eta.setText("")
        if state == "done":
            self.label.setText(self.tr("Finished."))
        elif state == "cancelled":
            self.label.setText(self.tr("Cancelled. What the job saved so far is kept; run it again to continue."))
        else:
            self.label.setText(self.tr("The job stopped with an error (see the message above)."))


class StatusArea(QFrame):
    """What is done, and what comes next, in two plain sentences."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("statusArea")
        self.done_label = QLabel(self)
        self.next_label = QLabel(self)
        for w in (self.done_label, self.next_label):
            w.setWordWrap(True)
            w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.done_label)
        layout.addWidget(self.next_label)

    def set_status(self, done: str, next_: str) -> None:
        self.done_label.setText(self.tr("<b>Done:</b> %1").replace("%1", _escape(done)))
        self.next_label.setText(self.tr("<b>Next:</b> %1").replace("%1", _escape(next_)))

    def done_text(self) -> str:
        return self.done_label.text()

    def next_text(self) -> str:
        return self.next_label.text()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MessageBanner(QFrame):
    """A message for the page (an error, or what a job did), with a button for the next step."""

    #: the page key the action button leads to
    navigate = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.kind = ""
        self._page: str | None = None
        self.text_label = QLabel(self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action_button = QPushButton(self)
        self.action_button.clicked.connect(self._go)
        self.close_button = QPushButton(self.tr("&Dismiss"), self)
        self.close_button.clicked.connect(self.clear)
        row = QHBoxLayout(self)
        row.addWidget(self.text_label, 1)
        row.addWidget(self.action_button)
        row.addWidget(self.close_button)
        self.setVisible(False)

    def show_message(self, text: str, kind: str = "info", page: str | None = None, action: str | None = None) -> None:
        self.kind = kind
        self.text_label.setText(text)
        colors = {"error": "#fde8e8", "warning": "#fff4dc", "info": "#e8f1fd", "success": "#e6f6ea"}
        self.setStyleSheet(f"#messageBanner {{ background: {colors.get(kind, colors['info'])}; }}")
        self._page = page
        self.action_button.setVisible(bool(page))
        if page:
            self.action_button.setText(action or self.tr("Ope&n it"))
        self.setVisible(True)

    def show_error(self, error) -> None:
        """An :class:`~appliance.gui.operations.OpError`, with a button to the page of its next step."""
        self.show_message(error.full_text(), "error", error.page, self.tr("Ope&n that step"))

    def text(self) -> str:
        return self.text_label.text()

    @Slot()
    def clear(self) -> None:
        self.kind = ""
        self.text_label.setText("")
        self.setVisible(False)

    @Slot()
    def _go(self) -> None:
        if self._page:
            self.navigate.emit(self._page)
