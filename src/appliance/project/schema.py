"""Schema of the project file as a list of forward migrations.

The schema version lives in ``PRAGMA user_version``: migration ``i`` (1-based) brings a file from
version ``i - 1`` to ``i``. Migrations are only ever appended, never edited, so that every project
file ever written can be brought forward step by step.
"""
from __future__ import annotations

from typing import Callable

import sqlite_utils

#: Marks a SQLite file as an appliance project ("APLI"), so that we never migrate a foreign database.
APPLICATION_ID = 0x41504C49


def _v1_foundation(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": int,
            "uid": str,  # identity for de-duplication: file bytes hash, or record id + text hash
            "source": str,  # path of the file (and "#record" for CSV/JSONL rows)
            "source_format": str,  # txt, md, pdf, docx, csv, jsonl
            "external_id": str,
            "title": str,
            "doc_type": str,
            "language": str,
            "patient_id": str,
            "sha256": str,  # of the extracted text
            "text": str,
            "n_chars": int,
            "imported_at": str,
        },
        pk="id",
        not_null={"uid", "source", "source_format", "sha256", "text"},
    )
    db["documents"].create_index(["uid"], unique=True)
    db["documents"].create_index(["patient_id"])
    db["sections"].create(
        {
            "id": int,
            "document_id": int,
            "ord": int,  # order within the document
            "header": str,  # header as written ("" for the text before the first header)
            "part": int,  # 0 for a whole section, 1.. for the chunks of a section over the token budget
            "start": int,  # character offsets of the body in documents.text
            "end": int,
            "text": str,
            "n_tokens": int,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "ord", "start", "end", "text"},
    )
    db["sections"].create_index(["document_id", "ord"], unique=True)
    db["jobs"].create(
        {
            "id": int,
            "kind": str,
            "status": str,  # running, done, failed, cancelled, interrupted
            "params": str,  # JSON, never PHI
            "done": int,
            "total": int,
            "message": str,
            "pid": int,
            "os_user": str,
            "started_at": str,
            "updated_at": str,
            "finished_at": str,
        },
        pk="id",
    )
    db["audit"].create(
        {"id": int, "at": str, "os_user": str, "action": str, "details": str},
        pk="id",
        not_null={"at", "action"},
    )
    db["settings"].create({"key": str, "value": str}, pk="key")


