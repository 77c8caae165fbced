"""Pseudonymization stage: detect PHI per document, store the spans for review, and write a
pseudonymized text for every section.

Why per document: names found once with a cue ("Herr Baastrup") are propagated through the whole
letter and through every other letter of the same patient (a name revealed in a later letter is
replaced in the earlier ones too), and a patient's dates are shifted by one offset. Each document is one transaction (spans,
section texts, done-marker), so a killed run resumes with the documents not yet done.

Later stages (translation, questions, training, export) read only the ``pseudonymized`` section
texts, never the originals.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from appliance.pipeline.phi import PhiSpan, Surrogator, detect_phi, merge_spans, pseudonymize_text
from appliance.pipeline.phi.gazetteer import propagatable_word
from appliance.pipeline.phi.mentions import find_mentions, name_phrases, name_words, propagate
from appliance.pipeline.phi.review import RiskItem, risk_list
from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso, os_user
from appliance.project.vault import EncryptedMap, VaultKeys, unlock

STAGE = "pseudonymized"
DETECTOR_VERSION = "rules-2"
REVIEW_STATUSES = ("accepted", "rejected")


@dataclass
class PseudonymizeOptions:
    """How PHI is found and replaced."""

    #: unlocks (or, the first time, creates) the encrypted pseudonym map; None with ``irreversible``.
    #: Never stored, logged or shown (``repr=False``).
    passphrase: str | None = field(default=None, repr=False)
    #: GLiNER model (store name or local folder) used beside the rules and name lists; None: rules only
    ner_model: str | None = None
    #: GLiNER score threshold
    threshold: float = 0.5
    #: keep no map from surrogates back to originals (cannot be undone)
    irreversible: bool = False
    #: strict mode: every capitalised word that is no ordinary word is replaced as a name too (for text
    #: that leaves the project, e.g. the training text of a model to be shared; costs precision)
    strict: bool = False
    #: model store folder (None: the default store)
    model_store: str | None = None


@dataclass
class PseudonymizeReport:
    """What a pseudonymization run did (counts only, never PHI)."""

    #: documents pseudonymized now
    documents: int = 0
    #: documents that were done in an earlier run
    already_done: int = 0
    #: PHI spans found in the documents of this run
    entities: int = 0
    #: spans per PHI type, most frequent first
    by_label: dict[str, int] = field(default_factory=dict)
    #: name mentions added to letters done earlier, because another letter of the same patient
    #: revealed the name
    propagated: int = 0
    #: wall-clock seconds
    seconds: float = 0.0
    #: documents per second
    docs_per_s: float | None = None


def make_surrogator(project: Project, keys: VaultKeys) -> Surrogator:
    mapping = EncryptedMap(project, keys) if keys.fernet is not None else {}
    return Surrogator(keys.seed, mapping)


def patient_key(document: dict) -> str:
    """Dates of one patient share one shift; without a patient id, each document is its own patient."""
    return f"patient:{document['patient_id']}" if document.get("patient_id") else f"document:{document['id']}"


def _load_ner(options: PseudonymizeOptions, control: JobControl):
    if not options.ner_model:
        return None
    from appliance.models import ModelStore
    from appliance.pipeline.phi import GlinerDetector

    path = ModelStore(options.model_store).resolve(options.ner_model, "ner")
    control.phase("Loading the PHI model")
    detector = GlinerDetector(path, threshold=options.threshold)
    control.check()
    return detector


def _render_sections(project: Project, document: dict, spans: Iterable[PhiSpan], surrogator: Surrogator) -> list[dict]:
    """Pseudonymized text of each section: the document's spans clipped to the section."""
    spans = sorted(spans, key=lambda s: s.start)
    key = patient_key(document)
    # a surrogate must not spell another PHI string of the same document (sections are rendered one by one)
    avoid = {document["text"][sp.start : sp.end] for sp in spans}
    rows = []
    for section in project.sections(document["id"]):
        s0, s1 = section["start"], section["end"]
        local = [
            PhiSpan(max(sp.start, s0) - s0, min(sp.end, s1) - s0, sp.label, sp.source, sp.score)
            for sp in spans
            if sp.end > s0 and sp.start < s1
        ]
        text, replaced = pseudonymize_text(section["text"], local, surrogator, key, avoid=avoid)
        rows.append(
            {
                "section_id": section["id"],
                "stage": STAGE,
                "language": document.get("language"),
                "text": text,
                # where the surrogates stand in the new text, so that translation can check they survive
                "flags": json.dumps({"surrogates": [[r[2], r[3], r[4]] for r in replaced]}),
                "created_at": now_iso(),
            }
        )
    return rows


