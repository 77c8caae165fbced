"""Search over the project's index: keyword (FTS5 bm25), dense (USearch) and hybrid (fused).

Every path ends in the same place: section hits -> documents (grouped, best sections first) ->
metadata and snippets from the project file. Because each hit is joined with ``sections`` (and a
vector hit with the ``index_state`` mark of its section), a section deleted a moment ago is never
returned, even while its key still sits in the USearch file.

Fusion (chosen by measurement on mtsamples-topics dev, see docs/search.md): each ranker first
scores documents by their best section; per query, each ranker's document scores are min-max
normalised over its candidate list (a document a ranker did not retrieve counts as that ranker's
minimum, 0), and the fused score is ``w * keyword + (1 - w) * dense`` with ``w = 0.5``. This is the
convex combination of min-max normalised scores studied by Bruch, Gai & Ingber, "An Analysis of
Fusion Functions for Hybrid Retrieval", ACM TOIS 42(1), 2023 (their ``f_Convex`` with ``phi_MM``);
with equal weights it is half of CombSUM (Fox & Shaw, TREC-2 1994) over min-max normalised scores,
the normalisation of Lee, "Analyses of Multiple Evidence Combination", SIGIR 1997, in which a
document a system did not retrieve contributes 0. The alternatives kept for measurement:
``zscore`` (the same convex combination over z-scores; a missing document gets the ranker's lowest
z-score) and ``rrf``, reciprocal rank fusion of Cormack, Clarke & Buettcher, SIGIR 2009:
``sum_r 1 / (k + rank_r(d))`` with ``k = 60`` over the rankers that retrieved ``d``, here weighted
``w`` and ``1 - w`` (0.5 each: half the published score, the same order).
"""
from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from appliance.messages import Text
from appliance.pipeline.index import IndexConfig, fold, index_status, model_fingerprint, vector_path
from appliance.project import JobControl, Project, ProjectError

MODES = ("hybrid", "dense", "keyword")

#: Sections each ranker hands to the fusion (enough for 100 documents at ~10 sections per document).
DEFAULT_DEPTH = 1000


@dataclass(frozen=True)
class Fusion:
    """How hybrid search combines the two rankers (see the module docstring)."""

    method: str = "minmax"  # minmax | zscore | rrf
    keyword_weight: float = 0.5
    rrf_k: int = 60
    doc_agg: str = "max"  # max: a document scores as its best section; sum2: sum of its best two


DEFAULT_FUSION = Fusion()
#: the project setting with the fusion learned from its judged queries (JSON of a Fusion); absent: DEFAULT_FUSION
FUSION_SETTING = "search.fusion"


def project_fusion(project: Project) -> Fusion:
    """The fusion this project's hybrid search uses: the learned one (``appliance learn-fusion``) or the default."""
    import json

    stored = project.get_setting(FUSION_SETTING)
    if not stored:
        return DEFAULT_FUSION
    try:
        return Fusion(**json.loads(stored))
    except (TypeError, ValueError):
        return DEFAULT_FUSION

# ---------------------------------------------------------------------------- query terms
_WORD = re.compile(r"[^\W_]+")
STOPWORDS = frozenset(
    """a an and are as at be by for from has have in is it its of on or that the this to was were with without
    der die das den dem des ein eine einer eines einem und oder mit ohne von vom zu zum zur im in ist sind bei
    auf aus als am an nach fuer ueber unter wird wurde nicht kein keine""".split()
)
PREFIX_MIN = 5  # terms at least this long also match longer words: "lunge" -> "lungenembolie"
_UMLAUT_BASE = re.compile(r"(?<=[aou])(?!e)")
_UMLAUT_SPELLED = re.compile(r"(?<=[aou])e")


