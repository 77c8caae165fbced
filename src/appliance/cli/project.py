"""``appliance init`` and ``appliance info``: create a project file, and show what it holds."""
from __future__ import annotations

import argparse

from appliance.cli._common import add_json_option, print_json
from appliance.project import Project


def register(sub) -> None:
    p = sub.add_parser("init", help="Create a new project file.", description="Create a new, empty project file.")
    p.add_argument("project", help="path of the new project file, e.g. radiology.appliance")
    add_json_option(p, "the new project's path")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("info", help="Show what a project holds.",
                       description="Show the counts of a project: documents, sections, patients, languages, document "
                       "types and the search index. Works while another command holds the project.")
    p.add_argument("project")
    add_json_option(p, "the counts")
    p.set_defaults(func=cmd_info)


def cmd_init(args: argparse.Namespace) -> int:
    with Project.create(args.project) as project:
        project.audit("init")
        if args.json:
            print_json({"project": str(project.path), "schema_version": project.schema_version})
        else:
            print(f"Created project {project.path}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with Project.open(args.project, readonly=True) as project:
        info = project.info()
    if args.json:
        print_json(info)
        return 0
    print(f"Project      {info['path']} (format {info['schema_version']})")
    print(f"Documents    {info['documents']:,}")
    print(f"Sections     {info['sections']:,}")
    print(f"Patients     {info['patients']:,}")
    print("Languages    " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["languages"].items())))
    print("Types        " + ", ".join(f"{k}: {v:,}" for k, v in sorted(info["doc_types"].items())))
    ix = info.get("index")
    print("Search index " + (f"{ix['source']} text, model {ix['model']}, {ix['dtype']} vectors; {ix['vector_sections']:,} "
                             f"sections with vectors, {ix['keyword_sections']:,} in the full-text index" if ix else "none"))
    return 0
