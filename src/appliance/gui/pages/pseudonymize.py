"""The Pseudonymize step: the passphrase that protects the map back to the originals (or irreversible
mode), the run (``run_pseudonymize``), then the review (:mod:`appliance.gui.review`)."""
from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.gui.review import WRONG_PASSPHRASE, ReviewPanel
from appliance.pipeline.pseudonymize import PseudonymizeOptions, PseudonymizeReport, run_pseudonymize
from appliance.project.vault import WrongPassphrase

#: a new passphrase has at least this many characters
MIN_PASSPHRASE = 8


def pseudonymize_state(reader) -> dict:
    """On the reader: how far the step is, and how the project's map is protected."""
    from appliance.models import ModelStore

    q = lambda sql: reader.db.execute(sql).fetchone()[0]  # noqa: E731
    try:
        ner = [m.name for m in ModelStore().list("ner")]
    except Exception:  # noqa: BLE001  (a damaged store only hides the option)
        ner = []
    return {"documents": q("SELECT count(*) FROM documents"), "done": q("SELECT count(*) FROM deid_documents"),
            "strict_done": q("SELECT count(*) FROM deid_documents WHERE json_extract(detector, '$.strict')"),
            "spans": q("SELECT count(*) FROM entities WHERE status != 'rejected'"),
            "mode": reader.get_setting("vault.mode"), "ner_models": ner, "encrypted_file": reader.encrypted}


