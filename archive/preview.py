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
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import publish
from .pages.general import errors_site

log = logging.getLogger("mkdocs.archive")


class Preview:
    def __init__(self, config_file: Path, content: Path, folder: Path):
        self.config_file, self.content = config_file, content
        self.folder, self.errors_folder = folder, folder.with_name(folder.name + "-errors")
        self.server: LiveReloadServer | None = None
        folder.parent.mkdir(parents=True, exist_ok=True)

    def build(self) -> Path:
        """Build the preview, or the errors site; the folder to serve."""
        settings = publish.settings(self.config_file)
        site, diagnostics = publish.compile_site(self.content, settings, self.folder, self.config_file)
        for warning in diagnostics.warnings:
            log.warning(str(warning))
        if site is None:
            log.error("the archive has errors:\n" + diagnostics.report(notes=False))
            errors = tuple(str(d) for d in sorted(diagnostics.errors, key=lambda d: (d.path, d.line or 0)))
            publish.build_and_swap(self.config_file, errors_site(errors), self.content, self.errors_folder,
                                   settings.language, full=True, errors=errors)
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