def _active_spans(project: Project, document_id: int) -> list[PhiSpan]:
    rows = project.db.execute(
        "SELECT start, end, label, source, score FROM entities WHERE document_id = ? AND status != 'rejected' ORDER BY start",
        [document_id],
    ).fetchall()
    return [PhiSpan(s, e, label, source or "review", score if score is not None else 1.0) for s, e, label, source, score in rows]


class _PatientNames:
    """The person names found so far in the letters of one patient, so that a name revealed in one
    letter is replaced in all of them (mention propagation across documents)."""

    def __init__(self, patient_id: str | None):
        self.patient_id = patient_id
        self.words: dict[str, str] = {}
        self.phrases: dict[str, str] = {}

    @classmethod
    def of(cls, project: Project, document: dict, cache: dict) -> "_PatientNames":
        pid = document.get("patient_id")
        if not pid:
            return cls(None)
        if pid not in cache:
            names = cache[pid] = cls(pid)
            for other in names._done_documents(project, document["id"]):
                names._add(other, _active_spans(project, other["id"]))
        return cache[pid]

    def _done_documents(self, project: Project, except_id: int) -> Iterable[dict]:
        rows = project.db.execute(
            "SELECT id FROM documents WHERE patient_id = ? AND id != ? AND id IN (SELECT document_id FROM deid_documents)"
            " ORDER BY id", [self.patient_id, except_id]).fetchall()
        return (project.document(r[0]) for r in rows)

    def _add(self, document: dict, spans: list[PhiSpan]) -> tuple[dict, dict]:
        lang = "en" if (document.get("language") or "de").startswith("en") else "de"
        words = name_words(document["text"], spans, lambda w: propagatable_word(w, lang))
        phrases = name_phrases(document["text"], spans)
        new_words = {w: lab for w, lab in words.items() if w not in self.words}
        new_phrases = {p: lab for p, lab in phrases.items() if p not in self.phrases}
        self.words.update(new_words)
        self.phrases.update(new_phrases)
        return new_words, new_phrases

    def apply(self, document: dict, spans: list[PhiSpan]) -> list[PhiSpan]:
        """The document's spans plus mentions of the names known from the patient's other letters."""
        if self.patient_id is None or not (self.words or self.phrases):
            return spans
        return propagate(document["text"], spans, self.words, self.phrases)

    def learn(self, project: Project, document: dict, spans: list[PhiSpan], surrogator: Surrogator) -> int:
        """Add this letter's names; replace their mentions in the patient's letters done before
        (called inside the document's transaction). Returns the number of spans added."""
        if self.patient_id is None:
            return 0
        new_words, new_phrases = self._add(document, spans)
        if not (new_words or new_phrases):
            return 0
        added = 0
        for other in self._done_documents(project, document["id"]):
            old = _active_spans(project, other["id"])
            covered = bytearray(len(other["text"]))
            for sp in old:
                covered[sp.start:sp.end] = b"\x01" * (sp.end - sp.start)
            fresh = [m for m in find_mentions(other["text"], new_words, old, new_phrases)
                     if not all(covered[m.start:m.end])]
            if not fresh:
                continue
            project.db["entities"].insert_all(
                {"document_id": other["id"], "start": m.start, "end": m.end, "label": m.label, "source": m.source,
                 "score": m.score, "status": "auto"} for m in fresh)
            merged = merge_spans(old + fresh)
            project.db["section_texts"].upsert_all(
                _render_sections(project, other, merged, surrogator), pk=("section_id", "stage"))
            _store_risks(project, other, merged)
            added += len(fresh)
        return added