class PseudonymizePage(Page):
    key = "pseudonymize"

    def title(self) -> str:
        return self.tr("Pseudonymize")

    def intro(self) -> str:
        return self.tr("Finds names, dates, addresses, phone and case numbers in every document and replaces them with "
                       "invented ones, the same invented name for the same person throughout, and every date of a patient "
                       "shifted by the same number of days. With a passphrase, the hospital keeps an encrypted map back to "
                       "the originals; in irreversible mode no map is kept. You then review what was found, accept or reject"
                       " spans, add missed ones, and apply. Every later step reads only the pseudonymized text.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None
        self._path = None
        self._ner_offered = False

        self.protect_group = QGroupBox(self.tr("The map back to the original names"), self)
        box = QVBoxLayout(self.protect_group)
        self.mode_label = QLabel(self.protect_group)
        self.mode_label.setWordWrap(True)
        box.addWidget(self.mode_label)
        self.irreversible_check = QCheckBox(self.tr("&Irreversible: keep no map back to the originals"),
                                            self.protect_group)
        self.irreversible_check.toggled.connect(self._mode_changed)
        box.addWidget(self.irreversible_check)
        self.irreversible_warning = QLabel(self.tr(
            "<b>This cannot be undone.</b> No map is kept: nobody, not even the hospital with a passphrase, can find out "
            "later which real name, date or number an invented one stands for. The choice holds for this project from "
            "its first run on. Choose it only when re-identification must never be possible."), self.protect_group)
        self.irreversible_warning.setWordWrap(True)
        self.irreversible_warning.setObjectName("irreversibleWarning")
        self.irreversible_warning.setStyleSheet("#irreversibleWarning { color: #a40000; }")
        self.irreversible_warning.setVisible(False)
        box.addWidget(self.irreversible_warning)
        form = QFormLayout()
        self.passphrase_edit = QLineEdit(self.protect_group)
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setAccessibleName(self.tr("Passphrase"))
        self.confirm_edit = QLineEdit(self.protect_group)
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit.setAccessibleName(self.tr("Confirm passphrase"))
        self.passphrase_label = QLabel(self.tr("Pass&phrase:"), self.protect_group)
        self.passphrase_label.setBuddy(self.passphrase_edit)
        self.confirm_label = QLabel(self.tr("C&onfirm passphrase:"), self.protect_group)
        self.confirm_label.setBuddy(self.confirm_edit)
        form.addRow(self.passphrase_label, self.passphrase_edit)
        form.addRow(self.confirm_label, self.confirm_edit)
        box.addLayout(form)
        self.mismatch_label = QLabel(self.protect_group)
        self.mismatch_label.setObjectName("mismatch")
        self.mismatch_label.setStyleSheet("#mismatch { color: #a40000; }")
        self.mismatch_label.setWordWrap(True)
        box.addWidget(self.mismatch_label)
        for edit in (self.passphrase_edit, self.confirm_edit):
            edit.returnPressed.connect(self.start_pseudonymize)  # Enter runs, like the default button
            edit.textChanged.connect(lambda _=None: self.mismatch_label.setText(""))
        self.body.addWidget(self.protect_group)

        self.detect_group = QGroupBox(self.tr("What is looked for"), self)
        detect = QVBoxLayout(self.detect_group)
        self.strict_check = QCheckBox(self.tr("&Strict mode: also replace every capitalised word that is not an "
                                              "ordinary word"), self.detect_group)
        self.strict_note = QLabel(self.tr(
            "Recommended when a model trained on these texts will be given to another hospital: it also catches the "
            "rare names that the rules and name lists miss. It costs exactness: on the test letters about three in ten "
            "of the words it replaced were not patient data, so search in this project finds a little less. Documents "
            "pseudonymized before keep the mode they were done in."), self.detect_group)
        self.strict_note.setWordWrap(True)
        detect.addWidget(self.strict_check)
        detect.addWidget(self.strict_note)
        self.ner_check = QCheckBox(self.detect_group)
        self.ner_check.setVisible(False)
        self.threshold_spin = QDoubleSpinBox(self.detect_group)
        self.threshold_spin.setRange(0.1, 0.95)
        self.threshold_spin.setSingleStep(0.05)
        self.threshold_spin.setDecimals(2)
        self.threshold_spin.setValue(PseudonymizeOptions.threshold)
        self.threshold_spin.setToolTip(self.tr("How sure the PHI model must be before a span counts: lower finds "
                                               "more, with more false alarms. 0.50 is the default."))
        self.threshold_label = QLabel(self.tr("PHI model &threshold:"), self.detect_group)
        self.threshold_label.setBuddy(self.threshold_spin)
        self.ner_check.toggled.connect(self.threshold_spin.setEnabled)
        ner_row = QHBoxLayout()
        ner_row.addWidget(self.ner_check, 1)
        ner_row.addWidget(self.threshold_label)
        ner_row.addWidget(self.threshold_spin)
        detect.addLayout(ner_row)
        self.body.addWidget(self.detect_group)
        self.run_button = QPushButton(self.tr("&Run pseudonymization"), self)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.start_pseudonymize)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.run_button)
        self.body.addLayout(row)

        self.review_group = QGroupBox(self.tr("Review"), self)
        review_box = QVBoxLayout(self.review_group)
        self.review_intro = QLabel(self.tr(
            "Look at the documents at the top first: they have the most places to check. Select a document to see its "
            "original text; select spans to accept or reject them, or select missed text and add it as a span. Apply "
            "writes the pseudonymized text again. The original text is shown only here, on this screen."),
            self.review_group)
        self.review_intro.setWordWrap(True)
        review_box.addWidget(self.review_intro)
        self.review = ReviewPanel(self.banner, self.review_passphrase, self.review_group)
        review_box.addWidget(self.review, 1)
        self.review_group.setVisible(False)
        self.body.addWidget(self.review_group, 1)
        self.body.addStretch(0)
        order = [self.irreversible_check, self.passphrase_edit, self.confirm_edit, self.strict_check, self.ner_check,
                 self.threshold_spin, self.run_button, self.review.docs_table]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._apply_state(None)

    # ------------------------------------------------------------------ the passphrase
    def has_map(self) -> bool:
        return bool(self._state and self._state["mode"] == "encrypted")

    def is_irreversible(self) -> bool:
        if self._state and self._state["mode"]:
            return self._state["mode"] == "irreversible"
        return self.irreversible_check.isChecked()

    def file_encrypted(self) -> bool:
        """The project file is encrypted: its passphrase (entered on opening) protects the map, no field asks."""
        return bool(self._state and self._state.get("encrypted_file"))

    def review_passphrase(self) -> str | None:
        if self.is_irreversible():
            return None
        if self.file_encrypted():  # remembered when the project was opened
            from appliance.project.encryption import known_passphrase

            return known_passphrase(self.project_host.path) if self.project_host.path else None
        return self.passphrase_edit.text() or None

    @Slot(bool)
    def _mode_changed(self, irreversible: bool) -> None:
        self.irreversible_warning.setVisible(irreversible)
        self._show_fields()

    def _show_fields(self) -> None:
        mode = self._state["mode"] if self._state else None
        new = mode is None
        irreversible = self.is_irreversible()
        self.irreversible_check.setVisible(new)
        self.irreversible_warning.setVisible(new and irreversible)
        asked = not irreversible and not self.file_encrypted()
        for w in (self.passphrase_label, self.passphrase_edit):
            w.setVisible(asked)
        for w in (self.confirm_label, self.confirm_edit):
            w.setVisible(new and asked)
        if self.file_encrypted() and not irreversible:
            self.mode_label.setText(self.tr("The project file is encrypted: the passphrase you opened it with also "
                                            "protects the map back to the originals."))
        elif mode == "encrypted":
            self.mode_label.setText(self.tr("This project keeps an encrypted map back to the originals. Enter its "
                                            "passphrase to pseudonymize new documents or to apply a review."))
        elif mode == "irreversible":
            self.mode_label.setText(self.tr("This project is pseudonymized in irreversible mode: no map back to the "
                                            "originals is kept, and no passphrase is needed."))
        else:
            self.mode_label.setText(self.tr("Choose a passphrase: it protects the encrypted map from invented names back "
                                            "to the real ones, so that an authorised person can re-identify a patient "
                                            "later. Keep it safe: without it the map cannot be opened, and it cannot "
                                            "be recovered."))
        self.mismatch_label.setText("")

    def _check_passphrase(self) -> str | None:
        """The passphrase to use, or None after saying what is wrong."""
        if self.is_irreversible() or self.file_encrypted():
            return ""
        text = self.passphrase_edit.text()
        if self.has_map():
            if not text:
                return self._refuse(self.tr("Enter the project's passphrase."))
            return text
        if len(text) < MIN_PASSPHRASE:
            return self._refuse(self.tr("Choose a passphrase of at least %1 characters.").replace("%1", str(MIN_PASSPHRASE)))
        if text != self.confirm_edit.text():
            self.confirm_edit.clear()
            self.confirm_edit.setFocus()
            return self._refuse(self.tr("The two passphrases are not the same. Type it again in the second field."))
        return text

    def _refuse(self, text: str) -> None:  # returns None: "no passphrase to use"
        self.mismatch_label.setText(text)
        self.banner.show_message(text, "warning")
        return None

    # ------------------------------------------------------------------ running
    def options(self, passphrase: str) -> PseudonymizeOptions:
        ner = None
        if self.ner_check.isVisible() and self.ner_check.isChecked() and self._state and self._state["ner_models"]:
            ner = self._state["ner_models"][0]
        irreversible = self.is_irreversible()
        return PseudonymizeOptions(passphrase=None if irreversible else passphrase, irreversible=irreversible,
                                   ner_model=ner, threshold=round(self.threshold_spin.value(), 2),
                                   strict=self.strict_check.isChecked())

    @Slot()
    def start_pseudonymize(self) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Ope&n the Project page"))
            return None
        if self.project_host.busy:
            return None
        passphrase = self._check_passphrase()
        if passphrase is None:
            return None
        options = self.options(passphrase)

        def job(project, control):
            try:
                return run_pseudonymize(project, options, control=control)
            except WrongPassphrase:
                return WRONG_PASSPHRASE

        return (StageOp(self, job).with_progress(self.tr("Pseudonymizing the documents"))
                .success(self._done).failure(self._failed).cancelled(self._cancelled).run_in_background())

    def _done(self, report) -> None:
        if report == WRONG_PASSPHRASE:
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            text = self.tr("This is not the passphrase this project was protected with. Nothing was changed; enter "
                           "it again.")
            self.mismatch_label.setText(text)
            self.banner.show_message(text, "error")
            return
        assert isinstance(report, PseudonymizeReport)
        text = (self.tr("Pseudonymized %1 documents in %2 s: %3 PHI spans found and replaced.")
                .replace("%1", f"{report.documents:,}").replace("%2", f"{report.seconds:.1f}")
                .replace("%3", f"{report.entities:,}"))
        if report.already_done:
            text += " " + self.tr("%1 documents were done before.").replace("%1", f"{report.already_done:,}")
        if report.propagated:
            text += " " + self.tr("%1 more mentions of names found in other letters of the same patient were replaced "
                                  "too.").replace("%1", f"{report.propagated:,}")
        text += " " + self.tr("Now review them below, starting at the top of the list.")
        self.banner.show_message(text, "success", "translate", self.tr("&Next: Translate"))
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)
        self.refresh_state()

    def _cancelled(self, _exc) -> None:
        self.banner.show_message(self.tr("Pseudonymization was stopped. The documents done so far are kept; run it "
                                         "again to do the rest."), "warning")
        self.refresh_state()

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.detect_group.setEnabled(not busy)
        self.review.set_busy(busy)

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        path = self.project_host.path
        if path != self._path:  # another project: nothing of the last one stays on screen
            self._path = path
            self.passphrase_edit.clear()
            self.confirm_edit.clear()
            self.irreversible_check.setChecked(False)
            self.strict_check.setChecked(False)
            self._ner_offered = False
            self.review.clear()
            self._apply_state(None)
        if info is not None and not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(pseudonymize_state, self._apply_state)

    def _apply_state(self, state: dict | None) -> None:
        self._state = state
        self._show_fields()
        ner = state["ner_models"] if state else []
        self.ner_check.setVisible(bool(ner))
        self.threshold_label.setVisible(bool(ner))
        self.threshold_spin.setVisible(bool(ner))
        if ner:
            self.ner_check.setText(self.tr("Also use the installed PHI model (%1) beside the rules and name lists")
                                   .replace("%1", ner[0]))
            if not self._ner_offered:  # on by default, once: a later refresh keeps the user's choice
                self.ner_check.setChecked(True)
                self._ner_offered = True
        done = bool(state and state["done"])
        self.review_group.setVisible(done)
        if done:
            self.review.refresh()
        if state and state["documents"] and state["done"] >= state["documents"]:
            self.run_button.setText(self.tr("&Run again for new documents"))
        else:
            self.run_button.setText(self.tr("&Run pseudonymization"))
        self.status.set_status(*self.status_texts(self.info))

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state
        if not info["documents"]:
            return self.tr("No documents imported yet."), self.tr("Import documents on the Import page first.")
        if not state or not state["done"]:
            return (self.tr("None of the %1 documents is pseudonymized yet.").replace("%1", f"{info['documents']:,}"),
                    self.tr("Choose a passphrase (or irreversible mode) and press Run."))
        done = (self.tr("%1 of %2 documents are pseudonymized (%3 PHI spans).")
                .replace("%1", f"{state['done']:,}").replace("%2", f"{state['documents']:,}")
                .replace("%3", f"{state['spans']:,}"))
        if state["strict_done"]:
            done += " " + self.tr("%1 of them in strict mode.").replace("%1", f"{state['strict_done']:,}")
        if state["done"] < state["documents"]:
            return done, self.tr("Run it again to pseudonymize the remaining documents.")
        return done, self.tr("Review the riskiest documents below and apply, then go on to Translate.")
