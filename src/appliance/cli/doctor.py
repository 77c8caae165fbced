"""``appliance doctor``: check this installation (:mod:`appliance.doctor`)."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_json_option, add_store_option, print_json

MARK = {"ok": "ok  ", "warn": "note", "fail": "FAIL"}


def register(sub) -> None:
    p = sub.add_parser("doctor", help="Check this installation and say what is wrong.",
                       description="Check the installation: Python and package versions, torch and CUDA, the Qt "
                       "platform, every model with its checksums, free disk space, write access to the data, log and "
                       "cache folders, and that no network is needed. Exits 1 when a check fails.")
    add_store_option(p)
    add_json_option(p, "the checks")
    p.set_defaults(func=cmd_doctor)


def cmd_doctor(args: argparse.Namespace) -> int:
    from appliance.doctor import run_checks

    checks = run_checks(args.store)
    failed = [c for c in checks if c.status == "fail"]
    if args.json:
        print_json({"ok": not failed, "checks": [asdict(c) for c in checks]})
        return 1 if failed else 0
    for c in checks:
        print(f"[{MARK[c.status]}] {c.found}")
        if c.fix and c.status != "ok":
            print(f"       what to do: {c.fix}")
    print("All checks passed." if not failed else f"{len(failed)} check(s) failed; see 'what to do' above.")
    return 1 if failed else 0
