#!/usr/bin/env python3
"""Command line of the meeting archive. It only wires the stages in archive/.

  python build.py check              validate content/ without building
  python build.py build [--site DIR] [--record]
                                     validate, render with mkdocs, index with Pagefind; a build
                                     into site/ (or with --record) records its URLs
  python build.py shards             the parts a build can be split into (JSON, for a CI matrix)
  python build.py build --shard KEY --site DIR
                                     one part: its pages and search shard
  python build.py merge DIR… [--site DIR] [--record]
                                     assemble the parts into the site (README: "Building on several machines")
  python build.py serve              live preview on http://127.0.0.1:8000
  python build.py new COMMITTEE DATE scaffold a meeting folder with the standing items
  python build.py import FILE… --committee SLUG [--dry-run] [--force]
                                     turn agendas and minutes into records (README: "Importing")

  --content DIR  the records (default: content/); --config FILE  the site's
  configuration (default: mkdocs.yml; e.g. one with theme.language: en)
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Only what indexes and swaps a site in: the build's process holds what it
# imports beside the render and the Pagefind runs, so the stages that read,
# compile and render the archive are imported where they run (in the worker).
from archive import swap, worker

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
DEFAULT_SITE = ROOT / "site"


def cmd_check(args) -> int:
    from archive import pipeline

    archive, diagnostics = pipeline.check(args.content)
    if diagnostics.items:
        print(diagnostics.report(), file=sys.stderr)
    if archive is None:
        return 1
    print(f"ok: {len(archive.meetings)} meetings, {sum(len(m.items) for m in archive.meetings)} items")
    return 0


def cmd_build(args) -> int:
    try:
        with swap.lock(args.site):  # one build at a time, registry included
            return _build(args)
    except (swap.PublishError, worker.WorkerError) as exc:
        print(f"error: {exc}\nbuild refused: {args.site} left as it was", file=sys.stderr)
        return 1


def _build(args) -> int:
    recorded = not args.shard and (args.record or args.site.absolute() == DEFAULT_SITE.absolute())
    # The archive is read, compiled and rendered in a process that ends
    # before the Pagefind runs start: this one never holds it (worker.py).
    made = worker.run(lambda: _render(args, recorded), expected=(swap.PublishError,))
    if made is None or made.staged is None:
        return 0 if made else 1
    try:
        rendered = swap.index_and_swap(made.staged, args.site, made.language)
    except swap.PublishError:
        swap.discard_prepared(made.registry)
        raise
    if not _commit_registry(made.registry):
        return 1
    swap.remember_inputs(args.site, made.digest)
    what = f"part {args.shard} of the site: {rendered.pages + rendered.kept} pages" if args.shard else \
        f"{made.pages} pages"
    print(f"built {what} into {args.site} ({rendered.pages} rendered, "
          f"{rendered.kept} unchanged since the last build kept, {rendered.unviewed} of them known from their records; "
          f"search: {rendered.shards[0]} of {sum(rendered.shards)} shards indexed again in {rendered.indexing:.1f} s)"
          + made.trial)
    return 0


@dataclass(frozen=True)
class _Made:
    """What the worker process hands back: the staged site (None: the site
    is as these inputs make it), the digest of the inputs it was made from,
    and the new registry of published URLs, written and synced (renamed
    after the swap)."""
    staged: swap.Staged | None
    digest: str | None
    pages: int = 0
    language: str = ""
    registry: tuple[Path, Path] | None = None
    trial: str = ""  # a build not recorded in the registry says so


def _render(args, recorded: bool) -> _Made | None:
    """In the worker: compile the archive and stage its pages, unless the
    last build was made from the same inputs; None when the records have errors."""
    from archive import index, permalinks, publish

    try:
        digest = publish.inputs_digest(args.config, args.content, args.site) + (f"|part {args.shard}" if args.shard else "")
    except OSError:
        digest = None  # an unreadable input: the build itself reports it
    if digest and not args.full and swap.unchanged(args.site, digest):
        print(f"unchanged: {args.site} was built from these very records, code and settings (--full to rebuild)")
        return _Made(None, digest)
    swap.remember_inputs(args.site, None)  # until this build has succeeded
    settings, site = _compile(args)
    if site is None:
        return None
    if args.shard and args.shard not in index.parts(site.search_shards):
        print(f"error: --shard: no part '{args.shard}'; the parts are {', '.join(index.parts(site.search_shards))} "
              "(`build.py shards`)", file=sys.stderr)
        return None
    registry = _prepare_registry(args, site) if recorded else None
    try:
        staged = publish.render_staged(args.config, site, args.content, args.site, workers=args.jobs,
                                       full=args.full, part=args.shard)
    except swap.PublishError:
        swap.discard_prepared(registry)
        raise
    trial = "" if recorded or args.shard else f" (a trial: {permalinks.REGISTRY} left as it was; --record to record)"
    return _Made(staged, digest, len(site.pages), settings.language, registry, trial)


def _compile(args):
    """The site's settings and compiled pages; None for the site when the records have errors."""
    from archive import publish

    settings = publish.settings(args.config)
    site, diagnostics = publish.compile_site(args.content, settings, args.site, args.config,
                                             full=getattr(args, "full", False))
    if diagnostics.items:  # notes (unlinked mentions) in full only from `check`
        print(diagnostics.report(notes=False), file=sys.stderr)
    if site is None:
        print(f"build refused: {args.site} left as it was", file=sys.stderr)
    return settings, site