def _v2_pseudonymization(db: sqlite_utils.Database) -> None:
    db["entities"].create(
        {
            "id": int,
            "document_id": int,
            "start": int,  # character offsets into documents.text
            "end": int,
            "label": str,
            "source": str,  # rule, gazetteer, ner, review
            "score": float,
            "status": str,  # auto, accepted, rejected, added
            "reviewed_by": str,
            "reviewed_at": str,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
        not_null={"document_id", "start", "end", "label", "status"},
    )
    db["entities"].create_index(["document_id", "start"])
    db["deid_documents"].create(
        {"document_id": int, "n_entities": int, "detector": str, "done_at": str},
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["section_texts"].create(
        {"section_id": int, "stage": str, "language": str, "text": str, "flags": str, "created_at": str},
        pk=("section_id", "stage"),
        foreign_keys=[("section_id", "sections", "id")],
        not_null={"text"},
    )
    db["pseudonym_map"].create(
        {"lookup": str, "label": str, "original": bytes, "surrogate": bytes, "created_at": str},
        pk="lookup",
    )


def _v3_questions(db: sqlite_utils.Database) -> None:
    db["questions"].create(
        {
            "id": int,
            "section_id": int,
            "document_id": int,
            "text": str,
            "generator": str,  # heuristic, llm:<model>, doc2query:<model>
            "kind": str,  # e.g. keyphrase, header, title, llm
            "prompt_version": str,
            "seed": int,
            "source_stage": str,  # pseudonymized or translated: never the original text
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("section_id", "sections", "id"), ("document_id", "documents", "id")],
        not_null={"section_id", "document_id", "text", "generator"},
    )
    db["questions"].create_index(["section_id", "generator"])
    db["question_progress"].create(
        {"section_id": int, "generator": str, "n_questions": int, "n_dropped": int, "done_at": str},
        pk=("section_id", "generator"),
    )


def _v4_runs(db: sqlite_utils.Database) -> None:
    db["runs"].create(
        {
            "id": int,
            "kind": str,  # train or evaluate
            "status": str,
            "config": str,  # JSON
            "metrics": str,  # JSON
            "model_path": str,  # relative to the artefact folder
            "created_at": str,
        },
        pk="id",
    )


def _v5_search_index(db: sqlite_utils.Database) -> None:
    """The search index: FTS5 over folded section text, bookkeeping of what is in the vector file.

    ``search_fts`` rowid = section id; its text is the indexed section text folded for German and
    English (lower case, umlauts -> ae/oe/ue, ss), tokenized by unicode61 without diacritics.
    ``index_state`` records, per section, the hash of the text that is in the full-text index and
    the hash of the text whose vector is in the saved USearch file (NULL: not in it yet).
    Triggers remove both when a section row is deleted, in the same transaction as the document.
    ``documents.doc_date`` is the document's own date (ISO, from import metadata), when known.
    """
    db.execute('CREATE VIRTUAL TABLE search_fts USING fts5(text, tokenize = "unicode61 remove_diacritics 2")')
    db["index_state"].create({"section_id": int, "fts_sha": str, "vec_sha": str}, pk="section_id")
    db.execute(
        "CREATE TRIGGER sections_search_delete AFTER DELETE ON sections BEGIN "
        "DELETE FROM search_fts WHERE rowid = old.id; "
        "DELETE FROM index_state WHERE section_id = old.id; "
        "END"
    )
    db["documents"].add_column("doc_date", str)
    db["documents"].create_index(["doc_date"])


def _v6_review_risks(db: sqlite_utils.Database) -> None:
    # the review list's risk counts per document, kept up to date as spans change (NULL: not counted yet,
    # e.g. a document pseudonymized before this version; the review list counts those when it reads them)
    db["deid_documents"].add_column("risks", int)
    db["deid_documents"].add_column("unreplaced", int)
    db["deid_documents"].create_index(["risks"])


def _v7_searches_and_judgments(db: sqlite_utils.Database) -> None:
    # a department's searches: the history and the saved searches of each OS user (a query can name a
    # patient, so they live in the project file, never in a settings file)
    db["search_history"].create({"id": int, "os_user": str, "at": str, "query": str, "mode": str, "filters": str,
                                 "results": int}, pk="id")
    db["search_history"].create_index(["os_user", "id"])
    db["saved_searches"].create({"id": int, "os_user": str, "name": str, "query": str, "mode": str, "filters": str,
                                 "created_at": str}, pk="id")
    db["saved_searches"].create_index(["os_user", "name"], unique=True)
    # judged sets built by clinicians: queries, and per query the pooled candidate documents in the order
    # shown (shuffled, the ranker that found them hidden from the judge) with their grade once judged
    # (NULL: not judged yet; 0 not, 1 partly, 2 relevant)
    db["judged_sets"].create({"id": int, "name": str, "created_at": str, "os_user": str}, pk="id")
    db["judged_sets"].create_index(["name"], unique=True)
    db["judged_queries"].create({"id": int, "set_id": int, "key": str, "text": str, "created_at": str,
                                 "os_user": str}, pk="id", foreign_keys=[("set_id", "judged_sets", "id")])
    db["judged_queries"].create_index(["set_id", "key"], unique=True)
    db["judgments"].create({"query_id": int, "document_id": int, "position": int, "pooled_by": str, "grade": int,
                            "judged_at": str, "os_user": str}, pk=("query_id", "document_id"),
                           foreign_keys=[("query_id", "judged_queries", "id"), ("document_id", "documents", "id")])
    db["judgments"].create_index(["query_id", "position"])


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_foundation,
    _v2_pseudonymization,
    _v3_questions,
    _v4_runs,
    _v5_search_index,
    _v6_review_risks,
    _v7_searches_and_judgments,
]

SCHEMA_VERSION = len(MIGRATIONS)
