"""Import clinical documents into a project: files and folders, PDF/DOCX, CSV and JSONL exports.

Rules a hospital user can rely on:
- every good file is imported; every bad one is listed with a reason, and nothing is lost;
- importing the same file (or record) again adds nothing, so an interrupted import is simply run
  again: each document is committed with its sections in one transaction;
- German umlauts survive whatever encoding the export used (UTF-8, UTF-8 with BOM, UTF-16 with BOM,
  cp1252/latin-1).
Reasons never quote document text, so they are safe to show and to log.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from appliance.messages import Text, message_of
from appliance.pipeline.dates import DATE_FIELDS, parse_doc_date
from appliance.pipeline.sections import DEFAULT_OVERLAP, DEFAULT_TOKEN_BUDGET, split_sections
from appliance.project import JobControl, Project

FILE_FORMATS = {".txt": "txt", ".md": "md", ".pdf": "pdf", ".docx": "docx"}
RECORD_FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".jsonl.gz": "jsonl", ".ndjson": "jsonl"}
DEFAULT_MAX_FILE_MB = 50
MAX_RECORD_CHARS = 2_000_000


class BadInput(Exception):
    """A file or record that cannot be imported; the message is the reason shown to the user."""


@dataclass
class ImportOptions:
    """What to import and how to read it."""

    #: files and folders to import (folders are walked; unknown file types are reported)
    paths: list[str] = field(default_factory=list)
    #: CSV/JSONL: field with the document's id (default: the row number)
    id_field: str | None = None
    #: CSV/JSONL: field with the text
    text_field: str = "text"
    #: CSV/JSONL: field with the document type (default: guessed from the text)
    type_field: str | None = None
    #: CSV/JSONL: field with the patient id (dates of one patient are shifted alike)
    patient_field: str | None = None
    #: CSV/JSONL: field with a title
    title_field: str | None = None
    #: CSV/JSONL: field with the document's own date; None: the first of DATE_FIELDS that a row has
    date_field: str | None = None
    #: files larger than this are rejected with a reason
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    #: longest section, in tokens (words and punctuation); longer ones are split
    token_budget: int = DEFAULT_TOKEN_BUDGET
    #: tokens repeated at the start of the next piece when a section is split
    overlap: int = DEFAULT_OVERLAP


@dataclass
class Rejected:
    """A file or record that was not imported."""

    #: the file (and ``#line`` for a record) that was not imported
    source: str
    #: why, in words that never quote the document
    reason: str


@dataclass
class ImportReport:
    """What an import did."""

    #: documents added now
    added: int = 0
    #: documents skipped because the same file or record is in the project already
    already_present: int = 0
    #: sections of the added documents
    sections: int = 0
    #: files and records that could not be imported, each with its reason
    rejected: list[Rejected] = field(default_factory=list)
    #: wall-clock seconds
    seconds: float = 0.0


# ---------------------------------------------------------------------------- text decoding
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode_text(data: bytes) -> str:
    """Decode bytes of a text file: BOMs first, then UTF-8, then cp1252, then latin-1."""
    if not data.strip():
        raise BadInput("empty file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise BadInput("binary file, not text")
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise BadInput("not readable as text (binary data or unknown encoding)")
    return normalize_text(text)


def normalize_text(text: str) -> str:
    """Unify line endings and strip a stray BOM; the text is otherwise kept exactly as written."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


def read_pdf(path: Path) -> str:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise BadInput("encrypted PDF (password protected)")
            except BadInput:
                raise
            except Exception:
                raise BadInput("encrypted PDF (password protected)") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except BadInput:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AttributeError):
        raise BadInput("corrupt or unreadable PDF") from None
    except Exception:  # pypdf raises many kinds on damaged files
        raise BadInput("corrupt or unreadable PDF") from None
    text = normalize_text("\n\n".join(p.strip("\n") for p in pages))
    if not text.strip():
        raise BadInput("PDF has no text layer (scanned image?); OCR is not part of the appliance")
    return text


def read_docx(path: Path) -> str:
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BadInput("corrupt or unreadable DOCX") from None
    except Exception:
        raise BadInput("corrupt or unreadable DOCX") from None
    blocks = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            blocks.append("\t".join(cell.text for cell in row.cells))
    text = normalize_text("\n".join(blocks))
    if not text.strip():
        raise BadInput("empty document")
    return text


# ---------------------------------------------------------------------------- language and type
_DE_WORDS = frozenset(
    "der die das und ist mit bei nicht ein eine einer den dem des von zu im auf für wurde wir sich "
    "nach sowie keine kein unter patient patientin befund diagnose bzw".split()
)
_EN_WORDS = frozenset(
    "the and is was with of to in for on no not patient she he her his this that were which has had "
    "are history findings".split()
)
# Weaker evidence for very short texts (a few headers and a diagnosis).
_EN_HINTS = frozenset(
    "diagnosis diagnoses preoperative postoperative procedure performed chief complaint right left "
    "anesthesia impression syndrome plan assessment".split()
)
_DE_HINTS = frozenset("diagnose diagnosen rechts links beurteilung anamnese therapie verlauf epikrise".split())
_WORD = re.compile(r"[a-zäöüß]+")


