"""Judged sets built in the project: a clinician's own searches, and per search the documents that should come up.

A query is added with its text; the appliance pools the candidates to judge from the top ``depth``
documents of each ranker (keyword search, dense search with the base model and, when the project
has one, with the tuned model), the depth-k pooling of TREC (Voorhees & Harman, *TREC: Experiment
and Evaluation in Information Retrieval*, MIT Press 2005). The pool is de-duplicated and shown in a
seeded random order (seed: the query's id), and the ranker that found a document is stored but never
shown, so the judge cannot favour one model. Each candidate gets a grade: 0 not relevant, 1 partly
relevant, 2 relevant (NULL until judged).

A set is evaluated like a BEIR queries/qrels pair (``appliance evaluate --judged NAME``), exported to
that layout and imported from it; qrels name documents by :func:`appliance.pipeline.search.document_keys`.
The audit log gets counts only (never a query's text).
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

from appliance.messages import Text
from appliance.project import JobControl, Project, ProjectError

__all__ = [
    "GRADES", "RANKERS", "JudgedSetInfo", "Candidate", "JudgedQuery", "create_set", "list_sets", "queries_of",
    "add_query", "pool_candidates", "candidates", "judge", "delete_query", "judged_data", "export_beir",
    "import_beir", "judged_files",
]

GRADES = {0: "not relevant", 1: "partly relevant", 2: "relevant"}
#: the rankers whose top documents are pooled, in the order ``pooled_by`` lists them
RANKERS = ("keyword", "base", "tuned")
QRELS_HEADER = "query-id\tcorpus-id\tscore"


@dataclass
class JudgedSetInfo:
    """One judged set and how far its judging is."""

    id: int
    name: str
    #: queries in the set
    queries: int
    #: queries with at least one candidate and every candidate graded
    judged_queries: int
    #: graded candidates (grade 0, 1 or 2)
    judgments: int
    #: candidates graded partly relevant or relevant (grade >= 1)
    relevant: int


@dataclass
class Candidate:
    """A document to judge for a query, as shown to the judge: no ranker, so no model is favoured."""

    document_id: int
    #: place in the order shown (0 first)
    position: int
    #: 0, 1 or 2; None: not judged yet
    grade: int | None
    external_id: str | None
    title: str | None
    doc_type: str | None
    #: the document's date, or the day it was imported
    date: str | None


@dataclass
class JudgedQuery:
    """A query of a judged set."""

    id: int
    #: the query's id in the BEIR files ("q1", "q2", ...)
    key: str
    text: str
    #: candidate documents
    candidates: int
    #: candidates graded so far
    judged: int


# ---------------------------------------------------------------------------- sets and queries
def _writable(project: Project) -> None:
    if project.readonly:
        raise ProjectError("the project is open read-only")


def _set_id(project: Project, name: str) -> int:
    row = project.db.execute("SELECT id FROM judged_sets WHERE name = ?", [name]).fetchone()
    if row is None:
        raise ProjectError(Text("there is no judged set named '{name}'", name=name))
    return row[0]


def _query_row(project: Project, query_id: int):
    row = project.db.execute("SELECT id, set_id, key FROM judged_queries WHERE id = ?", [query_id]).fetchone()
    if row is None:
        raise ProjectError(Text("there is no judged query with id {query_id}", query_id=query_id))
    return row


def create_set(project: Project, name: str) -> int:
    """The id of the set named ``name``, created when there is none yet (so calling it twice is harmless)."""
    from appliance.project.db import now_iso, os_user

    name = (name or "").strip()
    if not name:
        raise ProjectError("a judged set needs a name")
    row = project.db.execute("SELECT id FROM judged_sets WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    _writable(project)
    with project.db.atomic():
        return project.db["judged_sets"].insert({"name": name, "created_at": now_iso(), "os_user": os_user()}).last_pk


def list_sets(project: Project) -> list[JudgedSetInfo]:
    """Every judged set, by name, with its counts."""
    rows = project.db.execute(
        "SELECT s.id, s.name, count(q.id), "
        "coalesce(sum(q.n > 0 AND q.graded = q.n), 0), coalesce(sum(q.graded), 0), coalesce(sum(q.relevant), 0) "
        "FROM judged_sets s LEFT JOIN (SELECT jq.id, jq.set_id, count(j.document_id) AS n, count(j.grade) AS graded, "
        "coalesce(sum(j.grade >= 1), 0) AS relevant FROM judged_queries jq LEFT JOIN judgments j ON j.query_id = jq.id "
        "GROUP BY jq.id) q ON q.set_id = s.id GROUP BY s.id ORDER BY s.name").fetchall()
    return [JudgedSetInfo(*r) for r in rows]


def queries_of(project: Project, set_name: str) -> list[JudgedQuery]:
    """The set's queries in the order they were added, with how many candidates each has and how many are graded."""
    set_id = _set_id(project, set_name)
    rows = project.db.execute(
        "SELECT q.id, q.key, q.text, count(j.document_id), count(j.grade) FROM judged_queries q "
        "LEFT JOIN judgments j ON j.query_id = q.id WHERE q.set_id = ? GROUP BY q.id ORDER BY q.id", [set_id]).fetchall()
    return [JudgedQuery(*r) for r in rows]