def _prepare_registry(args, site):
    """The new registry of published URLs, written and synced before anything
    is staged (renamed after the swap): an error (a read-only registry, a
    full disk) comes first."""
    from archive import permalinks

    try:
        return permalinks.prepare_registry(args.content, permalinks.addresses(site))
    except OSError as exc:
        raise swap.PublishError(swap.one_line(exc)) from None


def _commit_registry(prepared: tuple[Path, Path] | None) -> bool:
    try:
        swap.commit_prepared(prepared)
    except OSError as exc:
        print(f"error: {exc.filename}: {exc.strerror} (the site was published; its URLs are not recorded)",
              file=sys.stderr)
        return False
    return True


def cmd_shards(args) -> int:
    """The parts of a split build, as a JSON list (a CI matrix reads it)."""
    import json

    from archive import index, pipeline, publish

    archive_site, diagnostics = pipeline.compile_site(args.content, publish.settings(args.config))
    if archive_site is None:
        print(diagnostics.report(notes=False), file=sys.stderr)
        return 1
    print(json.dumps(index.parts(archive_site.search_shards)))
    return 0


def cmd_merge(args) -> int:
    from archive import publish

    try:
        with swap.lock(args.site):
            recorded = args.record or args.site.absolute() == DEFAULT_SITE.absolute()
            settings, site = _compile(args)
            if site is None:
                return 1
            registry = _prepare_registry(args, site) if recorded else None
            try:
                files = publish.merge_and_swap(args.parts, site, args.site, settings.language)
            except swap.PublishError:
                swap.discard_prepared(registry)
                raise
            if not _commit_registry(registry):
                return 1
    except swap.PublishError as exc:
        print(f"error: {exc}\nmerge refused: {args.site} left as it was", file=sys.stderr)
        return 1
    swap.remember_inputs(args.site, None)  # not built here: the next build renders what it must
    print(f"merged {len(args.parts)} parts into {args.site}: {len(site.pages)} pages, {files} files")
    return 0


def cmd_serve(args) -> int:
    import logging

    from archive.preview import Preview
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    # The records, the site's configuration and its templates and styles.
    watched = [args.content, args.config, ROOT / "overrides", ROOT / "static"]
    try:
        Preview(args.config, args.content.absolute(), args.preview).serve(args.addr, [p for p in watched if p.exists()])
    except swap.PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_new(args) -> int:
    from archive import scaffold

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
    build.add_argument("--shard", metavar="KEY", help="build one part of the site (`build.py shards`), for `merge`")
    build.set_defaults(func=cmd_build)
    sub.add_parser("shards", help="the parts a build can be split into, as JSON").set_defaults(func=cmd_shards)
    merge = sub.add_parser("merge", help="assemble parts built with --shard into the site")
    merge.add_argument("parts", nargs="+", type=Path, help="the parts' folders")
    merge.add_argument("--site", type=Path, default=DEFAULT_SITE, help="output folder (default: site/)")
    merge.add_argument("--record", action="store_true",
                       help="record the URLs in published-urls.txt (default: only when merging into site/)")
    merge.set_defaults(func=cmd_merge)
    serve = sub.add_parser("serve", help="live preview")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    serve.add_argument("--preview", type=Path, default=ROOT / ".preview" / "site",
                       help="the folder the preview is built in, its caches beside it (default: .preview/site/)")
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
    status = main()
    # The compiled archive is still referenced (the plugin, the memos), and
    # the interpreter freeing its millions of objects one by one at exit took
    # 0.8 s of a 9 s rebuild at 1,000 meetings. Every file is closed and
    # every process joined by now: flush the streams and leave.
    logging.shutdown()
    with contextlib.suppress(OSError):  # a closed pipe: nothing more can be said
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(status or 0)
