"""Command line: the same stage functions as the desktop app, for automation and servers.

Like sqlite-utils' ``cli.py`` over ``db.py``, each verb is thin: parse the options, open the project,
call one stage function, print its report (as text, or as one JSON document with ``--json``). One
module per verb group registers its verbs (``register(subparsers)``); the modules import only
:mod:`appliance.cli._common` and the core, never each other or this package.

Errors meant for the user are printed without a traceback and never contain document text; an error
that knows what to do first (``next_step``) is followed by the command to run. Exit codes: 0 ok,
1 failed, 2 usage error or not built yet, 130 stopped.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

import appliance  # noqa: F401  (enforces offline mode first)
from appliance.cli._common import CliError, next_step_hint, print_json
from appliance.project import Cancelled, ProjectError

#: The verb modules, in the order their verbs appear in ``appliance --help``.
VERB_MODULES = ("project", "ingest", "models", "deid", "translate", "questions", "train", "evaluate", "judged", "search", "bundle", "doctor", "demo", "gui")

VERBS_NOT_BUILT: dict[str, str] = {}

DESCRIPTION = ("Offline clinical search appliance: import, pseudonymize, translate, generate questions, fine-tune, "
               "evaluate, index, search and export - without any network access.")


def cmd_not_built(args: argparse.Namespace) -> int:
    print(f"'appliance {args.verb}' is not built yet in this version.", file=sys.stderr)
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="appliance", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"appliance {appliance.__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name in VERB_MODULES:
        importlib.import_module(f"appliance.cli.{name}").register(sub)
    for verb, text in VERBS_NOT_BUILT.items():
        p = sub.add_parser(verb, help=text + " (not built yet)", description=text + " Not built yet in this version.")
        p.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        p.set_defaults(func=cmd_not_built)
    return parser


def _fail(args: argparse.Namespace, message: str, code: int, next_step: str | None = None) -> int:
    hint = next_step_hint(next_step, getattr(args, "project", None))
    if getattr(args, "json", False):
        print_json({"error": message, "next_step": next_step, "exit_code": code})
    print(f"error: {message}", file=sys.stderr)
    if hint:
        print(f"Next: {hint}.", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run_asking_passphrase(args)
    except (ProjectError, CliError) as e:
        return _fail(args, str(e), getattr(e, "code", 1), getattr(e, "next_step", None))
    except (Cancelled, KeyboardInterrupt) as e:
        next_step = getattr(e, "next_step", None)
        return _fail(args, "stopped. Work done so far is saved" + ("." if next_step else
                     "; run the same command again to continue."), 130, next_step)
    except Exception as e:  # noqa: BLE001
        # A library's message may quote document text: show only the kind of error unless asked.
        if os.environ.get("APPLIANCE_DEBUG"):
            raise
        return _fail(args, f"unexpected {type(e).__name__} in 'appliance {args.verb}'. Work committed so far is kept. "
                     "The details are withheld because they may quote patient data; run again with APPLIANCE_DEBUG=1 "
                     "to see them (on a screen only, not in a shared log).", 1)


def _run_asking_passphrase(args: argparse.Namespace) -> int:
    """Run the verb; an encrypted project without a known passphrase is asked for on a terminal (three tries)."""
    from appliance.project import PassphraseRequired, WrongPassphrase
    from appliance.project.encryption import forget_passphrase, remember_passphrase

    for attempt in range(3):
        try:
            return args.func(args)
        except (PassphraseRequired, WrongPassphrase) as e:
            if e.path is None or not sys.stdin.isatty() or (attempt == 2 and isinstance(e, WrongPassphrase)):
                raise
            if isinstance(e, WrongPassphrase):
                forget_passphrase(e.path)
                print("That passphrase does not open the project.", file=sys.stderr)
            import getpass

            remember_passphrase(e.path, getpass.getpass(f"Passphrase of {e.path.name}: "))
    return args.func(args)


def render_docs(width: int = 100) -> str:
    """docs/cli.md: ``appliance --help`` and every verb's ``--help`` (scripts/cli_docs.py writes it)."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(width)
    try:
        parser = build_parser()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parts = ["# Command line reference", "",
                 "Generated from `--help` by `scripts/cli_docs.py`; a test fails when it is stale.", "",
                 "```", parser.format_help().rstrip(), "```", ""]
        for verb, p in sub.choices.items():
            parts += [f"## appliance {verb}", "", "```", p.format_help().rstrip(), "```", ""]
        return "\n".join(parts)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


if __name__ == "__main__":
    sys.exit(main())
