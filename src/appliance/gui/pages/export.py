"""The Export step: a model bundle for another hospital (:func:`appliance.pipeline.bundle.export_bundle`):
the tuned model as a standard sentence-transformers folder, its card, metrics and checksums, after a PHI
leak scan of every file. A project whose pseudonymization was not reviewed or not strict is exported only
after the user confirms it (the card says so)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QCheckBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout

from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.bundle import ExportOptions, ExportReport, export_bundle


def export_state(reader) -> dict:
    """On the reader: is there a tuned model, and how was the project pseudonymized."""
    from appliance.models.project_models import TUNED_SETTING
    from appliance.pipeline.bundle import pseudonymization_status

    return {"tuned": reader.get_setting(TUNED_SETTING), "pseudonymization": pseudonymization_status(reader)}


class ExportPage(Page):
    key = "export"

    def title(self) -> str:
        return self.tr("Export")

    def intro(self) -> str:
        return self.tr("Exports a bundle with the tuned model (trained on pseudonymized text only) that another hospital can"
                       " install. It contains no documents.")

    def build(self) -> None:
        self._state: dict | None = None
        group = QGroupBox(self.tr("What the bundle holds"), self)
        box = QVBoxLayout(group)
        self.items = [
            self.tr("the tuned model: its weights and tokenizer, trained on pseudonymized text only, as a standard "
                    "sentence-transformers folder;"),
            self.tr("a model card: the base model and its license, how many reports, sections and questions it was "
                    "trained on (counts only), the pseudonymization and its measured recall, intended use and limits;"),
            self.tr("the metrics: base vs tuned on the judged sets (cross-validated where it learned from them) and a chart;"),
            self.tr("checksums: the sha256 of every file, so the receiving hospital can check that nothing was changed "
                    "on the way;"),
            self.tr("a PHI leak scan: before the bundle is written, every file in it is searched for the names, dates "
                    "and numbers found in this project's reports; the export stops if one is found."),
        ]
        for text in self.items:
            label = QLabel("• " + text, group)
            label.setWordWrap(True)
            box.addWidget(label)
        self.body.addWidget(group)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.body.addWidget(self.state_label)
        self.zip_check = QCheckBox(self.tr("Write one &.zip file (easier to carry)"), self)
        self.zip_check.setChecked(True)
        self.export_button = QPushButton(self.tr("&Export bundle..."), self)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.choose_and_export)
        row = QHBoxLayout()
        row.addWidget(self.zip_check)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.body.addLayout(row)
        self.body.addStretch(1)

    # ------------------------------------------------------------------ exporting
    @Slot()
    def choose_and_export(self) -> StageOp | None:
        zipped = self.zip_check.isChecked()
        suggested = str(Path.home() / (f"{Path(self.project_host.path or 'model').stem}-bundle" + (".zip" if zipped else "")))
        if zipped:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the model bundle"), suggested,
                                                  self.tr("Model bundles (*.zip)"))
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.tr("The new bundle folder"), suggested)
        return self.export_to(path, zipped) if path else None

    def export_to(self, path: str, zipped: bool = True, confirmed: bool = False) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Open the &Project page"))
            return None
        options = ExportOptions(out=path, zip=zipped, confirmed=confirmed)
        self._last = options
        op = (StageOp(self, lambda project, control: export_bundle(project, options))
              .with_progress(self.tr("Exporting the model bundle")).success(self._exported).failure(self._failed))
        return op.run_in_background()

    def confirm(self, reasons: str) -> bool:
        """Asks whether to export anyway (tests replace it)."""
        answer = QMessageBox.question(
            self, self.tr("Export anyway?"),
            self.tr("%1\n\nThe model card will say so. Export anyway?").replace("%1", reasons),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _failed(self, error: OpError) -> None:
        if error.next_step == "confirm" and self.confirm(error.message):
            self.export_to(self._last.out, self._last.zip, confirmed=True)
            return
        self.banner.show_error(error)

    def _exported(self, report: ExportReport) -> None:
        text = (self.tr("Wrote %1 (%2 files, %3 MB). The PHI leak scan searched %4 original PHI strings in every file "
                        "and found none.").replace("%1", report.path).replace("%2", str(report.files))
                .replace("%3", f"{report.bytes / 1e6:.1f}").replace("%4", f"{report.phi_strings:,}"))
        if report.caveats:
            text += " " + self.tr("The card states what you confirmed: %1.").replace("%1", "; ".join(report.caveats))
        self.banner.show_message(text, "success")

    # ------------------------------------------------------------------ state
    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is not None and not self.project_host.busy:
            self.query_state(export_state, self._apply_state)

    def _apply_state(self, state: dict) -> None:
        self._state = state
        ps = state["pseudonymization"]
        parts = [self.tr("A tuned model is ready to export.") if state["tuned"] else
                 self.tr("There is no tuned model yet: train one on the Train page first.")]
        parts.append(self.tr("Pseudonymization: strict mode %1; %2 of %3 documents flagged for review were reviewed.")
                     .replace("%1", self.tr("yes") if ps["strict"] else self.tr("no"))
                     .replace("%2", str(ps["risky_reviewed"])).replace("%3", str(ps["risky_documents"])))
        if not (ps["strict"] and ps["reviewed"]):
            parts.append(self.tr("The export will ask you to confirm this, and the model card will state it."))
        self.state_label.setText(" ".join(parts))
        self.export_button.setEnabled(bool(state["tuned"]) and not self.project_host.busy)
        self.status.set_status(*self.status_texts(self.info))

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        if not (self._state or {}).get("tuned"):
            return self.tr("Nothing to export yet."), self.tr("Train a model on the Train page first.")
        return (self.tr("A tuned model can be exported."),
                self.tr("Export the bundle and check it with 'appliance bundle verify' before it leaves the building."))