def run_pseudonymize(project: Project, options: PseudonymizeOptions, *,
                     control: JobControl | None = None) -> PseudonymizeReport:
    """Detect and replace PHI in every document not yet done (a stopped run resumes per document)."""
    control = control or JobControl()
    keys = unlock(project, options.passphrase, irreversible=options.irreversible)
    surrogator = make_surrogator(project, keys)
    ner = _load_ner(options, control)
    detector = json.dumps({"version": DETECTOR_VERSION, "ner": bool(ner), "threshold": options.threshold,
                           "strict": options.strict})
    todo = [
        row[0]
        for row in project.db.execute(
            "SELECT id FROM documents WHERE id NOT IN (SELECT document_id FROM deid_documents) ORDER BY id"
        )
    ]
    total_docs = project.db.execute("SELECT count(*) FROM documents").fetchone()[0]
    report = PseudonymizeReport(already_done=total_docs - len(todo))
    by_label: Counter = Counter()
    started = time.monotonic()
    cache: dict[str, _PatientNames] = {}
    control.phase("Pseudonymizing", total=len(todo))
    with project.job("pseudonymize", {"documents": len(todo), "ner": bool(ner)}, len(todo)) as job:
        for i, doc_id in enumerate(todo):
            control.check()
            document = project.document(doc_id)
            spans = detect_phi(document["text"], document.get("language"), ner=ner, threshold=options.threshold,
                               strict=options.strict)
            names = _PatientNames.of(project, document, cache)
            spans = names.apply(document, spans)
            with project.db.atomic():
                project.db["entities"].insert_all(
                    {
                        "document_id": doc_id,
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "source": s.source,
                        "score": s.score,
                        "status": "auto",
                    }
                    for s in spans
                )
                project.db["section_texts"].upsert_all(
                    _render_sections(project, document, spans, surrogator), pk=("section_id", "stage")
                )
                project.db["deid_documents"].insert(
                    {"document_id": doc_id, "n_entities": len(spans), "detector": detector, "done_at": now_iso()}
                )
                _store_risks(project, document, spans)
                # names first seen here are replaced in the patient's letters done before, too
                report.propagated += names.learn(project, document, spans, surrogator)
            report.documents += 1
            report.entities += len(spans)
            by_label.update(s.label for s in spans)
            job.message = f"{report.documents} documents done"
            control.report(i + 1, len(todo), f"{report.entities} PHI spans")
            if (i + 1) % 50 == 0:
                job.update(i + 1, len(todo))
        job.message = f"{report.documents} documents, {report.entities} spans"
    report.by_label = dict(by_label.most_common())
    report.seconds = round(time.monotonic() - started, 2)
    report.docs_per_s = round(report.documents / report.seconds, 1) if report.seconds else None
    project.audit("pseudonymize", documents=report.documents, entities=report.entities, ner=bool(ner),
                  strict=options.strict)
    return report


# ---------------------------------------------------------------------------- review
def list_entities(project: Project, document_id: int) -> list[dict]:
    """Spans of one document for the review table (offsets into the original text)."""
    return list(project.db["entities"].rows_where("document_id = ?", [document_id], order_by="start, id"))


def set_entity_status(project: Project, entity_id: int, status: str) -> None:
    if status not in REVIEW_STATUSES:
        raise ValueError(f"status must be one of {REVIEW_STATUSES}")
    with project.db.atomic():
        project.db["entities"].update(entity_id, {"status": status, "reviewed_by": os_user(), "reviewed_at": now_iso()})
        document_id = project.db.execute("SELECT document_id FROM entities WHERE id = ?", [entity_id]).fetchone()[0]
        document = project.document(document_id)
        _store_risks(project, document, _active_spans(project, document_id))


