"""The Questions step: the generator (installed LLM, doc2query, or the offline heuristic) with what each
means, the run (``run_questions``), counts per document type, and a sample of questions beside their
sections to read."""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.operations import OpError, QueryOp, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.questions import QuestionsOptions, QuestionsReport, run_questions

#: questions in the sample to read
SAMPLE_SIZE = 40
HEURISTIC, LLM, DOC2QUERY = "heuristic", "llm", "doc2query"


def generator_kind(path: Path) -> str:
    """"llm" for a generator model whose tokenizer has a chat template, else "doc2query" (the rule of
    ``appliance.pipeline.questions.load_generator`` for a bare name)."""
    config = path / "tokenizer_config.json"
    try:
        has_template = config.is_file() and "chat_template" in json.loads(config.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        has_template = False
    return LLM if has_template or (path / "chat_template.jinja").is_file() else DOC2QUERY


def questions_state(reader) -> dict:
    """On the reader: the installed generator models by kind, what text there is, and the questions so far."""
    from appliance.models import ModelStore

    models: dict[str, list[str]] = {LLM: [], DOC2QUERY: []}
    try:
        for m in ModelStore().list("generator"):
            models[generator_kind(Path(m.path))].append(m.name)
    except Exception:  # noqa: BLE001  (a damaged store: only the heuristic)
        pass
    q = lambda sql: reader.db.execute(sql).fetchone()[0]  # noqa: E731
    by_type = reader.db.execute(
        "SELECT coalesce(d.doc_type, 'unknown'), count(DISTINCT q.section_id), count(q.id) FROM questions q "
        "JOIN documents d ON d.id = q.document_id GROUP BY 1 ORDER BY 1").fetchall()
    return {
        "models": models,
        "pseudonymized": q("SELECT count(*) FROM section_texts WHERE stage = 'pseudonymized'"),
        "translated": q("SELECT count(*) FROM section_texts WHERE stage = 'translated'"),
        "questions": q("SELECT count(*) FROM questions"),
        "by_type": [{"doc_type": t, "sections": s, "questions": n} for t, s, n in by_type],
    }


def question_sample(reader, limit: int = SAMPLE_SIZE) -> list[dict]:
    """On the reader: the first question of up to ``limit`` sections, spread over the project, beside the
    (pseudonymized or translated) section text it was made from."""
    rows = reader.db.execute(
        "SELECT q.id, q.text, q.generator, q.kind, s.header, t.text, coalesce(d.doc_type, 'unknown') "
        "FROM questions q JOIN sections s ON s.id = q.section_id JOIN documents d ON d.id = q.document_id "
        "JOIN section_texts t ON t.section_id = q.section_id AND t.stage = coalesce(q.source_stage, 'pseudonymized') "
        "WHERE q.id IN (SELECT min(id) FROM questions GROUP BY section_id) ORDER BY q.section_id").fetchall()
    step = max(1, len(rows) // limit) if rows else 1
    return [{"id": i, "question": text, "generator": gen, "kind": kind, "header": header or "", "section": section,
             "doc_type": doc_type}
            for i, text, gen, kind, header, section, doc_type in rows[::step][:limit]]


class QuestionsPage(Page):
    key = "questions"

    def title(self) -> str:
        return self.tr("Questions")

    def intro(self) -> str:
        return self.tr("Writes questions that each section answers, with an installed language model, a doc2query model, or "
                       "an offline heuristic that needs no model. The questions and their sections are what the search model"
                       " is trained on.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None
        self._sample_query: QueryOp | None = None
        self.sample: list[dict] = []

        self.generator_group = QGroupBox(self.tr("Who writes the questions"), self)
        grid = QGridLayout(self.generator_group)
        self.radio_group = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        self.model_combos: dict[str, QComboBox] = {}
        self.notes: dict[str, QLabel] = {}
        for row, (kind, text, note) in enumerate((
            (LLM, self.tr("An installed &language model (LLM)"),
             self.tr("A local instruct model reads each section and writes the questions a doctor would ask of it: the "
                     "best teacher, and the slowest (a GPU helps a lot).")),
            (DOC2QUERY, self.tr("An installed &doc2query model"),
             self.tr("A small model trained to guess the searches that lead to a passage: fast, and a real teacher, "
                     "though its questions are shorter and plainer than an LLM's.")),
            (HEURISTIC, self.tr("The offline &heuristic (no model)"),
             self.tr("Key phrases, titles and abbreviations taken from the project's own sections. It always works "
                     "and is quick, but honestly: it does not make the search model better, because it teaches it only "
                     "what it can already see in the words. A real teacher (an LLM or doc2query model) does.")),
        )):
            radio = QRadioButton(text, self.generator_group)
            self.radio_group.addButton(radio)
            self.radios[kind] = radio
            label = QLabel(note, self.generator_group)
            label.setWordWrap(True)
            label.setContentsMargins(24, 0, 0, 6)
            self.notes[kind] = label
            grid.addWidget(radio, row * 2, 0)
            if kind != HEURISTIC:
                combo = QComboBox(self.generator_group)
                combo.setAccessibleName(text.replace("&", ""))
                self.model_combos[kind] = combo
                grid.addWidget(combo, row * 2, 1)
            grid.addWidget(label, row * 2 + 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.radios[HEURISTIC].setChecked(True)
        self.body.addWidget(self.generator_group)

        options = QHBoxLayout()
        self.per_section_spin = QSpinBox(self)
        self.per_section_spin.setRange(1, 10)
        self.per_section_spin.setValue(3)
        per_label = QLabel(self.tr("Questions &per section:"), self)
        per_label.setBuddy(self.per_section_spin)
        self.translated_check = QCheckBox(self.tr("Use the &English translations"), self)
        self.translated_check.setToolTip(self.tr("Read the translated sections instead of the pseudonymized text in "
                                                 "its own language."))
        self.run_button = QPushButton(self.tr("&Generate questions"), self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start_questions)
        options.addWidget(per_label)
        options.addWidget(self.per_section_spin)
        options.addSpacing(16)
        options.addWidget(self.translated_check)
        options.addStretch(1)
        options.addWidget(self.run_button)
        self.body.addLayout(options)

        self.counts_table = QTableWidget(0, 3, self)
        self.counts_table.setObjectName("questionCounts")
        self.counts_table.setHorizontalHeaderLabels([self.tr("Document type"), self.tr("Sections"), self.tr("Questions")])
        self.sample_table = QTableWidget(0, 2, self)
        self.sample_table.setObjectName("questionSample")
        self.sample_table.setHorizontalHeaderLabels([self.tr("Question"), self.tr("Section")])
        for table in (self.counts_table, self.sample_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):  # the counts are always readable in full
            self.counts_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.counts_table.setMinimumWidth(300)
        self.sample_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.sample_table.itemSelectionChanged.connect(self._sample_selected)
        self.section_view = QTextEdit(self)
        self.section_view.setReadOnly(True)
        self.section_view.setTabChangesFocus(True)
        self.section_view.setAccessibleName(self.tr("The section the question was made from"))
        counts_box = QGroupBox(self.tr("Questions per document type"), self)
        QVBoxLayout(counts_box).addWidget(self.counts_table)
        sample_box = QGroupBox(self.tr("A sample to read: each question beside the section it was made from"), self)
        sample_split = QSplitter(Qt.Orientation.Horizontal, sample_box)
        sample_split.addWidget(self.sample_table)
        sample_split.addWidget(self.section_view)
        sample_split.setChildrenCollapsible(False)
        QVBoxLayout(sample_box).addWidget(sample_split)
        self.results = QSplitter(Qt.Orientation.Horizontal, self)
        self.results.addWidget(counts_box)
        self.results.addWidget(sample_box)
        self.results.setStretchFactor(0, 1)
        self.results.setStretchFactor(1, 3)
        self.results.setChildrenCollapsible(False)
        self.body.addWidget(self.results, 1)
        order = [*self.radios.values(), *self.model_combos.values(), self.per_section_spin, self.translated_check,
                 self.run_button, self.counts_table, self.sample_table]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._apply_state(None)

    # ------------------------------------------------------------------ running
    def generator(self) -> str:
        for kind, radio in self.radios.items():
            if radio.isChecked() and kind != HEURISTIC:
                name = self.model_combos[kind].currentData()
                if name:
                    return f"{kind}:{name}"
        return HEURISTIC

    def options(self) -> QuestionsOptions:
        return QuestionsOptions(generator=self.generator(), per_section=self.per_section_spin.value(),
                                use_translation=self.translated_check.isEnabled() and self.translated_check.isChecked())

    @Slot()
    def start_questions(self) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Ope&n the Project page"))
            return None
        options = self.options()
        return (StageOp(self, lambda project, control: run_questions(project, options, control=control))
                .with_progress(self.tr("Generating questions")).success(self._done).failure(self._failed)
                .cancelled(self._cancelled).run_in_background())

    def _done(self, report: QuestionsReport) -> None:
        text = (self.tr("%1 questions for %2 sections in %3 s (%4 sections were done before by this generator).")
                .replace("%1", f"{report.questions:,}").replace("%2", f"{report.sections:,}")
                .replace("%3", f"{report.seconds:.1f}").replace("%4", f"{report.already_done:,}"))
        dropped = sum(report.dropped.values())
        if dropped:
            text += " " + self.tr("The filters dropped %1 candidates (copies of the text, possible names, too short).") \
                .replace("%1", f"{dropped:,}")
        if report.generator == HEURISTIC:
            text += " " + self.tr("These come from the offline heuristic: fine to try the steps, but a real teacher "
                                  "makes a better model.")
        self.banner.show_message(text, "success", "train", self.tr("&Next: Train"))
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)
        self.refresh_state()

    def _cancelled(self, _exc) -> None:
        self.banner.show_message(self.tr("Question generation was stopped. The questions written so far are kept; run "
                                         "it again to continue."), "warning")
        self.refresh_state()

    # ------------------------------------------------------------------ the sample
    def _sample_ready(self, sample: list[dict]) -> None:
        self._sample_query = None
        self.sample = sample
        self.sample_table.setRowCount(len(sample))
        for r, row in enumerate(sample):
            question = QTableWidgetItem(row["question"])
            question.setToolTip(self.tr("Made by: %1").replace("%1", row["generator"]))
            question.setData(Qt.ItemDataRole.UserRole, r)
            header = QTableWidgetItem(row["header"] or self.tr("(no heading)"))
            header.setToolTip(row["doc_type"])
            self.sample_table.setItem(r, 0, question)
            self.sample_table.setItem(r, 1, header)
        if sample:
            self.sample_table.selectRow(0)
        else:
            self.section_view.clear()

    @Slot()
    def _sample_selected(self) -> None:
        rows = {i.row() for i in self.sample_table.selectedItems()}
        if not rows or min(rows) >= len(self.sample):
            return
        row = self.sample[min(rows)]
        self.section_view.setPlainText(row["section"])

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is None:
            self._apply_state(None)
        elif not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(questions_state, self._state_ready)

    def _state_ready(self, state: dict) -> None:
        old = self._state
        self._apply_state(state)
        if state["questions"] and (old is None or old["questions"] != state["questions"] or not self.sample) \
                and self._sample_query is None:
            self._sample_query = QueryOp(self, question_sample).success(self._sample_ready) \
                .failure(self._sample_failed)
            self._sample_query.run_in_background()

    def _sample_failed(self, _error: OpError) -> None:
        self._sample_query = None

    def _apply_state(self, state: dict | None) -> None:
        first = self._state is None and state is not None
        self._state = state
        models = state["models"] if state else {LLM: [], DOC2QUERY: []}
        for kind, combo in self.model_combos.items():
            current = combo.currentData()
            combo.clear()
            for name in models[kind]:
                combo.addItem(name, name)
            if current in models[kind]:
                combo.setCurrentIndex(models[kind].index(current))
            has = bool(models[kind])
            self.radios[kind].setEnabled(has)
            combo.setEnabled(has)
            combo.setVisible(has)
            if not has and self.radios[kind].isChecked():
                self.radios[HEURISTIC].setChecked(True)
            self.notes[kind].setToolTip("" if has else self.tr("No such model is installed (Settings ▸ Models)."))
        if first:  # the best installed teacher by default
            for kind in (LLM, DOC2QUERY):
                if models[kind]:
                    self.radios[kind].setChecked(True)
                    break
        translated = bool(state and state["translated"])
        if translated != self.translated_check.isEnabled() or first:
            self.translated_check.setEnabled(translated)
            self.translated_check.setChecked(translated)
        by_type = state["by_type"] if state else []
        self.counts_table.setRowCount(len(by_type))
        for r, row in enumerate(by_type):
            for c, value in enumerate((row["doc_type"], f"{row['sections']:,}", f"{row['questions']:,}")):
                item = QTableWidgetItem(value)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.counts_table.setItem(r, c, item)
        if not state or not state["questions"]:
            self.sample = []
            self.sample_table.setRowCount(0)
            self.section_view.clear()
        self.status.set_status(*self.status_texts(self.info))

    def counts(self) -> dict[str, int]:
        """Document type -> questions, as the table shows them (tests)."""
        return {self.counts_table.item(r, 0).text(): int(self.counts_table.item(r, 2).text().replace(",", ""))
                for r in range(self.counts_table.rowCount())}

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state
        if state is None:
            return self.tr("Reading the project..."), ""
        if not state["pseudonymized"]:
            return self.tr("Nothing is pseudonymized yet."), self.tr("Questions are made only from pseudonymized text: "
                                                                     "pseudonymize the documents first.")
        if not state["questions"]:
            return self.tr("No questions yet."), self.tr("Choose who writes them and press Generate questions.")
        return (self.tr("%1 questions so far.").replace("%1", f"{state['questions']:,}"),
                self.tr("Read a few in the sample below, then go on to Train."))
