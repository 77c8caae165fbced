"""The Evaluate step: measure the base and the tuned model on a judged set (judged searches over the
project's own documents, e.g. the sample reports' set, or a BEIR folder), show them side by side (table
and bars), and the adoption guard: the tuned model can be adopted only when the core's guard allows it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.chart import BASE_COLOR, TUNED_COLOR, BarChart
from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.demo import DEMO_SET_NAME, evaluate_on_sections, judged_dir
from appliance.pipeline.evaluate import EvaluateOptions, run_evaluate
from appliance.pipeline.metrics import METRIC_KEYS
from appliance.pipeline.report import (
    GUARD_METRIC,
    LABELS,
    MIN_INTERVAL_QUERIES,
    NO_COMPARISON,
    NOT_SHOWN,
    TIE,
    TUNED_WORSE,
    adopt,
    compare_project,
)

PROJECT_SET, BEIR_SET, BUILT_SET = "project", "beir", "built"


def evaluate_state(reader) -> dict:
    """On the reader: the comparisons per judged set, the guard's finding, the model search uses."""
    from appliance.models.project_models import search_model_spec, tuned_model_path
    from appliance.pipeline.report import adoption_check, compare_runs

    try:
        tuned_model_path(reader)
        has_tuned = True
    except Exception:  # noqa: BLE001  (no tuned model, or its folder is gone)
        has_tuned = False
    from appliance.pipeline.judged_sets import list_sets
    from appliance.pipeline.report import default_chart_path

    chart = default_chart_path(reader)
    return {"comparisons": compare_runs(reader), "check": adoption_check(reader), "search_model": search_model_spec(reader),
            "has_tuned": has_tuned, "chart": chart if chart.is_file() else None,
            "judged_sets": [s for s in list_sets(reader) if s.judgments]}


def measure(project, control, judged: dict, models: list[str]):
    """Each model on the chosen judged set (stored as evaluate runs), then the comparison report."""
    for model in models:
        if judged["kind"] == BEIR_SET:
            run_evaluate(project, EvaluateOptions(beir=judged["folder"], split=judged["split"], model=model),
                         control=control)
        elif judged["kind"] == BUILT_SET:  # the project's own search (its index), on the clinicians' judgments
            run_evaluate(project, EvaluateOptions(judged_set=judged["name"], model=model, mode="hybrid"),
                         control=control)
        else:
            evaluate_on_sections(project, model, Path(judged["queries"]), Path(judged["qrels"]), name=judged["name"],
                                 control=control)
    return compare_project(project)


def beir_splits(folder: str | Path) -> list[str]:
    """The qrels splits of a BEIR-layout folder (qrels/<split>.tsv)."""
    qrels = Path(folder) / "qrels"
    return sorted(p.stem for p in qrels.glob("*.tsv")) if qrels.is_dir() else []


