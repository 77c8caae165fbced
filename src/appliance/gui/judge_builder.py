"""The judged-query builder: a clinician types a question, the appliance pools candidate reports from
keyword search and the base and tuned models (mixed, the source hidden, so no ranker is favoured), and
the clinician marks each one relevant, partly relevant or not. The sets it builds are what Evaluate
measures the models on: a hospital's own judged questions, the only honest test of its tuned model.

All work is the core's (:mod:`appliance.pipeline.judged_sets`): pooling and judging run on the writer
(StageOp), reading on the reader (QueryOp)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.operations import OpError, ProjectHost, QueryOp, StageOp
from appliance.gui.viewer import DocumentViewer
from appliance.gui.widgets import MessageBanner, ProgressPanel

#: grade -> mark shown beside a judged candidate
MARKS = {None: "·", 0: "✗", 1: "½", 2: "✓"}


def show_judge_builder(owner) -> "JudgeBuilder":
    """The builder of ``owner`` (a window with a ``project_host``): made once, then shown and raised."""
    builder = getattr(owner, "judge_builder", None)
    if builder is None:
        builder = owner.judge_builder = JudgeBuilder(owner.project_host)
    builder.show()
    builder.raise_()
    builder.refresh()
    return builder


class JudgeBuilder(QMainWindow):
    """Build and judge the project's judged sets (opened from the search window or the wizard)."""

    def __init__(self, host: ProjectHost, parent: QWidget | None = None):
        super().__init__(parent)
        self.project_host = host
        self.sets: list = []
        self.queries: list = []
        self.candidates: list = []
        #: the query whose candidates are listed
        self.candidates_query: int | None = None
        self.query_id: int | None = None
        self.query_text = ""
        #: the models pooling loaded, kept for the next question (used on the writer thread only)
        self._models: dict = {}
        self._build_ui()
        host.project_changed.connect(lambda _path: self.refresh())
        self.resize(1200, 780)
        self.refresh()

    # ------------------------------------------------------------------ building
    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Judged questions"))
        central = QWidget(self)
        column = QVBoxLayout(central)
        intro = QLabel(self.tr(
            "Write the questions your department really asks, and mark for each suggested report whether it answers "
            "the question. The reports come from three searches mixed together, and the list does not say which "
            "one found a report, so that no model is favoured. Evaluate then measures the base and the tuned model "
            "on your judgments."), central)
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.banner = MessageBanner(central)
        column.addWidget(self.banner)

        top = QHBoxLayout()
        set_label = QLabel(self.tr("Judged &set:"), central)
        self.set_combo = QComboBox(central)
        self.set_combo.setObjectName("judgedSet")
        self.set_combo.setMinimumWidth(220)
        set_label.setBuddy(self.set_combo)
        self.set_combo.currentIndexChanged.connect(self._set_changed)
        self.new_set_button = QPushButton(self.tr("&New set..."), central)
        self.new_set_button.clicked.connect(self.new_set_dialog)
        self.import_button = QPushButton(self.tr("&Import..."), central)
        self.import_button.setToolTip(self.tr("Read a judged set in BEIR layout (queries.jsonl and qrels/test.tsv)"))
        self.import_button.clicked.connect(self.import_dialog)
        self.export_button = QPushButton(self.tr("E&xport..."), central)
        self.export_button.setToolTip(self.tr("Write this set in BEIR layout, for appliance evaluate or other tools"))
        self.export_button.clicked.connect(self.export_dialog)
        self.progress_label = QLabel(central)
        self.progress_label.setObjectName("judgedProgress")
        for w in (set_label, self.set_combo, self.new_set_button, self.import_button, self.export_button):
            top.addWidget(w)
        top.addWidget(self.progress_label, 1)
        column.addLayout(top)

        ask = QHBoxLayout()
        question_label = QLabel(self.tr("&Question:"), central)
        self.question_edit = QLineEdit(central)
        self.question_edit.setObjectName("judgedQuestion")
        self.question_edit.setPlaceholderText(self.tr("e.g. Which patients had a laparoscopic cholecystectomy?"))
        question_label.setBuddy(self.question_edit)
        self.question_edit.returnPressed.connect(self.add_question)
        self.add_button = QPushButton(self.tr("&Find reports to judge"), central)
        self.add_button.clicked.connect(self.add_question)
        ask.addWidget(question_label)
        ask.addWidget(self.question_edit, 1)
        ask.addWidget(self.add_button)
        column.addLayout(ask)
        self.progress_panel = ProgressPanel(central)
        column.addWidget(self.progress_panel)

        self.query_list = QListWidget(central)
        self.query_list.setObjectName("judgedQueries")
        self.query_list.setAccessibleName(self.tr("Questions of the set"))
        self.query_list.currentItemChanged.connect(self._query_selected)
        self.candidate_list = QListWidget(central)
        self.candidate_list.setObjectName("judgedCandidates")
        self.candidate_list.setAccessibleName(self.tr("Reports to judge"))
        self.candidate_list.currentItemChanged.connect(self._candidate_selected)
        self.viewer = DocumentViewer(central)
        grades = QHBoxLayout()
        self.grade_buttons = {}
        for grade, text, key in ((2, self.tr("&Relevant"), "Ctrl+1"), (1, self.tr("P&artly relevant"), "Ctrl+2"),
                                 (0, self.tr("N&ot relevant"), "Ctrl+3")):
            button = QPushButton(text, central)
            button.setToolTip(self.tr("Shortcut: %1").replace("%1", key))
            button.setShortcut(QKeySequence(key))
            button.clicked.connect(lambda _=False, g=grade: self.judge_current(g))
            self.grade_buttons[grade] = button
            grades.addWidget(button)
        grades.addStretch(1)
        queries_box = QGroupBox(self.tr("Questions"), central)
        QVBoxLayout(queries_box).addWidget(self.query_list)
        candidates_box = QGroupBox(self.tr("Reports to judge"), central)
        QVBoxLayout(candidates_box).addWidget(self.candidate_list)
        right = QWidget(central)
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addLayout(grades)
        right_column.addWidget(self.viewer, 1)
        split = QSplitter(Qt.Orientation.Horizontal, central)
        for w in (queries_box, candidates_box, right):
            split.addWidget(w)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setStretchFactor(2, 4)
        split.setSizes([230, 230, 740])
        split.setChildrenCollapsible(False)
        column.addWidget(split, 1)
        self.setCentralWidget(central)
        order = [self.set_combo, self.new_set_button, self.import_button, self.export_button, self.question_edit,
                 self.add_button, self.query_list, self.candidate_list, *self.grade_buttons.values()]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._update_buttons()

    # ------------------------------------------------------------------ reading
    def set_name(self) -> str | None:
        return self.set_combo.currentData()

    def refresh(self) -> None:
        """Read the sets and the current set's questions again."""
        if self.project_host.path is None:
            return
        from appliance.pipeline.judged_sets import list_sets, queries_of

        wanted = self.set_name()

        def read(reader):
            sets = list_sets(reader)
            name = wanted if any(s.name == wanted for s in sets) else (sets[0].name if sets else None)
            return sets, name, (queries_of(reader, name) if name else [])

        QueryOp(self, read, host=self.project_host).success(self._show_sets).failure(
            self.banner.show_error).run_in_background()

    def _show_sets(self, payload) -> None:
        self.sets, name, self.queries = payload
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for s in self.sets:
            self.set_combo.addItem(s.name, s.name)
        if name is not None:
            self.set_combo.setCurrentIndex(self.set_combo.findData(name))
        self.set_combo.blockSignals(False)
        self._show_queries()

    def _set_changed(self) -> None:
        self.query_id = None
        self.refresh()

    def _show_queries(self) -> None:
        keep = self.query_id
        self.query_list.blockSignals(True)
        self.query_list.clear()
        for q in self.queries:
            item = QListWidgetItem(self.tr("%1 (%2 of %3 judged)").replace("%1", q.text).replace("%2", str(q.judged))
                                   .replace("%3", str(q.candidates)), self.query_list)
            item.setData(Qt.ItemDataRole.UserRole, q.id)
            if q.id == keep:
                self.query_list.setCurrentItem(item)
        self.query_list.blockSignals(False)
        info = next((s for s in self.sets if s.name == self.set_name()), None)
        if info is None:
            self.progress_label.setText(self.tr("No judged set yet: make one with New set, or just ask a question."))
        else:
            self.progress_label.setText(
                self.tr("%1 of %2 questions fully judged; %3 judgments, %4 of them relevant.")
                .replace("%1", str(info.judged_queries)).replace("%2", str(info.queries))
                .replace("%3", str(info.judgments)).replace("%4", str(info.relevant)))
        if keep is not None:
            self._load_candidates(keep)
        self._update_buttons()

    def _query_selected(self, item: QListWidgetItem | None, _old=None) -> None:
        if item is None:
            return
        self.query_id = item.data(Qt.ItemDataRole.UserRole)
        self._load_candidates(self.query_id)

    def _load_candidates(self, query_id: int, select_next: bool = False) -> None:
        from appliance.pipeline.judged_sets import candidates

        def show(rows) -> None:
            if query_id != self.query_id:
                return  # another question was chosen meanwhile
            self.candidates, self.candidates_query = rows, query_id
            q = next((q for q in self.queries if q.id == query_id), None)
            self.query_text = q.text if q else ""
            current = self.candidate_list.currentRow()
            self.candidate_list.blockSignals(True)
            self.candidate_list.clear()
            for n, c in enumerate(rows, start=1):
                item = QListWidgetItem(f"{MARKS.get(c.grade, '·')}  " + self.tr("Report %1").replace("%1", str(n))
                                       + (f" · {c.doc_type}" if c.doc_type else ""), self.candidate_list)
                item.setData(Qt.ItemDataRole.UserRole, c.document_id)
            self.candidate_list.blockSignals(False)
            target = current
            if select_next or target < 0:
                target = next((i for i, c in enumerate(rows) if c.grade is None), max(current, 0))
            if rows:
                self.candidate_list.setCurrentRow(min(target, len(rows) - 1))
            self._update_buttons()

        QueryOp(self, lambda reader: candidates(reader, query_id), host=self.project_host).success(show).failure(
            self.banner.show_error).run_in_background()

    def _candidate_selected(self, item: QListWidgetItem | None, _old=None) -> None:
        self._update_buttons()
        if item is None:
            self.viewer.show_view(None)
            return
        from appliance.pipeline.search import document_view

        doc, query = item.data(Qt.ItemDataRole.UserRole), self.query_text
        QueryOp(self, lambda reader: document_view(reader, doc, query), host=self.project_host).success(
            lambda view: self.viewer.show_view(view, query)).failure(self.banner.show_error).run_in_background()

    def _update_buttons(self) -> None:
        has_project = self.project_host.path is not None
        busy = self.progress_panel.op is not None and self.progress_panel.op.state in ("queued", "running")
        for w in (self.new_set_button, self.import_button, self.question_edit, self.add_button):
            w.setEnabled(has_project and not busy)
        self.export_button.setEnabled(has_project and self.set_name() is not None)
        candidate = self.candidate_list.currentItem() is not None
        for b in self.grade_buttons.values():
            b.setEnabled(candidate)

    # ------------------------------------------------------------------ writing
    @Slot()
    def new_set_dialog(self) -> StageOp | None:
        name, ok = QInputDialog.getText(self, self.tr("New judged set"), self.tr("&Name of the set:"),
                                        QLineEdit.EchoMode.Normal, self.tr("Our questions"))
        return self.new_set(name.strip()) if ok and name.strip() else None

    def new_set(self, name: str) -> StageOp:
        from appliance.pipeline.judged_sets import create_set

        def made(_id) -> None:
            self.set_combo.addItem(name, name)
            self.set_combo.setCurrentIndex(self.set_combo.findData(name))

        return (StageOp(self, lambda project, control: create_set(project, name), host=self.project_host)
                .named(self.tr("Making a judged set")).success(made).failure(self.banner.show_error)
                .run_in_background())

    @Slot()
    def add_question(self) -> StageOp | None:
        """Pool candidates for the typed question into the current set (a new set "Our questions" if none)."""
        from appliance.pipeline.judged_sets import add_query

        text = self.question_edit.text().strip()
        if not text:
            self.banner.show_message(self.tr("Type a question first."), "info")
            return None
        name = self.set_name() or self.tr("Our questions")
        self.banner.clear()

        def added(query_id) -> None:
            self.question_edit.clear()
            self.query_id = query_id
            if self.set_combo.findData(name) < 0:
                self.set_combo.blockSignals(True)
                self.set_combo.addItem(name, name)
                self.set_combo.setCurrentIndex(self.set_combo.findData(name))
                self.set_combo.blockSignals(False)
            self.refresh()
            self.candidate_list.setFocus()

        op = (StageOp(self, lambda project, control: add_query(project, name, text, control=control,
                                                                  models=self._models),
                      host=self.project_host)
              .with_progress(self.tr("Finding reports to judge"), self.progress_panel)
              .success(added).failure(self._failed))
        op.finished.connect(lambda _state: self._update_buttons())
        op.run_in_background()
        self._update_buttons()
        return op

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)
        self._update_buttons()

    def judge_current(self, grade: int) -> StageOp | None:
        """Grade the report shown, then move on to the next one not judged yet."""
        from appliance.pipeline.judged_sets import judge

        item = self.candidate_list.currentItem()
        if item is None or self.query_id is None:
            return None
        query_id, doc = self.query_id, item.data(Qt.ItemDataRole.UserRole)

        def judged(_result) -> None:
            self._load_candidates(query_id, select_next=True)
            self.refresh()

        return (StageOp(self, lambda project, control: judge(project, query_id, doc, grade),
                        host=self.project_host)
                .named(self.tr("Saving the judgment"))
                .success(judged).failure(self.banner.show_error).run_in_background())

    @Slot()
    def export_dialog(self) -> StageOp | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export the judged set into a folder"))
        return self.export_to(folder) if folder else None

    def export_to(self, folder: str | Path) -> StageOp:
        from appliance.pipeline.judged_sets import export_beir

        name = self.set_name()

        def written(report) -> None:
            self.banner.show_message(self.tr("Wrote the set \u201c%1\u201d to %2.").replace("%1", name)
                                     .replace("%2", str(folder)), "success")

        return (StageOp(self, lambda project, control: export_beir(project, name, folder),
                        host=self.project_host)
                .named(self.tr("Exporting the judged set"))
                .success(written).failure(self.banner.show_error).run_in_background())

    @Slot()
    def import_dialog(self) -> StageOp | None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Import a judged set from a folder (BEIR layout)"))
        if not folder:
            return None
        name, ok = QInputDialog.getText(self, self.tr("Import a judged set"), self.tr("&Name of the set:"),
                                        QLineEdit.EchoMode.Normal, Path(folder).name)
        return self.import_from(folder, name.strip()) if ok and name.strip() else None

    def import_from(self, folder: str | Path, name: str) -> StageOp:
        from appliance.pipeline.judged_sets import import_beir

        def read(report) -> None:
            self.banner.show_message(self.tr("Imported the set \u201c%1\u201d.").replace("%1", name), "success")
            if self.set_combo.findData(name) < 0:
                self.set_combo.addItem(name, name)
            self.set_combo.setCurrentIndex(self.set_combo.findData(name))

        return (StageOp(self, lambda project, control: import_beir(project, folder, name),
                        host=self.project_host)
                .named(self.tr("Importing a judged set"))
                .success(read).failure(self.banner.show_error).run_in_background())
