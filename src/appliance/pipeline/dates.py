"""Document dates from import metadata (a CSV/JSONL date field), as ISO ``YYYY-MM-DD``.

Used by the import (a document's own date) and by search filters (a date typed by the user).
"""
from __future__ import annotations

import re

#: Metadata fields that hold a document's date, tried in this order when no date field is named.
DATE_FIELDS = ("date", "doc_date", "document_date", "datum", "befunddatum", "created", "created_at")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DE_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_doc_date(value: str | None) -> str | None:
    """``YYYY-MM-DD[...]`` or ``DD.MM.YYYY`` -> ``YYYY-MM-DD``; anything else -> None."""
    if not value:
        return None
    value = value.strip()
    if m := _ISO_DATE.match(value):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DE_DATE.match(value):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    else:
        return None
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"
