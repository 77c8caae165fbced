#!/usr/bin/env python
"""Write docs/cli.md from the CLI's own --help texts (tests/test_core_api.py fails when it is stale)."""
from pathlib import Path

from appliance.cli import render_docs

if __name__ == "__main__":
    out = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    out.write_text(render_docs(), encoding="utf-8")
    print(f"wrote {out}")
