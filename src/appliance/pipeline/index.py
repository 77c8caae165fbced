"""The search index: section vectors in a USearch file, folded section text in SQLite FTS5.

What it guarantees:

- **One text, chosen by the user.** ``source`` is ``pseudonymized`` (the ``section_texts`` rows of
  that stage; sections not pseudonymized yet are skipped and counted) or ``original`` (the
  ``sections`` text, for an in-house search project). The choice is stored with the index and shown
  by ``index``, ``search`` and ``info``. Both indexes see ``header: text`` of each section.
- **Resume.** Vectors are added to an in-memory USearch index and the file is saved (written to a
  temporary file, then renamed over the old one) every ``save_every`` sections or minute; only then
  are those sections marked in ``index_state.vec_sha``. A killed run loses at most the unsaved
  batch; the next run starts from what the file and the table agree on (keys in the file without a
  mark are removed and embedded again). Full-text rows are committed in small transactions.
- **Incremental.** A section is (re)indexed when the hash of its text differs from the hash stored
  for it, so new documents and re-pseudonymized sections are picked up by the next run.
- **Deletion.** Triggers on ``sections`` delete the FTS row and the bookkeeping row in the same
  transaction as the document. The stale key stays in the USearch file until the next index run
  removes it, but search joins every vector hit with ``sections``, so a deleted section is never
  returned.
- **Rebuild.** Another model (or the same name with other weights), dtype or text source
  rebuilds what depends on it (the vectors for all three; the full-text index for the source), and
  the report says why.
"""
from __future__ import annotations

import hashlib
import os
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from appliance.messages import Text
from appliance.project import JobControl, Project, ProjectError
from appliance.project.db import now_iso

SOURCES = ("pseudonymized", "original")
DTYPES = ("f16", "i8")
INDEX_FOLDER = "index"
VECTOR_FILE = "sections.usearch"

#: Keys of the ``settings`` table that describe the built index.
S_SOURCE, S_MODEL, S_MODEL_PATH, S_FINGERPRINT, S_DTYPE, S_NDIM, S_BUILT = (
    "index.source", "index.model", "index.model_path", "index.model_fingerprint", "index.dtype", "index.ndim",
    "index.built_at",
)

# ---------------------------------------------------------------------------- text folding
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})


def fold(text: str) -> str:
    """Lower case with German umlauts spelled out: 'Müller', 'MUELLER' -> 'mueller'.

    Applied to the indexed text and to the query; FTS5's ``unicode61 remove_diacritics 2`` then
    strips the remaining accents (é -> e) on both sides."""
    return unicodedata.normalize("NFC", text).lower().translate(_FOLD)


def section_text(header: str | None, text: str) -> str:
    return f"{header}: {text}" if header else text


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------- settings
@dataclass
class IndexConfig:
    source: str | None = None
    model: str | None = None
    model_path: str | None = None
    fingerprint: str | None = None
    dtype: str | None = None
    ndim: int | None = None
    built_at: str | None = None

    @classmethod
    def load(cls, project: Project) -> "IndexConfig":
        g = project.get_setting
        ndim = g(S_NDIM)
        return cls(g(S_SOURCE), g(S_MODEL), g(S_MODEL_PATH), g(S_FINGERPRINT), g(S_DTYPE), int(ndim) if ndim else None,
                   g(S_BUILT))

    def save(self, project: Project) -> None:
        for key, value in ((S_SOURCE, self.source), (S_MODEL, self.model), (S_MODEL_PATH, self.model_path),
                           (S_FINGERPRINT, self.fingerprint), (S_DTYPE, self.dtype), (S_NDIM, self.ndim),
                           (S_BUILT, self.built_at)):
            if value is not None:
                project.db["settings"].upsert({"key": key, "value": str(value)}, pk="key")

    def as_dict(self) -> dict:
        return {"source": self.source, "model": self.model, "dtype": self.dtype, "ndim": self.ndim,
                "built_at": self.built_at}


def vector_path(project: Project) -> Path:
    return project.artefact_dir / INDEX_FOLDER / VECTOR_FILE


