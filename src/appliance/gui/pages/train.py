"""The Train step: fine-tune the search model on the generated questions, with defaults that fit the
machine (a GPU when there is one, else the core's CPU time budget), a live loss curve, the validation
scores, Cancel and Resume (the core's ``TrainOptions(resume=True)``: from the last checkpoint)."""
from __future__ import annotations

import dataclasses
import json
import os
import re

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.chart import LineChart
from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.judged_cv import CrossValidationReport, run_judged_cv
from appliance.pipeline.train import DEFAULT_KINDS, TrainOptions, TrainReport, run_train

#: "loss 0.123" in the core's progress message of a training step
LOSS_RE = re.compile(r"loss (-?[0-9.]+(?:e-?\d+)?)")
#: validation metrics shown (the trainer's evaluator names them cosine_*)
VALIDATION_METRICS = (("map@100", "mAP@100"), ("ndcg@10", "nDCG@10"), ("recall@10", "Recall@10"), ("mrr@10", "MRR@10"))
#: job states from which a training can be resumed
RESUMABLE = ("interrupted", "cancelled")

_machine: dict | None = None  # detected once per process


def detect_machine() -> dict:
    """The device the core would pick (models.device), the GPU's name and the number of processor cores."""
    global _machine
    if _machine is None:
        from appliance.models.device import pick_device

        device = pick_device("auto")
        gpu = ""
        if device == "cuda":
            import torch

            gpu = torch.cuda.get_device_name(0)
        _machine = {"device": device, "gpu": gpu, "cores": os.cpu_count() or 1}
    return _machine


def checkpoint_steps(reader) -> int | None:
    """The step of the newest checkpoint a resume would start from (None: none saved)."""
    folder = reader.artefact_dir / "runs" / "train" / "checkpoints"
    steps = [int(p.name.split("-")[-1]) for p in folder.glob("checkpoint-*") if p.name.split("-")[-1].isdigit()] \
        if folder.is_dir() else []
    return max(steps) if steps else None


def loss_history(reader) -> list[tuple[int, float]]:
    """(step, loss) logged up to the newest checkpoint (the trainer's trainer_state.json), so that the curve
    of a stopped or finished run can be shown again after the app was closed."""
    folder = reader.artefact_dir / "runs" / "train" / "checkpoints"
    step = checkpoint_steps(reader)
    state = folder / f"checkpoint-{step}" / "trainer_state.json" if step else None
    if state is None or not state.is_file():
        return []
    try:
        logs = json.loads(state.read_text(encoding="utf-8")).get("log_history") or []
    except (OSError, ValueError):
        return []
    return [(int(e["step"]), float(e["loss"])) for e in logs if "loss" in e and "step" in e]


def train_state(reader) -> dict:
    """On the reader: the machine, the pairs to train on, the last training job and run, its checkpoint."""
    from appliance.pipeline.report import validation_comparison
    from appliance.pipeline.train import training_pairs

    jobs = reader.jobs("train")
    job = jobs[-1] if jobs else None
    run = None
    if job is not None:
        run_id = json.loads(job.get("params") or "{}").get("run")
        row = reader.db.execute("SELECT id, status, config, metrics FROM runs WHERE id = ? AND kind = 'train'",
                                [run_id]).fetchone() if run_id else None
        if row:
            run = {"id": row[0], "status": row[1], "config": json.loads(row[2] or "{}"),
                   "metrics": json.loads(row[3] or "{}")}
    from appliance.pipeline.judged_sets import list_sets

    return {
        "judged_sets": [(s.name, s.queries, s.relevant) for s in list_sets(reader) if s.relevant],
        "machine": detect_machine(),
        "pairs": len(training_pairs(reader, None, DEFAULT_KINDS)),
        "all_pairs": len(training_pairs(reader)),
        "job": job,
        "run": run,
        "checkpoint": checkpoint_steps(reader),
        "loss_history": loss_history(reader),
        "validation": validation_comparison(reader),
    }


