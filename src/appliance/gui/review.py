"""The review of the Pseudonymize step: documents riskiest first, the original text with its PHI spans
coloured by type and the risk items underlined, accept / reject / add a span, a summary per PHI type,
and apply (the pseudonymized text of the changed documents is written again).

The reviewer sees the original text on screen by design; it never goes into a log, a message or an
error (the core's review functions work on offsets and ids).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.highlight import LABEL_NAMES, OffsetMap, highlight, label_colour, label_name
from appliance.gui.operations import OpError, QueryOp, StageOp
from appliance.gui.widgets import MessageBanner
from appliance.pipeline.pseudonymize import (
    add_entity,
    apply_review,
    list_entities,
    review_overview,
    review_risks,
    set_entity_status,
)
from appliance.project.vault import WrongPassphrase

#: what a job returns when the passphrase did not unlock the map
WRONG_PASSPHRASE = "wrong-passphrase"


#: the review list shows the riskiest documents first, at most this many (the rest are counted)
REVIEW_LIST_LIMIT = 2000


def overview(reader, limit: int | None = None) -> dict:
    """On the reader: the review list (riskiest first, at most ``limit``, default REVIEW_LIST_LIMIT) with a
    name to show for each document, how many documents there are in all, and the spans per PHI type over
    all of them."""
    rows = review_overview(reader, limit or REVIEW_LIST_LIMIT)
    ids = [row["document_id"] for row in rows]
    names = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        names.update({i: (ext, src) for i, ext, src in reader.db.execute(
            f"SELECT id, external_id, source FROM documents WHERE id IN ({','.join('?' * len(part))})", part)})
    for row in rows:
        ext, src = names.get(row["document_id"], (None, None))
        row["name"] = ext or (Path(src).name if src else str(row["document_id"]))
    totals = dict(reader.db.execute("SELECT label, count(*) FROM entities WHERE status != 'rejected' GROUP BY label"))
    total = reader.db.execute("SELECT count(*) FROM deid_documents").fetchone()[0]
    return {"rows": rows, "total": total, "by_label": totals, "mode": reader.get_setting("vault.mode")}


def document_detail(reader, document_id: int) -> dict:
    """On the reader: a document's original text, its spans and its risk items."""
    text = reader.db.execute("SELECT text FROM documents WHERE id = ?", [document_id]).fetchone()[0]
    return {"document_id": document_id, "text": text or "", "spans": list_entities(reader, document_id),
            "risks": review_risks(reader, document_id)}