def _next_key(project: Project, set_id: int) -> str:
    numbers = [int(m.group(1)) for (key,) in project.db.execute("SELECT key FROM judged_queries WHERE set_id = ?", [set_id])
               if (m := re.fullmatch(r"q(\d+)", key))]
    return f"q{max(numbers, default=0) + 1}"


# ---------------------------------------------------------------------------- pooling
def _ranker_models(project: Project, store: str | None) -> list[tuple[str, Path]]:
    """(ranker, model folder) of the dense rankers: the base model, and the tuned one when there is one."""
    from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model

    out = [("base", resolve_embedding_model("base", project, store))]
    if project.get_setting(TUNED_SETTING):
        out.append(("tuned", resolve_embedding_model("tuned", project, store)))
    return out


def pool_candidates(project: Project, text: str, *, depth: int = 10, store: str | None = None, device: str = "auto",
                    encoder=None, control: JobControl | None = None, models: dict | None = None) -> dict[int, list[str]]:
    """Document id -> the rankers (of :data:`RANKERS`) that have it in their top ``depth``, in ranker order.

    Dense search with a model other than the index's goes through its evaluation vectors, as
    ``evaluate --model`` does. ``encoder``: the base model, already loaded; ``models``: a dict the caller
    keeps between calls, so that each model is loaded only once (folder -> loaded model)."""
    from appliance.models.embedding import load_sentence_transformer
    from appliance.pipeline.index import IndexConfig, evaluation_vectors, index_status, model_fingerprint
    from appliance.pipeline.search import Searcher

    control = control or JobControl()
    models = {} if models is None else models
    pooled: dict[int, list[str]] = {}

    def add(ranker: str, searcher: Searcher, mode: str) -> None:
        control.check()
        for doc_id, _, _ in searcher.rank(text, depth, mode):
            pooled.setdefault(doc_id, []).append(ranker)

    add("keyword", Searcher(project, store=store, device=device), "keyword")  # raises when there is no index
    status = index_status(project)
    # the index's own vectors serve the model it was built with, when they cover every indexed section
    fingerprint = IndexConfig.load(project).fingerprint if status["vector_sections"] >= status["keyword_sections"] else None
    for ranker, path in _ranker_models(project, store):
        key = str(path)
        if key not in models:
            if ranker == "base" and encoder is not None:
                models[key] = encoder
            else:
                control.phase("Loading the embedding model")
                models[key] = load_sentence_transformer(path, device)
        model = models[key]
        if fingerprint and model_fingerprint(path) == fingerprint:  # the index's own vectors
            searcher = Searcher(project, store=store, device=device, encoder=model)
        else:
            vectors = evaluation_vectors(project, path, device=device, encoder=model, control=control)
            searcher = Searcher(project, store=store, device=device, encoder=model, vector_file=vectors, model_path=path)
        add(ranker, searcher, "dense")
    return pooled


def add_query(project: Project, set_name: str, text: str, *, depth: int = 10, store: str | None = None,
              device: str = "auto", encoder=None, control: JobControl | None = None, models: dict | None = None) -> int:
    """Add a query to the set (created if needed) with its pooled candidates, ungraded; returns the query's id.

    The candidates are the union of the rankers' top ``depth`` documents (:func:`pool_candidates`), in a
    random order seeded with the query's id, so that the order favours no ranker and is the same every time."""
    from appliance.project.db import now_iso, os_user

    _writable(project)
    text = (text or "").strip()
    if not text:
        raise ProjectError("a judged query needs a text")
    if depth < 1:
        raise ProjectError(Text("the pool depth must be at least 1, not {depth}", depth=depth))
    control = control or JobControl()
    control.phase("Finding candidates")
    pooled = pool_candidates(project, text, depth=depth, store=store, device=device, encoder=encoder,
                             control=control, models=models)
    set_id = create_set(project, set_name)
    at, user = now_iso(), os_user()
    with project.db.atomic():
        query_id = project.db["judged_queries"].insert({"set_id": set_id, "key": _next_key(project, set_id),
                                                        "text": text, "created_at": at, "os_user": user}).last_pk
        order = sorted(pooled)
        random.Random(query_id).shuffle(order)
        project.db["judgments"].insert_all(
            {"query_id": query_id, "document_id": doc_id, "position": i, "pooled_by": json.dumps(pooled[doc_id]),
             "grade": None, "judged_at": None, "os_user": None} for i, doc_id in enumerate(order))
    project.audit("judged-query", set=set_id, candidates=len(order))
    return query_id


