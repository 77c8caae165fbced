"""Learning from a judged set without cheating: query folds, training pairs from judgments, and the
held-out queries that evaluation must keep to.

A judged set (:mod:`appliance.pipeline.judged_sets`) is split by *query* into ``k`` folds
(:func:`query_folds`: the keys sorted, shuffled with a seeded ``random.Random`` and dealt round-robin,
so the split is the same every time). ``appliance train --judged NAME --judged-holdout I`` trains on
every fold but fold ``I``; its train run records the exact training and held-out query keys
(``judged_train_keys`` / ``judged_heldout_keys`` in the run's config). Without ``--judged-holdout``
every fold is trained on: that is the final model, and no query of the set is left to measure it on.

A judged query becomes one training pair per document graded at least ``min_grade``; the passage is
the document's pseudonymized section that the *base* model finds closest to the query (cosine),
since a grade is given to a whole document, not to a section (:func:`judged_training_pairs`).
Documents graded 0 give hard negatives (:func:`judged_negatives`); unjudged documents never do, as
they may be relevant.

Evaluation (:func:`appliance.pipeline.evaluate.run_evaluate` with ``judged_set``) asks
:func:`judged_split_of` whether the current tuned model was trained on that set, and then measures
only the held-out queries (and refuses any query the tuned model was trained on).

Nothing here prints; the audit log gets no query text.
"""
from __future__ import annotations

import json
import random

import numpy as np

from appliance.messages import Text
from appliance.project import Project, ProjectError

__all__ = ["query_folds", "judged_training_pairs", "judged_negatives", "split_keys", "judged_split_of",
           "heldout_keys_for", "oversample", "attach_negatives"]

#: the section text that training reads (never the original text)
STAGE = "pseudonymized"


def query_folds(keys: list[str], k: int = 5, seed: int = 0) -> list[list[str]]:
    """``k`` folds of the query keys: sorted, shuffled with ``random.Random(seed)``, dealt round-robin;
    every key is in exactly one fold, and the same keys, ``k`` and ``seed`` give the same folds."""
    unique = sorted(set(keys))
    if k < 2:
        raise ProjectError(Text("a judged set is split into at least 2 folds, not {k}", k=k))
    if len(unique) < k:
        raise ProjectError(Text("the judged set has {n_queries} judged queries, too few for {k} folds",
                                n_queries=len(unique), k=k))
    random.Random(seed).shuffle(unique)
    folds: list[list[str]] = [[] for _ in range(k)]
    for i, key in enumerate(unique):
        folds[i % k].append(key)
    return folds


def split_keys(project: Project, set_name: str, k: int = 5, holdout: int | None = None,
               seed: int = 0) -> tuple[list[str], list[str]]:
    """(training keys, held-out keys) of the set's judged queries (those with a graded candidate);
    ``holdout`` None: every query trains, none is held out."""
    from appliance.pipeline.judged_sets import judged_data

    _, qrels = judged_data(project, set_name)
    folds = query_folds(list(qrels), k, seed)
    if holdout is None:
        return sorted(qrels), []
    if not 0 <= holdout < k:
        raise ProjectError(Text("the held-out fold is 0 to {last}, not {holdout}", last=k - 1, holdout=holdout))
    held = sorted(folds[holdout])
    return sorted(set(qrels) - set(held)), held


def _judged_rows(project: Project, set_name: str, keys: list[str]) -> list[tuple[str, str, int, int]]:
    """(query key, query text, document id, grade) of the graded candidates of ``keys``, in set order."""
    from appliance.pipeline.judged_sets import _set_id

    wanted = set(keys)
    rows = project.db.execute(
        "SELECT q.key, q.text, j.document_id, j.grade FROM judged_queries q JOIN judgments j ON j.query_id = q.id "
        "WHERE q.set_id = ? AND j.grade IS NOT NULL ORDER BY q.id, j.position, j.document_id",
        [_set_id(project, set_name)]).fetchall()
    return [(k, t, d, int(g)) for k, t, d, g in rows if k in wanted]


