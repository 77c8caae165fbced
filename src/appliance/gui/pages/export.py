"""The Export step: a placeholder that names exactly what the export will do, until the bundle issue fills it."""
from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout

from appliance.gui.pages.base import Page


class ExportPage(Page):
    key = "export"

    def title(self) -> str:
        return self.tr("Export")

    def intro(self) -> str:
        return self.tr("Exports a bundle with the tuned model (trained on pseudonymized text only) that another hospital can"
                       " install. It contains no documents.")

    def build(self) -> None:
        self.not_built_label = QLabel(self.tr("This step is not built yet in this version of the appliance. Once it is, "
                                              "pressing Export will write one bundle file that holds:"), self)
        self.not_built_label.setObjectName("notBuilt")
        self.not_built_label.setWordWrap(True)
        self.body.addWidget(self.not_built_label)
        group = QGroupBox(self.tr("What the bundle will hold"), self)
        box = QVBoxLayout(group)
        self.items = [
            self.tr("the tuned model: its weights and tokenizer, trained on pseudonymized text only;"),
            self.tr("a model card: the base model and its license, how many reports, sections and questions it was "
                    "trained on (counts only), the training settings and the date;"),
            self.tr("the metrics: base vs tuned on the judged sets and on the held-out generated questions;"),
            self.tr("checksums: the sha256 of every file, so the receiving hospital can check that nothing was changed "
                    "on the way;"),
            self.tr("a PHI leak scan: before the bundle is written, every file in it is searched for the names, dates "
                    "and numbers found in this project's reports; the export stops if one is found."),
        ]
        self.item_labels = []
        for text in self.items:
            label = QLabel("• " + text, group)
            label.setWordWrap(True)
            self.item_labels.append(label)
            box.addWidget(label)
        self.body.addWidget(group)
        self.after_label = QLabel(self.tr("No document, section text or question is put into the bundle."), self)
        self.after_label.setWordWrap(True)
        self.body.addWidget(self.after_label)
        self.export_button = QPushButton(self.tr("&Export bundle..."), self)
        self.export_button.setEnabled(False)
        self.export_button.setToolTip(self.tr("Not built yet in this version."))
        self.body.addWidget(self.export_button)
        self.body.addStretch(1)

    def placeholder_text(self) -> str:
        """Everything the page says the export will do (tests)."""
        return "\n".join([self.not_built_label.text(), *self.items, self.after_label.text()])

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        return (self.tr("Nothing yet: this step is not built in this version."),
                self.tr("Nothing to do here for now; the tuned model stays in the project's folder."))
