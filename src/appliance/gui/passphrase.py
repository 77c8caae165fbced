"""The passphrase dialog: asked when an encrypted project is opened, and twice for a new passphrase."""
from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


class PassphraseDialog(QDialog):
    """One field to open a project; two (typed twice) for a new passphrase. OK stays off until they are usable."""

    def __init__(self, parent: QWidget | None, project_name: str, *, new: bool = False, message: str = ""):
        super().__init__(parent)
        self.new = new
        self.setWindowTitle(self.tr("New passphrase") if new else self.tr("Passphrase"))
        column = QVBoxLayout(self)
        text = (self.tr("Choose a passphrase for “%1”. It encrypts the whole project file and the pseudonym map. "
                        "Keep it safe: without it nobody, not even IT, can open the project.") if new else
                self.tr("“%1” is encrypted. Enter its passphrase to open it."))
        intro = QLabel(text.replace("%1", project_name), self)
        intro.setWordWrap(True)
        column.addWidget(intro)
        self.message = QLabel(message, self)
        self.message.setObjectName("passphraseMessage")
        self.message.setWordWrap(True)
        self.message.setVisible(bool(message))
        column.addWidget(self.message)
        form = QFormLayout()
        self.edit, _ = self._field(form, "passphrase", self.tr("&Passphrase:"))
        self.repeat, repeat_label = self._field(form, "passphraseRepeat", self.tr("&Repeat:"))
        self.repeat.setVisible(new)
        repeat_label.setVisible(new)
        column.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.edit.textChanged.connect(self._check)
        self.repeat.textChanged.connect(self._check)
        self._check()
        self.edit.setFocus()

    def _field(self, form: QFormLayout, name: str, text: str) -> tuple[QLineEdit, QLabel]:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel(text, self)
        label.setBuddy(edit)
        form.addRow(label, edit)
        return edit, label

    @Slot()
    def _check(self) -> None:
        text = self.edit.text()
        usable = bool(text) and "\x00" not in text and (not self.new or text == self.repeat.text())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(usable)
        if self.new and text and self.repeat.text() and text != self.repeat.text():
            self.message.setText(self.tr("The two passphrases differ."))
            self.message.setVisible(True)
        elif self.new:
            self.message.setVisible(False)

    def passphrase(self) -> str:
        return self.edit.text()


def ask_passphrase(parent: QWidget | None, project_name: str, *, new: bool = False, message: str = "") -> str | None:
    """The passphrase typed, or None when the user cancelled."""
    dialog = PassphraseDialog(parent, project_name, new=new, message=message)
    return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
