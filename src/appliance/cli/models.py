"""``appliance models list|add|verify``: the local model store (every model comes from a folder here)."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_json_option, add_store_option, print_json
from appliance.models import KINDS, ModelStore


def register(sub) -> None:
    p = sub.add_parser("models", help="List, add and verify local models.",
                       description="The local model store: every model the appliance uses is a folder on this machine, "
                       "with the sha256 of each of its files.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)

    a = actions.add_parser("list", help="List the installed models.", description="List the installed models.")
    a.add_argument("--kind", choices=KINDS, help="only models of this kind")
    add_store_option(a)
    add_json_option(a, "the models")
    a.set_defaults(func=cmd_list)

    a = actions.add_parser("add", help="Copy a model folder into the store.",
                           description="Copy a model folder into the store and record the sha256 of every file.")
    a.add_argument("path", help="the model folder")
    a.add_argument("--kind", choices=KINDS, required=True, help="what the model is for")
    a.add_argument("--name", help="name in the store (default: the folder's name)")
    a.add_argument("--languages", help="comma-separated, e.g. de,en")
    a.add_argument("--license", help="license of the weights")
    add_store_option(a)
    add_json_option(a, "the added model")
    a.set_defaults(func=cmd_add)

    a = actions.add_parser("verify", help="Check every model file against its recorded sha256.",
                           description="Recompute the sha256 of every model file and compare with what was recorded "
                           "when it was added. Exits 1 when any model fails.")
    a.add_argument("name", nargs="?", help="only this model (default: all)")
    add_store_option(a)
    add_json_option(a, "the results")
    a.set_defaults(func=cmd_verify)


def cmd_list(args: argparse.Namespace) -> int:
    store = ModelStore(args.store)
    models = store.list(args.kind)
    if args.json:
        print_json([m.as_dict() for m in models])
        return 0
    print(f"Model store: {store.root}")
    for m in models:
        origin = "built in" if m.builtin else f"{len(m.files)} files"
        langs = ",".join(m.languages) or "-"
        print(f"  {m.name:<32} {m.kind:<12} {langs:<8} {m.license or '-':<14} {origin}")
        if m.description:
            print(f"      {m.description}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    store = ModelStore(args.store)
    info = store.add(args.path, args.kind, name=args.name,
                     languages=[s for s in (args.languages or "").split(",") if s], license=args.license or "")
    if args.json:
        print_json(info.as_dict())
    else:
        print(f"Added {info.kind} model '{info.name}' ({len(info.files)} files) to {store.root}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    results = ModelStore(args.store).verify(args.name)
    if args.json:
        print_json([asdict(r) for r in results])
    else:
        for r in results:
            print(f"  {r.name:<32} {'ok' if r.ok else 'FAILED'}")
            for p in r.problems:
                print(f"      {p}")
    return 0 if all(r.ok for r in results) else 1
