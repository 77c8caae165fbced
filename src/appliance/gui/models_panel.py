"""The models panel (Settings ▸ Models...): the installed models per kind with their license and whether
their checksums verify (``ModelStore.verify``), what the appliance uses when a kind is missing, adding
a model from a folder (``ModelStore.add``) and importing a model bundle from another hospital
(:func:`appliance.pipeline.bundle.import_bundle`: verified first; its card stays with it). Verifying,
adding and importing run on a helper thread."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.i18n import core_text
from appliance.models import KINDS, ModelStore
from appliance.project import ProjectError


class _Task(QObject):
    """One call on a helper thread; the result (or the exception) is kept on the object, the signals carry
    only the state (as in gui.operations: no Python object crosses threads in a queued signal)."""

    #: on the main thread: "done" or "failed"
    finished = Signal(str)
    _relay = Signal(str)

    def __init__(self, fn, parent: QObject | None = None):
        super().__init__(parent)
        self._fn = fn
        self.result = None
        self.error: BaseException | None = None
        self._relay.connect(self._on_relay, Qt.ConnectionType.QueuedConnection)

    def start(self) -> "_Task":
        threading.Thread(target=self._run, daemon=True, name="appliance-models").start()
        return self

    def _run(self) -> None:
        try:
            self.result = self._fn()
        except BaseException as e:  # noqa: BLE001
            self.error = e
            self._relay.emit("failed")
        else:
            self._relay.emit("done")

    @Slot(str)
    def _on_relay(self, state: str) -> None:
        self.finished.emit(state)


class AddModelDialog(QDialog):
    """Which folder, what kind, name, languages and license of the model to add."""

    def __init__(self, parent: QWidget | None = None, folder: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a model from a folder"))
        self.folder_edit = QLineEdit(folder, self)
        browse = QPushButton(self.tr("&Browse..."), self)
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.kind_combo = QComboBox(self)
        for kind in KINDS:
            self.kind_combo.addItem(kind_name(kind), kind)
        self.name_edit = QLineEdit(self)
        self.name_edit.setPlaceholderText(self.tr("the folder's name"))
        self.languages_edit = QLineEdit(self)
        self.languages_edit.setPlaceholderText(self.tr("e.g. de,en"))
        self.license_edit = QLineEdit(self)
        self.license_edit.setPlaceholderText(self.tr("e.g. Apache-2.0"))
        form = QFormLayout()
        form.addRow(self.tr("&Folder:"), row)
        form.addRow(self.tr("&Kind:"), self.kind_combo)
        form.addRow(self.tr("&Name:"), self.name_edit)
        form.addRow(self.tr("&Languages:"), self.languages_edit)
        form.addRow(self.tr("L&icense:"), self.license_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("The model's folder"), self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def values(self) -> dict:
        return {"source": self.folder_edit.text().strip(), "kind": self.kind_combo.currentData(),
                "name": self.name_edit.text().strip() or None,
                "languages": [s.strip() for s in self.languages_edit.text().split(",") if s.strip()],
                "license": self.license_edit.text().strip()}


def kind_name(kind: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {"embedding": QCoreApplication.translate("ModelsDialog", "Search (embedding) models"),
             "ner": QCoreApplication.translate("ModelsDialog", "PHI detection (NER) models"),
             "translation": QCoreApplication.translate("ModelsDialog", "Translation models"),
             "generator": QCoreApplication.translate("ModelsDialog", "Question generators")}
    return names.get(kind, kind)


def fallback_text(kind: str) -> str:
    """What the appliance uses when no model of ``kind`` is installed."""
    from PySide6.QtCore import QCoreApplication

    texts = {
        "embedding": QCoreApplication.translate("ModelsDialog", "Without another one: the built-in all-MiniLM-L6-v2, "
                                                "which is always installed."),
        "ner": QCoreApplication.translate("ModelsDialog", "Without one: PHI is found by the built-in rules and word lists "
                                          "only (no GLiNER model)."),
        "translation": QCoreApplication.translate("ModelsDialog", "Without one: the Translate step is skipped and the "
                                                  "later steps work on the German text."),
        "generator": QCoreApplication.translate("ModelsDialog", "Without one: questions are written by the offline "
                                                "heuristic, which needs no model."),
    }
    return texts[kind]


class ModelsDialog(QDialog):
    """The installed models per kind, verified; adding one from a folder."""

    def __init__(self, parent: QWidget | None = None, store: ModelStore | None = None):
        super().__init__(parent)
        self.store = store or ModelStore()
        self._tasks: set[_Task] = set()
        self.verified: dict[str, tuple[bool, list[str]]] = {}
        self.setWindowTitle(self.tr("Models"))
        self.resize(900, 520)
        self.store_label = QLabel(self.tr("Model store: %1").replace("%1", str(self.store.root)), self)
        self.store_label.setWordWrap(True)
        self.store_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(self.tr("Every model is a folder on this computer; the sha256 of each of its files was recorded when "
                              "it was added. Verify recomputes them, so you can prove that what runs is what was "
                              "carried in."), self)
        note.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Model"), self.tr("Languages"), self.tr("License"), self.tr("Files"),
                                   self.tr("Checksums")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tree.setRootIsDecorated(True)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.verify_button = QPushButton(self.tr("&Verify checksums"), self)
        self.verify_button.clicked.connect(self.verify)
        self.add_button = QPushButton(self.tr("&Add a model from a folder..."), self)
        self.add_button.clicked.connect(self.add_dialog)
        self.bundle_button = QPushButton(self.tr("&Import a model bundle..."), self)
        self.bundle_button.setToolTip(self.tr("A bundle exported by another hospital's appliance (a folder or a .zip "
                                              "file): its checksums are checked before it is added."))
        self.bundle_button.clicked.connect(self.bundle_dialog)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.verify_button)
        row.addWidget(self.add_button)
        row.addWidget(self.bundle_button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.store_label)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(row)
        self.fill()

    # ------------------------------------------------------------------ the list
    def fill(self) -> None:
        self.tree.clear()
        try:
            models = self.store.list()
        except ProjectError as e:
            models = []
            self.status_label.setText(core_text(e))
        for kind in KINDS:
            top = QTreeWidgetItem(self.tree, [kind_name(kind)])
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            top.setData(0, Qt.ItemDataRole.UserRole, kind)
            of_kind = [m for m in models if m.kind == kind]
            for m in of_kind:
                origin = self.tr("built in") if m.builtin else str(len(m.files))
                item = QTreeWidgetItem(top, [m.name, ", ".join(m.languages) or "-", m.license or self.tr("not recorded"),
                                             origin, self._check_text(m.name)])
                item.setData(0, Qt.ItemDataRole.UserRole, m.name)
                item.setToolTip(0, str(m.path) + (f"\n{m.description}" if m.description else ""))
                if m.description:
                    item.setToolTip(4, m.description)
            if not of_kind:
                QTreeWidgetItem(top, [self.tr("(none installed)")]).setFirstColumnSpanned(True)
            hint = QTreeWidgetItem(top, [fallback_text(kind)])
            hint.setFirstColumnSpanned(True)
            font = hint.font(0)
            font.setItalic(True)
            hint.setFont(0, font)
            top.setExpanded(True)

    def _check_text(self, name: str) -> str:
        if name not in self.verified:
            return self.tr("not checked yet")
        ok, problems = self.verified[name]
        return self.tr("verified") if ok else self.tr("FAILED: %1").replace("%1", "; ".join(problems))

    def rows(self) -> dict[str, list[str]]:
        """Kind -> the texts of its rows (tests)."""
        out = {}
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            out[top.data(0, Qt.ItemDataRole.UserRole)] = [
                " | ".join(top.child(j).text(c) for c in range(5) if top.child(j).text(c))
                for j in range(top.childCount())]
        return out

    # ------------------------------------------------------------------ verify and add
    def _start(self, fn, done) -> _Task:
        task = _Task(fn, self)
        self._tasks.add(task)

        def finished(state: str) -> None:
            self._tasks.discard(task)
            for button in (self.verify_button, self.add_button, self.bundle_button):
                button.setEnabled(True)
            done(task, state)

        task.finished.connect(finished)
        for button in (self.verify_button, self.add_button, self.bundle_button):
            button.setEnabled(False)
        return task.start()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    @Slot()
    def verify(self) -> None:
        self.status_label.setText(self.tr("Recomputing the checksums of every model file..."))
        self._start(self.store.verify, self._verified)

    def _verified(self, task: _Task, state: str) -> None:
        if state != "done":
            self.status_label.setText(self.tr("The checksums could not be computed: %1").replace(
                "%1", str(task.error) if isinstance(task.error, ProjectError) else type(task.error).__name__))
            return
        self.verified = {r.name: (r.ok, r.problems) for r in task.result}
        bad = [r.name for r in task.result if not r.ok]
        if bad:
            self.status_label.setText(self.tr("%1 of %2 models FAILED the check: %3. Add them again from a trusted copy.")
                                      .replace("%1", str(len(bad))).replace("%2", str(len(task.result)))
                                      .replace("%3", ", ".join(bad)))
        else:
            self.status_label.setText(self.tr("Every model verified (%1): each file is as it was when it was added.")
                                      .replace("%1", str(len(task.result))))
        self.fill()

    @Slot()
    def add_dialog(self) -> None:
        dialog = AddModelDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.add_model(**dialog.values())

    def add_model(self, source: str, kind: str, name: str | None = None, languages: list[str] | None = None,
                  license: str = "") -> _Task:
        self.status_label.setText(self.tr("Copying the model into the store and recording its checksums..."))
        return self._start(lambda: self.store.add(source, kind, name=name, languages=languages, license=license),
                           self._added)

    def _added(self, task: _Task, state: str) -> None:
        if state != "done":
            err = task.error
            self.status_label.setText(self.tr("The model could not be added: %1").replace(
                "%1", str(err) if isinstance(err, ProjectError) else type(err).__name__))
            return
        self.status_label.setText(self.tr("Added “%1” (%2 files).").replace("%1", task.result.name).replace(
            "%2", str(len(task.result.files))))
        self.fill()

    @Slot()
    def bundle_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("The model bundle (.zip), or cancel to choose a folder"), "",
                                              self.tr("Model bundles (*.zip)"))
        if not path:
            path = QFileDialog.getExistingDirectory(self, self.tr("The model bundle's folder"))
        if path:
            self.import_bundle(path)

    def import_bundle(self, path: str, name: str | None = None) -> _Task:
        from appliance.pipeline.bundle import import_bundle

        self.status_label.setText(self.tr("Checking the bundle's checksums and adding it to the store..."))
        return self._start(lambda: import_bundle(path, name=name, store=str(self.store.root)), self._bundle_imported)

    def _bundle_imported(self, task: _Task, state: str) -> None:
        if state != "done":
            err = task.error
            self.status_label.setText(self.tr("The bundle was not imported: %1").replace(
                "%1", core_text(err) if isinstance(err, ProjectError) else type(err).__name__))
            return
        self.status_label.setText(self.tr("Imported the bundle as “%1”: %2").replace("%1", task.result.name).replace(
            "%2", task.result.description or "-"))
        self.fill()

    def reject(self) -> None:
        if not self.busy:  # a copy in progress finishes first
            super().reject()