def detect_language(text: str) -> str | None:
    """'de' or 'en' from function-word counts; None when the text gives too little evidence."""
    words = _WORD.findall(text[:5000].lower())
    de = sum(w in _DE_WORDS for w in words) + 3 * sum(ch in "äöüß" for ch in text[:5000].lower()) / 10
    en = sum(w in _EN_WORDS for w in words)
    if de + en < 3:
        de += sum(w in _DE_HINTS for w in words)
        en += sum(w in _EN_HINTS for w in words)
        if de + en < 2:
            return None
    return "de" if de > en else "en"


_TYPE_CUES = {
    "radiology": r"\b(ct|mrt|mri|röntgen|x-ray|sonographie|ultrasound|impression|beurteilung|technik|technique|kontrastmittel|contrast)\b",
    "pathology": r"\b(makroskopie|mikroskopie|histologie|gross description|microscopic|eingangsnummer|e-nr|specimen|präparat)\b",
    "operation": r"\b(operationsbericht|op-bericht|operationsverlauf|preoperative diagnosis|postoperative diagnosis|anesthesia|narkose|hautnaht|schnitt|incision)\b",
    "discharge": r"\b(entlass\w*|arztbrief|epikrise|discharge|hospital course|stationär\w*|aufenthalt)\b",
}


def guess_doc_type(text: str) -> str | None:
    """Document type from cue words when the evidence is clear; None where unsure."""
    head = text[:6000].lower()
    scores = {t: len(re.findall(p, head)) for t, p in _TYPE_CUES.items()}
    best = max(scores, key=scores.get)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 3 and ranked[0] >= 2 * ranked[1]:
        return best
    return None


# ---------------------------------------------------------------------------- sources
@dataclass
class RawDocument:
    uid: str
    source: str
    source_format: str
    text: str
    external_id: str | None = None
    doc_type: str | None = None
    patient_id: str | None = None
    title: str | None = None
    doc_date: str | None = None  # ISO date (YYYY-MM-DD) from the record's metadata, when it has one


def _format_of(path: Path) -> tuple[str, str] | None:
    name = path.name.lower()
    for ext, fmt in RECORD_FORMATS.items():
        if name.endswith(ext):
            return "records", fmt
    if path.suffix.lower() in FILE_FORMATS:
        return "file", FILE_FORMATS[path.suffix.lower()]
    return None


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Rejected]]:
    """Expand folders (recursively, sorted, hidden files skipped) into the files to import."""
    files, rejected = [], []
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts):
                    files.append(child)
        elif p.is_file():
            files.append(p)
        else:
            rejected.append(Rejected(str(p), "not found"))
    out = []
    for f in files:
        if _format_of(f) is None:
            rejected.append(Rejected(str(f), Text("unsupported file type '{suffix}'", suffix=f.suffix or f.name)))
        else:
            out.append(f)
    return out, rejected


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file_document(path: Path, fmt: str, opts: ImportOptions) -> RawDocument:
    size = path.stat().st_size
    if size > opts.max_file_mb * 1024 * 1024:
        raise BadInput(Text('file is larger than the limit of {max_file_mb:g} MB', max_file_mb=opts.max_file_mb))
    if size == 0:
        raise BadInput("empty file")
    try:
        data = path.read_bytes()
    except OSError:
        raise BadInput("file cannot be read (permissions or disk error)") from None
    if fmt == "pdf":
        if not data.startswith(b"%PDF"):
            raise BadInput("corrupt or unreadable PDF")
        text = read_pdf(path)
    elif fmt == "docx":
        text = read_docx(path)
    else:
        text = decode_text(data)
    if not text.strip():
        raise BadInput("empty file")
    return RawDocument(uid="file:" + _sha256(data), source=str(path), source_format=fmt, text=text, title=path.stem)


def _open_text(path: Path) -> io.TextIOBase:
    """Open a (possibly gzipped) export as text, sniffing the encoding like a text file."""
    raw = gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")
    head = raw.read(1 << 16)
    raw.seek(0)
    encoding = "utf-8-sig"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:  # not just a multi-byte char cut at the buffer end
                encoding = "cp1252"
    return io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")