# ---------------------------------------------------------------------------- judging
def candidates(project: Project, query_id: int) -> list[Candidate]:
    """The query's candidates in the order shown to the judge."""
    _query_row(project, query_id)
    rows = project.db.execute(
        "SELECT j.document_id, j.position, j.grade, d.external_id, d.title, d.doc_type, "
        "coalesce(d.doc_date, substr(d.imported_at, 1, 10)) FROM judgments j JOIN documents d ON d.id = j.document_id "
        "WHERE j.query_id = ? ORDER BY j.position, j.document_id", [query_id]).fetchall()
    return [Candidate(*r) for r in rows]


def judge(project: Project, query_id: int, document_id: int, grade: int) -> None:
    """Grade one candidate (0, 1 or 2 of :data:`GRADES`); judging it again replaces the grade."""
    from appliance.project.db import now_iso, os_user

    _writable(project)
    if isinstance(grade, bool) or grade not in GRADES:
        raise ProjectError(Text("a grade is 0 (not relevant), 1 (partly relevant) or 2 (relevant), not {grade}",
                                grade=grade))
    _query_row(project, query_id)
    with project.db.atomic():
        cur = project.db.execute("UPDATE judgments SET grade = ?, judged_at = ?, os_user = ? "
                                 "WHERE query_id = ? AND document_id = ?",
                                 [int(grade), now_iso(), os_user(), query_id, document_id])
    if cur.rowcount == 0:
        raise ProjectError(Text("document {document_id} is not a candidate of judged query {query_id}",
                                document_id=document_id, query_id=query_id))


def delete_query(project: Project, query_id: int) -> None:
    """Remove a query and its candidates and grades."""
    _writable(project)
    _query_row(project, query_id)
    with project.db.atomic():
        project.db.execute("DELETE FROM judgments WHERE query_id = ?", [query_id])
        project.db.execute("DELETE FROM judged_queries WHERE id = ?", [query_id])


# ---------------------------------------------------------------------------- BEIR files
def judged_data(project: Project, set_name: str) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    """The set as evaluation reads it: query key -> text, and query key -> {document key: grade}, graded
    candidates only (grade 0 included); queries without a graded candidate are left out."""
    from appliance.pipeline.search import document_keys

    set_id = _set_id(project, set_name)
    keys = document_keys(project)
    qrels: dict[str, dict[str, int]] = {}
    for key, doc_id, grade in project.db.execute(
            "SELECT q.key, j.document_id, j.grade FROM judged_queries q JOIN judgments j ON j.query_id = q.id "
            "WHERE q.set_id = ? AND j.grade IS NOT NULL ORDER BY q.id, j.position, j.document_id", [set_id]):
        qrels.setdefault(key, {})[keys[doc_id]] = int(grade)
    queries = {key: text for key, text in project.db.execute(
        "SELECT key, text FROM judged_queries WHERE set_id = ? ORDER BY id", [set_id]) if key in qrels}
    return queries, qrels


def export_beir(project: Project, set_name: str, folder: str | Path) -> dict:
    """Write the set as ``folder/queries.jsonl`` and ``folder/qrels/test.tsv`` (graded candidates only;
    queries without any are left out, as BEIR loaders drop them); returns the counts and the two paths."""
    _writable(project)  # the export is audited
    set_id = _set_id(project, set_name)
    queries, qrels = judged_data(project, set_name)
    folder = Path(folder)
    (folder / "qrels").mkdir(parents=True, exist_ok=True)
    queries_file, qrels_file = folder / "queries.jsonl", folder / "qrels" / "test.tsv"
    with open(queries_file, "w", encoding="utf-8") as fh:
        for key, text in queries.items():
            fh.write(json.dumps({"_id": key, "text": text}, ensure_ascii=False) + "\n")
    with open(qrels_file, "w", encoding="utf-8") as fh:
        fh.write(QRELS_HEADER + "\n")
        for key, judged in qrels.items():
            for doc, grade in judged.items():
                fh.write(f"{key}\t{doc}\t{grade}\n")
    unjudged = project.db.execute("SELECT count(*) FROM judged_queries WHERE set_id = ?", [set_id]).fetchone()[0] - len(queries)
    judgments = sum(len(j) for j in qrels.values())
    project.audit("judged-export", set=set_id, queries=len(queries), judgments=judgments)
    return {"set": set_name, "queries": len(queries), "judgments": judgments,
            "relevant": sum(g >= 1 for j in qrels.values() for g in j.values()), "unjudged_queries": unjudged,
            "queries_file": str(queries_file), "qrels_file": str(qrels_file)}


