"""The Index step: which text becomes searchable (pseudonymized or original, explained in plain words),
building the index (``run_index``: resumable and incremental), and what is searchable afterwards."""
from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from appliance.gui.operations import OpError, StageOp
from appliance.gui.pages.base import Page
from appliance.pipeline.index import IndexOptions, IndexReport, run_index


def index_state(reader) -> dict:
    """On the reader: what the index holds, what could be indexed, and the model search uses."""
    from appliance.models.project_models import search_model_spec
    from appliance.pipeline.index import index_status

    status = index_status(reader)
    q = lambda sql: reader.db.execute(sql).fetchone()[0]  # noqa: E731
    status["pseudonymized_sections"] = q("SELECT count(*) FROM section_texts WHERE stage = 'pseudonymized'")
    status["documents"] = q("SELECT count(*) FROM documents")
    try:
        status["searchable_documents"] = q(
            "SELECT count(DISTINCT s.document_id) FROM sections s JOIN index_state i ON i.section_id = s.id "
            "WHERE i.fts_sha IS NOT NULL OR i.vec_sha IS NOT NULL")
    except Exception:  # noqa: BLE001  (an older project without the index tables)
        status["searchable_documents"] = 0
    status["search_model"] = search_model_spec(reader)
    return status


class IndexPage(Page):
    key = "index"

    def title(self) -> str:
        return self.tr("Index")

    def intro(self) -> str:
        return self.tr("Builds the search index (vectors of the adopted model and a full-text index) over the original or "
                       "the pseudonymized text, so that the documents become searchable.")

    # ------------------------------------------------------------------ widgets
    def build(self) -> None:
        self._state: dict | None = None
        self._synced_path = None

        self.source_group = QGroupBox(self.tr("Which text is searched"), self)
        box = QVBoxLayout(self.source_group)
        self.pseudonymized_radio = QRadioButton(self.tr("&Pseudonymized text (recommended)"), self.source_group)
        self.pseudonymized_note = QLabel(self.tr(
            "The text after the Pseudonymize step: names, dates, addresses and numbers are replaced with invented ones. "
            "Search results then never show who a report is about. Reports that are not pseudonymized yet are not "
            "searchable."), self.source_group)
        self.original_radio = QRadioButton(self.tr("&Original text (only for a search inside the hospital)"),
                                           self.source_group)
        self.original_note = QLabel(self.tr(
            "The reports as they were imported, with the real names. Choose it only when the search is used inside the "
            "hospital by people who may read these reports; the index then holds patient data."), self.source_group)
        self.radio_group = QButtonGroup(self)
        self.radio_group.addButton(self.pseudonymized_radio)
        self.radio_group.addButton(self.original_radio)
        self.pseudonymized_radio.setChecked(True)
        for w in (self.pseudonymized_note, self.original_note):
            w.setWordWrap(True)
            w.setContentsMargins(24, 0, 0, 6)
        box.addWidget(self.pseudonymized_radio)
        box.addWidget(self.pseudonymized_note)
        box.addWidget(self.original_radio)
        box.addWidget(self.original_note)
        self.current_label = QLabel(self.source_group)
        self.current_label.setWordWrap(True)
        box.addWidget(self.current_label)
        self.body.addWidget(self.source_group)

        self.model_label = QLabel(self)
        self.model_label.setWordWrap(True)
        self.build_button = QPushButton(self.tr("&Build the index"), self)
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.start_index)
        row = QHBoxLayout()
        row.addWidget(self.model_label, 1)
        row.addWidget(self.build_button)
        self.body.addLayout(row)

        self.counts_group = QGroupBox(self.tr("What is searchable"), self)
        form = QFormLayout(self.counts_group)
        self.count_labels: dict[str, QLabel] = {}
        for key, text in (("sections", self.tr("Sections in the project")),
                          ("keyword_sections", self.tr("Searchable by words (full-text index)")),
                          ("vector_sections", self.tr("Searchable by meaning (vectors)")),
                          ("not_searchable", self.tr("Not searchable yet")),
                          ("documents", self.tr("Documents with searchable sections"))):
            label = QLabel("-", self.counts_group)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.count_labels[key] = label
            form.addRow(text + ":", label)
        self.body.addWidget(self.counts_group)
        self.body.addStretch(1)
        QWidget.setTabOrder(self.pseudonymized_radio, self.original_radio)
        QWidget.setTabOrder(self.original_radio, self.build_button)

    def source(self) -> str:
        return "original" if self.original_radio.isChecked() else "pseudonymized"

    # ------------------------------------------------------------------ running
    @Slot()
    def start_index(self) -> StageOp | None:
        self.banner.clear()
        if self.project_host.path is None:
            self.banner.show_message(self.tr("No project is open. Create or open one on the Project page."), "warning",
                                     "project", self.tr("Open the &Project page"))
            return None
        options = IndexOptions(source=self.source())
        return (StageOp(self, lambda project, control: run_index(project, options, control=control))
                .with_progress(self.tr("Building the search index")).success(self._indexed).failure(self._failed)
                .cancelled(self._cancelled).run_in_background())

    def _indexed(self, report: IndexReport) -> None:
        text = (self.tr("The index is up to date: %1 sections searchable. Added %2 sections to the full-text index and "
                        "%3 to the vectors in %4 s.")
                .replace("%1", f"{report.sections:,}").replace("%2", f"{report.keyword_added:,}")
                .replace("%3", f"{report.vectors_added:,}").replace("%4", f"{report.seconds:.1f}"))
        if report.rebuilt:
            text += " " + self.tr("It was built again from the start, because the model, the vector type or the text "
                                  "changed.")
        if report.skipped:
            text += " " + self.tr("%1 sections have no pseudonymized text yet and are not searchable.").replace(
                "%1", f"{report.skipped:,}")
        self.banner.show_message(text, "success", "export", self.tr("&Next: Export"))
        self.refresh_state()

    def _failed(self, error: OpError) -> None:
        self.banner.show_error(error)
        self.refresh_state()

    def _cancelled(self, _exc) -> None:
        self.banner.show_message(self.tr("Indexing was stopped. What it indexed so far is kept; build it again to "
                                         "continue where it stopped."), "warning")
        self.refresh_state()

    # ------------------------------------------------------------------ state
    @Slot(bool)
    def set_busy(self, busy: bool) -> None:
        self.build_button.setEnabled(not busy)

    def update_status(self, info: dict | None) -> None:
        super().update_status(info)
        if info is None:
            self._state = None
            self._apply_state(None)
        elif not self.project_host.busy:
            self.refresh_state()

    def refresh_state(self) -> None:
        self.query_state(index_state, self._apply_state)

    def _apply_state(self, state: dict | None) -> None:
        self._state = state
        if state is None:
            for label in self.count_labels.values():
                label.setText("-")
            self.current_label.setText("")
            self.model_label.setText("")
            return
        if state["source"] == "original":
            self.current_label.setText(self.tr("<b>Now indexed:</b> the original text."))
        elif state["source"] == "pseudonymized":
            self.current_label.setText(self.tr("<b>Now indexed:</b> the pseudonymized text."))
        else:
            self.current_label.setText(self.tr("<b>Now indexed:</b> nothing yet."))
        if self._synced_path != self.project_host.path:  # the stored choice, once per project (then the user's)
            self._synced_path = self.project_host.path
            (self.original_radio if state["source"] == "original" else self.pseudonymized_radio).setChecked(True)
        model = state["search_model"]
        if model == "base":
            text = self.tr("The vectors come from the base model, because no tuned model was adopted on the Evaluate page.")
        else:
            text = self.tr("The vectors come from the tuned model adopted on the Evaluate page.")
        self.model_label.setText(text)
        self.build_button.setText(self.tr("&Update the index") if state["source"] else self.tr("&Build the index"))
        indexed = max(state["keyword_sections"], state["vector_sections"])
        values = {"sections": state["sections"], "keyword_sections": state["keyword_sections"],
                  "vector_sections": state["vector_sections"], "not_searchable": max(0, state["sections"] - indexed),
                  "documents": state["searchable_documents"]}
        for key, label in self.count_labels.items():
            label.setText(f"{values[key]:,}")
        self.count_labels["documents"].setText(
            self.tr("%1 of %2").replace("%1", f"{values['documents']:,}").replace("%2", f"{state['documents']:,}"))
        self.status.set_status(*self.status_texts(self.info))

    def counts(self) -> dict[str, str]:
        """What the counts show (tests)."""
        return {key: label.text() for key, label in self.count_labels.items()}

    def status_texts(self, info: dict | None) -> tuple[str, str]:
        if info is None:
            return self.tr("No project is open."), self.tr("Create or open a project on the Project page.")
        state = self._state
        if not state or not state["source"]:
            if state and state["pseudonymized_sections"] == 0:
                return (self.tr("No search index yet."),
                        self.tr("Pseudonymize the documents first, or index the original text for a search inside the "
                                "hospital."))
            return self.tr("No search index yet."), self.tr("Build the index; then the documents can be searched.")
        searchable = max(state["keyword_sections"], state["vector_sections"])
        done = self.tr("%1 of %2 sections are searchable.").replace("%1", f"{searchable:,}").replace(
            "%2", f"{state['sections']:,}")
        if searchable < state["sections"]:
            return done, self.tr("Update the index after pseudonymizing or importing more documents.")
        return done, self.tr("Everything is searchable. The Export step bundles the tuned model.")