def _sections(project: Project, document_id: int) -> list[tuple[int, str]]:
    return [(sid, text) for sid, text in project.db.execute(
        "SELECT s.id, t.text FROM sections s JOIN section_texts t ON t.section_id = s.id AND t.stage = ? "
        "WHERE s.document_id = ? ORDER BY s.ord", [STAGE, document_id])]


def _best_sections(project: Project, set_name: str, rows: list[tuple[str, str, int, int]], encoder,
                   kind: str) -> list[dict]:
    """Per (query, document) row, the document's pseudonymized section closest to the query."""
    from appliance.models.embedding import encode

    if not rows:
        return []
    texts = sorted({t for _, t, _, _ in rows})
    q_vectors = dict(zip(texts, encode(encoder, texts, "query")))
    sections: dict[int, tuple[list[tuple[int, str]], np.ndarray]] = {}
    out = []
    for key, text, doc_id, _ in rows:
        if doc_id not in sections:
            found = _sections(project, doc_id)
            sections[doc_id] = (found, encode(encoder, [s for _, s in found], "passage") if found else np.zeros((0, 1)))
        found, vectors = sections[doc_id]
        if not found:
            continue  # not pseudonymized: never trained on
        scores = vectors @ q_vectors[text]
        best = int(np.argmax(scores))
        out.append({"qid": f"judged:{set_name}:{key}:{doc_id}", "question": text, kind: found[best][1],
                    "section_id": found[best][0], "document_id": doc_id, "key": key, "score": float(scores[best])})
    if not out:
        raise ProjectError(Text("none of the judged documents of '{name}' is pseudonymized yet; training reads "
                                "pseudonymized text only", name=set_name), next_step="pseudonymize")
    return out


def judged_training_pairs(project: Project, set_name: str, train_keys: list[str], encoder,
                          min_grade: int = 1) -> list[dict]:
    """One pair per training query and document graded at least ``min_grade``, shaped like
    :func:`appliance.pipeline.train.training_pairs` rows: ``qid`` ("judged:SET:KEY:DOCUMENT"),
    ``question``, ``passage`` (the document's pseudonymized section closest to the question under
    ``encoder``, the base model), ``section_id``, ``document_id``. Documents without pseudonymized
    text are left out."""
    rows = [r for r in _judged_rows(project, set_name, train_keys) if r[3] >= min_grade]
    return _best_sections(project, set_name, rows, encoder, "passage")


def judged_negatives(project: Project, set_name: str, train_keys: list[str], encoder) -> list[dict]:
    """Per document graded 0 (not relevant) for a training query, its pseudonymized section closest to the
    question (``negative``), with ``qid``, ``key``, ``question``, ``section_id``, ``document_id`` and
    ``score`` (cosine under ``encoder``)."""
    rows = [r for r in _judged_rows(project, set_name, train_keys) if r[3] == 0]
    if not rows:
        return []
    try:
        return _best_sections(project, set_name, rows, encoder, "negative")
    except ProjectError:  # none of them pseudonymized
        return []


#: an unjudged section is a negative only when the base model scores it this much (cosine) below the positive
NEGATIVE_MARGIN = 0.05
#: how deep the base model's ranking is searched for unjudged negatives
NEGATIVE_DEPTH = 30


def _index_cosine(searcher, section_id: int, vector: np.ndarray) -> float | None:
    """The cosine of ``vector`` and the index's vector of a section (the scale of the ranking's scores)."""
    view = searcher._vectors()
    found = view.get(section_id) if view is not None and section_id in view else None
    if found is None:
        return None
    found = np.asarray(found, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(found))
    return float(found @ vector) / norm if norm else None


