"""The bottom of the CLI package: what every verb module shares, and nothing that imports a verb.

- :class:`CliError`: a usage or input problem, shown without a traceback (exit code 1 or 2).
- :func:`progress`: a :class:`JobControl` that drives a tqdm bar on stderr, a new bar per phase.
- ``add_*_option``: the ``--device``, ``--store`` and ``--json`` options, spelled the same everywhere.
- :func:`print_json`: the one JSON document a verb prints with ``--json``.
- :func:`ask_passphrase`: the pseudonym map's passphrase, from the environment or the terminal.
- :func:`next_step_hint`: an error's ``next_step`` code as the command to run.
"""
from __future__ import annotations

import argparse
import json
import sys
from contextlib import contextmanager
from typing import Any, Iterator

from appliance.project import JobControl, Project


class CliError(Exception):
    """A problem with the command line or its inputs; ``code`` 2 for usage errors."""

    def __init__(self, message: str, code: int = 1, next_step: str | None = None):
        super().__init__(message)
        self.code = code
        self.next_step = next_step


# ---------------------------------------------------------------------------- options
def add_json_option(p: argparse.ArgumentParser, what: str = "the report") -> None:
    p.add_argument("--json", action="store_true", help=f"print {what} as one JSON document")


def add_store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", metavar="DIR",
                   help="model store folder (default: $APPLIANCE_MODEL_STORE or the user data folder)")


def add_device_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                   help="where models run (default auto: the GPU when there is one)")


# ---------------------------------------------------------------------------- output
def print_json(obj: Any) -> None:
    """Exactly one JSON document on stdout (paths and other objects as strings)."""
    print(json.dumps(obj, ensure_ascii=False, default=str))


@contextmanager
def progress(desc: str, unit: str = "it", *, enabled: bool = True, say_phases: bool = False) -> Iterator[JobControl]:
    """A JobControl bridged to tqdm bars on stderr (quiet when stderr is not a terminal).

    Each phase of the job gets a bar of its own, labelled with the phase; ``say_phases`` also prints
    the phase label as a line on stdout (the demo tells its story that way)."""
    from tqdm import tqdm

    state: dict = {"bar": None, "desc": desc}

    def new_bar() -> None:
        if state["bar"] is not None:
            state["bar"].close()
        state["bar"] = tqdm(total=None, desc=state["desc"], unit=unit, disable=None if enabled else True,
                            file=sys.stderr, leave=False, dynamic_ncols=True)

    def on_progress(done: int, total: int, message: str) -> None:
        bar = state["bar"]
        if bar is None:
            new_bar()
            bar = state["bar"]
        if total and bar.total != total:
            bar.total = total
        bar.n = done
        if message:
            bar.set_postfix_str(message, refresh=False)
        bar.refresh()

    def on_phase(label: str) -> None:
        if say_phases:
            if state["bar"] is not None:
                state["bar"].clear()
            print(label, flush=True)
        state["desc"] = label if len(label) <= 40 else desc
        new_bar()

    def on_subphase(label: str) -> None:  # a stage inside the job: a new bar, no line of its own
        state["desc"] = label if len(label) <= 40 else desc
        new_bar()

    control = JobControl(progress=on_progress, on_phase=on_phase, on_subphase=on_subphase)
    try:
        yield control
    finally:
        if state["bar"] is not None:
            state["bar"].close()


def print_validation(base: dict | None, tuned: dict | None, questions: int | None = None) -> None:
    """Base vs tuned on a training's held-out generated questions (keys cosine_* or plain)."""
    if not tuned:
        return
    def get(d, k):
        return None if not d else d.get(k, d.get(f"cosine_{k}"))
    n = f"{questions} " if questions else ""
    print(f"On {n}held-out generated questions (from reports kept out of training; not judged by a person):")
    print(f"  {'metric':<10} {'base':>7} {'tuned':>7}")
    for k, label in (("map@100", "mAP@100"), ("ndcg@10", "nDCG@10"), ("recall@10", "Recall@10"), ("mrr@10", "MRR@10")):
        b, t = get(base, k), get(tuned, k)
        print(f"  {label:<10} {'-' if b is None else f'{b:.3f}':>7} {'-' if t is None else f'{t:.3f}':>7}")


# ---------------------------------------------------------------------------- errors and next steps
_NEXT_STEP_COMMANDS = {
    "init": "appliance init {project}",
    "import": "appliance import {project} PATH",
    "pseudonymize": "appliance pseudonymize {project}",
    "translate": "appliance translate {project}",
    "questions": "appliance questions {project}",
    "train": "appliance train {project}",
    "evaluate": "appliance evaluate --project {project} --queries QUERIES.jsonl --qrels QRELS.tsv --model base|tuned",
    "compare": "appliance compare {project}",
    "index": "appliance index {project}",
    "add-model": "appliance models add PATH --kind KIND",
    "resume": "the same command again with --resume",
    "force": "the same command again with --force (recorded in the audit log)",
    "confirm": "the same command again with --yes (the model card states it)",
}


#: next steps that are not a command
_NEXT_STEP_TEXTS = {
    "passphrase": "set APPLIANCE_PASSPHRASE to the project's passphrase, or run the command on a terminal to be asked",
}


def next_step_hint(code: str | None, project: str | None = None) -> str | None:
    """The command a ``next_step`` code stands for, e.g. "run `appliance pseudonymize p.appliance`"."""
    if code in _NEXT_STEP_TEXTS:
        return _NEXT_STEP_TEXTS[code]
    if not code or code not in _NEXT_STEP_COMMANDS:
        return None
    return "run `" + _NEXT_STEP_COMMANDS[code].format(project=project or "PROJECT") + "`"


# ---------------------------------------------------------------------------- the pseudonym map's passphrase
def ask_passphrase(project: Project, irreversible: bool) -> str | None:
    """From APPLIANCE_PASSPHRASE, or asked on the terminal (twice for a new map); never from an argument.

    None when the project keeps no map (irreversible mode)."""
    from appliance.project.vault import passphrase_from_env

    mode = project.get_setting("vault.mode")
    if irreversible or mode == "irreversible":
        return None
    if project.passphrase is not None:  # an encrypted project: its passphrase protects the map too
        return project.passphrase
    phrase = passphrase_from_env()
    if phrase:
        return phrase
    if not sys.stdin.isatty():
        raise CliError("set APPLIANCE_PASSPHRASE (or use --irreversible): the pseudonym map is encrypted with it")
    import getpass

    phrase = getpass.getpass("Passphrase for the pseudonym map: ")
    if mode is None and getpass.getpass("Repeat the passphrase: ") != phrase:
        raise CliError("the passphrases differ")
    return phrase


def new_passphrase(env: str = "APPLIANCE_PASSPHRASE", what: str = "Passphrase for the project") -> str:
    """A new passphrase: from ``env``, or asked twice on the terminal; never from an argument."""
    import os

    phrase = os.environ.get(env)
    if phrase:
        return phrase
    if not sys.stdin.isatty():
        raise CliError(f"set {env}: the new passphrase is read from it (or run the command on a terminal)")
    import getpass

    phrase = getpass.getpass(f"{what}: ")
    if not phrase:
        raise CliError("the passphrase is empty")
    if getpass.getpass("Repeat the passphrase: ") != phrase:
        raise CliError("the passphrases differ")
    return phrase