def _strip_marks(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def fold_token(word: str) -> str:
    """How both indexes see a word: folded case and umlauts, other accents removed."""
    return _strip_marks(fold(word))


def query_terms(query: str) -> list[str]:
    terms = list(dict.fromkeys(fold_token(w) for w in _WORD.findall(query)))
    content = [t for t in terms if t not in STOPWORDS]
    return content or terms


def _variants(term: str) -> list[str]:
    """Umlaut spellings a typed ASCII word may stand for: 'muller' -> 'mueller', and back."""
    if not term.isascii() or len(term) < 4 or not term.isalpha():
        return [term]
    out = [term]
    for m in list(_UMLAUT_BASE.finditer(term))[:2]:
        out.append(term[: m.start()] + "e" + term[m.start():])
    for m in list(_UMLAUT_SPELLED.finditer(term))[:2]:
        out.append(term[: m.start()] + term[m.end():])
    return list(dict.fromkeys(out))


def fts_query(query: str, prefix_min: int = PREFIX_MIN, umlaut_variants: bool = True) -> str | None:
    """An FTS5 MATCH expression: the query's terms OR-ed (bm25 ranks documents with more and rarer terms
    higher), long terms as prefixes (German compounds, English inflections)."""
    parts = []
    for term in query_terms(query):
        forms = _variants(term) if umlaut_variants else [term]
        phrases = [f'"{f}"*' if prefix_min and len(f) >= prefix_min else f'"{f}"' for f in forms]
        parts.append(phrases[0] if len(phrases) == 1 else "(" + " OR ".join(phrases) + ")")
    return " OR ".join(parts) if parts else None


def _term_index_matcher(query: str, prefix_min: int = PREFIX_MIN):
    """word -> index of the query term it matches (in :func:`query_terms` order), or None. The same words
    match as in the FTS5 query (umlaut spellings, long terms as prefixes); where several prefixes fit,
    the longest, most specific term wins."""
    exact: dict[str, int] = {}
    prefixes: list[tuple[str, int]] = []
    for i, term in enumerate(query_terms(query)):
        for f in _variants(term):
            exact.setdefault(f, i)
            if prefix_min and len(f) >= prefix_min:
                prefixes.append((f, i))
    prefixes.sort(key=lambda p: -len(p[0]))

    def match(word: str) -> int | None:
        i = exact.get(word)
        if i is None:
            i = next((j for p, j in prefixes if word.startswith(p)), None)
        return i

    return match


def _term_matcher(query: str, prefix_min: int = PREFIX_MIN):
    match = _term_index_matcher(query, prefix_min)
    return lambda w: match(w) is not None


def term_highlights(text: str, query: str) -> list[tuple[int, int, int]]:
    """(start, end, term) of every word of ``text`` that matches a query term, ``term`` being its index in
    :func:`query_terms` (one colour per term in the search window)."""
    match = _term_index_matcher(query)
    out = []
    for m in _WORD.finditer(text):
        i = match(fold_token(m.group()))
        if i is not None:
            out.append((m.start(), m.end(), i))
    return out


def make_snippet(text: str, query: str, width: int = 220) -> tuple[str, list[list[int]]]:
    """A window of ``text`` around the densest cluster of query words, and the [start, end) of each
    matched word within the returned snippet."""
    snippet, highlights, _ = snippet_with_terms(text, query, width)
    return snippet, highlights


def snippet_with_terms(text: str, query: str, width: int = 220) -> tuple[str, list[list[int]], list[int]]:
    """:func:`make_snippet`, and for each highlight the index of the query term it matched."""
    spans = [(a, b) for a, b, _ in term_highlights(text, query)]
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        best, best_n = 0, -1
        for a, _ in spans:
            n = sum(1 for b, _ in spans if a <= b < a + width - 40)
            if n > best_n:
                best, best_n = a, n
        start = max(0, best - 40)
        if start:
            sp = text.rfind(" ", 0, start)
            start = sp + 1 if sp >= 0 and start - sp < 20 else start
        end = min(len(text), start + width)
        if end < len(text):
            sp = text.rfind(" ", start, end)
            end = sp if sp > start + width // 2 else end
    body = " ".join(text[start:end].split())  # one line; offsets recomputed below
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    snippet = prefix + body + suffix
    marks = term_highlights(snippet, query)
    return snippet, [[a, b] for a, b, _ in marks], [t for _, _, t in marks]


# ---------------------------------------------------------------------------- results
#: A document's date as search shows and filters it: its own date, else the day it was imported.
DOC_DATE = "coalesce(doc_date, substr(imported_at, 1, 10))"


@dataclass
class SearchFilters:
    doc_type: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, inclusive
    date_to: str | None = None
    language: str | None = None
    patient: str | None = None  # documents.patient_id, exactly

    def __bool__(self) -> bool:
        return any((self.doc_type, self.date_from, self.date_to, self.language, self.patient))

    def sql(self) -> tuple[str, list]:
        """Conditions on ``documents d``. The date is the document's own date, else its import day."""
        where, args = [], []
        if self.doc_type:
            where.append("lower(d.doc_type) = lower(?)")
            args.append(self.doc_type)
        if self.language:
            where.append("d.language = ?")
            args.append(self.language.lower())
        if self.patient:
            where.append("d.patient_id = ?")
            args.append(self.patient.strip())
        date = "coalesce(d.doc_date, substr(d.imported_at, 1, 10))"  # DOC_DATE of documents d
        if self.date_from:
            where.append(f"{date} >= ?")
            args.append(_check_date(self.date_from))
        if self.date_to:
            where.append(f"{date} <= ?")
            args.append(_check_date(self.date_to))
        return " AND ".join(where) or "1", args


def _check_date(value: str) -> str:
    from appliance.pipeline.dates import parse_doc_date

    iso = parse_doc_date(value)
    if not iso:
        raise ProjectError(Text("'{value}' is not a date (use YYYY-MM-DD)", value=value))
    return iso


@dataclass
class SectionHit:
    section_id: int
    header: str
    score: float
    snippet: str = ""
    highlights: list[list[int]] = field(default_factory=list)
    #: per highlight, the index of the query term it matched (in :func:`query_terms` order)
    terms: list[int] = field(default_factory=list)


@dataclass
class DocumentHit:
    document_id: int
    score: float
    external_id: str | None = None
    title: str | None = None
    doc_type: str | None = None
    language: str | None = None
    date: str | None = None
    patient_id: str | None = None
    sections: list[SectionHit] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    mode: str
    documents: list[DocumentHit]
    index: dict
    ms: float = 0.0


# ---------------------------------------------------------------------------- fusion
def _doc_scores(hits: list[tuple[int, float]], sec_doc: dict[int, int], agg: str) -> dict[int, float]:
    per_doc: dict[int, list[float]] = {}
    for sid, score in hits:
        doc = sec_doc.get(sid)
        if doc is not None:
            per_doc.setdefault(doc, []).append(score)
    if agg == "max":
        return {d: max(v) for d, v in per_doc.items()}
    n = int(agg[3:]) if agg.startswith("sum") else 2
    return {d: sum(sorted(v, reverse=True)[:n]) for d, v in per_doc.items()}


def _normalise(scores: dict[int, float], method: str) -> tuple[dict[int, float], float]:
    """Normalised scores and the value a document missing from this ranker gets."""
    if not scores:
        return {}, 0.0
    v = np.fromiter(scores.values(), dtype=np.float64)
    if method == "zscore":
        mu, sd = v.mean(), v.std() or 1.0
        return {d: (s - mu) / sd for d, s in scores.items()}, (v.min() - mu) / sd
    lo, hi = v.min(), v.max()
    span = (hi - lo) or 1.0
    return {d: (s - lo) / span for d, s in scores.items()}, 0.0


def fuse(keyword: dict[int, float], dense: dict[int, float], fusion: Fusion = DEFAULT_FUSION) -> dict[int, float]:
    """Fused scores (higher is better) of every document either ranker retrieved (see the module docstring).

    ``minmax``: ``w * mm(keyword) + (1 - w) * mm(dense)``, ``mm(s) = (s - min) / (max - min)`` over the
    ranker's candidates (when they all score alike, each gets 0), a missing document 0 (Bruch et al.
    2023; Lee 1997). ``zscore``: the same over ``(s - mean) / std``, a missing document
    the ranker's minimum. ``rrf``: ``w / (k + rank_keyword) + (1 - w) / (k + rank_dense)``, ranks from 1,
    a ranker that missed the document adds nothing (Cormack et al. 2009)."""
    w = fusion.keyword_weight
    if fusion.method == "rrf":
        out: dict[int, float] = {}
        for scores, weight in ((keyword, w), (dense, 1 - w)):
            for rank, d in enumerate(sorted(scores, key=scores.get, reverse=True), start=1):
                out[d] = out.get(d, 0.0) + weight / (fusion.rrf_k + rank)
        return out
    kn, kmiss = _normalise(keyword, fusion.method)
    dn, dmiss = _normalise(dense, fusion.method)
    return {d: w * kn.get(d, kmiss) + (1 - w) * dn.get(d, dmiss) for d in set(kn) | set(dn)}


def rank_hits(kw: list[tuple[int, float]], dn: list[tuple[int, float]], sec_doc: dict[int, int], k: int, mode: str,
              fusion: Fusion = DEFAULT_FUSION) -> list[tuple[int, float, list[tuple[int, float]]]]:
    """Documents best first from the rankers' section hits: (document id, score, [(section, score), ...])."""
    kdoc = _doc_scores(kw, sec_doc, fusion.doc_agg)
    ddoc = _doc_scores(dn, sec_doc, fusion.doc_agg)
    if mode == "keyword":
        scores = kdoc
    elif mode == "dense":
        scores = ddoc
    else:
        scores = fuse(kdoc, ddoc, fusion)
    # section order within a document: the same fusion applied to section scores
    ksec, dsec = dict(kw), dict(dn)
    sec_scores = ksec if mode == "keyword" else dsec if mode == "dense" else fuse(ksec, dsec, fusion)
    by_doc: dict[int, list[tuple[int, float]]] = {}
    for sid, sc in sorted(sec_scores.items(), key=lambda kv: -kv[1]):
        by_doc.setdefault(sec_doc[sid], []).append((sid, sc))
    top = sorted(scores.items(), key=lambda kv: -kv[1])[:k]
    return [(d, sc, by_doc.get(d, [])) for d, sc in top]


# ---------------------------------------------------------------------------- the searcher
class Searcher:
    """Searches one project (opened read-only is enough). The vector file is opened as a memory-mapped
    view; the embedding model is loaded on the first dense or hybrid query."""

    def __init__(self, project: Project, *, store: str | None = None, device: str = "auto", encoder=None,
                 fusion: Fusion | None = None, depth: int = DEFAULT_DEPTH, vector_file: Path | None = None,
                 model_path: Path | None = None):
        """``vector_file``/``model_path`` (evaluation of another model): search that vector file, embedding
        queries with that model, instead of the index's; everything else is the same search."""
        self.project = project
        self.config = IndexConfig.load(project)
        if not self.config.source:
            raise ProjectError("this project has no search index yet", next_step="index")
        self.store, self.device, self.encoder = store, device, encoder
        self.fusion, self.depth = fusion or project_fusion(project), depth
        self.vector_file, self.model_path = vector_file, model_path
        self._view = None
        self._view_mtime = None

    # ---- building blocks
    def _vectors(self):
        path = self.vector_file or vector_path(self.project)
        if not path.exists():
            return None
        mtime = path.stat().st_mtime_ns
        if self._view is None or mtime != self._view_mtime:  # an index run replaced the file
            from usearch.index import Index

            self._view, self._view_mtime = Index.restore(str(path), view=True), mtime
        return self._view

    def model_path_to_load(self) -> Path | None:
        """The folder of the model that embeds this searcher's queries (checked against the index's
        fingerprint), or None when the index holds no vectors: a window can load it on a thread of its
        own and hand it over as ``encoder``, so that keyword search works meanwhile."""
        return None if self.model_path is None and self._vectors() is None else self._resolve_model_path()

    def _resolve_model_path(self) -> Path:
        if self.model_path is not None:
            return Path(self.model_path)
        from appliance.models.project_models import resolve_embedding_model

        path = Path(self.config.model_path or "")
        if not path.is_dir():
            path = resolve_embedding_model(self.config.model, self.project, self.store)
        if self.config.fingerprint and model_fingerprint(path) != self.config.fingerprint:
            raise ProjectError(Text("the model '{model}' changed since the index was built; the index must be "
                                    "built again", model=self.config.model), next_step="index")
        return path

    def _model(self):
        if self.encoder is None:
            from appliance.models.embedding import load_sentence_transformer

            self.encoder = load_sentence_transformer(self._resolve_model_path(), self.device)
        return self.encoder

    def encode_queries(self, queries: list[str]) -> np.ndarray:
        from appliance.models.embedding import encode

        return encode(self._model(), queries, "query")

    def keyword_sections(self, query: str, depth: int, filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """(section id, score) by FTS5 bm25, best first; score = -bm25 (higher is better)."""
        match = fts_query(query)
        if not match:
            return []
        if filters:
            where, args = filters.sql()
            sql = ("SELECT search_fts.rowid, bm25(search_fts) AS r FROM search_fts "
                   "JOIN sections s ON s.id = search_fts.rowid JOIN documents d ON d.id = s.document_id "
                   f"WHERE search_fts MATCH ? AND {where} ORDER BY r LIMIT ?")
            rows = self.project.db.execute(sql, [match, *args, depth]).fetchall()
        else:
            rows = self.project.db.execute(
                "SELECT rowid, bm25(search_fts) AS r FROM search_fts WHERE search_fts MATCH ? ORDER BY r LIMIT ?",
                [match, depth],
            ).fetchall()
        return [(sid, -r) for sid, r in rows]

    def dense_sections(self, vector: np.ndarray, depth: int, filters: SearchFilters | None = None) -> list[tuple[int, float]]:
        """(section id, cosine), best first: only sections still in the project, indexed, and passing the filters."""
        view = self._vectors()
        if view is None or len(view) == 0:
            return []
        if filters and filters.patient:
            return self._dense_exact(view, vector, depth, filters)
        n = len(view)
        count = min(n, depth if not filters else depth * 4)
        while True:
            matches = view.search(vector.astype(np.float32), count)
            keys = np.asarray(matches.keys, dtype=np.int64).tolist()
            cos = (1.0 - np.asarray(matches.distances, dtype=np.float64)).tolist()
            alive = self._alive(keys, filters)
            hits = [(k, c) for k, c in zip(keys, cos) if k in alive]
            if len(hits) >= depth or count >= n:
                return hits[:depth]
            count = min(n, count * 4)

    def _dense_exact(self, view, vector: np.ndarray, depth: int, filters: SearchFilters) -> list[tuple[int, float]]:
        """One patient's sections (a few hundred at most) scored one by one: an approximate search of the
        whole index would have to walk nearly all of it to find them."""
        where, args = filters.sql()
        mark = "fts_sha" if self.vector_file else "vec_sha"
        ids = [r[0] for r in self.project.db.execute(
            f"SELECT s.id FROM documents d JOIN sections s ON s.document_id = d.id JOIN index_state x "
            f"ON x.section_id = s.id AND x.{mark} IS NOT NULL WHERE {where}", args)]
        q = np.asarray(vector, dtype=np.float64).ravel()
        q = q / (np.linalg.norm(q) or 1.0)
        hits = []
        for i in range(0, len(ids), 1024):
            chunk = ids[i : i + 1024]
            for sid, v in zip(chunk, view.get(np.asarray(chunk, dtype=np.uint64), dtype=np.float32)):
                if v is not None:
                    v = np.asarray(v, dtype=np.float64)
                    hits.append((sid, float(v @ q / (np.linalg.norm(v) or 1.0))))
        hits.sort(key=lambda h: -h[1])
        return hits[:depth]

    def _alive(self, section_ids: list[int], filters: SearchFilters | None) -> set[int]:
        if not section_ids:
            return set()
        where, args = filters.sql() if filters else ("1", [])
        out: set[int] = set()
        for i in range(0, len(section_ids), 900):
            chunk = section_ids[i : i + 900]
            mark = "fts_sha" if self.vector_file else "vec_sha"  # an evaluation file holds every indexed text
            sql = (f"SELECT s.id FROM sections s JOIN index_state x ON x.section_id = s.id AND x.{mark} IS NOT NULL "
                   f"JOIN documents d ON d.id = s.document_id WHERE s.id IN ({','.join('?' * len(chunk))}) AND {where}")
            out.update(r[0] for r in self.project.db.execute(sql, [*chunk, *args]))
        return out

    def _section_docs(self, section_ids) -> dict[int, int]:
        ids = list(section_ids)
        out: dict[int, int] = {}
        for i in range(0, len(ids), 900):
            chunk = ids[i : i + 900]
            out.update(self.project.db.execute(
                f"SELECT id, document_id FROM sections WHERE id IN ({','.join('?' * len(chunk))})", chunk).fetchall())
        return out

    # ---- ranking
    def candidates(self, query: str, mode: str = "hybrid", filters: SearchFilters | None = None,
                   vector: np.ndarray | None = None) -> tuple[list[tuple[int, float]], list[tuple[int, float]], dict]:
        """What each ranker found: (keyword hits, dense hits, section -> document), before any fusion; a
        fusion can then be tried many times on the same hits (:func:`rank_hits`)."""
        if mode not in MODES:
            raise ProjectError(Text("unknown search mode '{mode}' (use {modes})", mode=mode, modes=', '.join(MODES)))
        kw = self.keyword_sections(query, self.depth, filters) if mode in ("hybrid", "keyword") else []
        dn: list[tuple[int, float]] = []
        if mode in ("hybrid", "dense"):
            if vector is None:
                vector = self.encode_queries([query])[0]
            dn = self.dense_sections(vector, self.depth, filters)
        return kw, dn, self._section_docs({s for s, _ in kw} | {s for s, _ in dn})

    def rank(self, query: str, k: int = 10, mode: str = "hybrid", filters: SearchFilters | None = None,
             vector: np.ndarray | None = None, fusion: Fusion | None = None
             ) -> list[tuple[int, float, list[tuple[int, float]]]]:
        """Documents best first: (document id, score, [(section id, section score), ...] best first)."""
        kw, dn, sec_doc = self.candidates(query, mode, filters, vector)
        return rank_hits(kw, dn, sec_doc, k, mode, fusion or self.fusion)

    def search(self, query: str, k: int = 10, mode: str = "hybrid", filters: SearchFilters | None = None,
               sections_per_doc: int = 3) -> SearchResult:
        started = time.monotonic()
        ranked = self.rank(query, k, mode, filters)
        docs: list[DocumentHit] = []
        for doc_id, score, sections in ranked:
            d = self.project.db.execute(
                f"SELECT external_id, title, doc_type, language, {DOC_DATE}, patient_id FROM documents WHERE id = ?",
                [doc_id]).fetchone()
            if d is None:
                continue
            hit = DocumentHit(doc_id, score, *d)
            for sid, s in sections[:sections_per_doc]:
                header, text = self._section_text(sid)
                snippet, highlights, terms = snippet_with_terms(text, query)
                hit.sections.append(SectionHit(sid, header or "", s, snippet, highlights, terms))
            docs.append(hit)
        status = index_status(self.project)
        return SearchResult(query, mode, docs, status, (time.monotonic() - started) * 1000)

    def _section_text(self, sid: int) -> tuple[str, str]:
        """The text the index was built from (pseudonymized or original), never another one."""
        if self.config.source == "original":
            row = self.project.db.execute("SELECT header, text FROM sections WHERE id = ?", [sid]).fetchone()
        else:
            row = self.project.db.execute(
                "SELECT s.header, t.text FROM sections s JOIN section_texts t ON t.section_id = s.id AND t.stage = ? "
                "WHERE s.id = ?", [self.config.source, sid]).fetchone()
        return (row[0], row[1]) if row else ("", "")


# ---------------------------------------------------------------------------- the search window's reads
@dataclass
class ViewSection:
    """One section of a document as the index shows it; a long section's chunks joined again (their
    overlap removed). ``hits``: (start, end, query term index) within ``text``."""

    section_id: int
    header: str
    text: str
    hits: list[tuple[int, int, int]] = field(default_factory=list)
    #: the section rows this text comes from (more than one: the chunks of a long section)
    section_ids: list[int] = field(default_factory=list)


@dataclass
class DocumentView:
    document_id: int
    #: which text this is: "original" or "pseudonymized" (the index's source)
    source: str
    external_id: str | None
    title: str | None
    doc_type: str | None
    language: str | None
    date: str | None
    patient_id: str | None
    sections: list[ViewSection]
    hit_count: int = 0
    #: sections that have no text of ``source`` yet (not pseudonymized yet): left out, never shown as original
    missing_sections: int = 0


def view_source(project: Project, document_id: int | None = None) -> str:
    """The text a user may read: the index's source; without an index, the pseudonymized text where the
    document has one, else the original."""
    source = IndexConfig.load(project).source
    if source:
        return source
    if document_id is not None and project.db.execute(
            "SELECT 1 FROM sections s JOIN section_texts t ON t.section_id = s.id AND t.stage = 'pseudonymized' "
            "WHERE s.document_id = ? LIMIT 1", [document_id]).fetchone():
        return "pseudonymized"
    return "original"


def _drop_overlap(previous: str, text: str, overlap: int, exact: bool) -> str | None:
    """``text`` without its start that repeats the end of the previous chunk (``overlap`` characters of the
    original); None when that start cannot be found (a pseudonymized overlap rendered differently)."""
    if exact:
        return text[overlap:]
    longest = min(len(previous), len(text), 3 * overlap + 100)
    for k in range(longest, max(1, overlap // 2) - 1, -1):
        if previous.endswith(text[:k]):
            return text[k:]
    return None


def document_view(project: Project, document_id: int, query: str | None = None) -> DocumentView:
    """The whole document in the text the index was built from (never the original text when that is the
    pseudonymized one), with every word of ``query`` marked by the index of the query term it matches."""
    meta = project.db.execute(
        f"SELECT external_id, title, doc_type, language, {DOC_DATE}, patient_id FROM documents WHERE id = ?",
        [document_id]).fetchone()
    if meta is None:
        raise ProjectError(Text("there is no document with the number {id}", id=document_id))
    source = view_source(project, document_id)
    if source == "original":
        rows = project.db.execute(
            'SELECT id, header, part, start, "end", text FROM sections WHERE document_id = ? ORDER BY ord',
            [document_id]).fetchall()
    else:
        rows = project.db.execute(
            'SELECT s.id, s.header, s.part, s.start, s."end", t.text FROM sections s LEFT JOIN section_texts t '
            'ON t.section_id = s.id AND t.stage = ? WHERE s.document_id = ? ORDER BY s.ord',
            [source, document_id]).fetchall()
    sections: list[ViewSection] = []
    missing = 0
    last: tuple[int, int, str] | None = None  # part, original end, text of the chunk shown last
    for sid, header, part, start, end, text in rows:
        if text is None:
            missing, last = missing + 1, None
            continue
        header = header or ""
        if part and part > 1 and last and last[0] == part - 1 and sections and sections[-1].header == header:
            shown = sections[-1]
            rest = _drop_overlap(last[2], text, last[1] - start, source == "original") if last[1] > start else None
            if rest is None:
                gap = "" if last[1] == start else " "
                if last[1] < start:  # the whitespace between two chunks, as in the document
                    between = project.db.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                                                 [last[1] + 1, start - last[1], document_id]).fetchone()[0]
                    gap = between if between and between.isspace() else " "
                rest = gap + text
            shown.text += rest
            shown.section_ids.append(sid)
        else:
            sections.append(ViewSection(sid, header, text, section_ids=[sid]))
        last = (part or 0, end, text)
    if query:
        for section in sections:
            section.hits = term_highlights(section.text, query)
    return DocumentView(document_id, source, *meta, sections=sections,
                        hit_count=sum(len(s.hits) for s in sections), missing_sections=missing)


@dataclass
class PatientGroup:
    patient_id: str | None
    #: the patient's documents among the results, in date order
    documents: list[DocumentHit]
    #: how many of the results are the patient's
    count: int
    #: how many documents the patient has in the project (None: the group of documents without a patient)
    total: int | None = None


def _date_key(hit) -> tuple:
    return (hit.date is None, hit.date or "")


def patient_groups(project: Project, result: SearchResult) -> list[PatientGroup]:
    """The results per patient, patients in the order of their best hit, the documents without a patient
    last; within a group the documents in date order (undated last)."""
    groups: dict[str | None, list[DocumentHit]] = {}
    for hit in result.documents:  # best first: a group's place is its first (best) hit's
        groups.setdefault(hit.patient_id, []).append(hit)
    order = [p for p in groups if p is not None] + ([None] if None in groups else [])
    totals: dict[str, int] = {}
    named = order[:-1] if None in groups else order
    for i in range(0, len(named), 900):
        chunk = named[i : i + 900]
        totals.update(project.db.execute(
            f"SELECT patient_id, count(*) FROM documents WHERE patient_id IN ({','.join('?' * len(chunk))}) "
            "GROUP BY patient_id", chunk).fetchall())
    return [PatientGroup(p, sorted(groups[p], key=_date_key), len(groups[p]), totals.get(p) if p is not None else None)
            for p in order]


def patient_documents(project: Project, patient_id: str) -> list[dict]:
    """All documents of one patient (id, external_id, title, doc_type, date), in date order."""
    rows = project.db.execute(
        f"SELECT id, external_id, title, doc_type, {DOC_DATE} AS date FROM documents WHERE patient_id = ? "
        "ORDER BY date IS NULL, date, id", [patient_id]).fetchall()
    return [dict(zip(("id", "external_id", "title", "doc_type", "date"), r)) for r in rows]


def filter_values(project: Project) -> dict:
    """What the search window's filters can offer: ``doc_types``, ``languages`` (distinct, sorted),
    ``date_range`` (first, last; as :data:`DOC_DATE`) and the number of ``patients``.

    The dates and patients come from indexes; the undated documents' import days from the first and last
    of them (documents are numbered in the order they were imported)."""
    db = project.db
    types: dict[str, str] = {}
    for (t,) in db.execute("SELECT DISTINCT doc_type FROM documents WHERE doc_type IS NOT NULL AND doc_type != ''"):
        types.setdefault(t.lower(), t)  # the type filter ignores case
    languages = sorted(r[0] for r in db.execute(
        "SELECT DISTINCT language FROM documents WHERE language IS NOT NULL AND language != ''"))
    dates = [db.execute("SELECT min(doc_date) FROM documents").fetchone()[0],
             db.execute("SELECT max(doc_date) FROM documents").fetchone()[0]]
    for order in ("ASC", "DESC"):
        row = db.execute("SELECT substr(imported_at, 1, 10) FROM documents WHERE doc_date IS NULL "
                         f"ORDER BY id {order} LIMIT 1").fetchone()
        if row and row[0]:
            dates.append(row[0])
    dates = [d for d in dates if d]
    patients = db.execute("SELECT count(DISTINCT patient_id) FROM documents").fetchone()[0]
    return {"doc_types": sorted(types.values(), key=str.lower), "languages": languages,
            "date_range": (min(dates), max(dates)) if dates else (None, None), "patients": patients}


# ---------------------------------------------------------------------------- evaluation
def document_keys(project: Project, ids: list[int] | None = None) -> dict[int, str]:
    """How judged sets (qrels) name the project's documents: the record id of a CSV/JSONL row
    (``external_id``, e.g. JSONL ``--id-field``), otherwise the imported file's name. ``ids``: only these."""
    if ids is None:
        rows = project.db.execute("SELECT id, external_id, source FROM documents").fetchall()
    else:
        rows = []
        for i in range(0, len(ids), 900):
            chunk = list(ids[i : i + 900])
            rows += project.db.execute(f"SELECT id, external_id, source FROM documents WHERE id IN "
                                       f"({','.join('?' * len(chunk))})", chunk).fetchall()
    keys = {}
    for doc_id, external_id, source in rows:
        keys[doc_id] = external_id if external_id else Path(str(source).split("#", 1)[0]).name
    return keys


def evaluate_search(project: Project, queries: dict[str, str], qrels: dict[str, dict[str, int]], mode: str = "hybrid",
                    rel_min: int = 1, *, model: str | None = None, store: str | None = None, device: str = "auto",
                    encoder=None, fusion: Fusion | None = None, control: JobControl | None = None) -> dict:
    """mAP@100, nDCG@10, recall and MRR (trec_eval's, see :mod:`appliance.pipeline.evaluate`) of the project's
    own search (exactly what ``appliance search`` runs) on judged queries whose qrels name documents by
    :func:`document_keys`; with ``queries``, ``sections`` and what was searched.

    ``model`` (base, tuned, a name or folder): measure that embedding model instead of the index's, through
    the same search over a cached evaluation vector file (the project must then be open for writing)."""
    from appliance.models.project_models import resolve_embedding_model
    from appliance.pipeline.index import evaluation_vectors
    from appliance.pipeline.metrics import retrieval_metrics

    control = control or JobControl()
    started = time.monotonic()
    config = IndexConfig.load(project)
    vector_file = model_path = None
    if model and mode != "keyword":
        model_path = resolve_embedding_model(model, project, store)
        if model_fingerprint(model_path) != config.fingerprint:
            vector_file = evaluation_vectors(project, model_path, device=device, encoder=encoder, control=control)
        else:
            model_path = None
    searcher = Searcher(project, store=store, device=device, encoder=encoder, fusion=fusion,
                        vector_file=vector_file, model_path=model_path)
    keys = document_keys(project)
    qids = [q for q in queries if q in qrels]
    vectors = None
    if mode != "keyword" and qids:
        control.phase("Embedding queries")
        control.check()
        vectors = searcher.encode_queries([queries[q] for q in qids])
    control.phase("Ranking queries", total=len(qids))
    rankings: dict[str, list[str]] = {}
    for i, q in enumerate(qids):
        control.check()
        ranked = searcher.rank(queries[q], 100, mode, vector=None if vectors is None else vectors[i])
        rankings[q] = [keys[d] for d, _, _ in ranked]
        control.report(i + 1, len(qids), "queries")
    result = retrieval_metrics(rankings, qrels, rel_min)
    status = index_status(project)
    result.update(sections=status["vector_sections"] if mode != "keyword" and not vector_file else status["keyword_sections"],
                  mode=mode, index_model=status["model"], source=status["source"],
                  model_path=str(model_path or config.model_path or ""),
                  fusion=vars(searcher.fusion) if mode == "hybrid" else None,
                  seconds=round(time.monotonic() - started, 1))
    return result