class ReviewPanel(QWidget):
    """The review part of the Pseudonymize page. ``passphrase`` returns what Apply unlocks the map with
    (None in irreversible mode); ``banner`` shows how things went."""

    #: the review list was read again (tests wait on it)
    refreshed = Signal()
    #: a document's text and spans are on screen
    document_shown = Signal(int)

    def __init__(self, banner: MessageBanner, passphrase: Callable[[], str | None], parent: QWidget | None = None):
        super().__init__(parent)
        self.banner = banner
        self.passphrase = passphrase
        self.rows: list[dict] = []
        self.totals: dict[str, int] = {}
        self.mode: str | None = None
        self.detail: dict | None = None
        self.offsets: OffsetMap | None = None
        #: documents whose spans changed since their text was last written
        self.changed: set[int] = set()
        self._overview_query: QueryOp | None = None
        self._pending_select: int | None = None
        self._build()

    # ------------------------------------------------------------------ widgets
    def _build(self) -> None:
        self.docs_table = QTableWidget(0, 5, self)
        self.docs_table.setObjectName("reviewDocuments")
        self.docs_table.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Type"), self.tr("Spans"),
                                                   self.tr("Risk items"), self.tr("Reviewed")])
        self.docs_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._table_defaults(self.docs_table)
        self.docs_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.docs_table.setToolTip(self.tr("Documents with the most risk items first: start at the top."))
        self.docs_table.itemSelectionChanged.connect(self._document_selected)
        self.limit_label = QLabel(self)
        self.limit_label.setWordWrap(True)
        self.limit_label.setVisible(False)

        self.summary_table = QTableWidget(0, 3, self)
        self.summary_table.setObjectName("reviewSummary")
        self.summary_table.setHorizontalHeaderLabels([self.tr("PHI type"), self.tr("All"), self.tr("Here")])
        self.summary_table.horizontalHeaderItem(1).setToolTip(self.tr("Spans of this type in all documents"))
        self.summary_table.horizontalHeaderItem(2).setToolTip(self.tr("Spans of this type in the selected document"))
        self.summary_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.summary_table.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self._table_defaults(self.summary_table)
        self.summary_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        summary_box = QGroupBox(self.tr("Summary per PHI type (also the colour legend)"), self)
        QVBoxLayout(summary_box).addWidget(self.summary_table)

        left = QSplitter(Qt.Orientation.Vertical, self)
        docs = QWidget(self)
        docs_box = QVBoxLayout(docs)
        docs_box.setContentsMargins(0, 0, 0, 0)
        docs_box.addWidget(self.docs_table, 1)
        docs_box.addWidget(self.limit_label)
        left.addWidget(docs)
        left.addWidget(summary_box)
        left.setChildrenCollapsible(False)

        self.legend_label = QLabel(self.tr(
            "Coloured: a PHI span that is replaced (the colour says its type, see the summary). "
            "<span style='text-decoration: underline; color: #d00000'>Wavy red underline</span>: look here, a name-like "
            "word left in the text or a span found on a weak signal (hover for the reason). Struck through: rejected, "
            "stays as it is."), self)
        self.legend_label.setWordWrap(True)
        self.text_view = QTextEdit(self)
        self.text_view.setObjectName("reviewText")
        self.text_view.setReadOnly(True)
        self.text_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_view.setAccessibleName(self.tr("Original text of the document"))
        self.text_view.selectionChanged.connect(self._update_buttons)
        self.text_view.setTabChangesFocus(True)

        self.span_table = QTableWidget(0, 5, self)
        self.span_table.setObjectName("reviewSpans")
        self.span_table.setHorizontalHeaderLabels([self.tr("Text"), self.tr("PHI type"), self.tr("Found by"),
                                                   self.tr("Score"), self.tr("Status")])
        self.span_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._table_defaults(self.span_table)
        self.span_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.span_table.itemSelectionChanged.connect(self._span_selected)
        self.span_table.setToolTip(self.tr("Enter accepts the selected spans, Delete rejects them."))
        self.shortcuts = []
        for key, slot in ((Qt.Key.Key_Return, self.accept_selected), (Qt.Key.Key_Enter, self.accept_selected),
                          (Qt.Key.Key_Delete, self.reject_selected)):
            shortcut = QShortcut(QKeySequence(key), self.span_table)
            # only while the span table has the focus (PySide6 ignores a context= keyword here)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts.append(shortcut)

        self.accept_button = QPushButton(self.tr("&Accept"), self)
        self.accept_button.setToolTip(self.tr("The selected spans are PHI: they stay replaced."))
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton(self.tr("Re&ject"), self)
        self.reject_button.setToolTip(self.tr("The selected spans are no PHI: their original text is kept."))
        self.reject_button.clicked.connect(self.reject_selected)
        self.label_combo = QComboBox(self)
        for label in LABEL_NAMES:
            self.label_combo.addItem(label_name(label), label)
        self.label_combo.setCurrentIndex(max(0, self.label_combo.findData("NAME_PATIENT")))
        type_label = QLabel(self.tr("T&ype:"), self)
        type_label.setBuddy(self.label_combo)
        self.add_button = QPushButton(self.tr("Add &span"), self)
        self.add_button.setToolTip(self.tr("Mark the text selected above as PHI of the chosen type (it was missed)."))
        self.add_button.clicked.connect(self.add_from_selection)
        self.apply_button = QPushButton(self.tr("App&ly review"), self)
        self.apply_button.setToolTip(self.tr("Write the pseudonymized text again for the documents changed in this "
                                             "review, with the accepted and added spans replaced."))
        self.apply_button.clicked.connect(self.apply)
        self.pending_label = QLabel(self)
        self.pending_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.reject_button)
        buttons.addSpacing(16)
        buttons.addWidget(type_label)
        buttons.addWidget(self.label_combo)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)

        right = QWidget(self)
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.legend_label)
        inner = QSplitter(Qt.Orientation.Vertical, right)
        inner.addWidget(self.text_view)
        inner.addWidget(self.span_table)
        inner.setStretchFactor(0, 3)
        inner.setStretchFactor(1, 2)
        inner.setChildrenCollapsible(False)
        column.addWidget(inner, 1)
        column.addLayout(buttons)
        column.addWidget(self.pending_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        order = [self.docs_table, self.text_view, self.span_table, self.accept_button, self.reject_button,
                 self.label_combo, self.add_button, self.apply_button]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self._busy = False
        self._update_buttons()

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)

    # ------------------------------------------------------------------ reading
    def refresh(self, select: int | None = None) -> None:
        """Read the review list again (and keep, or select, a document)."""
        if select is not None:
            self._pending_select = select
        elif self._pending_select is None and self.detail is not None:
            self._pending_select = self.detail["document_id"]
        if self._overview_query is not None:
            return
        self._overview_query = QueryOp(self, overview).success(self._overview_ready).failure(self._query_failed)
        self._overview_query.run_in_background()

    def clear(self) -> None:
        """A different project: forget everything shown."""
        self.rows, self.detail, self.offsets, self.mode, self.totals = [], None, None, None, {}
        self.limit_label.setVisible(False)
        self.changed.clear()
        self._pending_select = None
        self.docs_table.setRowCount(0)
        self.span_table.setRowCount(0)
        self.summary_table.setRowCount(0)
        self.text_view.clear()
        self._update_buttons()

    def _query_failed(self, error: OpError) -> None:
        self._overview_query = None
        self.banner.show_error(error)

    def _overview_ready(self, result: dict) -> None:
        self._overview_query = None
        self.rows, self.mode, self.totals = result["rows"], result["mode"], result["by_label"]
        shown = len(self.rows)
        self.limit_label.setVisible(result["total"] > shown)
        self.limit_label.setText(self.tr("The %1 riskiest of %2 documents are listed; the others have fewer places to "
                                         "check.").replace("%1", f"{shown:,}").replace("%2", f"{result['total']:,}"))
        want = self._pending_select
        self._pending_select = None
        self.docs_table.blockSignals(True)
        self.docs_table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            name = QTableWidgetItem(row["name"])
            name.setData(Qt.ItemDataRole.UserRole, row["document_id"])
            risks = _number(row["risks"])
            if row["risks"]:
                risks.setForeground(QBrush(Qt.GlobalColor.darkRed))
                risks.setToolTip(self.tr("%1 name-like words left in the text, %2 spans found on a weak signal")
                                 .replace("%1", str(row["unreplaced"])).replace("%2", str(row["risks"] - row["unreplaced"])))
            reviewed = QTableWidgetItem(self.tr("yes") if row["reviewed"] else self.tr("no"))
            for c, item in enumerate((name, QTableWidgetItem(row["doc_type"] or self.tr("unknown")),
                                      _number(row["spans"]), risks, reviewed)):
                self.docs_table.setItem(r, c, item)
        self.docs_table.blockSignals(False)
        ids = [row["document_id"] for row in self.rows]
        if want in ids:
            self.docs_table.selectRow(ids.index(want))
            if self.detail is None or self.detail["document_id"] != want:
                self._document_selected()
            else:
                self._fill_summary()
        elif self.rows and self.docs_table.currentRow() < 0:
            self.docs_table.selectRow(0)
        else:
            self._fill_summary()
        self._update_pending()
        self.refreshed.emit()

    def current_document(self) -> int | None:
        rows = {i.row() for i in self.docs_table.selectedItems()}
        if not rows:
            return None
        return self.docs_table.item(min(rows), 0).data(Qt.ItemDataRole.UserRole)

    @Slot()
    def _document_selected(self) -> None:
        doc = self.current_document()
        if doc is None:
            return
        QueryOp(self, lambda reader: document_detail(reader, doc)).success(self._show_detail) \
            .failure(self.banner.show_error).run_in_background()

    def _show_detail(self, detail: dict) -> None:
        if detail["document_id"] != self.current_document():
            return  # the reviewer moved on meanwhile
        old = self.text_view.verticalScrollBar().value() if self.detail and \
            self.detail["document_id"] == detail["document_id"] else 0
        self.detail = detail
        self.offsets = OffsetMap(detail["text"])
        self.text_view.setPlainText(detail["text"])
        highlight(self.text_view.document(), self.offsets, detail["spans"], detail["risks"])
        self.text_view.verticalScrollBar().setValue(old)
        self.span_table.blockSignals(True)
        self.span_table.setRowCount(len(detail["spans"]))
        for r, span in enumerate(detail["spans"]):
            text = QTableWidgetItem(detail["text"][span["start"]:span["end"]].replace("\n", " "))
            text.setData(Qt.ItemDataRole.UserRole, span["id"])
            label = QTableWidgetItem(label_name(span["label"]))
            label.setToolTip(span["label"])
            label.setBackground(label_colour(span["label"]))
            score = _number(span["score"] if span["score"] is not None else 1.0, "{:.2f}")
            for c, item in enumerate((text, label, QTableWidgetItem(self._source_text(span["source"])), score,
                                      QTableWidgetItem(self._status_text(span["status"])))):
                self.span_table.setItem(r, c, item)
        self.span_table.blockSignals(False)
        self._fill_summary()
        self._update_buttons()
        self.document_shown.emit(detail["document_id"])

    def _fill_summary(self) -> None:
        total: Counter = Counter(self.totals)
        here: Counter = Counter()
        if self.detail is not None:
            here.update(s["label"] for s in self.detail["spans"] if s["status"] != "rejected")
        labels = sorted(set(total) | set(here), key=lambda lab: (-total[lab], lab))
        self.summary_table.setRowCount(len(labels))
        for r, lab in enumerate(labels):
            name = QTableWidgetItem(label_name(lab))
            name.setBackground(label_colour(lab))
            name.setToolTip(lab)
            name.setData(Qt.ItemDataRole.UserRole, lab)
            self.summary_table.setItem(r, 0, name)
            self.summary_table.setItem(r, 1, _number(total[lab]))
            self.summary_table.setItem(r, 2, _number(here[lab]))

    def summary(self) -> dict[str, int]:
        """PHI label -> spans in all documents, as the summary shows them (tests)."""
        return {self.summary_table.item(r, 0).data(Qt.ItemDataRole.UserRole): int(self.summary_table.item(r, 1).text().replace(",", ""))
                for r in range(self.summary_table.rowCount())}

    def _source_text(self, source: str | None) -> str:
        texts = {"rule": self.tr("rule"), "gazetteer": self.tr("name list"), "ner": self.tr("PHI model"),
                 "review": self.tr("reviewer"), "mention": self.tr("same name elsewhere")}
        return texts.get(source or "", source or "")

    def _status_text(self, status: str) -> str:
        texts = {"auto": self.tr("found"), "accepted": self.tr("accepted"), "rejected": self.tr("rejected"),
                 "added": self.tr("added")}
        return texts.get(status, status)

    @Slot()
    def _span_selected(self) -> None:
        """Show the (first) selected span in the text."""
        ids = self.selected_spans()
        if self.detail is not None and ids and self.offsets is not None:
            span = next(s for s in self.detail["spans"] if s["id"] == ids[0])
            cursor = self.text_view.textCursor()
            cursor.setPosition(self.offsets.to_qt(span["start"]))
            cursor.setPosition(self.offsets.to_qt(span["end"]), QTextCursor.MoveMode.KeepAnchor)
            self.text_view.setTextCursor(cursor)
            self.text_view.ensureCursorVisible()
        self._update_buttons()

    def selected_spans(self) -> list[int]:
        rows = sorted({i.row() for i in self.span_table.selectedItems()})
        return [self.span_table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def selection(self) -> tuple[int, int] | None:
        """The text selected in the document, as offsets into the original text."""
        cursor = self.text_view.textCursor()
        if self.offsets is None or not cursor.hasSelection():
            return None
        start, end = self.offsets.to_text(cursor.selectionStart()), self.offsets.to_text(cursor.selectionEnd())
        text = self.detail["text"] if self.detail else ""
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def select_text(self, start: int, end: int) -> None:
        """Select original offsets ``start:end`` in the text view, as a mouse would (tests, and spans)."""
        cursor = self.text_view.textCursor()
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.text_view.setTextCursor(cursor)

    # ------------------------------------------------------------------ changing
    @Slot()
    def accept_selected(self) -> StageOp | None:
        return self._set_status("accepted")

    @Slot()
    def reject_selected(self) -> StageOp | None:
        return self._set_status("rejected")

    def _set_status(self, status: str) -> StageOp | None:
        ids, doc = self.selected_spans(), self.current_document()
        if not ids or doc is None or self._busy:
            return None

        def job(project, control) -> None:
            for entity_id in ids:
                set_entity_status(project, entity_id, status)

        return StageOp(self, job).success(lambda _: self._changed(doc)).failure(self.banner.show_error) \
            .run_in_background()

    @Slot()
    def add_from_selection(self) -> StageOp | None:
        span, doc = self.selection(), self.current_document()
        if span is None or doc is None or self._busy:
            self.banner.show_message(self.tr("Select the missed text in the document first, then choose its type and "
                                             "press Add span."), "info")
            return None
        label = self.label_combo.currentData()
        start, end = span
        return (StageOp(self, lambda project, control: add_entity(project, doc, start, end, label))
                .success(lambda _: self._changed(doc)).failure(self.banner.show_error).run_in_background())

    def _changed(self, doc: int) -> None:
        self.changed.add(doc)
        self.refresh(select=doc)
        if self.current_document() == doc:
            self._document_selected()

    @Slot()
    def apply(self) -> StageOp | None:
        docs = sorted(self.changed | ({self.current_document()} - {None}))
        if not docs or self._busy:
            return None
        passphrase = self.passphrase()
        if self.mode != "irreversible" and not passphrase:
            self.banner.show_message(self.tr("Enter the project's passphrase above first: applying the review writes "
                                             "new invented names into the encrypted map."), "warning")
            return None

        def job(project, control):
            try:
                for i, doc in enumerate(docs):
                    control.check()
                    apply_review(project, doc, passphrase)
                    control.report(i + 1, len(docs), "")
            except WrongPassphrase:
                return WRONG_PASSPHRASE
            return len(docs)

        return (StageOp(self, job).with_progress(self.tr("Applying the review"))
                .success(self._applied).failure(self.banner.show_error).run_in_background())

    def _applied(self, result) -> None:
        if result == WRONG_PASSPHRASE:
            self.banner.show_message(self.tr("This is not the passphrase this project was protected with, so the review "
                                             "was not applied. Enter it again above."), "error")
            return
        self.changed.clear()
        self.banner.show_message(self.tr("The review is applied: the pseudonymized text of %1 document(s) was written "
                                         "again with the reviewed spans.").replace("%1", str(result)), "success",
                                 "translate", self.tr("&Next: Translate"))
        self._update_pending()

    # ------------------------------------------------------------------ state
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    @Slot()
    def _update_buttons(self) -> None:
        busy = getattr(self, "_busy", False)
        has_doc = self.detail is not None
        spans = bool(self.selected_spans()) if has_doc else False
        self.accept_button.setEnabled(spans and not busy)
        self.reject_button.setEnabled(spans and not busy)
        self.add_button.setEnabled(has_doc and not busy and self.text_view.textCursor().hasSelection())
        self.apply_button.setEnabled(has_doc and not busy)

    def _update_pending(self) -> None:
        if self.changed:
            self.pending_label.setText(self.tr("Changes in %1 document(s) are saved but not applied yet: press Apply "
                                               "review to write their pseudonymized text again.").replace(
                                                   "%1", str(len(self.changed))))
        else:
            self.pending_label.setText("")


def _number(value, fmt: str = "{:,}") -> QTableWidgetItem:
    item = QTableWidgetItem(fmt.format(value))
    item.setData(Qt.ItemDataRole.UserRole + 1, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item
