"""What the search window remembers: each OS user's search history and saved searches, the audit of
searches, and the export of a result list as CSV.

A query can name a patient, so history and saved searches live in the project file (which the hospital
already protects), never in a settings file. The audit log is read more widely (by the data protection
officer, in reports): it records that a search was run, in which mode, with which kinds of filter and how
many results, but the query text only where the project's setting :data:`AUDIT_QUERY_SETTING` says so,
and of a patient filter only that there was one.
"""
from __future__ import annotations

import csv
import json
from dataclasses import asdict, fields
from pathlib import Path

from appliance.messages import Text
from appliance.pipeline.search import MODES, SearchFilters, SearchResult, document_keys
from appliance.project import Project, ProjectError
from appliance.project.db import now_iso, os_user

#: Project setting: "1" or "true" puts the query text into the audit log's search rows (off by default).
AUDIT_QUERY_SETTING = "search.audit_query_text"

#: Searches kept per user; older ones are dropped as new ones are recorded.
HISTORY_KEEP = 1000

_ON = ("1", "true", "yes", "on")
_FILTER_FIELDS = tuple(f.name for f in fields(SearchFilters))


def _writable(project: Project) -> None:
    if project.readonly:
        raise ProjectError("the project is open read-only")


def filters_json(filters: SearchFilters | None) -> str:
    """The filters that are set, as JSON (the history's and saved searches' column)."""
    return json.dumps({k: v for k, v in asdict(filters).items() if v} if filters else {}, ensure_ascii=False,
                      sort_keys=True)


def filters_from_json(text: str | None) -> SearchFilters:
    """The stored filters back (names a later version no longer knows are ignored)."""
    data = json.loads(text) if text else {}
    return SearchFilters(**{k: v for k, v in data.items() if k in _FILTER_FIELDS})


def audit_filters(filters: SearchFilters | None) -> dict:
    """The filters for the audit log: values of type, language and dates; a patient filter only as ``True``
    (a patient id is PHI)."""
    if not filters:
        return {}
    out = {k: v for k, v in asdict(filters).items() if v and k != "patient"}
    if filters.patient:
        out["patient"] = True
    return out


def audit_query_text(project: Project) -> bool:
    return (project.get_setting(AUDIT_QUERY_SETTING) or "").strip().lower() in _ON


# ---------------------------------------------------------------------------- history
def record_search(project: Project, result: SearchResult, filters: SearchFilters | None) -> int:
    """One history row for the OS user and one audit row, together; returns the history row's id."""
    _writable(project)
    user = os_user()
    details = {"mode": result.mode, "filters": audit_filters(filters), "results": len(result.documents),
               "ms": round(result.ms)}
    if audit_query_text(project):
        details["query"] = result.query
    with project.db.atomic():
        history_id = project.db["search_history"].insert(
            {"os_user": user, "at": now_iso(), "query": result.query, "mode": result.mode,
             "filters": filters_json(filters), "results": len(result.documents)}).last_pk
        old = project.db.execute("SELECT id FROM search_history WHERE os_user = ? ORDER BY id DESC LIMIT 1 OFFSET ?",
                                 [user, HISTORY_KEEP]).fetchone()
        if old:
            project.db.execute("DELETE FROM search_history WHERE os_user = ? AND id <= ?", [user, old[0]])
        project.audit("search", **details)
    return history_id


def history(project: Project, limit: int = 50, user: str | None = None) -> list[dict]:
    """The user's searches (default: the OS user's), newest first; a search repeated right after itself
    counts once. Each: id, at, query, mode, filters (:class:`SearchFilters`), results."""
    rows = project.db.execute("SELECT id, at, query, mode, filters, results FROM search_history WHERE os_user = ? "
                              "ORDER BY id DESC", [user or os_user()])
    out: list[dict] = []
    previous = None
    for history_id, at, query, mode, filters, results in rows:
        key = (query, mode, filters)
        if key == previous:
            continue
        previous = key
        out.append({"id": history_id, "at": at, "query": query, "mode": mode, "filters": filters_from_json(filters),
                    "results": results})
        if len(out) >= limit:
            break
    return out


