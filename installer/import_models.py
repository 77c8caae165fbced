"""Add every model of a staged models folder (``installer/stage_models.py``: ``models.json``) to the model
store, after checking each file against the sha256 recorded when it was staged. Run by install.sh with the
installed environment's Python; safe to run again (models already in the store are left as they are).

    python installer/import_models.py MODELS_DIR [--store DIR]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def import_models(root: Path, store_dir: str | None = None) -> list[str]:
    """The names added; raises SystemExit naming the first file whose checksum does not match."""
    from appliance.models import ModelStore
    from appliance.models.store import sha256_file as _sha256

    manifest = json.loads((root / "models.json").read_text(encoding="utf-8"))
    store = ModelStore(store_dir)
    have = {m.name for m in store.list()}
    added = []
    for m in manifest["models"]:
        folder = root / m["folder"]
        for rel, digest in sorted(m.get("files", {}).items()):
            if not (folder / rel).is_file() or _sha256(folder / rel) != digest:
                raise SystemExit(f"{m['name']}: {rel} is missing or changed since staging; stage it again")
        if m["name"] in have:
            print(f"  {m['name']}: already in the store")
            continue
        info = store.add(folder, m["kind"], name=m["name"], languages=m.get("languages") or [],
                         license=m.get("license", ""))
        added.append(info.name)
        print(f"  {info.name} ({info.kind}, {len(info.files)} files)")
    return added


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("models")
    ap.add_argument("--store")
    args = ap.parse_args(argv)
    import_models(Path(args.models), args.store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