def attach_negatives(project: Project, set_name: str, pairs: list[dict], train_keys: list[str], encoder,
                     base_path, margin: float = NEGATIVE_MARGIN, depth: int = NEGATIVE_DEPTH) -> int:
    """Give each judged pair a hard ``negative`` (pseudonymized text) in place; returns how many got one.

    First choice: the closest section of a document a person graded 0 for that query. Otherwise the
    highest-ranked section (the project's index, searched with the base model) of a document not graded
    for the query whose cosine is at least ``margin`` below the positive section's (both in the index): an unjudged document may be
    relevant, and the margin keeps close calls out (Moreira et al. 2024, "NV-Retriever", positive-aware
    mining). Unjudged negatives are mined only when the index was built with ``encoder``, the model in
    the folder ``base_path``."""
    from appliance.models.embedding import encode
    from appliance.pipeline.index import IndexConfig, model_fingerprint
    from appliance.pipeline.search import Searcher

    judged0: dict[str, tuple[float, str]] = {}
    for n in judged_negatives(project, set_name, train_keys, encoder):
        if n["key"] not in judged0 or n["score"] > judged0[n["key"]][0]:
            judged0[n["key"]] = (n["score"], n["negative"])
    graded: dict[str, set[int]] = {}
    for key, _, doc_id, _ in _judged_rows(project, set_name, train_keys):
        graded.setdefault(key, set()).add(doc_id)
    searcher = None
    cfg = IndexConfig.load(project)
    if cfg.source and cfg.fingerprint and model_fingerprint(base_path) == cfg.fingerprint:
        searcher = Searcher(project, encoder=encoder)
    texts = sorted({p["question"] for p in pairs if p["key"] not in judged0})
    vectors = dict(zip(texts, encode(encoder, texts, "query"))) if searcher is not None and texts else {}
    found = 0
    for p in pairs:
        if p["key"] in judged0:
            p["negative"] = judged0[p["key"]][1]
        elif p["question"] in vectors:
            vector = vectors[p["question"]]
            positive = _index_cosine(searcher, p["section_id"], vector)
            hits = searcher.dense_sections(vector, depth)
            docs = searcher._section_docs({sid for sid, _ in hits})
            for sid, score in hits:
                if docs.get(sid) in graded.get(p["key"], ()) or score > (positive if positive is not None else p["score"]) - margin:
                    continue
                row = project.db.execute("SELECT text FROM section_texts WHERE section_id = ? AND stage = ?",
                                         [sid, STAGE]).fetchone()
                if row:
                    p["negative"] = row[0]
                    break
        found += "negative" in p
    return found


def oversample(judged: list[dict], generated: int, weight: float, seed: int = 0) -> list[dict]:
    """The judged pairs repeated to ``weight`` judged pairs per generated pair (``round(weight x
    generated)`` in all: whole copies, then a seeded sample for the remainder); never fewer than each
    pair once, so with no generated pairs (or a small weight) every judged pair is used exactly once."""
    if weight <= 0:
        raise ProjectError(Text("the weight of the judged pairs must be above 0, not {weight}", weight=weight))
    target = round(weight * generated)
    if not judged or target <= len(judged):
        return list(judged)
    copies, rest = divmod(target, len(judged))
    return list(judged) * copies + random.Random(seed).sample(list(judged), rest)


def judged_split_of(project: Project, set_name: str) -> dict | None:
    """How the current tuned model used the set: ``train_keys``, ``heldout_keys``, ``holdout`` (the fold
    index, None: every fold trained) and ``folds``; None when it was not trained on the set (or there is no
    tuned model)."""
    from appliance.models.project_models import TUNED_SETTING

    rel = project.get_setting(TUNED_SETTING)
    if not rel:
        return None
    row = project.db.execute("SELECT config FROM runs WHERE kind = 'train' AND model_path = ? ORDER BY id DESC LIMIT 1",
                             [rel]).fetchone()
    try:
        config = json.loads(row[0] or "{}") if row else {}
    except ValueError:
        return None
    if config.get("judged") != set_name:
        return None
    return {"train_keys": list(config.get("judged_train_keys") or []),
            "heldout_keys": list(config.get("judged_heldout_keys") or []),
            "holdout": config.get("judged_holdout"), "folds": config.get("judged_folds")}


def heldout_keys_for(project: Project, set_name: str) -> list[str] | None:
    """The held-out query keys of the train run of the current tuned model when it was trained on the set
    (an empty list: it trained on every query); None when the set was not used for training."""
    split = judged_split_of(project, set_name)
    return None if split is None else split["heldout_keys"]