def add_entity(project: Project, document_id: int, start: int, end: int, label: str) -> int:
    """A span the reviewer marked by hand (the detector missed it)."""
    length = project.db.execute("SELECT n_chars FROM documents WHERE id = ?", [document_id]).fetchone()
    if length is None:
        raise ProjectError("no such document")
    if not (0 <= start < end <= length[0]):
        raise ValueError("span outside the document")
    with project.db.atomic():
        entity_id = project.db["entities"].insert(
            {
                "document_id": document_id,
                "start": start,
                "end": end,
                "label": label,
                "source": "review",
                "score": 1.0,
                "status": "added",
                "reviewed_by": os_user(),
                "reviewed_at": now_iso(),
            }
        ).last_pk
        _store_risks(project, project.document(document_id), _active_spans(project, document_id))
    return entity_id


def _risk_items(document: dict, spans: list[PhiSpan]) -> list[RiskItem]:
    return risk_list(document["text"], spans, (document.get("language") or "de")[:2])


def _store_risks(project: Project, document: dict, spans: list[PhiSpan]) -> None:
    """Keep the review list's counts of a document current (inside the caller's transaction), so that
    the list reads them instead of checking every document again each time it is shown."""
    items = _risk_items(document, spans)
    project.db["deid_documents"].update(document["id"], {"risks": len(items),
                                                         "unreplaced": sum(r.kind == "unreplaced" for r in items)})


def review_risks(project: Project, document_id: int, limit: int | None = None) -> list[RiskItem]:
    """Where the reviewer of one document should look first: name-like tokens left in the text and
    spans found on a weak signal, most risky first (offsets into the original text, no text)."""
    items = _risk_items(project.document(document_id), _active_spans(project, document_id))
    return items[:limit] if limit else items


def review_overview(project: Project, limit: int | None = None) -> list[dict]:
    """One row per pseudonymized document for the review list: spans per type, how many risk items,
    whether a reviewer has touched it; documents with the most risk items first (the first ``limit``).
    The counts are read as stored; a document from before they were stored is counted here."""
    by_label: dict[int, dict[str, int]] = {}
    for doc_id, label, n in project.db.execute(
            "SELECT document_id, label, count(*) FROM entities WHERE status != 'rejected' "
            "GROUP BY document_id, label ORDER BY document_id, 3 DESC"):
        by_label.setdefault(doc_id, {})[label] = n
    reviewed = {row[0] for row in project.db.execute("SELECT DISTINCT document_id FROM entities WHERE status != 'auto'")}
    stored = "risks" in project.db["deid_documents"].columns_dict  # a file from before v6, opened read-only
    counts = "x.risks, x.unreplaced" if stored else "NULL, NULL"
    rows = []
    for doc_id, ext, doc_type, risks, unreplaced in project.db.execute(
            f"SELECT d.id, d.external_id, d.doc_type, {counts} FROM documents d "
            "JOIN deid_documents x ON x.document_id = d.id ORDER BY d.id").fetchall():
        if risks is None:
            items = review_risks(project, doc_id)
            risks, unreplaced = len(items), sum(r.kind == "unreplaced" for r in items)
        labels = by_label.get(doc_id, {})
        rows.append({"document_id": doc_id, "external_id": ext, "doc_type": doc_type, "spans": sum(labels.values()),
                     "by_label": labels, "risks": risks, "unreplaced": unreplaced, "reviewed": doc_id in reviewed})
    rows.sort(key=lambda r: (-r["risks"], r["document_id"]))
    return rows[:limit] if limit else rows


def apply_review(project: Project, document_id: int, passphrase: str | None) -> None:
    """Re-write the pseudonymized section texts of a document after its spans were reviewed."""
    keys = unlock(project, passphrase)
    surrogator = make_surrogator(project, keys)
    document = project.document(document_id)
    rows = _render_sections(project, document, _active_spans(project, document_id), surrogator)
    with project.db.atomic():
        project.db["section_texts"].upsert_all(rows, pk=("section_id", "stage"))
    project.audit("review-applied", spans=len(list_entities(project, document_id)))


def pseudonymized_sections(project: Project) -> Iterable[dict]:
    """The text every later stage works on: section id, document id, language, pseudonymized text."""
    return project.db.query(
        "SELECT s.id AS section_id, s.document_id, s.ord, s.header, t.language, t.text "
        "FROM sections s JOIN section_texts t ON t.section_id = s.id AND t.stage = ? ORDER BY s.document_id, s.ord",
        [STAGE],
    )