def judged_files(project: Project, set_name: str, folder: str | Path) -> tuple[Path, Path]:
    """The set as a queries file and a qrels file in ``folder`` (for tools that read files)."""
    out = export_beir(project, set_name, folder)
    return Path(out["queries_file"]), Path(out["qrels_file"])


def _judged_error(e: Exception) -> ProjectError:
    return ProjectError(Text('cannot read the judged set: {error_type}', error_type=type(e).__name__))


def import_beir(project: Project, folder: str | Path | None, set_name: str, *, queries: str | Path | None = None,
                qrels: str | Path | None = None, split: str = "test") -> dict:
    """Read a BEIR queries/qrels pair into the set (created if needed): ``queries``/``qrels`` replace the
    folder's ``queries.jsonl`` and ``qrels/<split>.tsv``. Only queries that have qrels are read. Document
    keys are matched with :func:`appliance.pipeline.search.document_keys` (the lowest id where two
    documents share a key); grades must be 0, 1 or 2; unknown keys are counted, and only an import where none matches is an error.
    A query whose key is already in the set replaces it (its candidates and grades)."""
    from appliance.pipeline.judged import read_qrels, read_queries
    from appliance.pipeline.search import document_keys
    from appliance.project.db import now_iso, os_user

    _writable(project)
    if folder is None and not (queries and qrels):
        raise ProjectError("importing a judged set needs a folder, or a queries file and a qrels file")
    base = Path(folder) if folder is not None else None
    try:
        texts = read_queries(Path(queries) if queries else base / "queries.jsonl")
        rel = read_qrels(Path(qrels) if qrels else base / "qrels" / f"{split}.tsv")
    except (OSError, ValueError, KeyError, IndexError) as e:
        raise _judged_error(e) from None
    by_key: dict[str, int] = {}
    for doc_id, key in sorted(document_keys(project).items()):
        by_key.setdefault(key, doc_id)
    wanted = [q for q in texts if q in rel]
    rows = sum(len(rel[q]) for q in wanted)
    matched = sum(d in by_key for q in wanted for d in rel[q])
    if not wanted:
        raise ProjectError("the queries file has no query with judgments in the qrels file")
    bad = sorted({g for q in wanted for g in rel[q].values() if g not in GRADES})
    if bad:
        raise ProjectError(Text("the qrels file has the grade {grade}; judged sets use 0, 1 and 2", grade=bad[0]))
    if not matched:
        raise ProjectError(Text("none of the {rows} judged documents of the qrels file is a document of this project",
                                rows=rows), next_step="import")
    set_id = create_set(project, set_name)
    at, user = now_iso(), os_user()
    replaced = 0
    with project.db.atomic():
        for key in wanted:
            docs = [(by_key[d], g) for d, g in rel[key].items() if d in by_key]
            old = project.db.execute("SELECT id FROM judged_queries WHERE set_id = ? AND key = ?", [set_id, key]).fetchone()
            if old:
                replaced += 1
                query_id = old[0]
                project.db.execute("DELETE FROM judgments WHERE query_id = ?", [query_id])
                project.db.execute("UPDATE judged_queries SET text = ?, created_at = ?, os_user = ? WHERE id = ?",
                                   [texts[key], at, user, query_id])
            else:
                query_id = project.db["judged_queries"].insert({"set_id": set_id, "key": key, "text": texts[key],
                                                                "created_at": at, "os_user": user}).last_pk
            project.db["judgments"].insert_all(
                {"query_id": query_id, "document_id": doc_id, "position": i, "pooled_by": "[]", "grade": grade,
                 "judged_at": at, "os_user": user} for i, (doc_id, grade) in enumerate(docs))
    report = {"set": set_name, "queries": len(wanted), "replaced_queries": replaced, "judgments": matched,
              "unknown_documents": rows - matched, "queries_without_qrels": len(texts) - len(wanted),
              "qrels_without_query": sum(q not in texts for q in rel)}
    project.audit("judged-import", set=set_id, queries=len(wanted), replaced_queries=replaced, judgments=matched,
                  unknown_documents=rows - matched)
    return report
