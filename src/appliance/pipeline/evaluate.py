"""Evaluation of an embedding model (and of the search) on judged queries.

One call, :func:`run_evaluate`, covers every case:

- **dense on a BEIR folder** (the fast path): the corpus is sectioned exactly like an import, every
  section is embedded and a document is ranked by its best section (exact, in memory), as the search
  window does. The section embeddings are cached per corpus and model (see below), so measuring the
  same model again embeds only the queries.
- **keyword or hybrid on a BEIR folder**: the corpus is imported (like ``appliance import --id-field
  _id``) into a project kept in the cache, indexed on its original text, and searched by exactly the
  code of ``appliance search`` (:func:`appliance.pipeline.search.evaluate_search`). Later calls reuse
  that project; another model is measured through the index's evaluation vectors (cached per model).
- **the project's own documents** (a project and a queries/qrels pair, no BEIR folder): the project's
  own index through the same search; qrels name documents by
  :func:`appliance.pipeline.search.document_keys`.
- **a judged set of the project** (``judged_set``, built with :mod:`appliance.pipeline.judged_sets`):
  the same, with the set's queries and graded candidates as the queries/qrels pair; the stored run is
  named after the set, so that :mod:`appliance.pipeline.report` compares runs of the same set.

Every run's metrics also keep ``per_query`` (query id -> mAP@100), from which the comparison draws
its bootstrap interval.

With a project the run is stored (:func:`store_evaluation`, kind ``evaluate``) for
:mod:`appliance.pipeline.report` to compare, and the report carries its id.

**Metrics** are trec_eval's, computed by pytrec_eval (Van Gysel & de Rijke, SIGIR 2018), on the
ranking cut at 100 documents: mAP@100 (``map_cut_100``), nDCG@10 (``ndcg_cut_10``: gain = the
grade, log2 discount, ideal over all judged documents), Recall@10/100 (``recall_10``,
``recall_100``) and MRR@10 (``recip_rank`` on the ranking cut at 10). A document is relevant when
its grade is at least ``rel_min`` (trec_eval's ``relevance_level``); nDCG uses the grades
themselves. Queries without a relevant document are not counted; a judged query with an empty
ranking counts as 0. Ranks are passed as distinct descending scores, so trec_eval's tie-breaking
never reorders a ranking.

**Cache** (:func:`appliance.paths.cache_dir`, ``$APPLIANCE_CACHE_DIR`` or the user cache folder;
``evaluate/`` in it, safe to delete at any time): ``dense-<model>-<corpus>.npy`` holds the section
embeddings of one corpus (hash of its section ids and texts) under one model
(:func:`appliance.pipeline.index.model_fingerprint`); ``beir-<corpus>.appliance`` is the imported and
indexed copy of one corpus for keyword and hybrid runs.

Nothing here prints; long parts report progress to a :class:`JobControl` and check for cancel.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np

from appliance.messages import Text
from appliance.pipeline.judged import JudgedSet, load_beir, read_qrels, read_queries
from appliance.pipeline.metrics import METRIC_KEYS, mean_metrics, per_query_metrics, retrieval_metrics
from appliance.pipeline.sections import split_sections
from appliance.project import JobControl, Project, ProjectError

__all__ = [
    "METRIC_KEYS", "MODES", "EvaluateOptions", "EvaluateReport", "run_evaluate", "evaluate_dense", "store_evaluation",
    "per_query_metrics", "mean_metrics", "retrieval_metrics", "section_corpus", "rank_documents", "SectionCorpus",
]

MODES = ("dense", "keyword", "hybrid")


#: sections embedded per progress report (a multiple of the encoder's batch of 64)
EMBED_CHUNK = 512

#: project setting of a cached corpus project: the hash of the corpus it holds, once fully imported
CACHE_CORPUS_SETTING = "evaluate.cache.corpus"



# ---------------------------------------------------------------------------- options and report
@dataclass
class EvaluateOptions:
    """What to measure, on which judged queries."""

    #: BEIR-layout folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv); None: the project's own documents
    beir: str | None = None
    #: queries.jsonl to use instead of the folder's (required for the project's own documents)
    queries: str | None = None
    #: qrels TSV to use instead of the folder's qrels/<split>.tsv (required for the project's own documents)
    qrels: str | None = None
    #: the BEIR folder's qrels split
    split: str = "dev"
    #: lowest grade that counts as relevant
    rel_min: int = 1
    #: base (None too), tuned (needs the project), a store name or a folder; the project's own documents
    #: without a model: the model the project's index was built with
    model: str | None = None
    #: which model 'base' means (None: all-MiniLM-L6-v2)
    base_model: str | None = None
    #: dense, keyword or hybrid
    mode: str = "dense"
    #: auto, cpu or cuda
    device: str = "auto"
    #: model store folder (None: the default store)
    model_store: str | None = None
    #: a judged set of the project (by name) to measure the project's own search on, instead of files
    judged_set: str | None = None
    #: only these queries of the judged set; None: all of them, or, when the current tuned model was trained on
    #: the set, the queries held out from its training (for every model, so that base and tuned measure the same)
    judged_keys: list[str] | None = None


@dataclass
class EvaluateReport:
    """What an evaluation measured."""

    #: mean over the judged queries of map@100, ndcg@10, recall@10, recall@100 and mrr@10
    metrics: dict[str, float]
    #: judged queries measured (those with at least one document graded rel_min or higher)
    queries: int
    #: sections ranked: embedded (dense on a BEIR folder) or in the index searched
    sections: int
    #: the model measured, as named: base, tuned, a store name or a folder
    model: str
    #: the measured model's folder ("" for keyword search of an index without one)
    model_path: str
    #: dense, keyword or hybrid
    mode: str
    #: "beir" (a BEIR-layout folder) or "project" (the project's own documents, through its index)
    corpus: str
    #: the lowest grade that counted as relevant
    rel_min: int
    #: wall-clock seconds
    seconds: float
    #: the run stored in the project's runs table (None without a project)
    run_id: int | None = None
    #: search path: the model the searched index was built with
    index_model: str | None = None
    #: search path: the indexed text (pseudonymized or original)
    source: str | None = None
    #: hybrid: the fusion (method, keyword_weight, rrf_k, doc_agg)
    fusion: dict | None = None
    #: True when the corpus's section embeddings (dense) or its imported copy (keyword, hybrid) came from the cache
    cached: bool = False
    #: the project's judged set measured (None: files or a BEIR folder)
    judged_set: str | None = None
    #: the queries of the judged set measured, when not all of them (held out from training, or as asked)
    judged_keys: list[str] | None = None
    #: the held-out fold those queries are (``--judged-holdout`` of the training), and the number of folds
    judged_fold: int | None = None
    judged_folds: int | None = None


def store_evaluation(project, config: dict, metrics: dict, model_path: str | None = None) -> int:
    """One ``runs`` row (kind ``evaluate``) that ``appliance compare`` reads, and its line in the audit log
    (which model was measured on how many queries: no query text); returns its id."""
    from appliance.project.db import now_iso

    with project.db.atomic():
        run = project.db["runs"].insert({
            "kind": "evaluate", "status": "done", "created_at": now_iso(), "model_path": model_path,
            "config": json.dumps(config), "metrics": json.dumps(metrics),
        }).last_pk
    project.audit("evaluate", run=run, model=config.get("model"), queries=metrics.get("queries"))
    return run


# ---------------------------------------------------------------------------- dense retrieval
@dataclass
class SectionCorpus:
    """A corpus cut into sections like an import."""

    #: the document of each section
    doc_ids: list[str]
    #: ``header: text`` of each section
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


def _digest(pairs: Iterable[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for key, text in pairs:
        h.update(key.encode("utf-8") + b"\x00" + text.encode("utf-8") + b"\x01")
    return h.hexdigest()[:20]


def _cache_folder() -> Path:
    from appliance.paths import cache_dir

    return cache_dir() / "evaluate"


def _embed_sections(model, texts: list[str], control: JobControl) -> np.ndarray:
    """Passage embeddings of ``texts`` in chunks, longest first (as the encoder orders a single call)."""
    from appliance.models.embedding import encode

    control.phase("Embedding sections", total=len(texts))
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    out: np.ndarray | None = None
    for start in range(0, len(order), EMBED_CHUNK):
        control.check()
        idx = order[start : start + EMBED_CHUNK]
        emb = encode(model, [texts[i] for i in idx], "passage")
        if out is None:
            out = np.empty((len(texts), emb.shape[1]), dtype=np.float32)
        out[idx] = emb
        control.report(start + len(idx), len(texts), "sections")
    return out if out is not None else np.zeros((0, 0), dtype=np.float32)


def _cached_passages(model, sc: SectionCorpus, model_path: Path | None, control: JobControl) -> tuple[np.ndarray, bool]:
    """The section embeddings, from the cache when this corpus was embedded with this model before."""
    if model_path is None:
        return _embed_sections(model, sc.texts, control), False
    from appliance.pipeline.index import model_fingerprint

    path = _cache_folder() / f"dense-{model_fingerprint(Path(model_path))}-{_digest(zip(sc.doc_ids, sc.texts))}.npy"
    if path.is_file():
        try:
            cached = np.load(path, allow_pickle=False)
            if cached.dtype == np.float32 and cached.ndim == 2 and cached.shape[0] == len(sc.texts):
                return cached, True
        except (OSError, ValueError):
            pass  # a damaged file: embed again and replace it
    passages = _embed_sections(model, sc.texts, control)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
    np.save(tmp, passages, allow_pickle=False)
    os.replace(tmp, path)
    return passages, False


def _dense(model, judged: JudgedSet, rel_min: int, control: JobControl, model_path: Path | None) -> tuple[dict, bool]:
    from appliance.models.embedding import encode

    started = time.monotonic()
    sc = section_corpus(judged.corpus)
    unique_docs = list(dict.fromkeys(sc.doc_ids))
    index = {d: i for i, d in enumerate(unique_docs)}
    section_docs = np.array([index[d] for d in sc.doc_ids])
    passages, cached = _cached_passages(model, sc, model_path, control)
    qids = list(judged.queries)
    control.phase("Embedding queries")
    control.check()
    queries = encode(model, [judged.queries[q] for q in qids], "query")
    control.phase("Ranking queries", total=len(qids))
    rankings: dict[str, list[str]] = {}
    for start in range(0, len(qids), 256):
        control.check()
        scores = queries[start : start + 256] @ passages.T
        rankings.update(zip(qids[start : start + 256], rank_documents(scores, section_docs, unique_docs)))
        control.report(min(start + 256, len(qids)), len(qids), "queries")
    result = retrieval_metrics(rankings, judged.qrels, rel_min)
    result["sections"] = len(sc.texts)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result, cached


def evaluate_dense(model, judged: JudgedSet, rel_min: int = 1, *, control: JobControl | None = None,
                   model_path: str | Path | None = None) -> dict:
    """The metrics of ``model`` on ``judged`` (documents ranked by their best section), with ``queries``,
    ``sections`` and ``seconds``. ``model_path`` (the model's folder): cache the section embeddings
    per corpus and model, so that the next call embeds only the queries; None: no cache."""
    result, _ = _dense(model, judged, rel_min, control or JobControl(), Path(model_path) if model_path else None)
    return result


# ---------------------------------------------------------------------------- keyword and hybrid on a BEIR folder
def _index(project: Project, model: str, vectors: bool, options: EvaluateOptions, control: JobControl) -> None:
    """Index the cached corpus project on its original text (the one call into the index stage)."""
    from appliance.pipeline.index import IndexOptions, run_index

    run_index(project, IndexOptions(model=model, source="original", model_store=options.model_store,
                                    device=options.device, vectors=vectors), control=control)


def _open_cache_project(path: Path) -> Project:
    from appliance.project.db import ProjectInUse

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return Project.open(path, create=True)
    except ProjectInUse:
        raise ProjectInUse("the cached copy of this judged corpus is in use by another evaluation; "
                           "try again when it has finished") from None


def _beir_search(judged: JudgedSet, model_path: Path, options: EvaluateOptions, control: JobControl) -> tuple[dict, bool]:
    """Keyword or hybrid search of a BEIR corpus through a cached project that holds it (imported once)."""
    from appliance.pipeline.index import IndexConfig, index_status
    from appliance.pipeline.ingest import ImportOptions, run_import
    from appliance.pipeline.search import evaluate_search

    digest = _digest(judged.corpus.items())
    path = _cache_folder() / f"beir-{digest}.appliance"
    with _open_cache_project(path) as project:
        cached = project.get_setting(CACHE_CORPUS_SETTING) == digest
        if not cached:  # first use, or an import that was stopped: documents already in are skipped
            corpus = path.with_name(f"{path.stem}.{os.getpid()}.corpus.jsonl")
            try:
                with open(corpus, "w", encoding="utf-8") as fh:
                    for doc_id, text in judged.corpus.items():
                        fh.write(json.dumps({"_id": doc_id, "text": text}, ensure_ascii=False) + "\n")
                run_import(project, ImportOptions(paths=[str(corpus)], id_field="_id", text_field="text"),
                           control=control)
            finally:
                corpus.unlink(missing_ok=True)
            project.set_setting(CACHE_CORPUS_SETTING, digest)
        status, config = index_status(project), IndexConfig.load(project)
        wants_vectors = options.mode != "keyword"
        if (config.source is None or status["keyword_sections"] < status["sections"]
                or (wants_vectors and status["vector_sections"] < status["keyword_sections"])):
            # complete what is there with the model it was built with; else build with the model measured
            own = config.model_path if config.model_path and Path(config.model_path).is_dir() else None
            keep = own and (not wants_vectors or status["vector_sections"] > 0)
            _index(project, own if keep else str(model_path), wants_vectors, options, control)
        result = evaluate_search(project, judged.queries, judged.qrels, options.mode, options.rel_min,
                                 model=str(model_path) if wants_vectors else None, store=options.model_store,
                                 device=options.device, control=control)
    result["index_model"] = options.model or "base"  # not the cached project's folder path
    result["model_path"] = str(model_path)
    return result, cached


# ---------------------------------------------------------------------------- the one call
def _judged_error(e: Exception) -> ProjectError:
    return ProjectError(Text('cannot read the judged set: {error_type}', error_type=type(e).__name__))


def run_evaluate(project: Project | None, options: EvaluateOptions, *, control: JobControl | None = None) -> EvaluateReport:
    """Measure a model (or the project's search) on judged queries; see the module docstring for the cases.

    ``project``: resolves ``tuned``, receives the stored run, and is the corpus when ``options.beir`` is
    None (it must then be open for writing, as measuring another model caches its vectors there)."""
    from appliance.models.embedding import load_sentence_transformer
    from appliance.models.project_models import resolve_embedding_model

    control = control or JobControl()
    o = options
    if o.mode not in MODES:
        raise ProjectError(Text("unknown evaluation mode '{mode}' (use {modes})", mode=o.mode, modes=', '.join(MODES)))
    if project is not None and project.readonly:
        raise ProjectError("the project is open read-only; evaluation stores its run there")
    cached = False
    if o.judged_set and (o.beir or o.queries or o.qrels):
        raise ProjectError("measure either a judged set of the project or judged files, not both")
    if o.beir:
        try:
            judged = load_beir(o.beir, o.queries, o.qrels, o.split)
        except (OSError, ValueError, KeyError) as e:
            raise _judged_error(e) from None
        model_path = resolve_embedding_model(o.model, project, o.model_store, o.base_model)
        if o.mode == "dense":
            control.phase("Loading the embedding model")
            model = load_sentence_transformer(model_path, o.device)
            result, cached = _dense(model, judged, o.rel_min, control, model_path)
            result["model_path"] = str(model_path)
        else:
            result, cached = _beir_search(judged, model_path, o, control)
        result["model"] = o.model or "base"
        config: dict = {"beir": str(o.beir), "split": o.split}
    else:
        if project is None:
            raise ProjectError("give a project (to measure its own documents) or a BEIR-layout folder")
        config = {}
        if o.judged_set:
            from appliance.pipeline.judged_sets import judged_data

            queries, qrels = judged_data(project, o.judged_set)
            if not qrels:
                raise ProjectError(Text("the judged set '{name}' has no graded candidate yet", name=o.judged_set))
            config = {"judged_set": o.judged_set, "name": o.judged_set}
            keys, subset = _judged_subset(project, o, qrels)
            if keys is not None:
                queries, qrels = {k: queries[k] for k in keys}, {k: qrels[k] for k in keys}
                config.update(subset)
        elif not (o.queries and o.qrels):
            raise ProjectError("measuring a project's own documents needs a queries file and a qrels file")
        else:
            try:
                queries, qrels = read_queries(o.queries), read_qrels(o.qrels)
            except (OSError, ValueError, KeyError) as e:
                raise _judged_error(e) from None
        from appliance.pipeline.search import evaluate_search

        model = o.base_model if o.base_model and o.model in (None, "base") else o.model
        result = evaluate_search(project, queries, qrels, o.mode, o.rel_min, model=model, store=o.model_store,
                                 device=o.device, control=control)
        result["model"] = o.model or result.get("index_model") or "base"
    corpus = "beir" if o.beir else "project"
    config.update({"queries": o.queries, "qrels": o.qrels, "model": result["model"], "mode": o.mode,
                   "model_path": result.get("model_path") or None, "rel_min": o.rel_min, "corpus": corpus,
                   "fusion": result.get("fusion")})
    run_id = store_evaluation(project, config, result) if project is not None else None
    return EvaluateReport(
        metrics={k: result[k] for k in METRIC_KEYS}, queries=result["queries"], sections=result["sections"],
        model=result["model"], model_path=result.get("model_path") or "", mode=o.mode, corpus=corpus,
        rel_min=o.rel_min, seconds=result["seconds"], run_id=run_id, index_model=result.get("index_model"),
        source=result.get("source"), fusion=result.get("fusion"), cached=cached, judged_set=o.judged_set,
        judged_keys=config.get("judged_keys"), judged_fold=config.get("judged_fold"),
        judged_folds=config.get("judged_folds"),
    )


def _measures_tuned(project: Project, o: EvaluateOptions) -> bool:
    """Whether the run measures the project's current tuned model (by name, or by its folder)."""
    from appliance.models.project_models import TUNED_SETTING, resolve_embedding_model
    from appliance.pipeline.index import IndexConfig

    rel = project.get_setting(TUNED_SETTING)
    if not rel:
        return False
    if o.model == "tuned":
        return True
    if o.mode == "keyword":
        return False
    try:
        if o.model is None:
            path = None if o.base_model else IndexConfig.load(project).model_path  # the index's own model
        else:
            path = resolve_embedding_model(o.model, project, o.model_store, o.base_model)
        return bool(path) and Path(path).resolve() == (project.artefact_dir / rel).resolve()
    except (ProjectError, OSError):
        return False


def _judged_subset(project: Project, o: EvaluateOptions, qrels: dict) -> tuple[list[str] | None, dict]:
    """The judged set's queries to measure (None: all) and what the run's config records about them.

    When the current tuned model was trained on the set, its training queries are never measured: without
    ``judged_keys`` the held-out ones are (for every model, so that base and tuned are compared on the same
    queries); given keys that it trained on are refused."""
    from appliance.pipeline.judged_training import judged_split_of

    name = o.judged_set
    split = judged_split_of(project, name)
    tuned = split is not None and _measures_tuned(project, o)
    if o.judged_keys is not None:
        keys = sorted(set(o.judged_keys))
        unknown = [k for k in keys if k not in qrels]
        if unknown:
            raise ProjectError(Text("the judged set '{name}' has no graded query '{key}'", name=name, key=unknown[0]))
        trained = sorted(set(keys) & set(split["train_keys"])) if split and tuned else []
        if trained:
            raise ProjectError(Text("the tuned model was trained on {n_trained} of these queries of judged set '{name}' "
                                    "(for example '{key}'); measure it on the queries held out from its training",
                                    n_trained=len(trained), name=name, key=trained[0]))
    elif split is None:
        return None, {}
    elif not split["heldout_keys"]:
        if not tuned:
            return None, {}
        raise ProjectError(Text("the tuned model was trained on every query of judged set '{name}'; train with a "
                                "held-out fold to measure it on this set", name=name), next_step="train")
    else:
        keys = sorted(k for k in split["heldout_keys"] if k in qrels)
    if not keys:
        raise ProjectError(Text("none of the queries to measure is a graded query of judged set '{name}'", name=name))
    config: dict = {"judged_keys": keys}
    if split and split["holdout"] is not None and keys == sorted(split["heldout_keys"]):
        config.update(judged_fold=split["holdout"], judged_folds=split["folds"],
                      name=f"{name} (held-out fold {split['holdout']} of folds 0 to {int(split['folds']) - 1})")
    else:
        config["name"] = f"{name} ({len(keys)} chosen queries)"
    return keys, config