def model_fingerprint(path: Path) -> str:
    """Identifies a model folder's weights cheaply: names, sizes and modification times of its files."""
    h = hashlib.sha1(str(Path(path).resolve()).encode())
    for f in sorted(Path(path).rglob("*")):
        if f.is_file() and f.suffix in (".safetensors", ".bin", ".json", ".onnx"):
            st = f.stat()
            h.update(f"{f.relative_to(path)}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:16]


def index_status(project: Project) -> dict:
    """What the index holds, for ``appliance info`` and ``search``: its settings and counts."""
    cfg = IndexConfig.load(project)
    q = lambda sql: project.db.execute(sql).fetchone()[0]  # noqa: E731
    try:
        fts = q("SELECT count(*) FROM index_state WHERE fts_sha IS NOT NULL")
        vec = q("SELECT count(*) FROM index_state WHERE vec_sha IS NOT NULL")
    except Exception:  # an older project file opened read-only, without the tables
        fts = vec = 0
    return cfg.as_dict() | {"keyword_sections": fts, "vector_sections": vec, "sections": q("SELECT count(*) FROM sections")}


# ---------------------------------------------------------------------------- the job
@dataclass
class IndexOptions:
    """What to index, and with which model."""

    #: embedding model: base, tuned or a store name / folder; None: the project's search model
    #: ('base' until a person adopts the tuned one)
    model: str | None = None
    #: vector type in the index, f16 or i8; None: as before, else f16
    dtype: str | None = None
    #: which text: pseudonymized or original (an in-house search project); None: as before, else pseudonymized
    source: str | None = None
    #: model store folder (None: the default store)
    model_store: str | None = None
    #: auto, cpu or cuda
    device: str = "auto"
    #: sections embedded per batch
    batch_size: int = 64
    #: the vector file is saved (and its sections marked done) after this many sections ...
    save_every: int = 2048
    #: ... or this many seconds, whichever comes first
    save_seconds: float = 60.0
    #: False: fill only the full-text index (keyword-only evaluation of a judged corpus)
    vectors: bool = True


@dataclass
class IndexReport:
    """What an index run did."""

    #: the text the index holds: pseudonymized or original
    source: str
    #: the embedding model as named (base, tuned, a store name or folder)
    model: str
    #: vector type
    dtype: str
    #: why the index was rebuilt, if it was (model, vector type or text source changed)
    rebuilt: list[str] = field(default_factory=list)
    #: sections added to (or replaced in) the full-text index
    keyword_added: int = 0
    #: sections embedded and added to the vector index
    vectors_added: int = 0
    #: stale vectors removed
    removed: int = 0
    #: sections without text in the chosen source (not pseudonymized yet), not searchable
    skipped: int = 0
    #: sections in the vector index at the end
    sections: int = 0
    #: wall-clock seconds
    seconds: float = 0.0


def _current_texts(project: Project, source: str) -> Iterator[tuple[int, str]]:
    if source == "original":
        sql = "SELECT id, header, text FROM sections ORDER BY id"
        args: list = []
    else:
        sql = ("SELECT s.id, s.header, t.text FROM sections s JOIN section_texts t "
               "ON t.section_id = s.id AND t.stage = ? ORDER BY s.id")
        args = [source]
    for sid, header, text in project.db.execute(sql, args):
        yield sid, section_text(header, text)


def _new_index(ndim: int, dtype: str):
    from usearch.index import Index

    return Index(ndim=ndim, metric="cos", dtype=dtype)


def _save_index(index, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    index.save(str(tmp))
    os.replace(tmp, path)


def run_index(project: Project, options: IndexOptions, *, control: JobControl | None = None,
              encoder=None) -> IndexReport:
    """Bring the project's search index up to date (see the module docstring for the guarantees).

    ``encoder`` (tests): a loaded SentenceTransformer to use instead of loading the model."""
    from appliance.models.embedding import encode, load_sentence_transformer
    from appliance.models.project_models import resolve_embedding_model, search_model_spec

    model, dtype, source, device = options.model, options.dtype, options.source, options.device
    batch_size, vectors = options.batch_size, options.vectors
    control = control or JobControl()
    started = time.monotonic()
    old = IndexConfig.load(project)
    source = source or old.source or "pseudonymized"
    dtype = dtype or old.dtype or "f16"
    model = model or search_model_spec(project)
    if source not in SOURCES:
        raise ProjectError(Text("unknown text source '{source}' (use {sources})", source=source, sources=' or '.join(SOURCES)))
    if dtype not in DTYPES:
        raise ProjectError(Text("unknown vector type '{dtype}' (use {dtypes})", dtype=dtype, dtypes=' or '.join(DTYPES)))
    if source == "pseudonymized" and not project.db.execute(
        "SELECT 1 FROM section_texts WHERE stage = 'pseudonymized' LIMIT 1"
    ).fetchone() and project.db.execute("SELECT 1 FROM sections LIMIT 1").fetchone():
        raise ProjectError("no section is pseudonymized yet; pseudonymize first, or index the original text "
                           "(source 'original', for an in-house search project)", next_step="pseudonymize")
    model_path = resolve_embedding_model(model, project, options.model_store)
    fingerprint = model_fingerprint(model_path)
    report = IndexReport(source=source, model=model, dtype=dtype)

    rebuild_fts = old.source is not None and old.source != source
    rebuild_vec = rebuild_fts
    if rebuild_fts:
        report.rebuilt.append(f"text source changed from {old.source} to {source}")
    if old.fingerprint is not None and old.fingerprint != fingerprint:
        rebuild_vec = True
        report.rebuilt.append(f"model changed from {old.model} to {model}" if old.model != model
                              else f"the weights of model {model} changed")
    if old.dtype is not None and old.dtype != dtype:
        rebuild_vec = True
        report.rebuilt.append(f"vector type changed from {old.dtype} to {dtype}")

    path = vector_path(project)
    with project.db.atomic():
        if rebuild_fts:
            project.db.execute("DELETE FROM search_fts")
            project.db.execute("UPDATE index_state SET fts_sha = NULL")
        if rebuild_vec:
            project.db.execute("UPDATE index_state SET vec_sha = NULL")
            # the file is removed below, after the transaction commits
        IndexConfig(source=source, model=model, model_path=str(model_path), fingerprint=fingerprint, dtype=dtype).save(project)
    if rebuild_vec and path.exists():
        path.unlink()

    params = {"source": source, "model": model, "dtype": dtype, "rebuild": bool(report.rebuilt)}
    with project.job("index", params) as job:
        # ---- what should be indexed, and what is
        wanted = {sid: text_hash(text) for sid, text in _current_texts(project, source)}
        report.skipped = project.db.execute("SELECT count(*) FROM sections").fetchone()[0] - len(wanted)
        state = {sid: (f, v) for sid, f, v in project.db.execute("SELECT section_id, fts_sha, vec_sha FROM index_state")}
        gone = [sid for sid in state if sid not in wanted]  # e.g. a pseudonymized text withdrawn
        fts_todo = [sid for sid, h in wanted.items() if state.get(sid, (None, None))[0] != h]
        vec_todo = [sid for sid, h in wanted.items() if state.get(sid, (None, None))[1] != h]
        total = len(fts_todo) + len(vec_todo)
        job.update(0, total)
        done = 0

        if gone:
            with project.db.atomic():
                for i in range(0, len(gone), 500):
                    chunk = gone[i : i + 500]
                    marks = ",".join("?" * len(chunk))
                    project.db.execute(f"DELETE FROM search_fts WHERE rowid IN ({marks})", chunk)
                    project.db.execute(f"DELETE FROM index_state WHERE section_id IN ({marks})", chunk)

        # ---- full text: small transactions, each section replaced as a whole
        texts: dict[int, str] = {}

        def load_texts(ids) -> None:
            need = set(ids) - set(texts)
            if need:
                texts.update((sid, t) for sid, t in _current_texts(project, source) if sid in need)

        if not vectors:
            vec_todo = []
        load_texts(fts_todo + vec_todo)
        control.phase("Full-text index", total=total)
        for i in range(0, len(fts_todo), 500):
            control.check()
            chunk = fts_todo[i : i + 500]
            with project.db.atomic():
                for sid in chunk:
                    project.db.execute("DELETE FROM search_fts WHERE rowid = ?", [sid])
                    project.db.execute("INSERT INTO search_fts (rowid, text) VALUES (?, ?)", [sid, fold(texts[sid])])
                    project.db.execute(
                        "INSERT INTO index_state (section_id, fts_sha) VALUES (?, ?) "
                        "ON CONFLICT(section_id) DO UPDATE SET fts_sha = excluded.fts_sha",
                        [sid, wanted[sid]],
                    )
            done += len(chunk)
            report.keyword_added += len(chunk)
            control.report(done, total, "full-text index")
        job.update(done, total)

        # ---- vectors: resume from the saved file and the marks that agree with it
        index = None
        if vectors and path.exists():
            from usearch.index import Index

            index = Index.restore(str(path))
        marked = {sid for sid, (_, v) in state.items() if v is not None and sid in wanted}
        dirty = False
        if index is not None:
            keys = np.asarray(index.keys, dtype=np.uint64)
            stale = np.array([k for k in keys.tolist() if k not in marked], dtype=np.uint64)
            if len(stale):
                index.remove(stale)
                report.removed += len(stale)
                dirty = True
            in_file = set(keys.tolist()) - set(stale.tolist())
            lost = [sid for sid in marked if sid not in in_file]  # marked but missing: embed again
            if lost:
                vec_todo = sorted(set(vec_todo) | set(lost))
        elif marked and vectors:
            vec_todo = sorted(wanted)  # the file is gone: everything again
        total = len(fts_todo) + len(vec_todo)
        load_texts(vec_todo)
        # similar lengths in a batch waste less on padding; the order does not matter for resuming
        vec_todo = sorted(vec_todo, key=lambda sid: len(texts[sid]))

        encoder_ready = encoder
        pending: list[int] = []
        last_save = time.monotonic()

        def save() -> None:
            nonlocal pending, last_save, dirty
            if index is None or not (pending or dirty):
                return
            _save_index(index, path)
            with project.db.atomic():
                for sid in pending:
                    project.db.execute(
                        "INSERT INTO index_state (section_id, vec_sha) VALUES (?, ?) "
                        "ON CONFLICT(section_id) DO UPDATE SET vec_sha = excluded.vec_sha",
                        [sid, wanted[sid]],
                    )
            pending, dirty, last_save = [], False, time.monotonic()

        try:
            for i in range(0, len(vec_todo), batch_size):
                control.check()
                chunk = vec_todo[i : i + batch_size]
                if encoder_ready is None:
                    control.phase("Loading the embedding model")
                    encoder_ready = load_sentence_transformer(model_path, device)
                    control.check()
                    control.phase("Embedding sections", total=total)
                emb = encode(encoder_ready, [texts[sid] for sid in chunk], "passage", batch_size=batch_size)
                if index is None:
                    index = _new_index(emb.shape[1], dtype)
                    project.set_setting(S_NDIM, str(emb.shape[1]))
                keys = np.array(chunk, dtype=np.uint64)
                present = keys[index.contains(keys)] if len(index) else keys[:0]
                if len(present):
                    index.remove(present)
                index.add(keys, emb)
                pending.extend(chunk)
                report.vectors_added += len(chunk)
                done += len(chunk)
                control.report(done, total, "vectors")
                if len(pending) >= options.save_every or time.monotonic() - last_save > options.save_seconds:
                    save()
                    job.update(done, total)
        finally:
            save()  # also when cancelled: the work done so far is kept
        job.update(done, total)
        report.sections = project.db.execute("SELECT count(*) FROM index_state WHERE vec_sha IS NOT NULL").fetchone()[0]
        job.message = f"{report.keyword_added} keyword, {report.vectors_added} vectors, {report.removed} removed"
    project.set_setting(S_BUILT, now_iso())
    report.seconds = round(time.monotonic() - started, 1)
    project.audit("index", source=source, model=model, dtype=dtype, keyword_added=report.keyword_added,
                  vectors_added=report.vectors_added, removed=report.removed, rebuilt=bool(report.rebuilt))
    return report


def evaluation_vectors(project: Project, model_path: Path, *, device: str = "auto", encoder=None,
                       batch_size: int = 64, control: JobControl | None = None) -> Path:
    """A vector file of the indexed sections embedded with another model, so that ``evaluate --model`` can
    measure that model through the project's own search without touching the index users search.

    Cached in the artefact folder per model weights and indexed texts (``index/eval-<model>-<texts>.usearch``);
    older files of the same model are removed. The project must be open for writing."""
    from appliance.models.embedding import encode, load_sentence_transformer

    control = control or JobControl()
    cfg = IndexConfig.load(project)
    if not cfg.source:
        raise ProjectError("this project has no search index yet", next_step="index")
    rows = project.db.execute(
        "SELECT section_id, fts_sha FROM index_state WHERE fts_sha IS NOT NULL ORDER BY section_id").fetchall()
    fp = model_fingerprint(model_path)
    state = hashlib.sha1(json_rows(rows, cfg)).hexdigest()[:12]
    folder = project.artefact_dir / INDEX_FOLDER
    path = folder / f"eval-{fp}-{state}.usearch"
    if path.exists():
        return path
    ids = {sid for sid, _ in rows}
    texts = {sid: t for sid, t in _current_texts(project, cfg.source) if sid in ids}
    order = sorted(texts, key=lambda sid: len(texts[sid]))
    if encoder is None:
        control.phase("Loading the embedding model")
    model = encoder or load_sentence_transformer(model_path, device)
    control.phase("Embedding sections for evaluation", total=len(order))
    index = None
    for i in range(0, len(order), batch_size):
        control.check()
        chunk = order[i : i + batch_size]
        emb = encode(model, [texts[sid] for sid in chunk], "passage", batch_size=batch_size)
        if index is None:
            index = _new_index(emb.shape[1], cfg.dtype or "f16")
        index.add(np.array(chunk, dtype=np.uint64), emb)
        control.report(i + len(chunk), len(order), "vectors for evaluation")
    if index is None:
        index = _new_index(cfg.ndim or 384, cfg.dtype or "f16")
    for old in folder.glob(f"eval-{fp}-*.usearch"):
        old.unlink()
    _save_index(index, path)
    return path


def json_rows(rows, cfg: IndexConfig) -> bytes:
    return repr((cfg.source, cfg.dtype, rows)).encode()
