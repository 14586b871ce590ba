#!/usr/bin/env python3
"""Command line of the meeting archive. It only wires the stages in archive/.

  python build.py check              validate content/ without building
  python build.py build [--site DIR] [--record]
                                     validate, render with mkdocs, index with Pagefind; a build
                                     into site/ (or with --record) records its URLs
  python build.py serve              live preview on http://127.0.0.1:8000
  python build.py new COMMITTEE DATE scaffold a meeting folder with the standing items
  python build.py import FILE… --committee SLUG [--dry-run] [--force]
                                     turn agendas and minutes into records (README: "Importing")

  --content DIR  the records (default: content/); --config FILE  the site's
  configuration (default: mkdocs.yml; e.g. one with theme.language: en)
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from archive import permalinks, pipeline, publish, scaffold

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
DEFAULT_SITE = ROOT / "site"


def cmd_check(args) -> int:
    archive, diagnostics = pipeline.check(args.content)
    if diagnostics.items:
        print(diagnostics.report(), file=sys.stderr)
    if archive is None:
        return 1
    print(f"ok: {len(archive.meetings)} meetings, {sum(len(m.items) for m in archive.meetings)} items")
    return 0


def cmd_build(args) -> int:
    try:
        with publish.lock(args.site):  # one build at a time, registry included
            return _build(args)
    except publish.PublishError as exc:
        print(f"error: {exc}\nbuild refused: {args.site} left as it was", file=sys.stderr)
        return 1


def _build(args) -> int:
    recorded = args.record or args.site.absolute() == DEFAULT_SITE.absolute()
    try:
        digest = publish.inputs_digest(args.config, args.content)
    except OSError:
        digest = None  # an unreadable input: the build itself reports it
    if digest and not args.full and publish.unchanged(args.site, digest):
        print(f"unchanged: {args.site} was built from these very records, code and settings (--full to rebuild)")
        return 0
    publish.remember_inputs(args.site, None)  # until this build has succeeded
    settings = publish.settings(args.config)
    site, diagnostics = pipeline.compile_site(args.content, settings)
    if diagnostics.items:  # notes (unlinked mentions) in full only from `check`
        print(diagnostics.report(notes=False), file=sys.stderr)
    if site is None:
        print(f"build refused: {args.site} left as it was", file=sys.stderr)
        return 1
    prepared = []  # the new registry, written and synced before the swap, renamed after it
    rendered = publish.build_and_swap(
        args.config, site, args.content, args.site, settings.language, workers=args.jobs, full=args.full,
        before_swap=(lambda: prepared.append(permalinks.prepare_registry(args.content, site))) if recorded else None)
    try:
        permalinks.commit_registry(prepared[0] if prepared else None)
    except OSError as exc:
        print(f"error: {exc.filename}: {exc.strerror} (the site was published; its URLs are not recorded)",
              file=sys.stderr)
        return 1
    publish.remember_inputs(args.site, digest)
    print(f"built {len(site.pages)} pages into {args.site} ({rendered.pages} rendered, "
          f"{rendered.kept} unchanged since the last build kept)"
          + ("" if recorded else f" (a trial: {permalinks.REGISTRY} left as it was; --record to record)"))
    return 0


def cmd_serve(args) -> int:
    from mkdocs.commands.serve import serve

    from archive.plugin import CONTENT_VARIABLE
    os.environ[CONTENT_VARIABLE] = str(args.content.resolve())
    serve(config_file=str(args.config), open_in_browser=False, livereload=True,
          dev_addr=args.addr)
    return 0


def cmd_new(args) -> int:
    try:
        folder = scaffold.new_meeting(args.content, args.committee, args.date)
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created {folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}")
    return 0


def cmd_import(args) -> int:
    from archive.importer.command import import_documents

    outcome = import_documents(args.files, args.committee, args.content, force=args.force, dry_run=args.dry_run,
                               date=args.date, attachments=args.attachment, ocr=args.ocr,
                               skip_existing=args.skip_existing)
    print("\n".join(outcome.lines), file=sys.stderr if outcome.errors else sys.stdout)
    return 1 if outcome.errors else 0


def reproducible_clock() -> None:
    """Builds of the same commit give the same bytes: unless SOURCE_DATE_EPOCH
    is set, take it from the last commit (mkdocs dates the sitemap with it,
    and the archive's "upcoming meetings" are those after it)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                               text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--content", type=Path, default=CONTENT, help="the records (default: content/)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml",
                        help="the site's configuration (default: mkdocs.yml)")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("check", help="validate without building").set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="validate, build and index the site")
    build.add_argument("--site", type=Path, default=DEFAULT_SITE, help="output folder (default: site/)")
    build.add_argument("--full", action="store_true", help="render every page, even those unchanged since the last build")
    build.add_argument("--record", action="store_true",
                       help="record the URLs in published-urls.txt (default: only when building site/)")
    build.add_argument("--jobs", type=int, default=None, help="render processes (default: one per core)")
    build.set_defaults(func=cmd_build)
    serve = sub.add_parser("serve", help="live preview")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    serve.set_defaults(func=cmd_serve)
    new = sub.add_parser("new", help="scaffold a new meeting")
    new.add_argument("committee")
    new.add_argument("date", help="YYYY-MM-DD")
    new.set_defaults(func=cmd_new)
    imp = sub.add_parser("import", help="turn agendas and minutes (.docx, .txt, FirstAgenda .html/.pdf) into records")
    imp.add_argument("files", nargs="+", type=Path, help="the documents, one meeting each")
    imp.add_argument("--committee", required=True, help="the committee whose meetings they are (slug)")
    imp.add_argument("--date", type=dt.date.fromisoformat, help="the meeting's date, where the document lacks it")
    imp.add_argument("--attachment", type=Path, action="append", default=[],
                     help="a file to ship with the meeting, matched to the listed attachment by its name")
    imp.add_argument("--ocr", action="store_true", default=None,
                     help="the text is OCR output with damaged Danish letters (default: decided from the text)")
    imp.add_argument("--force", action="store_true", help="replace records that exist")
    imp.add_argument("--skip-existing", action="store_true",
                     help="leave meetings that exist as they are (not an error)")
    imp.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    imp.set_defaults(func=cmd_import)
    args = parser.parse_args(argv)
    reproducible_clock()
    if not getattr(args, "func", None):
        args = parser.parse_args(["build", *(argv or sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
