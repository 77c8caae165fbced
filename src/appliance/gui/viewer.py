"""The document viewer of the search window: one whole report with every hit of the query highlighted
(one colour per query term), next/previous hit, the section headers as an outline, and which text it
is (original or pseudonymized) said in words. It shows a :class:`~appliance.pipeline.search.DocumentView`
that the core built; it reads nothing itself."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from appliance.pipeline.search import term_highlights  # Qt-free: where the query's words are

#: light background colours, one per query term in the order they were typed (then again from the start)
TERM_COLOURS = ("#fff176", "#a5d6a7", "#90caf9", "#f48fb1", "#ffcc80", "#ce93d8", "#80deea", "#e6ee9c")


def term_colour(index: int) -> str:
    return TERM_COLOURS[index % len(TERM_COLOURS)]


class DocumentViewer(QWidget):
    """A read-only report with its hits; F3 / Shift+F3 step between them."""

    #: the viewer shows another hit: its number (from 1) and the number of hits
    hit_changed = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = None
        #: (start, end) Qt positions of each hit, in text order
        self.hits: list[tuple[int, int]] = []
        #: the query term index of each hit
        self.hit_terms: list[int] = []
        self.current = -1
        self.title_label = QLabel(self)
        self.title_label.setObjectName("viewerTitle")
        self.title_label.setWordWrap(True)
        font = QFont(self.title_label.font())
        font.setBold(True)
        self.title_label.setFont(font)
        self.source_label = QLabel(self)
        self.source_label.setObjectName("viewerSource")
        self.source_label.setWordWrap(True)
        self.outline = QListWidget(self)
        self.outline.setObjectName("viewerOutline")
        self.outline.setAccessibleName(self.tr("Sections of the report"))
        self.outline.itemActivated.connect(self._go_to_section)
        self.outline.itemClicked.connect(self._go_to_section)
        self.text = QTextEdit(self)
        self.text.setObjectName("viewerText")
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("The report"))
        self.previous_button = QPushButton(self.tr("&Previous hit"), self)
        self.previous_button.setToolTip(self.tr("Shift+F3"))
        self.previous_button.clicked.connect(self.previous_hit)
        self.next_button = QPushButton(self.tr("Ne&xt hit"), self)
        self.next_button.setToolTip(self.tr("F3"))
        self.next_button.clicked.connect(self.next_hit)
        self.hit_label = QLabel(self)
        self.hit_label.setObjectName("viewerHits")
        QShortcut(QKeySequence(Qt.Key.Key_F3), self, self.next_hit, context=Qt.ShortcutContext.WindowShortcut)
        QShortcut(QKeySequence("Shift+F3"), self, self.previous_hit, context=Qt.ShortcutContext.WindowShortcut)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.hit_label, 1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.outline)
        split.addWidget(self.text)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([170, 600])
        split.setChildrenCollapsible(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title_label)
        column.addWidget(self.source_label)
        column.addLayout(buttons)
        column.addWidget(split, 1)
        self.show_view(None)

    # ------------------------------------------------------------------ showing
    def show_view(self, view, query: str | None = None) -> None:
        """Show a DocumentView (None: nothing selected); ``query`` marks its words in the headings too
        (the view's hits are in the sections' text)."""
        self.view = view
        self.text.clear()
        self.outline.clear()
        self.hits, self.hit_terms, self.current = [], [], -1
        if view is None:
            self.title_label.setText(self.tr("Select a report in the list to read it here."))
            self.source_label.setText("")
            self._update_buttons()
            return
        name = " · ".join(str(x) for x in (view.external_id or view.title, view.doc_type, view.date) if x)
        self.title_label.setText(name)
        if view.source == "original":
            self.source_label.setText(self.tr("This is the original text, with the patients' real names: the index of "
                                              "this project was built from it."))
        else:
            self.source_label.setText(self.tr("This is the pseudonymized text: names, dates and numbers are invented "
                                              "ones, not the patient's."))
        cursor = QTextCursor(self.text.document())
        plain, header = QTextCharFormat(), QTextCharFormat()
        header.setFontWeight(QFont.Weight.Bold)
        for n, section in enumerate(view.sections):
            if n:
                cursor.insertBlock()
                cursor.insertBlock()
            item = QListWidgetItem(section.header or self.tr("(no heading)"), self.outline)
            item.setData(Qt.ItemDataRole.UserRole, cursor.position())
            if section.header:
                self._insert_with_hits(cursor, section.header, term_highlights(section.header, query) if query else [],
                                       header)
                cursor.insertBlock()
            self._insert_with_hits(cursor, section.text, section.hits, plain)
        self.text.moveCursor(QTextCursor.MoveOperation.Start)
        if self.hits:
            self.go_to_hit(0)
        self._update_buttons()

    def _insert_with_hits(self, cursor: QTextCursor, text: str, hits, plain: QTextCharFormat) -> None:
        at = 0
        for start, end, term in sorted(hits):
            if start < at:
                continue  # overlapping hits: the first one counts
            cursor.insertText(_plain(text[at:start]), plain)
            mark = QTextCharFormat(plain)
            mark.setBackground(QColor(term_colour(term)))
            begin = cursor.position()
            cursor.insertText(_plain(text[start:end]), mark)
            self.hits.append((begin, cursor.position()))
            self.hit_terms.append(term)
            at = end
        cursor.insertText(_plain(text[at:]), plain)

    # ------------------------------------------------------------------ moving
    @Slot()
    def next_hit(self) -> None:
        if self.hits:
            self.go_to_hit((self.current + 1) % len(self.hits))

    @Slot()
    def previous_hit(self) -> None:
        if self.hits:
            self.go_to_hit((self.current - 1) % len(self.hits))

    def go_to_hit(self, index: int) -> None:
        self.current = index
        start, end = self.hits[index]
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()
        self._update_buttons()
        self.hit_changed.emit(index + 1, len(self.hits))

    def selected_text(self) -> str:
        return self.text.textCursor().selectedText()

    def _go_to_section(self, item: QListWidgetItem) -> None:
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(int(item.data(Qt.ItemDataRole.UserRole)))
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def _update_buttons(self) -> None:
        self.previous_button.setEnabled(len(self.hits) > 1)
        self.next_button.setEnabled(len(self.hits) > 1)
        if self.view is None:
            self.hit_label.setText("")
        elif not self.hits:
            self.hit_label.setText(self.tr("No word of the query occurs in this report (it was found by its meaning)."))
        else:
            self.hit_label.setText(self.tr("Hit %1 of %2").replace("%1", str(self.current + 1))
                                   .replace("%2", str(len(self.hits))))


def _plain(text: str) -> str:
    """Text for QTextCursor.insertText: line breaks as "\\n" (it makes a new block of each)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