class EvaluatePage(Page):
    key = "evaluate"

    def title(self) -> str:
        return self.tr("Evaluate")

    def intro(self) -> str:
        return self.tr("Compares the base model with the tuned one on a judged set (questions with known right answers), "
                       "shows the scores side by side, and adopts the tuned model only when it is better.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None
        self._comparisons: list = []
        self._chart_path: Path | None = None

        self.set_group = QGroupBox(self.tr("Judged set"), self)
        grid = QGridLayout(self.set_group)
        self.project_radio = QRadioButton(self.tr("&Judged searches over this project's documents"), self.set_group)
        self.project_radio.setToolTip(self.tr("A queries file (JSONL: _id, text) and a qrels file (TSV: query-id, "
                                              "corpus-id, score) naming the project's documents."))
        self.beir_radio = QRadioButton(self.tr("A &BEIR folder (corpus.jsonl, queries.jsonl, qrels/)"), self.set_group)
        self.built_radio = QRadioButton(self.tr("Judged &questions of this project (built in the search window)"),
                                        self.set_group)
        self.built_radio.setToolTip(self.tr("Questions your clinicians judged with Search > Judged questions: measured "
                                            "through the project's own search, as the departments use it."))
        self.built_combo = QComboBox(self.set_group)
        self.built_combo.setObjectName("builtSets")
        self.built_combo.activated.connect(lambda _i: self.built_radio.setChecked(True))
        self.builder_button = QPushButton(self.tr("Judge &questions..."), self.set_group)
        self.builder_button.setToolTip(self.tr("Open the judged-question builder"))
        self.builder_button.clicked.connect(self.open_builder)
        self.radio_group = QButtonGroup(self)
        self.radio_group.addButton(self.built_radio)
        self.radio_group.addButton(self.project_radio)
        self.radio_group.addButton(self.beir_radio)
        self.project_radio.setChecked(True)
        self.queries_edit = QLineEdit(self.set_group)
        self.queries_edit.setPlaceholderText(self.tr("queries.jsonl"))
        self.qrels_edit = QLineEdit(self.set_group)
        self.qrels_edit.setPlaceholderText(self.tr("qrels.tsv"))
        self.queries_button = QPushButton(self.tr("&Queries..."), self.set_group)
        self.queries_button.clicked.connect(lambda: self._browse_file(self.queries_edit, self.tr("JSONL files (*.jsonl)")))
        self.qrels_button = QPushButton(self.tr("Q&rels..."), self.set_group)
        self.qrels_button.clicked.connect(lambda: self._browse_file(self.qrels_edit, self.tr("TSV files (*.tsv)")))
        self.samples_button = QPushButton(self.tr("Use the sample reports' &searches"), self.set_group)
        self.samples_button.setToolTip(self.tr("23 searches a clinician might type, each with the sample reports that "
                                               "should come up (for the demo project)."))
        self.samples_button.clicked.connect(self.use_samples)
        self.beir_edit = QLineEdit(self.set_group)
        self.beir_edit.setPlaceholderText(self.tr("a folder with corpus.jsonl, queries.jsonl and qrels/"))
        self.beir_edit.editingFinished.connect(self._fill_splits)
        self.beir_button = QPushButton(self.tr("F&older..."), self.set_group)
        self.beir_button.clicked.connect(self.browse_beir)
        self.split_combo = QComboBox(self.set_group)
        self.split_combo.setToolTip(self.tr("Which qrels file of the folder (qrels/<split>.tsv)."))
        grid.addWidget(self.built_radio, 0, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("Set:"), self.set_group), 1, 0)
        grid.addWidget(self.built_combo, 1, 1)
        grid.addWidget(self.builder_button, 1, 2, 1, 2)
        grid.addWidget(self.project_radio, 2, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("Queries:"), self.set_group), 3, 0)
        grid.addWidget(self.queries_edit, 3, 1)
        grid.addWidget(self.queries_button, 3, 2)
        grid.addWidget(self.samples_button, 3, 3)
        grid.addWidget(QLabel(self.tr("Qrels:"), self.set_group), 4, 0)
        grid.addWidget(self.qrels_edit, 4, 1)
        grid.addWidget(self.qrels_button, 4, 2)
        grid.addWidget(self.beir_radio, 5, 0, 1, 4)
        grid.addWidget(QLabel(self.tr("Folder:"), self.set_group), 6, 0)
        grid.addWidget(self.beir_edit, 6, 1)
        grid.addWidget(self.beir_button, 6, 2)
        grid.addWidget(self.split_combo, 6, 3)
        grid.setColumnStretch(1, 1)
        self.body.addWidget(self.set_group)
        self.radio_group.buttonToggled.connect(lambda *_: self._update_inputs())

        self.run_button = QPushButton(self.tr("&Measure base and tuned"), self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start_measure)
        row = QHBoxLayout()
        self.set_combo = QComboBox(self)
        self.set_combo.setToolTip(self.tr("The judged sets measured in this project"))
        self.set_combo.currentIndexChanged.connect(self._show_comparison)
        set_label = QLabel(self.tr("Res&ults for:"), self)
        set_label.setBuddy(self.set_combo)
        row.addWidget(set_label)
        row.addWidget(self.set_combo, 1)
        row.addWidget(self.run_button)
        self.body.addLayout(row)

        self.table = QTableWidget(len(METRIC_KEYS), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("base"), self.tr("tuned"), self.tr("tuned/base")])
        self.table.setVerticalHeaderLabels([LABELS[m] for m in METRIC_KEYS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t = self.table
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + t.verticalHeader().defaultSectionSize() * t.rowCount()
                         + 2 * t.frameWidth())
        self.chart = BarChart(self)
        self.chart.set_placeholder(self.tr("The scores of both models appear here once they are measured."))
        self.verdict_label = QLabel(self)
        self.verdict_label.setWordWrap(True)
        self.open_chart_button = QPushButton(self.tr("Open the chart &image"), self)
        self.open_chart_button.setToolTip(self.tr("The PNG chart of all judged sets, in the project's reports folder."))
        self.open_chart_button.clicked.connect(self.open_chart)
        self.open_chart_button.setEnabled(False)
        left = QVBoxLayout()
        left.addWidget(self.table)
        left.addWidget(self.verdict_label)
        left.addWidget(self.open_chart_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addStretch(1)
        results = QHBoxLayout()
        results.addLayout(left, 2)
        results.addWidget(self.chart, 3)
        self.body.addLayout(results, 1)

        self.guard_group = QGroupBox(self.tr("Which model search uses"), self)
        gbox = QVBoxLayout(self.guard_group)
        self.search_model_label = QLabel(self.guard_group)
        self.guard_label = QLabel(self.guard_group)
        self.guard_label.setWordWrap(True)
        self.guard_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.adopt_button = QPushButton(self.tr("&Adopt the tuned model"), self.guard_group)
        self.adopt_button.setToolTip(self.tr("Let search use the tuned model (allowed only when it measured at least as "
                                             "good as the base model)."))
        self.adopt_button.clicked.connect(self.adopt_tuned)
        self.base_button = QPushButton(self.tr("Use the base mode&l"), self.guard_group)
        self.base_button.clicked.connect(self.adopt_base)
        brow = QHBoxLayout()
        brow.addWidget(self.search_model_label, 1)
        brow.addWidget(self.base_button)
        brow.addWidget(self.adopt_button)
        gbox.addWidget(self.guard_label)
        gbox.addLayout(brow)
        self.body.addWidget(self.guard_group)
        order = [self.built_radio, self.built_combo, self.builder_button, self.project_radio, self.queries_edit, self.queries_button, self.samples_button, self.qrels_edit,
                 self.qrels_button, self.beir_radio, self.beir_edit, self.beir_button, self.split_combo, self.set_combo,
                 self.run_button, self.table, self.open_chart_button, self.base_button, self.adopt_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._update_inputs()
        self._apply_guard()

    # ------------------------------------------------------------------ judged set
    def _update_inputs(self) -> None:
        """The chosen kind of set in bold; the other's fields stay usable (choosing a file or folder selects it)."""
        for radio in (self.built_radio, self.project_radio, self.beir_radio):
            font = radio.font()
            font.setBold(radio.isChecked())
            radio.setFont(font)

    def _browse_file(self, edit: QLineEdit, filters: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), edit.text(), filters)
        if path:
            self.project_radio.setChecked(True)
            edit.setText(path)

    @Slot()
    def use_samples(self) -> None:
        self.project_radio.setChecked(True)
        self.queries_edit.setText(str(judged_dir() / "queries.jsonl"))
        self.qrels_edit.setText(str(judged_dir() / "qrels.tsv"))

    @Slot()
    def browse_beir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a BEIR folder"), self.beir_edit.text())
        if folder:
            self.set_beir_folder(folder)

    def set_beir_folder(self, folder: str | Path) -> None:
        self.beir_radio.setChecked(True)
        self.beir_edit.setText(str(folder))
        self._fill_splits()

    def _fill_splits(self) -> None:
        splits = beir_splits(self.beir_edit.text().strip()) if self.beir_edit.text().strip() else []
        self.split_combo.clear()
        for s in splits:
            self.split_combo.addItem(s)
        for preferred in ("dev", "test"):
            if preferred in splits:
                self.split_combo.setCurrentText(preferred)
                break

    @Slot()
    def open_builder(self) -> None:
        window = self.window()
        if hasattr(window, "open_judge_builder"):
            window.open_judge_builder()

    def _fill_built_sets(self, sets: list) -> None:
        current = self.built_combo.currentData()
        self.built_combo.clear()
        for info in sets:
            self.built_combo.addItem(self.tr("%1 (%2 questions, %3 judged)").replace("%1", info.name)
                                     .replace("%2", str(info.queries)).replace("%3", str(info.judged_queries)), info.name)
        index = self.built_combo.findData(current)
        self.built_combo.setCurrentIndex(max(index, 0))
        self.built_radio.setEnabled(bool(sets))
        self.built_combo.setEnabled(bool(sets))
        if not sets and self.built_radio.isChecked():
            self.project_radio.setChecked(True)

    def judged_set(self) -> dict | None:
        """The chosen judged set, or None (with a message) when it is incomplete."""
        if self.built_radio.isChecked():
            name = self.built_combo.currentData()
            if not name:
                self.banner.show_message(self.tr("This project has no judged questions yet: build some with Judge "
                                                 "questions."), "warning")
                return None
            return {"kind": BUILT_SET, "name": name}
        if self.beir_radio.isChecked():
            folder = self.beir_edit.text().strip()
            if not folder or not Path(folder).is_dir():
                self.banner.show_message(self.tr("Choose a BEIR folder first."), "warning")
                return None
            if not self.split_combo.currentText():
                self.banner.show_message(self.tr("The folder has no qrels/<split>.tsv file; it is not a BEIR folder."),
                                         "warning")
                return None
            return {"kind": BEIR_SET, "folder": folder, "split": self.split_combo.currentText()}
        queries, qrels = self.queries_edit.text().strip(), self.qrels_edit.text().strip()
        if not (queries and qrels and Path(queries).is_file() and Path(qrels).is_file()):
            self.banner.show_message(self.tr("Choose a queries file and a qrels file first (or the sample reports' "
                                             "searches)."), "warning")
            return None
        samples = Path(queries).resolve() == (judged_dir() / "queries.jsonl").resolve() and \
            Path(qrels).resolve() == (judged_dir() / "qrels.tsv").resolve()
        return {"kind": PROJECT_SET, "queries": queries, "qrels": qrels, "name": DEMO_SET_NAME if samples else None}

    # ------------------------------------------------------------------ measuring
    @Slot()
    def start_measure(self) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Open the &Project page"))
            return None
        judged = self.judged_set()
        if judged is None:
            return None
        has_tuned = bool((self._state or {}).get("has_tuned"))
        models = ["base", "tuned"] if has_tuned else ["base"]
        label = self.tr("Measuring the base and the tuned model") if has_tuned else self.tr("Measuring the base model")
        return (StageOp(self, lambda project, control: measure(project, control, judged, models))
                .with_progress(label).success(self._measured).failure(self._failed).run_in_background())

    def _measured(self, report) -> None:
        self._chart_path = report.chart
        self.open_chart_button.setEnabled(bool(report.chart))
        has_tuned = bool((self._state or {}).get("has_tuned"))
        if has_tuned:
            self.banner.show_message(self.tr("Both models were measured; see the table and the adoption guard below."),
                                     "success")
        else:
            self.banner.show_message(self.tr("The base model was measured. There is no tuned model yet: train one, then "
                                             "measure again."), "info", "train", self.tr("Open the &Train page"))
        self._fill_comparisons(report.comparisons, select_last=True)
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)

    @Slot()
    def open_chart(self) -> None:
        if self._chart_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._chart_path)))

    # ------------------------------------------------------------------ results
    def _fill_comparisons(self, comparisons: list, select_last: bool = False) -> None:
        current = self.set_combo.currentText()
        self._comparisons = list(comparisons)
        self.set_combo.blockSignals(True)
        self.set_combo.clear()
        for c in self._comparisons:
            self.set_combo.addItem(self.tr("%1 (%2 judged queries)").replace("%1", c.label).replace("%2", str(c.queries)))
        index = len(self._comparisons) - 1 if select_last else max(0, self.set_combo.findText(current))
        self.set_combo.setCurrentIndex(index)
        self.set_combo.blockSignals(False)
        self._show_comparison()

    @Slot()
    def _show_comparison(self, *_args) -> None:
        i = self.set_combo.currentIndex()
        comp = self._comparisons[i] if 0 <= i < len(self._comparisons) else None
        for row, metric in enumerate(METRIC_KEYS):
            values = [None, None, None] if comp is None else [
                (comp.base or {}).get(metric), (comp.tuned or {}).get(metric), (comp.ratio or {}).get(metric)]
            for col, v in enumerate(values):
                item = QTableWidgetItem("-" if v is None else f"{v:.{2 if col == 2 else 3}f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        if comp is None:
            self.chart.clear()
            self.verdict_label.setText("")
            return
        series = []
        if comp.base is not None:
            series.append((self.tr("base"), BASE_COLOR, [comp.base.get(m) for m in METRIC_KEYS]))
        if comp.tuned is not None:
            series.append((self.tr("tuned"), TUNED_COLOR, [comp.tuned.get(m) for m in METRIC_KEYS]))
        self.chart.set_data(self.tr("%1: %2 judged queries").replace("%1", comp.label).replace("%2", str(comp.queries)),
                            [LABELS[m] for m in METRIC_KEYS], series)
        self.verdict_label.setText(self.verdict(comp))

    def verdict(self, comp) -> str:
        """The comparison on mAP@100 in plain words (the core's verdict, translated)."""
        name = LABELS[GUARD_METRIC]
        if comp.base is None and comp.tuned is None:
            return self.tr("Nothing measured yet.")
        if comp.tuned is None:
            return self.tr("Only the base model was measured on this set (%1 %2).").replace("%1", name).replace(
                "%2", f"{comp.base[GUARD_METRIC]:.3f}")
        if comp.base is None:
            return self.tr("Only the tuned model was measured on this set (%1 %2).").replace("%1", name).replace(
                "%2", f"{comp.tuned[GUARD_METRIC]:.3f}")
        b, t = comp.base[GUARD_METRIC], comp.tuned[GUARD_METRIC]
        if abs(t - b) <= TIE:
            text = self.tr("The tuned and the base model are equal on %1 (%2).")
        elif t > b:
            text = self.tr("The tuned model finds the right reports better than the base model: %1 %2 instead of %3.")
        else:
            text = self.tr("The tuned model finds the right reports less well than the base model: %1 %2 instead of %3.")
        return text.replace("%1", name).replace("%2", f"{t:.3f}").replace("%3", f"{b:.3f}")

    def table_values(self) -> dict[str, tuple[str, str, str]]:
        """Metric label -> (base, tuned, tuned/base) as the table shows them (tests)."""
        return {LABELS[m]: tuple(self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(3))
                for r, m in enumerate(METRIC_KEYS)}

    # ------------------------------------------------------------------ the guard
    def guard_text(self, state: dict | None) -> str:
        """Why the tuned model can or cannot be adopted, in plain words."""
        if state is None:
            return self.tr("Open a project to see which model its search uses.")
        if not state["has_tuned"]:
            return self.tr("There is no tuned model yet, so search uses the base model. Train one on the Train page, "
                           "then measure both models here.")
        check = state["check"]
        if check.reason == NO_COMPARISON:
            return self.tr("The tuned model cannot be adopted yet: nobody has checked on judged searches that it finds "
                           "the right reports. Measure both models on a judged set above first.")
        figures = "; ".join(
            self.tr("“%1”: tuned %2, base %3").replace("%1", c.label).replace("%2", f"{c.tuned[GUARD_METRIC]:.3f}")
            .replace("%3", f"{c.base[GUARD_METRIC]:.3f}") for c in check.comparisons)
        if check.reason == TUNED_WORSE:
            return (self.tr("The tuned model cannot be adopted: it finds the right reports less well than the base model "
                            "on at least one judged set (%1 %2). Search keeps the base model. Train again (other "
                            "settings, more or better questions) and measure again.")
                    .replace("%1", LABELS[GUARD_METRIC]).replace("%2", figures))
        if check.reason == NOT_SHOWN:
            spans = "; ".join(
                self.tr("“%1”: difference %2, 95% interval %3 to %4 over %5 queries").replace("%1", c.label)
                .replace("%2", f"{c.delta():+.3f}").replace("%3", f"{c.delta_ci[0]:+.3f}")
                .replace("%4", f"{c.delta_ci[1]:+.3f}").replace("%5", str(c.ci_queries))
                for c in check.comparisons if c.delta_ci is not None)
            return (self.tr("The tuned model cannot be adopted yet: the difference from the base model in %1 may be "
                            "chance (%2). A gain counts when its interval lies above zero on a set of at least %3 "
                            "judged queries. Judge more queries and measure both models again.")
                    .replace("%1", LABELS[GUARD_METRIC]).replace("%2", spans)
                    .replace("%3", str(MIN_INTERVAL_QUERIES)))
        return (self.tr("The tuned model is at least as good as the base model on every judged set measured (%1 %2). "
                        "You can adopt it.").replace("%1", LABELS[GUARD_METRIC]).replace("%2", figures))

    def _apply_guard(self) -> None:
        state = self._state
        self.guard_label.setText(self.guard_text(state))
        busy = self.project_host.busy
        search = (state or {}).get("search_model", "base")
        if search in ("base", None):
            text = self.tr("Search uses now: the base model.")
        elif search == "tuned":
            text = self.tr("Search uses now: the tuned model.")
        else:
            text = self.tr("Search uses now: a tuned model adopted earlier (the newest one is not adopted yet).")
        self.search_model_label.setText(text)
        allowed = bool(state and state["has_tuned"] and state["check"].allowed)
        self.adopt_button.setEnabled(allowed and search != "tuned" and not busy)
        self.base_button.setEnabled(bool(state) and search not in ("base", None) and not busy)

    @Slot()
    def adopt_tuned(self) -> StageOp | None:
        if not self.adopt_button.isEnabled():
            return None
        return (StageOp(self, lambda project, control: adopt(project, "tuned"))
                .with_progress(self.tr("Adopting the tuned model")).success(self._adopted).failure(self._failed)
                .run_in_background())

    @Slot()
    def adopt_base(self) -> StageOp | None:
        return (StageOp(self, lambda project, control: adopt(project, "base"))
                .with_progress(self.tr("Switching search to the base model")).success(self._adopted)
                .failure(self._failed).run_in_background())

    def _adopted(self, result) -> None:
        if result.model == "tuned":
            self.banner.show_message(self.tr("Search now uses the tuned model. Build the search index again so that it "
                                             "holds the tuned model's vectors."), "success", "index",
                                     self.tr("&Next: Index"))
        else:
            self.banner.show_message(self.tr("Search now uses the base model. Build the search index again."), "success",
                                     "index", self.tr("&Next: Index"))
        self.refresh_state()

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self._apply_guard()

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is None:
            self._state = None
            self._fill_comparisons([])
            self._apply_guard()
        elif not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(evaluate_state, self._apply_state)

    def _apply_state(self, state: dict) -> None:
        first = self._state is None
        self._state = state
        self._fill_built_sets(state.get("judged_sets") or [])
        if first and state.get("judged_sets"):  # the clinicians' own questions are the set to measure on
            self.built_radio.setChecked(True)
        if [c.key for c in state["comparisons"]] != [c.key for c in self._comparisons] or any(
                (a.base_run, a.tuned_run) != (b.base_run, b.tuned_run) for a, b in zip(state["comparisons"], self._comparisons)):
            self._fill_comparisons(state["comparisons"])
        if state["chart"] is not None and self._chart_path is None:  # the PNG an earlier comparison wrote
            self._chart_path = state["chart"]
            self.open_chart_button.setEnabled(True)
        self._apply_guard()
        self.status.set_status(*self.status_texts(self.info))

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state or {}
        comps = state.get("comparisons") or []
        if not comps:
            return (self.tr("No model was measured in this project yet."),
                    self.tr("Choose a judged set and measure the base and the tuned model."))
        complete = [c for c in comps if c.complete]
        done = self.tr("Measured on %1 judged set(s); %2 with both models.").replace("%1", str(len(comps))).replace(
            "%2", str(len(complete)))
        check = state.get("check")
        if check is not None and check.allowed and state.get("search_model") in ("base", None):
            return done, self.tr("Adopt the tuned model, then build the search index on the Index page.")
        if state.get("search_model") not in ("base", None):
            return done, self.tr("Search uses the tuned model: build the search index on the Index page.")
        return done, self.tr("Search keeps the base model; build the search index on the Index page.")
