"""Judged sets: queries, the documents that should be found for them (qrels), and a corpus.

The layout is BEIR's (Thakur et al., NeurIPS 2021 datasets track): ``corpus.jsonl`` (``_id``,
``text``, optional ``title``), ``queries.jsonl`` (``_id``, ``text``) and ``qrels/<split>.tsv``
(``query-id<TAB>corpus-id<TAB>score``, with or without that header line). A hospital's own judged
searches use the same two query/qrels files, with qrels naming the project's documents.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator


@dataclass
class JudgedSet:
    """A corpus with judged queries."""

    #: document id -> text (title and text joined by a newline when the corpus has titles)
    corpus: dict[str, str]
    #: query id -> text; only queries that have judgments
    queries: dict[str, str]
    #: query id -> {document id: grade}
    qrels: dict[str, dict[str, int]]


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """The objects of a JSON-lines file, one per non-empty line."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def read_queries(path: str | Path) -> dict[str, str]:
    """Query id -> text from a BEIR ``queries.jsonl``."""
    return {str(d["_id"]): d["text"] for d in read_jsonl(path)}


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """Query id -> {document id: grade} from a BEIR qrels TSV (the header line is optional)."""
    qrels: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0] == "query-id":
                continue
            qrels.setdefault(row[0], {})[row[1]] = int(float(row[2]))
    return qrels


def read_corpus(path: str | Path) -> dict[str, str]:
    """Document id -> text from a BEIR ``corpus.jsonl`` (``title`` and ``text`` joined by a newline)."""
    corpus = {}
    for d in read_jsonl(path):
        title = d.get("title") or ""
        corpus[str(d["_id"])] = (title + "\n" + d["text"]).strip() if title else d["text"]
    return corpus


def load_beir(folder: str | Path, queries: str | Path | None = None, qrels: str | Path | None = None,
              split: str = "dev") -> JudgedSet:
    """A BEIR-layout folder; ``queries``/``qrels`` replace the folder's files. Queries without judgments are dropped."""
    folder = Path(folder)
    corpus = read_corpus(folder / "corpus.jsonl")
    q = read_queries(Path(queries) if queries else folder / "queries.jsonl")
    rel = read_qrels(Path(qrels) if qrels else folder / "qrels" / f"{split}.tsv")
    return JudgedSet(corpus, {k: v for k, v in q.items() if k in rel}, rel)
