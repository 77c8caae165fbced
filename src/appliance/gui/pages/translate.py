"""The Translate step: which translation models are installed, the run (``run_translate``), and, when no
model is installed, a plain offer to skip the step."""
from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.translate import TranslateOptions, TranslateReport, run_translate

#: the project setting that records that the steward skipped translation
SKIPPED_SETTING = "gui.translate_skipped"


def translate_state(reader) -> dict:
    """On the reader: the installed translation models and how far translation is."""
    from appliance.models import ModelStore

    try:
        models = [m.name for m in ModelStore().list("translation")]
    except Exception:  # noqa: BLE001  (a damaged store counts as none installed)
        models = []
    q = lambda sql: reader.db.execute(sql).fetchone()[0]  # noqa: E731
    german = "FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.language = 'de'"
    return {
        "models": models,
        "german_documents": q("SELECT count(*) FROM documents WHERE language = 'de'"),
        "german_sections": q(f"SELECT count(*) {german}"),
        "pseudonymized": q(f"SELECT count(*) {german} AND EXISTS (SELECT 1 FROM section_texts t WHERE "
                           "t.section_id = s.id AND t.stage = 'pseudonymized')"),
        "translated": q(f"SELECT count(*) {german} AND EXISTS (SELECT 1 FROM section_texts t WHERE "
                        "t.section_id = s.id AND t.stage = 'translated')"),
        "skipped": reader.get_setting(SKIPPED_SETTING) is not None,
    }


def mark_skipped(project, control) -> None:
    """On the writer: remember that translation was skipped on purpose (counts only in the audit log)."""
    project.set_setting(SKIPPED_SETTING, "1")
    project.audit("translate-skipped")


