"""Live preview (``build.py serve``): the archive built as ``build`` builds
it — every core, the unchanged pages and records of the last build kept —
into a preview folder beside the site, served by mkdocs's live-reload server.
A save rebuilds what changed and reloads the browser.

While the records have errors the server shows an errors site instead (one
page listing them, and on every other address the 404 page listing them),
built into a folder of its own: the preview and its caches stay as they
were, so the build after the fix is as incremental as any.
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import publish
from .keep import Remembered
from .pages.general import errors_site

log = logging.getLogger("mkdocs.archive")


class Preview:
    def __init__(self, config_file: Path, content: Path, folder: Path):
        self.config_file, self.content = config_file, content
        self.folder, self.errors_folder = folder, folder.with_name(folder.name + "-errors")
        self.server: LiveReloadServer | None = None
        self.memory = Remembered()  # the validated meetings, between builds
        self.saves = _Saves(content)
        folder.parent.mkdir(parents=True, exist_ok=True)

    def build(self) -> Path:
        """Build the preview, or the errors site; the folder to serve."""
        settings = publish.settings(self.config_file)
        self.memory.changed = self.saves.take()  # before anything is read: a later save is the next build's
        site, diagnostics = publish.compile_site(self.content, settings, self.folder, self.config_file,
                                                 memory=self.memory)
        for warning in diagnostics.warnings:
            log.warning(str(warning))
        if site is None:
            log.error("the archive has errors:\n" + diagnostics.report(notes=False))
            errors = tuple(str(d) for d in sorted(diagnostics.errors, key=lambda d: (d.path, d.line or 0)))
            # A few pages: one process renders them sooner than two could be started.
            publish.build_and_swap(self.config_file, errors_site(errors), self.content, self.errors_folder,
                                   settings.language, full=True, errors=errors, workers=1)
            return self.errors_folder
        rendered = publish.build_and_swap(self.config_file, site, self.content, self.folder, settings.language)
        log.info(f"{rendered.pages} pages rendered, {rendered.kept} kept")
        return self.folder

    def rebuild(self) -> None:
        """The live-reload server's builder: on every save."""
        try:
            served = self.build()
        except publish.PublishError as exc:
            log.error(f"the preview was not rebuilt: {exc}")
            return
        if self.server is not None:
            self.server.root = str(served)  # read on every request

    def serve(self, addr: str, watch: list[Path]) -> None:
        host, _, port = addr.rpartition(":")
        with publish.lock(self.folder):
            root = self.build()
            self.server = LiveReloadServer(builder=self.rebuild, host=host or "127.0.0.1", port=int(port),
                                           root=str(root))
            # Told of saves by the system (inotify, FSEvents, …) instead of
            # mkdocs's polling, which stats every file of the records twice
            # a second in this process: at 1,000 meetings (21,000 files) that
            # made each rebuild half as long again.
            self.server.observer = _SavesObserver()
            self.server.error_handler = self._error_page
            for path in watch:
                self.server.watch(str(path))
            self.server.observer.schedule(self.saves, str(self.content), recursive=True)
            self.saves.forget()  # a save made during the first build was not seen
            try:
                self.server.serve()
            except KeyboardInterrupt:
                log.info("Shutting down...")
            except OSError as exc:  # the observer could not watch (a system's limit of watches)
                log.error(f"cannot watch the records for changes: {exc} "
                          "(on Linux, raise fs.inotify.max_user_watches)")
            finally:
                self.server.shutdown()

    def _error_page(self, code: int) -> bytes | None:
        page = Path(self.server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


class _SavesObserver(watchdog.observers.Observer):
    """The system's file events of what a save does: a file written, made,
    removed or renamed — not a file opened or read, which the build itself
    does to every record (mkdocs rebuilds on any event: reads would rebuild
    for ever)."""

    SAVES = (watchdog.events.FileModifiedEvent, watchdog.events.FileClosedEvent,
             watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent, watchdog.events.FileMovedEvent,
             watchdog.events.DirCreatedEvent, watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent)

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=self.SAVES)


class _Saves(watchdog.events.FileSystemEventHandler):
    """The meeting folders that saves changed since the last ``take``: the
    preview reads only those again (keep.Remembered)."""

    def __init__(self, content: Path):
        self.meetings = content / "meetings"
        self.lock = threading.Lock()
        self.folders: set[Path] | None = None  # None: unknown (nothing watched yet, or a change elsewhere)

    def on_any_event(self, event) -> None:
        with self.lock:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if not path or self.folders is None:
                    continue
                folder = self._meeting_folder(Path(path))
                if folder is None:
                    self.folders = None  # a registry, archive.yaml, a committee's folder: every key again
                else:
                    self.folders.add(folder)

    def _meeting_folder(self, path: Path) -> Path | None:
        """meetings/<committee>/<date>/ of a path in it (or of the folder itself)."""
        try:
            parts = path.relative_to(self.meetings).parts
        except ValueError:
            return None
        return self.meetings / parts[0] / parts[1] if len(parts) >= 2 else None

    def forget(self) -> None:
        with self.lock:
            self.folders = None

    def take(self) -> set[Path] | None:
        """The folders changed since the last call (None: unknown); from now on, an empty set."""
        with self.lock:
            folders, self.folders = self.folders, set()
            return folders
