"""The Project step: create a project file, open one (or a recent one), and see what it holds."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from appliance.gui.operations import OpError, ProjectHost, StageOp
from appliance.gui.pages.base import Page
from appliance.gui.passphrase import ask_passphrase

SUFFIX = ".appliance"


class ProjectPage(Page):
    key = "project"

    #: a project was opened or created (its path), for the window's recent list
    project_opened = Signal(str)

    def __init__(self, host: ProjectHost, parent: QWidget | None = None, recent: list[str] | None = None):
        self._recent = list(recent or [])
        super().__init__(host, parent)

    def title(self) -> str:
        return self.tr("Project")

    def intro(self) -> str:
        return self.tr("A project is one file that holds your documents and everything the appliance makes from them. "
                       "It stays on this computer. Only one window or command can change a project at a time.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(self.tr("e.g. /data/radiology.appliance"))
        self.path_edit.setClearButtonEnabled(True)
        self.path_edit.returnPressed.connect(self.open_clicked)  # Enter opens; creating takes the button
        self.browse_button = QPushButton(self.tr("&Browse..."), self)
        self.browse_button.clicked.connect(self.browse)
        self.create_button = QPushButton(self.tr("&Create new project"), self)
        self.create_button.clicked.connect(self.create_clicked)
        self.open_button = QPushButton(self.tr("&Open project"), self)
        self.open_button.clicked.connect(self.open_clicked)
        path_label = QLabel(self.tr("Project fi&le:"), self)
        path_label.setBuddy(self.path_edit)
        row = QHBoxLayout()
        row.addWidget(path_label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.encrypt_check = QCheckBox(self.tr("&Encrypt the new project file with a passphrase"), self)
        self.encrypt_check.setToolTip(self.tr("Every report, section and index entry in the file is encrypted, so a "
                                              "copy of the file is unreadable without the passphrase. It also "
                                              "protects the pseudonym map."))
        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        self.body.addLayout(row)
        self.body.addWidget(self.encrypt_check)
        self.body.addLayout(buttons)

        self.recent_group = QGroupBox(self.tr("R&ecent projects"), self)
        self.recent_list = QListWidget(self.recent_group)
        self.recent_list.setToolTip(self.tr("Double-click or press Enter to open."))
        self.recent_list.setMaximumHeight(8 * self.recent_list.fontMetrics().height() + 12)
        self.recent_list.itemActivated.connect(self._recent_activated)
        self.recent_list.currentItemChanged.connect(self._recent_selected)
        QFormLayout(self.recent_group).addRow(self.recent_list)
        self.body.addWidget(self.recent_group)
        self.set_recent(self._recent)

        self.info_group = QGroupBox(self.tr("The open project"), self)
        form = QFormLayout(self.info_group)
        self.info_labels: dict[str, QLabel] = {}
        for key, text in (("path", self.tr("File")), ("schema_version", self.tr("Format version")),
                          ("encrypted", self.tr("Encrypted")),
                          ("documents", self.tr("Documents")), ("sections", self.tr("Sections")),
                          ("patients", self.tr("Patients")), ("languages", self.tr("Languages")),
                          ("doc_types", self.tr("Document types")), ("index", self.tr("Search index"))):
            label = QLabel("-", self.info_group)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.info_labels[key] = label
            form.addRow(text + ":", label)
        self.body.addWidget(self.info_group)
        self.body.addStretch(1)
        QWidget.setTabOrder(self.path_edit, self.browse_button)
        QWidget.setTabOrder(self.browse_button, self.encrypt_check)
        QWidget.setTabOrder(self.encrypt_check, self.create_button)
        QWidget.setTabOrder(self.create_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.recent_list)

    def set_recent(self, paths: list[str]) -> None:
        self._recent = list(paths)
        self.recent_list.clear()
        for p in self._recent:
            item = QListWidgetItem(Path(p).name, self.recent_list)
            item.setToolTip(p)
            item.setData(Qt.ItemDataRole.UserRole, p)
            if not Path(p).exists():
                item.setText(self.tr("%1 (missing)").replace("%1", Path(p).name))
        self.recent_group.setVisible(bool(self._recent))

    # ------------------------------------------------------------------ actions
    def _path(self) -> Path | None:
        text = self.path_edit.text().strip()
        if not text:
            self.banner.show_message(self.tr("Enter where the project file is, or choose it with Browse."), "warning")
            self.path_edit.setFocus()
            return None
        path = Path(text).expanduser()
        if not path.suffix:
            path = path.with_suffix(SUFFIX)
        return path

    @Slot()
    def browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Project file"), self.path_edit.text(),
                                              self.tr("Appliance projects (*.appliance)"),
                                              options=QFileDialog.Option.DontConfirmOverwrite)
        if path:
            self.path_edit.setText(path)

    @Slot()
    def create_clicked(self) -> None:
        path = self._path()
        if path is None:
            return
        passphrase = None
        if self.encrypt_check.isChecked():
            passphrase = ask_passphrase(self, path.name, new=True)
            if passphrase is None:
                return
        self.open_path(path, create=True, passphrase=passphrase)

    @Slot()
    def open_clicked(self) -> None:
        path = self._path()
        if path is not None:
            self.open_path(path)

    @Slot(QListWidgetItem)
    def _recent_activated(self, item: QListWidgetItem) -> None:
        self.open_path(Path(item.data(Qt.ItemDataRole.UserRole)))

    @Slot(QListWidgetItem, QListWidgetItem)
    def _recent_selected(self, item: QListWidgetItem | None, _old=None) -> None:
        if item is not None:
            self.path_edit.setText(item.data(Qt.ItemDataRole.UserRole))

    def open_path(self, path: str | Path, *, create: bool = False, passphrase: str | None = None) -> StageOp:
        """Open (or create) ``path`` on the project's worker thread; an encrypted one asks for its passphrase."""
        self.banner.clear()
        path = Path(path)
        self._opening = (path, passphrase is not None)
        self.path_edit.setText(str(path))
        label = (self.tr("Creating the project %1") if create else self.tr("Opening the project %1")).replace("%1", path.name)
        return (self.project_host.open_project(self, path, create=create, passphrase=passphrase)
                .with_progress(label)
                .success(self._opened)
                .failure(self._failed)
                .run_in_background())

    def _opened(self, info: dict) -> None:
        self.banner.show_message(self.tr("The project “%1” is open.").replace("%1", Path(info["path"]).name), "success")
        self.progress_panel.setVisible(False)
        self.project_opened.emit(str(Path(info["path"]).absolute()))

    def _failed(self, error: OpError) -> None:
        self.progress_panel.setVisible(False)
        opening = getattr(self, "_opening", None)
        if error.kind == "passphrase" and opening is not None:
            path, tried = opening
            passphrase = ask_passphrase(self, path.name, message=error.message if tried else "")
            if passphrase is not None:
                self.open_path(path, passphrase=passphrase)
                return
        self.banner.show_error(error)

    # ------------------------------------------------------------------ status
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        for w in (self.create_button, self.open_button, self.recent_list):
            w.setEnabled(not busy)

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        self.info_group.setVisible(info is not None)
        if info is None:
            return
        fmt = {
            "path": info["path"],
            "schema_version": str(info["schema_version"]),
            "encrypted": (self.tr("yes (the whole file, with the project's passphrase)") if info.get("encrypted") else
                          self.tr("no (File ▸ Protect with a passphrase... encrypts it)")),
            "documents": f"{info['documents']:,}",
            "sections": f"{info['sections']:,}",
            "patients": f"{info['patients']:,}",
            "languages": ", ".join(f"{k}: {v:,}" for k, v in sorted(info["languages"].items())) or "-",
            "doc_types": ", ".join(f"{k}: {v:,}" for k, v in sorted(info["doc_types"].items())) or "-",
            "index": (self.tr("%1 text, model %2; %3 sections with vectors").replace("%1", str(ix["source"]))
                      .replace("%2", str(ix["model"])).replace("%3", f"{ix['vector_sections']:,}")
                      if (ix := info.get("index")) else self.tr("none yet")),
        }
        for key, label in self.info_labels.items():
            label.setText(fmt[key])

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return (self.tr("No project is open."),
                    self.tr("Create a new project, or open one, to begin."))
        name = Path(info["path"]).name
        done = self.tr("The project “%1” is open; it holds %2 documents.").replace("%1", name).replace(
            "%2", f"{info['documents']:,}")
        if info["documents"] == 0:
            return done, self.tr("Import your reports on the Import page.")
        return done, self.tr("Import more reports, or go on to Pseudonymize.")