def resume_options(config: dict) -> TrainOptions:
    """The options of a stopped run (its ``runs.config``), to continue from its checkpoint."""
    names = {f.name for f in dataclasses.fields(TrainOptions)}
    values = {k: v for k, v in config.items() if k in names}
    if isinstance(values.get("kinds"), list):
        values["kinds"] = tuple(values["kinds"])
    return dataclasses.replace(TrainOptions(**values), resume=True)


class TrainPage(Page):
    key = "train"

    def title(self) -> str:
        return self.tr("Train")

    def intro(self) -> str:
        return self.tr("Fine-tunes the search model on the generated questions, with defaults that fit this computer (a GPU "
                       "when there is one, otherwise a time budget on the processor), and shows the loss and a validation "
                       "score as it learns. Training can be cancelled and resumed.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None
        self._op: StageOp | None = None
        self._in_training_phase = False

        self.machine_label = QLabel(self.tr("Looking at this computer..."), self)
        self.machine_label.setWordWrap(True)
        self.pairs_label = QLabel(self)
        self.pairs_label.setWordWrap(True)
        self.body.addWidget(self.machine_label)
        self.body.addWidget(self.pairs_label)

        # a stopped or interrupted run, with its Resume button
        self.resume_box = QFrame(self)
        self.resume_box.setObjectName("resumeBox")
        self.resume_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.resume_box.setStyleSheet("#resumeBox { background: #fff4dc; }")
        self.resume_label = QLabel(self.resume_box)
        self.resume_label.setWordWrap(True)
        self.resume_button = QPushButton(self.tr("&Resume training"), self.resume_box)
        self.resume_button.setToolTip(self.tr("Continue the stopped training from its last checkpoint, with the same settings."))
        self.resume_button.clicked.connect(self.resume_training)
        row = QHBoxLayout(self.resume_box)
        row.addWidget(self.resume_label, 1)
        row.addWidget(self.resume_button)
        self.resume_box.setVisible(False)
        self.body.addWidget(self.resume_box)

        # the hospital's own judgments as training data, measured on queries never trained on
        self.judged_group = QGroupBox(self.tr("Learn from judged questions"), self)
        jform = QFormLayout(self.judged_group)
        self.judged_combo = QComboBox(self.judged_group)
        self.judged_combo.setToolTip(self.tr("Questions your staff judged in the search window (Search ▸ Judged "
                                             "questions): each relevant report becomes a training example."))
        self.judged_combo.currentIndexChanged.connect(self._judged_changed)
        self.cv_check = QCheckBox(self.tr("&Measure first by cross-validation (recommended)"), self.judged_group)
        self.cv_check.setChecked(True)
        self.cv_check.setToolTip(self.tr("Trains one model per fold and measures each only on the questions it did "
                                         "not learn from; this honest figure is what Evaluate and Adopt use. Then the "
                                         "final model learns from all questions. Takes several trainings."))
        self.negatives_check = QCheckBox(self.tr("Use &hard negatives (reports judged not relevant)"), self.judged_group)
        self.folds_spin = QSpinBox(self.judged_group)
        self.folds_spin.setRange(2, 20)
        self.folds_spin.setValue(TrainOptions.judged_folds)
        self.folds_spin.setToolTip(self.tr("The judged questions are split into this many parts; each is left out of "
                                           "training once."))
        judged_label = QLabel(self.tr("&Judged set:"), self.judged_group)
        judged_label.setBuddy(self.judged_combo)
        folds_label = QLabel(self.tr("&Folds:"), self.judged_group)
        folds_label.setBuddy(self.folds_spin)
        jform.addRow(judged_label, self.judged_combo)
        jform.addRow("", self.cv_check)
        jform.addRow(folds_label, self.folds_spin)
        jform.addRow("", self.negatives_check)
        self.body.addWidget(self.judged_group)
        self._judged_changed()

        # advanced settings, folded away
        self.advanced_button = QToolButton(self)
        self.advanced_button.setText(self.tr("A&dvanced settings"))
        self.advanced_button.setCheckable(True)
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_button.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_button.toggled.connect(self._toggle_advanced)
        self.advanced = QGroupBox(self)
        form = QFormLayout(self.advanced)
        self.budget_spin = QSpinBox(self.advanced)
        self.budget_spin.setRange(1, 24 * 60)
        self.budget_spin.setValue(int(TrainOptions.time_budget_min))
        self.budget_spin.setSuffix(self.tr(" min"))
        self.budget_spin.setToolTip(self.tr("Without a GPU: how long the training may take. The appliance times one "
                                            "step and chooses the number of steps that fit."))
        self.steps_spin = QSpinBox(self.advanced)
        self.steps_spin.setRange(0, 1_000_000)
        self.steps_spin.setSpecialValueText(self.tr("automatic"))
        self.steps_spin.setToolTip(self.tr("A fixed number of training steps instead of the automatic choice."))
        self.epochs_spin = QDoubleSpinBox(self.advanced)
        self.epochs_spin.setRange(0.1, 50)
        self.epochs_spin.setSingleStep(0.5)
        self.epochs_spin.setValue(TrainOptions.epochs)
        self.epochs_spin.setToolTip(self.tr("How many times the training goes through all question-section pairs."))
        self.batch_spin = QSpinBox(self.advanced)
        self.batch_spin.setRange(2, 1024)
        self.batch_spin.setValue(TrainOptions.batch_size)
        self.batch_spin.setToolTip(self.tr("Pairs per step; larger learns better where the memory allows."))
        self.lr_spin = QDoubleSpinBox(self.advanced)
        self.lr_spin.setDecimals(6)
        self.lr_spin.setRange(0.000001, 0.01)
        self.lr_spin.setSingleStep(0.00001)
        self.lr_spin.setValue(TrainOptions.learning_rate)
        self.merge_spin = QDoubleSpinBox(self.advanced)
        self.merge_spin.setRange(0.0, 1.0)
        self.merge_spin.setSingleStep(0.1)
        self.merge_spin.setValue(TrainOptions.merge_base)
        self.merge_spin.setToolTip(self.tr("0.5 keeps half of what the base model knew, which measured better than "
                                           "either end; 1 keeps the tuned weights only."))
        self.model_combo = QComboBox(self.advanced)
        self.model_combo.setToolTip(self.tr("The installed embedding model to start from (see Settings ▸ Models)."))
        self.device_combo = QComboBox(self.advanced)
        for code, text in (("auto", self.tr("automatic (the GPU when there is one)")), ("cpu", self.tr("processor (CPU)")),
                           ("cuda", self.tr("GPU (CUDA)"))):
            self.device_combo.addItem(text, code)
        for label, widget in ((self.tr("&Time budget (no GPU):"), self.budget_spin), (self.tr("&Steps:"), self.steps_spin),
                              (self.tr("&Epochs:"), self.epochs_spin), (self.tr("&Batch size:"), self.batch_spin),
                              (self.tr("&Learning rate:"), self.lr_spin),
                              (self.tr("&Keep of the base model:"), self.merge_spin),
                              (self.tr("Base &model:"), self.model_combo), (self.tr("De&vice:"), self.device_combo)):
            lab = QLabel(label, self.advanced)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
        self.advanced.setVisible(False)

        self.start_button = QPushButton(self.tr("&Start training"), self)
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_training)
        buttons = QHBoxLayout()
        buttons.addWidget(self.advanced_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        self.body.addLayout(buttons)
        self.body.addWidget(self.advanced)

        # the live curve and the validation scores
        self.live_label = QLabel(self)
        self.chart = LineChart(self)
        self.chart.set_labels(self.tr("Training loss (lower is better)"), self.tr("step"),
                              self.tr("The loss curve appears here while the model trains."))
        self.validation_group = QGroupBox(self.tr("Validation: held-out generated questions"), self)
        vbox = QVBoxLayout(self.validation_group)
        self.validation_note = QLabel(self.tr("Questions from reports kept out of training, scored before and after "
                                              "(not judged by a person; the Evaluate page does that)."),
                                      self.validation_group)
        self.validation_note.setWordWrap(True)
        self.validation_table = QTableWidget(len(VALIDATION_METRICS), 2, self.validation_group)
        self.validation_table.setHorizontalHeaderLabels([self.tr("base"), self.tr("tuned")])
        self.validation_table.setVerticalHeaderLabels([label for _, label in VALIDATION_METRICS])
        self.validation_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.validation_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        t = self.validation_table
        t.setFixedHeight(t.horizontalHeader().sizeHint().height() + t.verticalHeader().defaultSectionSize() * t.rowCount()
                         + 2 * t.frameWidth())
        vbox.addWidget(self.validation_note)
        vbox.addWidget(self.validation_table)
        vbox.addStretch(1)
        charts = QHBoxLayout()
        charts.addWidget(self.chart, 3)
        charts.addWidget(self.validation_group, 2)
        self.body.addWidget(self.live_label)
        self.body.addLayout(charts, 1)
        order = [self.resume_button, self.judged_combo, self.cv_check, self.folds_spin, self.negatives_check,
                 self.advanced_button, self.start_button, self.budget_spin, self.steps_spin,
                 self.epochs_spin, self.batch_spin, self.lr_spin, self.merge_spin, self.model_combo, self.device_combo]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._fill_models()

    def _fill_models(self) -> None:
        from appliance.models import ModelStore

        self.model_combo.clear()
        try:
            models = ModelStore().list("embedding")
        except Exception:  # noqa: BLE001  (an unreadable store: the default still works)
            models = []
        for m in models:
            text = m.name + (" " + self.tr("(built in, default)") if m.builtin else "")
            self.model_combo.addItem(text, None if m.builtin else m.name)
        if not models:
            self.model_combo.addItem(self.tr("all-MiniLM-L6-v2 (default)"), None)

    @Slot()
    def _judged_changed(self, *_) -> None:
        chosen = self.judged_combo.currentData() is not None
        for w in (self.cv_check, self.folds_spin, self.negatives_check):
            w.setEnabled(chosen)

    def _fill_judged(self, sets: list) -> None:
        current = self.judged_combo.currentData()
        self.judged_combo.blockSignals(True)
        self.judged_combo.clear()
        self.judged_combo.addItem(self.tr("none: generated questions only"), None)
        for name, queries, relevant in sets:
            self.judged_combo.addItem(self.tr("%1 (%2 questions, %3 relevant reports)").replace("%1", name)
                                      .replace("%2", f"{queries:,}").replace("%3", f"{relevant:,}"), name)
        index = self.judged_combo.findData(current) if current is not None else 0
        self.judged_combo.setCurrentIndex(max(0, index))
        self.judged_combo.blockSignals(False)
        self.judged_group.setVisible(bool(sets))
        self._judged_changed()

    @Slot(bool)
    def _toggle_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_button.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    # ------------------------------------------------------------------ options
    def options(self) -> TrainOptions:
        """The settings as the stage's options; untouched advanced settings are the core's defaults."""
        return TrainOptions(
            base_model=self.model_combo.currentData(),
            epochs=self.epochs_spin.value(),
            max_steps=self.steps_spin.value() or None,
            batch_size=self.batch_spin.value(),
            learning_rate=self.lr_spin.value(),
            merge_base=self.merge_spin.value(),
            device=self.device_combo.currentData(),
            time_budget_min=float(self.budget_spin.value()),
            judged=self.judged_combo.currentData(),
            judged_folds=self.folds_spin.value(),
            judged_negatives=self.negatives_check.isChecked() and self.judged_combo.currentData() is not None,
        )

    def cross_validates(self) -> bool:
        return self.judged_combo.currentData() is not None and self.cv_check.isChecked()

    # ------------------------------------------------------------------ running
    @Slot()
    def start_training(self) -> StageOp | None:
        if self.cross_validates():
            return self._run(self.options(), self.tr("Cross-validating, then training the search model"), cv=True)
        return self._run(self.options(), self.tr("Training the search model"))

    @Slot()
    def resume_training(self) -> StageOp | None:
        run = (self._state or {}).get("run")
        if not run:
            return None
        return self._run(resume_options(run["config"]), self.tr("Resuming the training"))

    def _run(self, options: TrainOptions, label: str, cv: bool = False) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Open the &Project page"))
            return None
        self.chart.clear()
        self.live_label.setText("")
        self._in_training_phase = False
        self.resume_box.setVisible(False)
        stage = run_judged_cv if cv else run_train
        op = (StageOp(self, lambda project, control: stage(project, options, control=control))
              .with_progress(label).success(self._cross_validated if cv else self._trained).failure(self._failed).cancelled(self._cancelled))
        op.phase_changed.connect(self._on_phase)
        op.progressed.connect(self._on_progress)
        self._op = op
        return op.run_in_background()

    @Slot(str)
    def _on_phase(self, label: str) -> None:
        if label.startswith("Fold ") or label.startswith("Training the final"):  # a new training: a new curve
            self.chart.clear()
        self._in_training_phase = label == "Training"

    @Slot(object, object, str, object)
    def _on_progress(self, done, total, message: str, _eta) -> None:
        if not self._in_training_phase:
            return
        m = LOSS_RE.search(message or "")
        if m:
            self.chart.add_point(done, float(m.group(1)))
        text = self.tr("Step %1 of %2").replace("%1", f"{done:,}").replace("%2", f"{total:,}")
        if m:
            text += self.tr(", loss %1").replace("%1", f"{float(m.group(1)):.3f}")
        self.live_label.setText(text)

    def _trained(self, report: TrainReport) -> None:
        self._op = None
        self._show_validation(_pick(report.validation_base), _pick(report.validation))
        minutes = report.seconds / 60
        text = (self.tr("Trained %1 steps on the %2 in %3 min. The tuned model is saved in the project; search keeps "
                        "using the base model until you adopt the tuned one after measuring it.")
                .replace("%1", f"{report.steps:,}").replace("%2", self._device_name(report.device))
                .replace("%3", f"{minutes:.1f}"))
        self.banner.show_message(text, "success", "evaluate", self.tr("&Next: Evaluate"))
        self.refresh_state()

    def _cross_validated(self, report: CrossValidationReport) -> None:
        self._op = None
        dense, hybrid = report.modes["dense"], report.modes["hybrid"]
        lo, hi = dense["delta_ci"] or (0.0, 0.0)
        text = (self.tr("Cross-validated over %1 folds: every one of the %2 judged questions was measured by a model "
                        "that never learned from it. Meaning search (mAP@100): base %3, tuned %4 (difference %5, 95% "
                        "interval %6 to %7); words and meaning: base %8, tuned %9. The final model learned from all "
                        "questions; Evaluate and Adopt use these figures.")
                .replace("%1", str(report.folds)).replace("%2", f"{report.queries:,}")
                .replace("%3", f"{dense['base']['map@100']:.3f}").replace("%4", f"{dense['tuned']['map@100']:.3f}")
                .replace("%5", f"{dense['delta']:+.3f}").replace("%6", f"{lo:+.3f}").replace("%7", f"{hi:+.3f}")
                .replace("%8", f"{hybrid['base']['map@100']:.3f}").replace("%9", f"{hybrid['tuned']['map@100']:.3f}"))
        if report.final is not None:
            self._show_validation(_pick(report.final.validation_base), _pick(report.final.validation))
        self.banner.show_message(text, "success", "evaluate", self.tr("&Next: Evaluate"))
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self._op = None
        self.banner.show_error(error)
        self.refresh_state()

    def _cancelled(self, exc) -> None:
        self._op = None
        if getattr(exc, "next_step", None) == "resume":
            text = self.tr("The training was stopped. Its checkpoint is saved: press Resume to continue where it stopped.")
        else:
            text = self.tr("The training was stopped before it began; nothing was changed.")
        self.banner.show_message(text, "warning")
        self.refresh_state()

    def _device_name(self, device: str) -> str:
        return self.tr("GPU") if device == "cuda" else self.tr("processor")

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)
        self.resume_button.setEnabled(not busy)
        self.advanced.setEnabled(not busy)
        self.judged_group.setEnabled(not busy)

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is None:
            self._state = None
            self.resume_box.setVisible(False)
            self.machine_label.setText(self.tr("Open a project to train its search model."))
            self.pairs_label.setText("")
        elif not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(train_state, self._apply_state)

    def _apply_state(self, state: dict) -> None:
        self._state = state
        self._fill_judged(state.get("judged_sets") or [])
        machine = state["machine"]
        if machine["device"] == "cuda":
            self.machine_label.setText(
                self.tr("This computer has a GPU (%1). With the defaults the training goes once through all "
                        "question-section pairs (one epoch).").replace("%1", machine["gpu"] or "CUDA"))
            self.budget_spin.setEnabled(False)
        else:
            self.machine_label.setText(
                self.tr("This computer has no GPU that the appliance can use, so it trains on the processor (%1 cores). "
                        "With the defaults the training takes about %2 minutes: the appliance times one training step "
                        "and chooses how many steps fit.").replace("%1", str(machine["cores"]))
                .replace("%2", str(self.budget_spin.value())))
        pairs, every = state["pairs"], state["all_pairs"]
        if every == 0:
            self.pairs_label.setText(self.tr("There are no questions to train on yet."))
        else:
            self.pairs_label.setText(
                self.tr("%1 question-section pairs to train on (%2 questions in all; of the offline heuristic's "
                        "questions only the title-like ones are used, which measured best).")
                .replace("%1", f"{pairs if pairs >= 16 else every:,}").replace("%2", f"{every:,}"))
        self.start_button.setEnabled((every >= 16 or bool(state.get("judged_sets"))) and not self.project_host.busy)
        job = state["job"]
        resumable = job is not None and job["status"] in RESUMABLE and state["run"] is not None
        self.resume_box.setVisible(resumable)
        if resumable:
            if job["status"] == "interrupted":
                text = self.tr("The last training was interrupted (the app was closed or the computer stopped while it "
                               "ran).")
            else:
                text = self.tr("The last training was stopped before it finished.")
            ckpt = state["checkpoint"]
            if ckpt:
                text += " " + self.tr("A checkpoint after step %1 is saved; Resume continues from there with the same "
                                      "settings.").replace("%1", f"{ckpt:,}")
            else:
                text += " " + self.tr("No checkpoint was saved yet; Resume starts it again with the same settings.")
            self.resume_label.setText(text)
        idle = self._op is None or self._op.finished_state
        validation = state["validation"]
        if validation and idle:
            self._show_validation(validation.get("base"), validation.get("tuned"))
        if idle and not self.chart.points and state["loss_history"]:
            for step, loss in state["loss_history"]:
                self.chart.add_point(step, loss)
            self.live_label.setText(self.tr("The loss of the last training, up to its last checkpoint (step %1).")
                                    .replace("%1", f"{state['loss_history'][-1][0]:,}"))
        self.status.set_status(*self.status_texts(self.info))

    def _show_validation(self, base: dict | None, tuned: dict | None) -> None:
        for row, (key, _) in enumerate(VALIDATION_METRICS):
            for col, values in enumerate((base, tuned)):
                v = (values or {}).get(key)
                item = QTableWidgetItem("-" if v is None else f"{v:.3f}")
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.validation_table.setItem(row, col, item)

    def validation_values(self) -> dict[str, tuple[str, str]]:
        """Metric -> (base, tuned) as the table shows them (tests)."""
        out = {}
        for row, (key, _) in enumerate(VALIDATION_METRICS):
            cells = [self.validation_table.item(row, c) for c in (0, 1)]
            out[key] = tuple(c.text() if c else "" for c in cells)
        return out

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state or {}
        run, job = state.get("run"), state.get("job")
        if state and state.get("all_pairs", 0) < 16 and not state.get("judged_sets"):
            return (self.tr("Nothing to train on yet: at least 16 questions are needed."),
                    self.tr("Generate questions on the Questions page first."))
        if job is not None and job["status"] in RESUMABLE:
            return (self.tr("The last training did not finish."), self.tr("Resume it, or start a new one."))
        if run is not None and run["status"] == "done":
            steps = run["metrics"].get("steps", 0)
            return (self.tr("A tuned model was trained (%1 steps).").replace("%1", f"{steps:,}"),
                    self.tr("Measure it against the base model on the Evaluate page."))
        return (self.tr("No model was trained in this project yet."),
                self.tr("Start the training; the defaults fit this computer."))


def _pick(scores: dict | None) -> dict:
    """The trainer's ``cosine_map@100`` etc. as ``map@100``."""
    return {key: (scores or {}).get(f"cosine_{key}", (scores or {}).get(key)) for key, _ in VALIDATION_METRICS}
