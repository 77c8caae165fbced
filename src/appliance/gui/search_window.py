"""The search window for clinical departments: a query box anyone can use, ranked reports with their
matching passages (one colour per query term), filters, a viewer, a patient view, saved searches, the
user's history and a CSV export (in the spirit of EMERSE, the full-text search of clinical notes at
Michigan Medicine).

Threads: searching runs on the host's reader connection (QueryOp) and recording it (history and audit
log) on the writer (StageOp), so a running job never blocks a search and every search is recorded.
The search model is loaded once, on a thread of its own, when the window opens: until it is ready,
searches run by keyword (the window says so) and the model joins when it is loaded.
"""
from __future__ import annotations

import html
import threading
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QObject, QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from appliance.gui import log
from appliance.gui.operations import OpError, ProjectHost, QueryOp, StageOp
from appliance.gui.viewer import DocumentViewer, term_colour
from appliance.gui.widgets import MessageBanner

#: documents listed per search
RESULTS = 50
ANY = ""


class _Loaded(QObject):
    """Carries "the model is loaded" from the loading thread to the window (queued signal)."""

    done = Signal(str)  # "" or the kind of error


class SearchWindow(QMainWindow):
    """Search one project. ``host``: the wizard's (share its project), or None to open ``project``
    in a host of its own (``appliance gui --search PROJECT``)."""

    def __init__(self, host: ProjectHost | None = None, project: str | Path | None = None, *,
                 settings: QSettings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.own_host = host is None
        self.project_host = host or ProjectHost(self)
        self.settings = settings
        #: the last result shown (a SearchResult) and its patient groups
        self.result = None
        self.groups: list = []
        #: searches shown and searches recorded so far in this window (tests wait on them)
        self.searches = 0
        self.recorded = 0
        self.model_state = "none"  # none, loading, ready, failed, absent
        self.saved: list[dict] = []
        self.history: list[dict] = []
        self._searcher = None  # reader thread only
        self._encoder = None  # set by the loading thread, handed to the searcher on the reader thread
        self._search_op: QueryOp | None = None
        self._again: bool = False
        self._view_op: QueryOp | None = None
        self._loaded = _Loaded(self)
        self._loaded.done.connect(self._model_loaded)
        self._build_ui()
        self.project_host.project_changed.connect(self._project_changed)
        self.resize(1200, 800)
        self._project_arg = project
        if project is not None:
            (self.project_host.open_project(self, project).with_progress(self.tr("Opening the project"))
             .failure(self._open_failed).run_in_background())
        elif self.project_host.path is not None:
            self._project_changed(self.project_host.path)

    # ------------------------------------------------------------------ building
    def _build_ui(self) -> None:
        self.setWindowTitle(self.tr("Search the reports"))
        central = QWidget(self)
        column = QVBoxLayout(central)
        self.banner = MessageBanner(central)
        column.addWidget(self.banner)

        self.query_edit = QLineEdit(central)
        self.query_edit.setObjectName("searchQuery")
        self.query_edit.setAccessibleName(self.tr("Search for"))
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("&Search"), central)
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        query_label = QLabel(self.tr("Search &for:"), central)
        query_label.setBuddy(self.query_edit)
        self.mode_combo = QComboBox(central)
        self.mode_combo.setObjectName("searchMode")
        self.mode_combo.addItem(self.tr("Words and meaning (recommended)"), "hybrid")
        self.mode_combo.addItem(self.tr("Exact words"), "keyword")
        self.mode_combo.addItem(self.tr("Meaning only"), "dense")
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        mode_label = QLabel(self.tr("&How:"), central)
        mode_label.setBuddy(self.mode_combo)
        row = QHBoxLayout()
        row.addWidget(query_label)
        row.addWidget(self.query_edit, 1)
        row.addWidget(mode_label)
        row.addWidget(self.mode_combo)
        row.addWidget(self.search_button)
        column.addLayout(row)
        self.mode_note = QLabel(central)
        self.mode_note.setObjectName("modeNote")
        self.mode_note.setWordWrap(True)
        column.addWidget(self.mode_note)

        # filters
        self.filter_group = QGroupBox(self.tr("Only reports"), central)
        form = QHBoxLayout(self.filter_group)
        self.type_combo = QComboBox(self.filter_group)
        self.type_combo.setObjectName("filterType")
        self.language_combo = QComboBox(self.filter_group)
        self.language_combo.setObjectName("filterLanguage")
        self.date_check = QCheckBox(self.tr("&dated from"), self.filter_group)
        self.date_from = QDateEdit(self.filter_group)
        self.date_to = QDateEdit(self.filter_group)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.date_check.toggled.connect(self.date_from.setEnabled)
        self.date_check.toggled.connect(self.date_to.setEnabled)
        self.patient_edit = QLineEdit(self.filter_group)
        self.patient_edit.setObjectName("filterPatient")
        self.patient_edit.setPlaceholderText(self.tr("any patient"))
        self.patient_edit.returnPressed.connect(self.search)
        for text, widget in ((self.tr("of &type"), self.type_combo), (self.tr("in &language"), self.language_combo)):
            label = QLabel(text, self.filter_group)
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget)
        form.addWidget(self.date_check)
        form.addWidget(self.date_from)
        to_label = QLabel(self.tr("to"), self.filter_group)
        form.addWidget(to_label)
        form.addWidget(self.date_to)
        patient_label = QLabel(self.tr("of &patient"), self.filter_group)
        patient_label.setBuddy(self.patient_edit)
        form.addWidget(patient_label)
        form.addWidget(self.patient_edit, 1)
        column.addWidget(self.filter_group)

        # the list, the patients and the viewer
        self.count_label = QLabel(central)
        self.count_label.setObjectName("resultCount")
        self.save_button = QPushButton(self.tr("Sa&ve search..."), central)
        self.save_button.clicked.connect(self.save_current)
        self.saved_button = QToolButton(central)
        self.saved_button.setText(self.tr("Saved sea&rches"))
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self.saved_button)
        self.saved_button.setMenu(self.saved_menu)
        self.history_button = QToolButton(central)
        self.history_button.setText(self.tr("Histor&y"))
        self.history_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.history_menu = QMenu(self.history_button)
        self.history_button.setMenu(self.history_menu)
        self.export_button = QPushButton(self.tr("&Export list..."), central)
        self.export_button.clicked.connect(self.export_dialog)
        self.export_text_check = QCheckBox(self.tr("with the te&xt"), central)
        self.export_text_check.setToolTip(self.tr("Also write the matching passages into the file. Without it, the "
                                                  "file holds only ids, types, dates, patients and scores."))
        self.judge_button = QPushButton(self.tr("&Judged questions..."), central)
        self.judge_button.setToolTip(self.tr("Build a set of questions with the reports that answer them, to measure "
                                             "how well the search models find them"))
        self.judge_button.clicked.connect(self.open_judge_builder)
        tools = QHBoxLayout()
        tools.addWidget(self.count_label, 1)
        for w in (self.save_button, self.saved_button, self.history_button, self.export_button, self.export_text_check,
                  self.judge_button):
            tools.addWidget(w)
        column.addLayout(tools)

        self.results_table = QTableWidget(0, 7, central)
        self.results_table.setObjectName("searchResults")
        self.results_table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Report"), self.tr("Type"), self.tr("Date"),
                                                      self.tr("Patient"), self.tr("Score"),
                                                      self.tr("Where it matches")])
        self.results_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results_table.verticalHeader().setVisible(False)
        header = self.results_table.horizontalHeader()
        for col in (0, 2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 150)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.results_table.setWordWrap(True)
        self.results_table.itemSelectionChanged.connect(self._result_selected)
        self.patients_tree = QTreeWidget(central)
        self.patients_tree.setObjectName("patientView")
        self.patients_tree.setHeaderLabels([self.tr("Patient / report"), self.tr("Reports"), self.tr("Type"),
                                            self.tr("Date")])
        self.patients_tree.itemSelectionChanged.connect(self._patient_item_selected)
        self.tabs = QTabWidget(central)
        self.tabs.addTab(self.results_table, self.tr("Rep&orts"))
        self.tabs.addTab(self.patients_tree, self.tr("P&atients"))
        self.viewer = DocumentViewer(central)
        split = QSplitter(Qt.Orientation.Horizontal, central)
        split.addWidget(self.tabs)
        split.addWidget(self.viewer)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([720, 480])
        split.setChildrenCollapsible(False)
        column.addWidget(split, 1)
        self.setCentralWidget(central)

        close = QAction(self.tr("&Close"), self, shortcut=QKeySequence.StandardKey.Close, triggered=self.close)
        find = QAction(self, shortcut=QKeySequence("Ctrl+L"), triggered=self._focus_query)
        self.addAction(close)
        self.addAction(find)
        order = [self.query_edit, self.mode_combo, self.search_button, self.type_combo, self.language_combo,
                 self.date_check, self.date_from, self.date_to, self.patient_edit, self.save_button, self.saved_button,
                 self.history_button, self.export_button, self.export_text_check, self.tabs, self.results_table]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._mode_changed()
        self._set_enabled(False)
        self._show_saved()
        self._show_history()

    def _focus_query(self) -> None:
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    # ------------------------------------------------------------------ project and model
    def _open_failed(self, error: OpError, tried: bool = False) -> None:
        if error.kind == "passphrase" and self._project_arg is not None:
            from appliance.gui.passphrase import ask_passphrase

            passphrase = ask_passphrase(self, Path(self._project_arg).name, message=error.message if tried else "")
            if passphrase is not None:
                (self.project_host.open_project(self, self._project_arg, passphrase=passphrase)
                 .with_progress(self.tr("Opening the project"))
                 .failure(lambda e: self._open_failed(e, True)).run_in_background())
                return
        self.banner.show_error(error)

    @Slot(object)
    def _project_changed(self, path) -> None:
        self._searcher = None
        self._encoder = None
        self.result = None
        self._fill_results()
        self.viewer.show_view(None)
        if path is None:
            self._set_enabled(False)
            self.model_state = "none"
            self._update_placeholder()
            return
        self.setWindowTitle(self.tr("Search the reports: %1").replace("%1", Path(path).name))
        self._set_enabled(True)
        QueryOp(self, self._prepare, host=self.project_host).success(self._prepared).failure(
            self._prepare_failed).run_in_background()
        self._refresh_lists()

    def _prepare(self, reader) -> dict:
        """Reader thread: the filter values, and the model the searcher will need (None: keyword only)."""
        from appliance.pipeline.search import filter_values

        values = filter_values(reader)
        searcher = self._searcher_for(reader)
        return {"values": values, "model_path": searcher.model_path_to_load(), "device": searcher.device}

    def _searcher_for(self, reader):
        """The reader thread's Searcher for this reader connection (made once, reused)."""
        from appliance.pipeline.search import Searcher

        if self._searcher is None or self._searcher.project is not reader:
            self._searcher = Searcher(reader)
        if self._searcher.encoder is None and self._encoder is not None:
            self._searcher.encoder = self._encoder
        return self._searcher

    def _prepared(self, state: dict) -> None:
        self._fill_filters(state["values"])
        path = state["model_path"]
        if path is None:
            self.model_state = "absent"
        else:
            self.model_state = "loading"
            threading.Thread(target=self._load_model, args=(Path(path), state["device"]), daemon=True,
                             name="appliance-search-model").start()
        self._update_placeholder()

    def _prepare_failed(self, error: OpError) -> None:
        self.model_state = "failed"
        self.banner.show_error(error)
        self._update_placeholder()

    def _load_model(self, path: Path, device: str) -> None:
        """Its own thread: load the embedding model (files and torch only, no project)."""
        try:
            from appliance.models.embedding import load_sentence_transformer

            model = load_sentence_transformer(path, device)
            model.encode(["warm up"], show_progress_bar=False)
            self._encoder = model
            problem = ""
        except Exception as e:  # noqa: BLE001 - any failure means keyword-only search, said in the window
            log.log_failure("Loading the search model", e)
            problem = type(e).__name__
        try:
            self._loaded.done.emit(problem)
        except RuntimeError:  # the window is gone
            pass

    @Slot(str)
    def _model_loaded(self, problem: str) -> None:
        self.model_state = "failed" if problem else "ready"
        self._update_placeholder()
        if problem:
            self.banner.show_message(self.tr("The search model could not be loaded, so searches find only the exact "
                                             "words (the log file has the details)."), "warning")

    def _update_placeholder(self) -> None:
        texts = {
            "none": self.tr("Open a project to search its reports"),
            "loading": self.tr("Loading the search model... exact-word search works already"),
            "ready": self.tr("Type what you are looking for and press Enter"),
            "absent": self.tr("Type what you are looking for and press Enter (exact words: no search model)"),
            "failed": self.tr("Type what you are looking for and press Enter (exact words only)"),
        }
        self.query_edit.setPlaceholderText(texts[self.model_state])

    def _set_enabled(self, enabled: bool) -> None:
        for w in (self.query_edit, self.search_button, self.mode_combo, self.filter_group, self.save_button,
                  self.saved_button, self.history_button, self.judge_button):
            w.setEnabled(enabled)
        self.export_button.setEnabled(enabled and self.result is not None and bool(self.result.documents))

    def _fill_filters(self, values: dict) -> None:
        for combo, key, any_text in ((self.type_combo, "doc_types", self.tr("any")),
                                     (self.language_combo, "languages", self.tr("any"))):
            current = combo.currentData()
            combo.clear()
            combo.addItem(any_text, ANY)
            for v in values.get(key) or []:
                combo.addItem(str(v), str(v))
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
        low, high = (values.get("date_range") or (None, None))[:2]
        for edit, value in ((self.date_from, low), (self.date_to, high)):
            date = QDate.fromString(str(value)[:10], "yyyy-MM-dd") if value else QDate.currentDate()
            edit.setDate(date)

    # ------------------------------------------------------------------ searching
    def mode(self) -> str:
        return self.mode_combo.currentData()

    @Slot()
    def _mode_changed(self) -> None:
        notes = {
            "hybrid": self.tr("Finds reports that contain your words, and reports that say the same in other words "
                              "(for example a synonym or the English term); the best of both come first."),
            "keyword": self.tr("Finds only reports that contain your words, or words that begin with them; "
                               "umlauts may be typed as ae, oe, ue."),
            "dense": self.tr("Finds reports by what they mean, even without any of your words; good for questions, "
                             "less exact for names of drugs or codes."),
        }
        self.mode_note.setText(notes[self.mode()])

    def filters(self):
        from appliance.pipeline.search import SearchFilters

        dates = self.date_check.isChecked()
        return SearchFilters(doc_type=self.type_combo.currentData() or None,
                             date_from=self.date_from.date().toString("yyyy-MM-dd") if dates else None,
                             date_to=self.date_to.date().toString("yyyy-MM-dd") if dates else None,
                             language=self.language_combo.currentData() or None,
                             patient=self.patient_edit.text().strip() or None)

    @Slot()
    def search(self) -> QueryOp | None:
        """Search for what the box says, with the filters; a second search while one runs waits for it."""
        query = self.query_edit.text().strip()
        if self.project_host.path is None:
            return None
        if not query:
            self.banner.show_message(self.tr("Type a word or a question first."), "info")
            return None
        if self._search_op is not None:
            self._again = True
            return self._search_op
        self.banner.clear()
        mode, filters = self.mode(), self.filters()
        self.count_label.setText(self.tr("Searching..."))

        def run(reader):
            searcher = self._searcher_for(reader)
            used = mode if mode == "keyword" or searcher.encoder is not None else "keyword"
            result = searcher.search(query, k=RESULTS, mode=used, filters=filters)
            from appliance.pipeline.search import patient_groups

            return result, patient_groups(reader, result), filters, mode

        self._search_op = QueryOp(self, run, host=self.project_host).success(self._searched).failure(self._search_failed)
        return self._search_op.run_in_background()

    def _search_ended(self) -> None:
        self._search_op = None
        if self._again:
            self._again = False
            self.search()

    def _searched(self, payload) -> None:
        result, groups, filters, asked = payload
        self.result, self.groups = result, groups
        self.searches += 1
        self._fill_results()
        self._fill_patients()
        n = len(result.documents)
        if n == 1:
            text = self.tr("1 report found in %1 ms.").replace("%1", f"{result.ms:.0f}")
        elif n:
            text = self.tr("%1 reports found in %2 ms.").replace("%1", str(n)).replace("%2", f"{result.ms:.0f}")
            if n == RESULTS:
                text += " " + self.tr("(the best %1 are listed)").replace("%1", str(RESULTS))
        else:
            text = self.tr("Nothing found. Try fewer or other words, or remove a filter.")
        if result.mode != asked:
            text += " " + self.tr("(exact words only: the search model is still loading)")
        self.count_label.setText(text)
        self._set_enabled(True)
        if result.documents:
            self.results_table.selectRow(0)
        self._record(result, filters)
        self._search_ended()

    def _search_failed(self, error: OpError) -> None:
        self.count_label.setText("")
        self.banner.show_error(error)
        self._search_ended()

    def _record(self, result, filters) -> None:
        """History and audit log, on the writer (every search, whatever else runs)."""
        from appliance.pipeline.search_history import record_search

        def recorded(_id) -> None:
            self.recorded += 1
            self._refresh_lists()

        (StageOp(self, lambda project, control: record_search(project, result, filters),
                 host=self.project_host)
         .named(self.tr("Recording the search"))
         .success(recorded).failure(self._record_failed).run_in_background())

    def _record_failed(self, error: OpError) -> None:
        self.banner.show_message(self.tr("This search could not be recorded in the project's audit log: %1")
                                 .replace("%1", error.full_text()), "warning")

    # ------------------------------------------------------------------ the lists
    def _fill_results(self) -> None:
        table = self.results_table
        table.setRowCount(0)
        docs = self.result.documents if self.result is not None else []
        table.setRowCount(len(docs))
        query = self.result.query if self.result is not None else ""
        for r, hit in enumerate(docs):
            values = [str(r + 1), hit.external_id or hit.title or str(hit.document_id), hit.doc_type or "",
                      hit.date or "", hit.patient_id or "", f"{hit.score:.3f}"]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                if c in (0, 5):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, hit.document_id)
                table.setItem(r, c, item)
            snippet = QLabel(snippet_html(hit, query), table)
            snippet.setWordWrap(True)
            snippet.setTextFormat(Qt.TextFormat.RichText)
            snippet.setObjectName("snippet")
            table.setCellWidget(r, 6, snippet)
        table.resizeRowsToContents()

    def result_ids(self) -> list[int]:
        """The document ids listed, in order (tests)."""
        return [self.results_table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(self.results_table.rowCount())]

    def _fill_patients(self) -> None:
        tree = self.patients_tree
        tree.clear()
        for group in self.groups:
            name = group.patient_id or self.tr("(no patient given)")
            top = QTreeWidgetItem(tree, [name, str(group.count), "", ""])
            top.setData(0, Qt.ItemDataRole.UserRole, None)
            for hit in group.documents:
                child = QTreeWidgetItem(top, [hit.external_id or hit.title or str(hit.document_id), "",
                                              hit.doc_type or "", hit.date or ""])
                child.setData(0, Qt.ItemDataRole.UserRole, hit.document_id)
        tree.expandAll()
        for col in range(4):
            tree.resizeColumnToContents(col)

    @Slot()
    def _result_selected(self) -> None:
        rows = self.results_table.selectionModel().selectedRows()
        if rows:
            self.open_document(self.results_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole))

    @Slot()
    def _patient_item_selected(self) -> None:
        items = self.patients_tree.selectedItems()
        if items and items[0].data(0, Qt.ItemDataRole.UserRole) is not None:
            self.open_document(items[0].data(0, Qt.ItemDataRole.UserRole))

    def open_document(self, document_id: int) -> QueryOp:
        """Show one report in the viewer with the hits of the last query."""
        from appliance.pipeline.search import document_view

        query = self.result.query if self.result is not None else None
        self._view_op = QueryOp(self, lambda reader: document_view(reader, document_id, query),
                                host=self.project_host).success(lambda view: self.viewer.show_view(view, query)).failure(
            self.banner.show_error)
        return self._view_op.run_in_background()

    # ------------------------------------------------------------------ saved searches and history
    def _refresh_lists(self) -> None:
        from appliance.pipeline.search_history import history, saved_searches

        def read(reader):
            return saved_searches(reader), history(reader, limit=20)

        def show(lists) -> None:
            self.saved, self.history = [_as_dict(s) for s in lists[0]], [_as_dict(h) for h in lists[1]]
            self._show_saved()
            self._show_history()

        QueryOp(self, read, host=self.project_host).success(show).run_in_background()

    def _show_saved(self) -> None:
        self.saved_menu.clear()
        if not self.saved:
            self.saved_menu.addAction(self.tr("(none saved yet)")).setEnabled(False)
        for s in self.saved:
            action = self.saved_menu.addAction(s["name"])
            action.triggered.connect(lambda _=False, s=s: self.apply_search(s))

    def _show_history(self) -> None:
        self.history_menu.clear()
        if not self.history:
            self.history_menu.addAction(self.tr("(no searches yet)")).setEnabled(False)
        for h in self.history:
            action = self.history_menu.addAction(f"{h['query']}  ({(h.get('at') or '')[:16].replace('T', ' ')})")
            action.triggered.connect(lambda _=False, h=h: self.apply_search(h))

    def apply_search(self, search: dict) -> QueryOp | None:
        """Put a saved or earlier search back into the box and the filters, and run it."""
        self.query_edit.setText(search["query"])
        index = self.mode_combo.findData(search.get("mode") or "hybrid")
        self.mode_combo.setCurrentIndex(max(index, 0))
        f = _filters_dict(search.get("filters"))
        for combo, key in ((self.type_combo, "doc_type"), (self.language_combo, "language")):
            index = combo.findData(f.get(key) or ANY)
            if index < 0:
                combo.addItem(str(f[key]), f[key])
                index = combo.count() - 1
            combo.setCurrentIndex(index)
        self.date_check.setChecked(bool(f.get("date_from") or f.get("date_to")))
        if f.get("date_from"):
            self.date_from.setDate(QDate.fromString(f["date_from"], "yyyy-MM-dd"))
        if f.get("date_to"):
            self.date_to.setDate(QDate.fromString(f["date_to"], "yyyy-MM-dd"))
        self.patient_edit.setText(f.get("patient") or "")
        return self.search()

    @Slot()
    def save_current(self) -> StageOp | None:
        query = self.query_edit.text().strip()
        if not query:
            self.banner.show_message(self.tr("Type the search to save first."), "info")
            return None
        name, ok = QInputDialog.getText(self, self.tr("Save the search"), self.tr("&Name of the search:"),
                                        QLineEdit.EchoMode.Normal, query[:60])
        if not ok or not name.strip():
            return None
        return self.save_as(name.strip())

    def save_as(self, name: str) -> StageOp:
        from appliance.pipeline.search_history import save_search

        query, mode, filters = self.query_edit.text().strip(), self.mode(), self.filters()

        def saved(_id) -> None:
            self.banner.show_message(self.tr("Saved as \u201c%1\u201d: find it under Saved searches.").replace("%1", name),
                                     "success")
            self._refresh_lists()

        return (StageOp(self, lambda project, control: save_search(project, name, query, mode, filters),
                        host=self.project_host)
                .named(self.tr("Saving the search"))
                .success(saved).failure(self.banner.show_error).run_in_background())

    @Slot()
    def export_dialog(self) -> StageOp | None:
        if self.result is None or not self.result.documents:
            return None
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the list"), "search-results.csv",
                                              self.tr("CSV files (*.csv)"))
        return self.export_to(path) if path else None

    def export_to(self, path: str | Path) -> StageOp:
        from appliance.pipeline.search_history import export_csv

        result, with_text = self.result, self.export_text_check.isChecked()
        # Excel splits a CSV file at the list separator of the system: ";" where the decimal mark is ","
        delimiter = ";" if QLocale().decimalPoint() == "," else ","

        def written(out) -> None:
            self.banner.show_message(self.tr("Wrote %1 reports to %2.").replace("%1", str(len(result.documents)))
                                     .replace("%2", str(out)), "success")

        return (StageOp(self, lambda project, control: export_csv(project, result, path, include_text=with_text,
                                                                  delimiter=delimiter),
                        host=self.project_host)
                .named(self.tr("Exporting the list"))
                .success(written).failure(self.banner.show_error).run_in_background())

    @Slot()
    def open_judge_builder(self):
        from appliance.gui.judge_builder import show_judge_builder

        return show_judge_builder(self)

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "judge_builder", None) is not None:
            self.judge_builder.close()
        if self.own_host:
            self.project_host.shutdown()
        super().closeEvent(event)