def clear_history(project: Project, user: str | None = None) -> int:
    """Forget the user's search history (the audit log keeps its rows); returns how many were deleted."""
    _writable(project)
    with project.db.atomic():
        n = project.db.execute("DELETE FROM search_history WHERE os_user = ?", [user or os_user()]).rowcount
        project.audit("search-history-clear", searches=n)
    return n


# ---------------------------------------------------------------------------- saved searches
def save_search(project: Project, name: str, query: str, mode: str, filters: SearchFilters | None) -> int:
    """Save a search under a name for the OS user (a search of the same name is replaced); returns its id."""
    _writable(project)
    name = (name or "").strip()
    if not name:
        raise ProjectError("a saved search needs a name")
    if not (query or "").strip():
        raise ProjectError("there is no query to save")
    if mode not in MODES:
        raise ProjectError(Text("unknown search mode '{mode}' (use {modes})", mode=mode, modes=", ".join(MODES)))
    user = os_user()
    row = {"os_user": user, "name": name, "query": query, "mode": mode, "filters": filters_json(filters),
           "created_at": now_iso()}
    with project.db.atomic():
        old = project.db.execute("SELECT id FROM saved_searches WHERE os_user = ? AND name = ?", [user, name]).fetchone()
        if old:
            project.db["saved_searches"].update(old[0], row)
            return old[0]
        return project.db["saved_searches"].insert(row).last_pk


def saved_searches(project: Project, user: str | None = None) -> list[dict]:
    """The user's saved searches (default: the OS user's) by name: id, name, query, mode, filters
    (:class:`SearchFilters`), created_at."""
    rows = project.db.execute("SELECT id, name, query, mode, filters, created_at FROM saved_searches "
                              "WHERE os_user = ? ORDER BY lower(name), name", [user or os_user()]).fetchall()
    return [{"id": i, "name": n, "query": q, "mode": m, "filters": filters_from_json(f), "created_at": c}
            for i, n, q, m, f, c in rows]


def delete_saved_search(project: Project, name: str) -> bool:
    """Delete the OS user's saved search of that name; False when there was none."""
    _writable(project)
    with project.db.atomic():
        n = project.db.execute("DELETE FROM saved_searches WHERE os_user = ? AND name = ?",
                               [os_user(), (name or "").strip()]).rowcount
    return n > 0


# ---------------------------------------------------------------------------- export
CSV_COLUMNS = ("rank", "document_id", "type", "date", "patient_id", "score")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A text cell that Excel would run as a formula, quoted with ' (CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def snippets_text(hit) -> str:
    """The matching sections' snippets of one result, as one line."""
    return " | ".join(f"{s.header}: {s.snippet}" if s.header else s.snippet for s in hit.sections)


def export_csv(project: Project, result: SearchResult, path, include_text: bool = False,
               delimiter: str = ",") -> Path:
    """The result list as CSV, one row per document in rank order; UTF-8 with a BOM, so that Excel on
    Windows reads the umlauts right (German Excel splits columns at ``delimiter=";"``). The snippets
    (document text) only with ``include_text``."""
    _writable(project)
    path = Path(path)
    keys = document_keys(project, [d.document_id for d in result.documents])
    header = [*CSV_COLUMNS, "text"] if include_text else list(CSV_COLUMNS)
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=delimiter)
            writer.writerow(header)
            for rank, d in enumerate(result.documents, start=1):
                row = [rank, keys.get(d.document_id, str(d.document_id)), d.doc_type, d.date, d.patient_id,
                       round(d.score, 4)]
                if include_text:
                    row.append(snippets_text(d))
                writer.writerow([_cell(v) for v in row])
    except OSError as e:
        raise ProjectError(Text("could not write '{path}': {reason}", path=path.name,
                                reason=e.strerror or type(e).__name__)) from None
    project.audit("search-export", rows=len(result.documents), include_text=include_text, mode=result.mode)
    return path
