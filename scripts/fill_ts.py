#!/usr/bin/env python
"""Fill unfinished entries of the German catalogue from a JSON file {source: translation} (a helper for
translating new strings after pyside6-lupdate; placeholders %1.. and {name} must be kept).

    .venv/bin/python scripts/fill_ts.py new_de.json && .venv/bin/pyside6-lrelease src/appliance/gui/translations/appliance_de.ts
"""
from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

TS = Path(__file__).resolve().parents[1] / "src" / "appliance" / "gui" / "translations" / "appliance_de.ts"
# a message's escaped source (no "<" inside), its comments, and an empty unfinished translation
_UNFINISHED = re.compile(r"<source>([^<]*)</source>(\s*(?:<(?:extra)?comment>[^<]*</(?:extra)?comment>\s*)*)"
                         r"<translation type=\"unfinished\"></translation>")


def _marks(text: str) -> list[str]:
    return sorted(re.findall(r"%\d|\{\w+(?::[^}]*)?\}", text))


def fill(table: dict[str, str], ts: Path = TS) -> tuple[int, list[str]]:
    """Fill what the table has; returns (filled, sources still unfinished)."""
    text = ts.read_text(encoding="utf-8")
    left: list[str] = []

    def one(m: re.Match) -> str:
        source = html.unescape(m.group(1))
        if source not in table:
            left.append(source)
            return m.group(0)
        if _marks(source) != _marks(table[source]):
            raise SystemExit(f"placeholders differ: {source!r}")
        return f"<source>{m.group(1)}</source>{m.group(2)}<translation>{escape(table[source])}</translation>"

    new, n = _UNFINISHED.subn(one, text)
    ts.write_text(new, encoding="utf-8")
    return n - len(left), left


if __name__ == "__main__":
    done, left = fill(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    print(f"filled {done}; still unfinished: {len(left)}")
    for s in left:
        print("  ", s)