class TranslatePage(Page):
    key = "translate"

    def title(self) -> str:
        return self.tr("Translate")

    def intro(self) -> str:
        return self.tr("Translates German documents into English with an installed translation model, keeping the section "
                       "structure and the invented names. When no translation model is installed, the step can be skipped: "
                       "the later steps then work on the German text.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None

        self.models_group = QGroupBox(self.tr("Installed translation models"), self)
        box = QVBoxLayout(self.models_group)
        self.models_label = QLabel(self.models_group)
        self.models_label.setWordWrap(True)
        box.addWidget(self.models_label)
        row = QHBoxLayout()
        self.model_label = QLabel(self.tr("&Model:"), self.models_group)
        self.model_combo = QComboBox(self.models_group)
        self.model_label.setBuddy(self.model_combo)
        row.addWidget(self.model_label)
        row.addWidget(self.model_combo, 1)
        box.addLayout(row)
        self.body.addWidget(self.models_group)

        self.none_label = QLabel(self.tr(
            "<b>No translation model is installed.</b> The documents can stay in their language: German reports are "
            "then pseudonymized, get questions and are trained and searched in German. The base search model "
            "(all-MiniLM-L6-v2) learned from English text, so on German text it finds matching words well but meaning "
            "less well; training on the project's own questions narrows that gap. To translate, add a translation model "
            "(Settings ▸ Models) and come back to this page: the step can run at any time later."), self)
        self.none_label.setWordWrap(True)
        self.none_label.setObjectName("noTranslationModel")
        self.body.addWidget(self.none_label)

        self.counts_label = QLabel(self)
        self.counts_label.setWordWrap(True)
        self.body.addWidget(self.counts_label)

        self.skip_button = QPushButton(self.tr("&Skip translation"), self)
        self.skip_button.setToolTip(self.tr("Go on to the Questions step with the text in its own language."))
        self.skip_button.clicked.connect(self.skip)
        self.run_button = QPushButton(self.tr("&Translate"), self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start_translate)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.run_button)
        self.body.addLayout(buttons)
        self.body.addStretch(1)
        QWidget.setTabOrder(self.model_combo, self.run_button)
        QWidget.setTabOrder(self.run_button, self.skip_button)
        self._apply_state(None)

    # ------------------------------------------------------------------ running
    def options(self) -> TranslateOptions:
        return TranslateOptions(model=self.model_combo.currentData())

    @Slot()
    def start_translate(self) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Ope&n the Project page"))
            return None
        if not (self._state and self._state["models"]):
            self.banner.show_message(self.tr("No translation model is installed: skip this step, or add a model first."),
                                     "warning")
            return None
        options = self.options()
        return (StageOp(self, lambda project, control: run_translate(project, options, control=control))
                .with_progress(self.tr("Translating the German sections")).success(self._done)
                .failure(self._failed).cancelled(self._cancelled).run_in_background())

    def _done(self, report: TranslateReport) -> None:
        if not report.sections:
            if report.already_done:
                text = self.tr("Nothing to translate: all %1 pseudonymized German sections are translated.").replace(
                    "%1", f"{report.already_done:,}")
            else:
                text = self.tr("Nothing to translate: the project has no pseudonymized German sections.")
        else:
            text = (self.tr("Translated %1 sections of %2 German documents in %3 s with %4 (%5); %6 were translated "
                            "before.")
                    .replace("%1", f"{report.sections:,}").replace("%2", f"{report.documents:,}")
                    .replace("%3", f"{report.seconds:.1f}").replace("%4", report.model)
                    .replace("%5", report.device or "-").replace("%6", f"{report.already_done:,}"))
            if report.flagged:
                text += " " + self.tr("%1 sections lost an invented name or date in translation and are flagged for "
                                      "review.").replace("%1", f"{report.flagged:,}")
            else:
                text += " " + self.tr("Every invented name and date survived the translation.")
            if report.runaway_segments:
                text += " " + self.tr("%1 sentences hit the length limit (the model may not suit these texts).").replace(
                    "%1", f"{report.runaway_segments:,}")
        if report.not_pseudonymized:
            text += " " + self.tr("%1 German sections are not pseudonymized yet and were not translated.").replace(
                "%1", f"{report.not_pseudonymized:,}")
        self.banner.show_message(text, "success", "questions", self.tr("&Next: Questions"))
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)
        self.refresh_state()

    def _cancelled(self, _exc) -> None:
        self.banner.show_message(self.tr("Translation was stopped. The sections translated so far are kept; run it "
                                         "again to continue."), "warning")
        self.refresh_state()

    @Slot()
    def skip(self) -> StageOp | None:
        """Go on without translating (recorded in the project, so the page says so later)."""
        self.banner.clear()
        if self.project_host.path is None:
            self.navigate.emit("questions")
            return None
        return StageOp(self, mark_skipped).success(self._skipped).failure(self._failed).run_in_background()

    def _skipped(self, _result) -> None:
        self.refresh_state()
        self.navigate.emit("questions")

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self._update_buttons()

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is None:
            self._apply_state(None)
        elif not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(translate_state, self._apply_state)

    def _apply_state(self, state: dict | None) -> None:
        self._state = state
        models = state["models"] if state else []
        current = self.model_combo.currentData()
        self.model_combo.clear()
        for name in models:
            self.model_combo.addItem(name, name)
        if current in models:
            self.model_combo.setCurrentIndex(models.index(current))
        self.models_group.setVisible(bool(models))
        self.none_label.setVisible(state is not None and not models)
        if models:
            self.models_label.setText(self.tr("%1 installed. The first one is used unless you choose another.")
                                      .replace("%1", ", ".join(models)))
        if state is None:
            self.counts_label.setText("")
        elif not state["german_documents"]:
            self.counts_label.setText(self.tr("The project has no German documents: there is nothing to translate."))
        else:
            self.counts_label.setText(
                self.tr("German documents: %1, with %2 sections; %3 of them are pseudonymized and %4 translated.")
                .replace("%1", f"{state['german_documents']:,}").replace("%2", f"{state['german_sections']:,}")
                .replace("%3", f"{state['pseudonymized']:,}").replace("%4", f"{state['translated']:,}"))
        self._update_buttons()
        self.status.set_status(*self.status_texts(self.info))

    def _update_buttons(self) -> None:
        busy = self.project_host.busy
        state = self._state
        has_models = bool(state and state["models"])
        self.run_button.setVisible(has_models)
        self.run_button.setEnabled(has_models and not busy)
        self.skip_button.setVisible(state is not None and (not has_models or not state["german_documents"]))
        self.skip_button.setEnabled(not busy)
        if state is not None and not state["german_documents"]:
            self.skip_button.setText(self.tr("&Go on to Questions"))
        else:
            self.skip_button.setText(self.tr("&Skip translation"))

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state
        if state is None:
            return self.tr("Reading the project..."), ""
        if not state["german_documents"]:
            return self.tr("No German documents: nothing to translate."), self.tr("Go on to Questions.")
        if state["translated"] and state["translated"] >= state["german_sections"]:
            return (self.tr("All %1 German sections are translated.").replace("%1", f"{state['german_sections']:,}"),
                    self.tr("Go on to Questions."))
        if not state["models"]:
            if state["skipped"]:
                return (self.tr("Translation was skipped: the documents stay in their language."),
                        self.tr("Go on to Questions, or add a translation model and translate later."))
            return (self.tr("No translation model is installed."),
                    self.tr("Skip translation, or add a translation model (Settings ▸ Models)."))
        if not state["pseudonymized"]:
            return self.tr("Nothing is pseudonymized yet."), self.tr("Pseudonymize the documents first.")
        return (self.tr("%1 of %2 German sections are translated.").replace("%1", f"{state['translated']:,}")
                .replace("%2", f"{state['german_sections']:,}"),
                self.tr("Press Translate; a stopped run continues where it stopped."))
