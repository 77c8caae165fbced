"""``appliance export`` and ``appliance bundle verify|import``: the pseudonymized model bundle for another
hospital (:mod:`appliance.pipeline.bundle`)."""
from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from appliance.cli._common import add_json_option, add_store_option, print_json
from appliance.project import Project

EXPORT_DESCRIPTION = (
    "Write a model bundle: the model as a standard sentence-transformers folder (it loads with "
    "SentenceTransformer(path) anywhere), a model card README.md (base model, training data as counts and document "
    "types only, pseudonymization method, measured recall, strict mode and review, the base-vs-tuned table and chart, "
    "intended use, limitations, license), metrics.json and a manifest with the sha256 of every file. Before it is "
    "written, every original PHI string the pseudonymizer found in the project is searched in every file of the "
    "bundle (the tokenizer's vocabulary and added tokens and the card included); any hit refuses the export and names "
    "the file, never the PHI. A project whose pseudonymization was not reviewed or not strict needs --yes (the card "
    "says so).")


def register(sub) -> None:
    p = sub.add_parser("export", help="Export a pseudonymized model bundle for another hospital.",
                       description=EXPORT_DESCRIPTION)
    p.add_argument("project")
    p.add_argument("out", help="the bundle folder to write (or .zip file with --zip); must not exist")
    p.add_argument("--model", default="tuned", help="tuned (default), base, or a store name / folder")
    p.add_argument("--zip", action="store_true", help="write one .zip file")
    p.add_argument("--yes", action="store_true", help="export although the pseudonymization was not reviewed or not "
                   "strict (the model card states it)")
    add_store_option(p)
    add_json_option(p, "the export report")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("bundle", help="Verify or import a model bundle.",
                       description="Model bundles exported by 'appliance export' (here or at another hospital).")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("verify", help="Check every file of a bundle against its manifest.",
                           description="Recompute the sha256 of every file of the bundle (folder or .zip) and compare "
                           "with its manifest; a changed, missing or added file is named. Exits 1 when it fails.")
    a.add_argument("path")
    add_json_option(a, "the check")
    a.set_defaults(func=cmd_verify)
    a = actions.add_parser("import", help="Add a bundle to the model store.",
                           description="Verify the bundle, then add it to the model store as an embedding model: "
                           "usable for 'appliance index --model NAME', search, and as --base-model of further "
                           "training. Its card stays with it ('appliance models list').")
    a.add_argument("path")
    a.add_argument("--name", help="name in the store (default: the bundle's model name)")
    add_store_option(a)
    add_json_option(a, "the imported model")
    a.set_defaults(func=cmd_import)


def _confirm(reasons: list[str]) -> bool:
    if not sys.stdin.isatty():
        return False
    print("The export needs confirming: " + "; ".join(reasons) + ".", file=sys.stderr)
    return input("Export anyway (the model card will say so)? [y/N] ").strip().lower() in ("y", "yes", "j", "ja")


def cmd_export(args: argparse.Namespace) -> int:
    from appliance.pipeline.bundle import ExportOptions, NeedsConfirmation, export_bundle

    options = ExportOptions(out=args.out, model=args.model, zip=args.zip, confirmed=args.yes, model_store=args.store)
    with Project.open(args.project) as project:
        try:
            report = export_bundle(project, options)
        except NeedsConfirmation as e:
            if args.json or not _confirm([str(r) for r in e.reasons]):
                raise
            options.confirmed = True
            report = export_bundle(project, options)
    if args.json:
        print_json(asdict(report))
        return 0
    print(f"Wrote {report.path}: {report.files} files, {report.bytes / 1e6:.1f} MB.")
    print(f"PHI leak scan: {report.phi_strings:,} original PHI strings searched in {report.scanned_files} files; "
          "none found.")
    for c in report.caveats:
        print(f"Confirmed caveat (stated in the card): {c}")
    print(f"Check it with 'appliance bundle verify {report.path}'; another hospital adds it with "
          f"'appliance bundle import {report.path}'.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from appliance.pipeline.bundle import verify_bundle

    check = verify_bundle(args.path)
    if args.json:
        print_json(asdict(check))
    else:
        print(f"{args.path}: {'ok' if check.ok else 'FAILED'} ({check.files} files)")
        for p in check.problems:
            print(f"    {p}")
    return 0 if check.ok else 1


def cmd_import(args: argparse.Namespace) -> int:
    from appliance.models import ModelStore
    from appliance.pipeline.bundle import import_bundle

    info = import_bundle(args.path, name=args.name, store=args.store)
    if args.json:
        print_json(info.as_dict())
        return 0
    print(f"Imported bundle as embedding model '{info.name}' ({len(info.files)} files) into {ModelStore(args.store).root}.")
    if info.description:
        print(f"Card: {info.description}")
    print(f"Use it with 'appliance index PROJECT --model {info.name}' or 'appliance train PROJECT --base-model "
          f"{info.name}'; its card is {info.path / 'README.md'}.")
    return 0
