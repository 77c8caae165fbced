"""``appliance import``: files, folders and CSV/JSONL exports into a project."""
from __future__ import annotations

import argparse
from dataclasses import asdict

from appliance.cli._common import add_json_option, print_json, progress
from appliance.project import Project

DESCRIPTION = ("Import files and folders of reports (txt, md, pdf, docx, csv, jsonl[.gz]). Files already in the project "
               "are skipped, bad files are listed with their reason. Exits non-zero only when nothing could be imported.")


def register(sub) -> None:
    p = sub.add_parser("import", help="Import reports (folders, txt/md/pdf/docx, csv, jsonl[.gz]).", description=DESCRIPTION)
    p.add_argument("project")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    p.add_argument("--id-field", help="CSV/JSONL: field with the document id")
    p.add_argument("--text-field", default="text", help="CSV/JSONL: field with the text (default: text)")
    p.add_argument("--type-field", help="CSV/JSONL: field with the document type")
    p.add_argument("--patient-field", help="CSV/JSONL: field with the patient id (used for date shifting)")
    p.add_argument("--title-field", help="CSV/JSONL: field with a title")
    p.add_argument("--date-field", help="CSV/JSONL: field with the document's date (default: date, datum, ...)")
    p.add_argument("--max-file-mb", type=float, default=50, help="skip files larger than this (default 50)")
    add_json_option(p, "the import report")
    p.set_defaults(func=cmd_import)


def print_import_report(report) -> None:
    print(f"Imported {report.added:,} new documents ({report.sections:,} sections) in {report.seconds:.1f} s; "
          f"{report.already_present:,} were already in the project.")
    if report.rejected:
        print(f"{len(report.rejected):,} could not be imported:")
        for r in report.rejected:
            print(f"  {r.source}: {r.reason}")


def cmd_import(args: argparse.Namespace) -> int:
    from appliance.pipeline.ingest import ImportOptions, run_import

    options = ImportOptions(paths=list(args.paths), id_field=args.id_field, text_field=args.text_field,
                            type_field=args.type_field, patient_field=args.patient_field, title_field=args.title_field,
                            date_field=args.date_field, max_file_mb=args.max_file_mb)
    with Project.open(args.project) as project, progress("Importing", unit="B", enabled=not args.json) as control:
        report = run_import(project, options, control=control)
    if args.json:
        print_json(asdict(report))
    else:
        print_import_report(report)
    return 1 if report.added == 0 and report.already_present == 0 else 0