def _as_dict(row) -> dict:
    return row if isinstance(row, dict) else dict(vars(row))


def _filters_dict(filters) -> dict:
    if filters is None:
        return {}
    if isinstance(filters, dict):
        return filters
    if isinstance(filters, str):
        import json

        try:
            return json.loads(filters) or {}
        except ValueError:
            return {}
    return {k: v for k, v in vars(filters).items() if v}


def _marked_html(text: str, marks) -> str:
    """``text`` as HTML with each (start, end, term) mark in the colour of its query term."""
    out, at = [], 0
    for start, end, term in sorted(marks):
        if start < at:
            continue
        out.append(html.escape(text[at:start]))
        out.append(f'<span style="background:{term_colour(term)}">{html.escape(text[start:end])}</span>')
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def snippet_html(hit, query: str) -> str:
    """The matching passages of one report as HTML, every hit (headings too) in the colour of its query term."""
    from appliance.pipeline.search import term_highlights

    parts = []
    for section in hit.sections[:2]:
        terms = getattr(section, "terms", None) or [0] * len(section.highlights)
        body = _marked_html(section.snippet, [(a, b, t) for (a, b), t in zip(section.highlights, terms)])
        header = (f"<b>{_marked_html(section.header, term_highlights(section.header, query))}:</b> "
                  if section.header else "")
        parts.append(header + body)
    return "<br>".join(parts)
