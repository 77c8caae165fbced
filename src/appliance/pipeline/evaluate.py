"""Evaluation of an embedding model on judged queries: mAP@100, nDCG@10, Recall@10/100, MRR@10.

The corpus is a BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv) or the
project's own documents. Documents are sectioned exactly like an import, and a document is ranked
by its best section, as the search window does.
"""
from __future__ import annotations

import csv
import json
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from appliance.pipeline.sections import split_sections

METRIC_KEYS = ("map@100", "ndcg@10", "recall@10", "recall@100", "mrr@10")


@dataclass
class JudgedSet:
    corpus: dict[str, str]  # doc id -> text
    queries: dict[str, str]  # query id -> text
    qrels: dict[str, dict[str, int]]  # query id -> {doc id: grade}


def _read_jsonl(path: Path) -> Iterable[dict]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        reader = csv.reader(fh, delimiter="\t")
        for row in reader:
            if not row or row[0] == "query-id":
                continue
            qrels.setdefault(row[0], {})[row[1]] = int(float(row[2]))
    return qrels


def load_beir(folder: str | Path, queries: str | Path | None = None, qrels: str | Path | None = None, split: str = "dev") -> JudgedSet:
    folder = Path(folder)
    corpus = {}
    for d in _read_jsonl(folder / "corpus.jsonl"):
        title = d.get("title") or ""
        corpus[str(d["_id"])] = (title + "\n" + d["text"]).strip() if title else d["text"]
    q = {str(d["_id"]): d["text"] for d in _read_jsonl(Path(queries) if queries else folder / "queries.jsonl")}
    rel = read_qrels(Path(qrels) if qrels else folder / "qrels" / f"{split}.tsv")
    return JudgedSet(corpus, {k: v for k, v in q.items() if k in rel}, rel)


# ---------------------------------------------------------------------------- metrics
def metrics_for_run(ranking: list[str], judged: dict[str, int], rel_min: int = 1) -> dict[str, float]:
    """Metrics of one query. ``ranking``: doc ids best first; ``judged``: doc id -> grade."""
    relevant = {d for d, g in judged.items() if g >= rel_min}
    if not relevant:
        return {}
    hits, precisions = 0, []
    for i, d in enumerate(ranking[:100], start=1):
        if d in relevant:
            hits += 1
            precisions.append(hits / i)
    ap = sum(precisions) / min(len(relevant), 100)
    dcg = sum((2 ** judged.get(d, 0) - 1) / math.log2(i + 1) for i, d in enumerate(ranking[:10], start=1) if judged.get(d, 0) > 0)
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 1) for i, g in enumerate(ideal, start=1))
    mrr = next((1 / i for i, d in enumerate(ranking[:10], start=1) if d in relevant), 0.0)
    return {
        "map@100": ap,
        "ndcg@10": dcg / idcg if idcg else 0.0,
        "recall@10": len(relevant & set(ranking[:10])) / len(relevant),
        "recall@100": len(relevant & set(ranking[:100])) / len(relevant),
        "mrr@10": mrr,
    }


def aggregate(per_query: list[dict[str, float]]) -> dict:
    rows = [m for m in per_query if m]
    out = {k: (sum(m[k] for m in rows) / len(rows) if rows else 0.0) for k in METRIC_KEYS}
    out["queries"] = len(rows)
    return out


def store_evaluation(project, config: dict, metrics: dict, model_path: str | None = None) -> int:
    """One ``runs`` row (kind ``evaluate``) that ``appliance compare`` reads; returns its id."""
    from appliance.project.db import now_iso

    with project.db.atomic():
        return project.db["runs"].insert({
            "kind": "evaluate", "status": "done", "created_at": now_iso(), "model_path": model_path,
            "config": json.dumps(config), "metrics": json.dumps(metrics),
        }).last_pk


# ---------------------------------------------------------------------------- dense retrieval
@dataclass
class SectionCorpus:
    doc_ids: list[str]  # per section
    texts: list[str]


def section_corpus(corpus: dict[str, str]) -> SectionCorpus:
    ids, texts = [], []
    for doc_id, text in corpus.items():
        for s in split_sections(text):
            ids.append(doc_id)
            texts.append(f"{s.header}: {s.text}" if s.header else s.text)
    return SectionCorpus(ids, texts)


def rank_documents(scores: np.ndarray, section_docs: np.ndarray, unique_docs: list[str], k: int = 100) -> list[list[str]]:
    """Per query, documents ordered by their best section score."""
    n_docs = len(unique_docs)
    rankings = []
    for row in scores:
        best = np.full(n_docs, -np.inf, dtype=np.float32)
        np.maximum.at(best, section_docs, row)
        top = np.argpartition(-best, min(k, n_docs - 1))[:k]
        top = top[np.argsort(-best[top])]
        rankings.append([unique_docs[i] for i in top])
    return rankings


def encode(model, texts: list[str], prompt_name: str | None, batch_size: int = 64, show_progress: bool = False) -> np.ndarray:
    kwargs = {"prompt_name": prompt_name} if prompt_name and prompt_name in (getattr(model, "prompts", {}) or {}) else {}
    return model.encode(
        texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=show_progress, **kwargs
    ).astype(np.float32)


def evaluate_dense(model, judged: JudgedSet, rel_min: int = 1, show_progress: bool = False) -> dict:
    started = time.monotonic()
    sc = section_corpus(judged.corpus)
    unique_docs = list(dict.fromkeys(sc.doc_ids))
    index = {d: i for i, d in enumerate(unique_docs)}
    section_docs = np.array([index[d] for d in sc.doc_ids])
    passages = encode(model, sc.texts, "passage", show_progress=show_progress)
    qids = list(judged.queries)
    queries = encode(model, [judged.queries[q] for q in qids], "query")
    per_query = []
    for start in range(0, len(qids), 256):
        scores = queries[start : start + 256] @ passages.T
        for qid, ranking in zip(qids[start : start + 256], rank_documents(scores, section_docs, unique_docs)):
            per_query.append(metrics_for_run(ranking, judged.qrels.get(qid, {}), rel_min))
    result = aggregate(per_query)
    result["sections"] = len(sc.texts)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result
