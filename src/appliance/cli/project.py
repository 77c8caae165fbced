"""``appliance init``, ``info``, ``encrypt`` and ``change-passphrase``: create a project file, show what it
holds, and protect it with a passphrase (:mod:`appliance.project.encryption`)."""
from __future__ import annotations

import argparse

from appliance.cli._common import CliError, add_json_option, new_passphrase, print_json
from appliance.project import Project


def register(sub) -> None:
    p = sub.add_parser("init", help="Create a new project file.", description="Create a new, empty project file.")
    p.add_argument("project", help="path of the new project file, e.g. radiology.appliance")
    p.add_argument("--encrypt", action="store_true",
                   help="encrypt the whole file with a passphrase (from APPLIANCE_PASSPHRASE, or asked twice on a "
                   "terminal); it also protects the pseudonym map. Without it the file is plain SQLite")
    add_json_option(p, "the new project's path")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="Show what a project holds.",
                       description="Show the counts of a project: documents, sections, patients, languages, document "
                       "types and the search index. Works while another command holds the project.")
    p.add_argument("project")
    add_json_option(p, "the counts")
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("encrypt", help="Encrypt a plain project file in place.",
                       description="Encrypt a plain project file in place with a passphrase (from APPLIANCE_PASSPHRASE, "
                       "or asked twice on a terminal). Every table, the full-text index and the write-ahead log are "
                       "encrypted; a project with a pseudonym map needs the map's passphrase. The new file is written "
                       "completely before it replaces the old one. Copies made earlier (backups, snapshots) stay plain.")
    p.add_argument("project")
    p.set_defaults(func=cmd_encrypt)

    p = sub.add_parser("change-passphrase", help="Give an encrypted project a new passphrase.",
                       description="Re-key an encrypted project: the current passphrase from APPLIANCE_PASSPHRASE (or "
                       "asked), the new one from APPLIANCE_NEW_PASSPHRASE (or asked twice). The pseudonym map's keys "
                       "are kept and protected with the new passphrase, so its surrogates do not change.")
    p.add_argument("project")
    p.set_defaults(func=cmd_change_passphrase)


def cmd_init(args: argparse.Namespace) -> int:
    passphrase = new_passphrase() if args.encrypt else None
    with Project.create(args.project, passphrase=passphrase) as project:
        project.audit("init", encrypted=project.encrypted)
        if args.json:
            print_json({"project": str(project.path), "schema_version": project.schema_version,
                        "encrypted": project.encrypted})
        else:
            print(f"Created project {project.path}" + (" (encrypted)" if project.encrypted else ""))
    return 0


def cmd_encrypt(args: argparse.Namespace) -> int:
    from appliance.project.rekey import encrypt_project

    encrypt_project(args.project, new_passphrase())
    print(f"Encrypted {args.project}. Keep the passphrase safe: without it nobody can open the project.")
    return 0


def cmd_change_passphrase(args: argparse.Namespace) -> int:
    import getpass
    import sys

    from appliance.project.encryption import known_passphrase
    from appliance.project.rekey import change_passphrase

    old = known_passphrase(args.project)
    if old is None:
        if not sys.stdin.isatty():
            raise CliError("set APPLIANCE_PASSPHRASE to the current passphrase", next_step="passphrase")
        old = getpass.getpass("Current passphrase: ")
    change_passphrase(args.project, old, new_passphrase("APPLIANCE_NEW_PASSPHRASE", "New passphrase"))
    print(f"The passphrase of {args.project} is changed.")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with Project.open(args.project, readonly=True) as project:
        info = project.info()
    if args.json:
        print_json(info)
        return 0
    print(f"Project      {info['path']} (format {info['schema_version']}, "
          f"{'encrypted' if info.get('encrypted') else 'not encrypted'})")
    print(f"Documents    {info['documents']:,}")
    print(f"Sections     {info['sections']:,}")
    print(f"Patients     {info['patients']:,}")
    print("Languages    " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["languages"].items())))
    print("Types        " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["doc_types"].items())))
    ix = info.get("index")
    print("Search index " + (f"{ix['source']} text, model {ix['model']}, {ix['dtype']} vectors; {ix['vector_sections']:,} "
                             f"sections with vectors, {ix['keyword_sections']:,} in the full-text index" if ix else "none"))
    return 0