def iter_records(path: Path, fmt: str, opts: ImportOptions) -> Iterator[RawDocument | Rejected]:
    """Yield one document (or a rejection) per record of a CSV or JSONL export."""
    if path.stat().st_size == 0:
        raise BadInput("empty file")
    try:
        with _open_text(path) as fh:
            if fmt == "csv":
                sample = fh.read(1 << 15)
                fh.seek(0)
                try:
                    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
                except csv.Error:
                    dialect = csv.excel
                rows: Iterable[tuple[int, dict | None]] = enumerate(csv.DictReader(fh, dialect=dialect), start=2)
            else:
                rows = _jsonl_rows(fh)
            for line_no, row in rows:
                where = f"{path}#line {line_no}"
                if row is None:
                    yield Rejected(where, "not a valid JSON object")
                    continue
                try:
                    yield _record_document(path, fmt, row, line_no, opts)
                except BadInput as e:
                    yield Rejected(where, message_of(e))
    except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, OSError, csv.Error):
        raise BadInput("export file cannot be read (corrupt, truncated or unknown encoding)") from None


def _jsonl_rows(fh: io.TextIOBase) -> Iterator[tuple[int, dict | None]]:
    for line_no, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            yield line_no, None
            continue
        yield line_no, obj if isinstance(obj, dict) else None


def _field(row: dict, name: str | None) -> str | None:
    if not name:
        return None
    value = row.get(name)
    if value is None or value == "":
        return None
    return str(value)


def _record_document(path: Path, fmt: str, row: dict, line_no: int, opts: ImportOptions) -> RawDocument:
    if opts.text_field not in row:
        raise BadInput(Text("no field '{text_field}' (choose the text column with --text-field)", text_field=opts.text_field))
    text = normalize_text(str(row.get(opts.text_field) or ""))
    if not text.strip():
        raise BadInput("empty text")
    if len(text) > MAX_RECORD_CHARS:
        raise BadInput(Text('text longer than {max_record_chars:,} characters', max_record_chars=MAX_RECORD_CHARS))
    external_id = _field(row, opts.id_field)
    key = external_id if external_id is not None else f"{path.name}:{line_no}"
    uid = "record:" + _sha256(f"{key}\x00{text}".encode("utf-8"))
    return RawDocument(
        uid=uid,
        source=f"{path}#{external_id or line_no}",
        source_format=fmt,
        text=text,
        external_id=external_id,
        doc_type=_field(row, opts.type_field),
        patient_id=_field(row, opts.patient_field),
        title=_field(row, opts.title_field),
        doc_date=parse_doc_date(
            _field(row, opts.date_field) if opts.date_field
            else next((v for v in (_field(row, f) for f in DATE_FIELDS) if v), None)
        ),
    )


# ---------------------------------------------------------------------------- the import job
def _store(project: Project, raw: RawDocument, opts: ImportOptions) -> int:
    sections = split_sections(raw.text, opts.token_budget, opts.overlap)
    project.add_document(
        {
            "uid": raw.uid,
            "source": raw.source,
            "source_format": raw.source_format,
            "external_id": raw.external_id,
            "title": raw.title,
            "doc_type": raw.doc_type or guess_doc_type(raw.text),
            "language": detect_language(raw.text),
            "patient_id": raw.patient_id,
            "doc_date": raw.doc_date,
            "sha256": _sha256(raw.text.encode("utf-8")),
            "text": raw.text,
            "n_chars": len(raw.text),
        },
        (s.as_row() for s in sections),
    )
    return len(sections)


def run_import(project: Project, options: ImportOptions, *, control: JobControl | None = None) -> ImportReport:
    """Import files and folders into ``project``; see the module docstring for the guarantees."""
    opts = options
    control = control or JobControl()
    started = time.monotonic()
    control.phase("Looking for files")
    files, rejected = collect_files(opts.paths)
    control.phase("Importing", total=0)
    report = ImportReport(rejected=rejected)
    total = sum(f.stat().st_size for f in files) or 1
    done_bytes = 0
    def handle(item: RawDocument | Rejected) -> None:
        if isinstance(item, Rejected):
            report.rejected.append(item)
        elif project.has_document(item.uid):
            report.already_present += 1
        else:
            report.sections += _store(project, item, opts)
            report.added += 1

    with project.job("import", {"files": len(files), "text_field": opts.text_field}, total) as job:
        for path in files:
            control.check()
            kind, fmt = _format_of(path)  # type: ignore[misc]
            size = path.stat().st_size
            try:
                if kind == "file":
                    handle(read_file_document(path, fmt, opts))
                else:
                    for item in iter_records(path, fmt, opts):
                        control.check()
                        handle(item)
                        control.report(done_bytes, total, f"{report.added} new documents")
            except BadInput as e:
                report.rejected.append(Rejected(str(path), message_of(e)))
            done_bytes += size
            control.report(done_bytes, total, f"{report.added} new documents")
            job.update(done_bytes, total)
        job.message = f"{report.added} added, {len(report.rejected)} rejected"
    report.seconds = round(time.monotonic() - started, 2)
    project.audit(
        "import",
        added=report.added,
        already_present=report.already_present,
        rejected=len(report.rejected),
        sections=report.sections,
    )
    return report
