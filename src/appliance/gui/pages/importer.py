"""The Import step: files, folders and CSV/JSONL exports into the project, with a status per file."""
from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.i18n import core_text
from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.dates import DATE_FIELDS
from appliance.pipeline.ingest import RECORD_FORMATS, ImportOptions, ImportReport, collect_files, run_import

PREVIEW_ROWS = 5
PREVIEW_CHARS = 80

#: field names tried first for each picker (lower case)
FIELD_GUESSES = {
    "id": ("id", "doc_id", "document_id", "report_id", "docid", "dokument_id", "befund_id"),
    "text": ("text", "report", "body", "content", "befund", "befundtext", "note", "document"),
    "type": ("type", "doc_type", "document_type", "kind", "category", "typ", "dokumenttyp"),
    "patient": ("patient", "patient_id", "pat_id", "patientid", "mrn", "pid"),
    "title": ("title", "titel", "subject", "betreff"),
}
#: the status keys stored in the table (Qt.UserRole) for each file
IMPORTED, ALREADY, REJECTED, WAITING = "imported", "already", "rejected", "waiting"


def is_record_file(path: Path) -> bool:
    name = path.name.lower()
    return any(name.endswith(ext) for ext in RECORD_FORMATS)


def preview_records(path: Path, limit: int = PREVIEW_ROWS) -> tuple[list[str], list[dict]]:
    """The field names and first ``limit`` rows of a CSV or JSONL(.gz) export, for the pickers.

    Only for display: the import itself reads the file with its own, strict rules."""
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    with raw:
        head = raw.read(1 << 16)
    encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = head.decode(encoding)
    except UnicodeDecodeError as e:
        text = head[: e.start].decode(encoding) if e.start > len(head) - 4 else head.decode("cp1252", errors="replace")
    rows: list[dict] = []
    fields: list[str] = []
    if path.name.lower().endswith(".csv"):
        try:
            dialect = csv.Sniffer().sniff(text[: 1 << 15], delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
        fields = [f for f in (reader.fieldnames or []) if f]
        try:
            for row in reader:
                rows.append(row)
                if len(rows) >= limit:
                    break
        except csv.Error:
            pass
    else:
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue  # a line cut by the preview's buffer, or a bad record (the import reports it)
            if isinstance(obj, dict):
                rows.append(obj)
                fields += [k for k in obj if k not in fields]
            if len(rows) >= limit:
                break
    return fields, rows


def guess_field(kind: str, fields: list[str], rows: list[dict]) -> str | None:
    """The field most likely meant for ``kind`` ("id", "text", ...), or None."""
    lower = {f.lower(): f for f in fields}
    for name in FIELD_GUESSES.get(kind, ()):
        if name in lower:
            return lower[name]
    if kind == "text" and fields:  # the field with the longest values
        return max(fields, key=lambda f: sum(len(str(r.get(f) or "")) for r in rows))
    return None


class ImportPage(Page):
    key = "import"

    def title(self) -> str:
        return self.tr("Import")

    def intro(self) -> str:
        return self.tr("Add the reports to make searchable: single files, whole folders, or CSV/JSONL exports of the "
                       "hospital system (txt, md, pdf, docx, csv, jsonl, also gzipped). Files already in the project "
                       "are skipped, so importing again is always safe. Files that cannot be read are listed with "
                       "the reason; nothing else is lost.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self.setAcceptDrops(True)
        self._paths: list[Path] = []
        self.add_files_button = QPushButton(self.tr("&Add files..."), self)
        self.add_files_button.clicked.connect(self.add_files)
        self.add_folder_button = QPushButton(self.tr("Add f&older..."), self)
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_button = QPushButton(self.tr("Remo&ve selected"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("Clea&r list"), self)
        self.clear_button.clicked.connect(self.clear_list)
        self.import_button = QPushButton(self.tr("I&mport"), self)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.start_import)
        buttons = QHBoxLayout()
        for b in (self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        self.body.addLayout(buttons)
        self.drop_hint = QLabel(self.tr("You can also drag files and folders onto this page."), self)
        self.body.addWidget(self.drop_hint)

        self.table = QTableWidget(0, 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Kind"), self.tr("Status")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 320)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)

        # CSV/JSONL: which field is what
        self.records_group = QGroupBox(self.tr("CSV and JSONL exports: which field holds what"), self)
        outer = QVBoxLayout(self.records_group)
        self.preview_label = QLabel(self.records_group)
        self.preview_label.setWordWrap(True)
        outer.addWidget(self.preview_label)
        self.preview = QTableWidget(0, 0, self.records_group)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setWordWrap(False)
        self.preview.verticalHeader().setDefaultSectionSize(self.preview.fontMetrics().height() + 6)
        self.preview.setMinimumHeight(90)
        outer.addWidget(self.preview, 1)
        form = QGridLayout()
        self.field_combos: dict[str, QComboBox] = {}
        for kind, text, tip in (
            ("text", self.tr("&Text:"), self.tr("The field with the report's text (required).")),
            ("id", self.tr("&Id:"), self.tr("The record's id in the hospital system; without it, the line number is used.")),
            ("type", self.tr("T&ype:"), self.tr("The document type (radiology, pathology, ...); without it, the type is "
                                                "guessed from the text.")),
            ("patient", self.tr("&Patient:"), self.tr("The patient id: all dates of one patient are shifted by the same "
                                                      "number of days when pseudonymizing.")),
            ("title", self.tr("Tit&le:"), self.tr("A title, shown in search results.")),
            ("date", self.tr("Dat&e:"), self.tr("The document's own date (for date filters in search).")),
        ):
            combo = QComboBox(self.records_group)
            combo.setToolTip(tip)
            self.field_combos[kind] = combo
            label = QLabel(text, self.records_group)
            label.setBuddy(combo)
            n = len(self.field_combos) - 1
            form.addWidget(label, n // 2, (n % 2) * 2)
            form.addWidget(combo, n // 2, (n % 2) * 2 + 1)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        outer.addLayout(form)
        self.records_group.setVisible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.records_group)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.body.addWidget(self.splitter, 1)
        order = [self.add_files_button, self.add_folder_button, self.remove_button, self.clear_button,
                 self.import_button, self.table, *self.field_combos.values()]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._update_buttons()

    # ------------------------------------------------------------------ adding files
    @Slot()
    def add_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Add files"), "",
            self.tr("Reports and exports (*.txt *.md *.pdf *.docx *.csv *.jsonl *.jsonl.gz *.ndjson);;All files (*)"))
        self.add_paths(paths)

    @Slot()
    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str | Path]) -> int:
        """Add files, and the files of folders (hidden ones skipped), to the list; returns how many are new."""
        files, unsupported = collect_files([Path(p) for p in paths])
        new = 0
        for path in [*files, *(Path(r.source) for r in unsupported)]:
            path = path.absolute()
            if path in self._paths:
                continue
            self._paths.append(path)
            self._add_row(path)
            new += 1
        self._update_records()
        self._update_buttons()
        return new

    def _add_row(self, path: Path) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QTableWidgetItem(path.name)
        name.setToolTip(str(path))
        name.setData(Qt.ItemDataRole.UserRole, str(path))
        kind = QTableWidgetItem(self.tr("export (records)") if is_record_file(path) else self.tr("file"))
        self.table.setItem(row, 0, name)
        self.table.setItem(row, 1, kind)
        self._set_status(row, WAITING, self.tr("Waiting to be imported"))

    def _set_status(self, row: int, key: str, text: str, tooltip: str = "") -> None:
        item = QTableWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(tooltip or text)
        colors = {IMPORTED: "#1b6e2b", ALREADY: "#555555", REJECTED: "#a40000"}
        if key in colors:
            item.setForeground(QBrush(QColor(colors[key])))
        self.table.setItem(row, 2, item)

    @Slot()
    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self._paths.remove(Path(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)))
            self.table.removeRow(row)
        self._update_records()
        self._update_buttons()

    @Slot()
    def clear_list(self) -> None:
        self._paths.clear()
        self.table.setRowCount(0)
        self.banner.clear()
        self._update_records()
        self._update_buttons()

    def statuses(self) -> dict[str, tuple[str, str]]:
        """File name -> (status key, status text), as the table shows them."""
        out = {}
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 2)
            out[self.table.item(row, 0).text()] = (item.data(Qt.ItemDataRole.UserRole), item.text())
        return out

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ CSV/JSONL fields
    def _record_files(self) -> list[Path]:
        return [p for p in self._paths if is_record_file(p)]

    def _update_records(self) -> None:
        records = self._record_files()
        self.records_group.setVisible(bool(records))
        if not records:
            return
        first = records[0]
        try:
            fields, rows = preview_records(first)
        except OSError:
            fields, rows = [], []
        text = self.tr("Preview of the first rows of %1.").replace("%1", first.name)
        if len(records) > 1:
            text += " " + self.tr("The fields chosen here apply to all %1 exports in the list.").replace("%1", str(len(records)))
        if not fields:
            text += " " + self.tr("No fields could be read from it; the import will list the reason.")
        self.preview_label.setText(text)
        self.preview.clear()
        self.preview.setColumnCount(len(fields))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(fields)
        for r, row in enumerate(rows):
            for c, f in enumerate(fields):
                value = "" if row.get(f) is None else str(row.get(f)).replace("\n", " ")
                self.preview.setItem(r, c, QTableWidgetItem(value[:PREVIEW_CHARS] + ("..." if len(value) > PREVIEW_CHARS else "")))
        for kind, combo in self.field_combos.items():
            current = combo.currentData() if combo.count() else None
            combo.clear()
            if kind == "date":
                combo.addItem(self.tr("(automatic: %1)").replace("%1", ", ".join(DATE_FIELDS[:4]) + ", ..."), None)
            elif kind != "text":
                combo.addItem(self.tr("(none)"), None)
            for f in fields:
                combo.addItem(f, f)
            want = current if current in fields else (guess_field(kind, fields, rows) if kind != "date" else None)
            index = combo.findData(want) if want is not None else 0
            combo.setCurrentIndex(max(0, index))

    def options(self) -> ImportOptions:
        """The ImportOptions the page's list and pickers stand for."""
        pick = {k: c.currentData() if c.count() else None for k, c in self.field_combos.items()}
        return ImportOptions(paths=[str(p) for p in self._paths], id_field=pick["id"], text_field=pick["text"] or "text",
                             type_field=pick["type"], patient_field=pick["patient"], title_field=pick["title"],
                             date_field=pick["date"])

    # ------------------------------------------------------------------ running the import
    @Slot()
    def start_import(self) -> StageOp | None:
        if not self._paths:
            self.banner.show_message(self.tr("Add files or folders first."), "warning")
            return None
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Ope&n the Project page"))
            return None
        self.banner.clear()
        options = self.options()
        for row in range(self.table.rowCount()):
            self._set_status(row, WAITING, self.tr("Waiting to be imported"))

        def job(project, control) -> tuple[ImportReport, dict[str, int]]:
            before = project.db.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
            report = run_import(project, options, control=control)
            added = Counter(r[0] for r in project.db.execute("SELECT source FROM documents WHERE id > ?", [before]))
            return report, dict(added)

        return (StageOp(self, job).with_progress(self.tr("Importing %1 files").replace("%1", str(len(self._paths))))
                .success(self._imported).failure(self._failed).cancelled(self._cancelled).run_in_background())

    def _imported(self, result: tuple[ImportReport, dict[str, int]]) -> None:
        report, added = result
        for row in range(self.table.rowCount()):
            path = self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            whole = [r for r in report.rejected if r.source == path]
            if whole:
                self._set_status(row, REJECTED, self.tr("Rejected: %1").replace("%1", core_text(whole[0].reason)))
            elif is_record_file(Path(path)):
                n = sum(v for k, v in added.items() if k.startswith(path + "#"))
                bad = [r for r in report.rejected if r.source.startswith(path + "#")]
                if n:
                    key, text = IMPORTED, self.tr("Imported: %1 new documents").replace("%1", str(n))
                elif bad:
                    key, text = REJECTED, self.tr("No new documents")
                else:
                    key, text = ALREADY, self.tr("Already in the project")
                tip = text
                if bad:
                    first = bad[0].source.rsplit("#", 1)[-1]
                    text += "; " + self.tr("%1 records rejected (first: %2, %3)").replace("%1", str(len(bad))).replace(
                        "%2", first).replace("%3", core_text(bad[0].reason))
                    tip = "\n".join([text] + [f"{r.source.rsplit('#', 1)[-1]}: {core_text(r.reason)}" for r in bad[:30]])
                self._set_status(row, key, text, tip)
            elif added.get(path):
                self._set_status(row, IMPORTED, self.tr("Imported"))
            else:
                self._set_status(row, ALREADY, self.tr("Already in the project"))
        summary = (self.tr("Imported %1 new documents (%2 sections) in %3 s; %4 were already in the project.")
                   .replace("%1", f"{report.added:,}").replace("%2", f"{report.sections:,}")
                   .replace("%3", f"{report.seconds:.1f}").replace("%4", f"{report.already_present:,}"))
        if report.rejected:
            summary += " " + self.tr("%1 could not be imported (see the list).").replace("%1", f"{len(report.rejected):,}")
        kind = "success" if report.added or report.already_present else "warning"
        if report.added:
            self.banner.show_message(summary, kind, "pseudonymize", self.tr("&Next: Pseudonymize"))
        else:
            self.banner.show_message(summary, kind)

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)

    def _cancelled(self, _exc) -> None:
        self.banner.show_message(self.tr("The import was cancelled. The documents imported so far are kept; import "
                                         "the same files again to add the rest."), "warning")

    # ------------------------------------------------------------------ state
    def _update_buttons(self) -> None:
        has = bool(self._paths)
        busy = self.project_host.busy
        self.remove_button.setEnabled(has and not busy)
        self.clear_button.setEnabled(has and not busy)
        self.import_button.setEnabled(has and not busy)
        self.add_files_button.setEnabled(not busy)
        self.add_folder_button.setEnabled(not busy)

    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self._update_buttons()

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page first.")
        n = info["documents"]
        if n == 0:
            return self.tr("No documents imported yet."), self.tr("Add files or folders, then press Import.")
        return (self.tr("The project holds %1 documents (%2 sections).").replace("%1", f"{n:,}")
                .replace("%2", f"{info['sections']:,}"),
                self.tr("Import more, or go on to Pseudonymize, which replaces names, dates and numbers."))
