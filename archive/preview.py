"""Live preview (``build.py serve``): the archive built as ``build`` builds
it — every core, the unchanged pages and records of the last build kept —
into a preview folder beside the site, served by mkdocs's live-reload server.
A save rebuilds what changed and reloads the browser.

A save confined to meeting folders shows first their meetings' pages,
rendered in this process from the archive the last build linked
(fast_render.py) and served before the preview's own; the build that
follows makes the rest of the site and reloads the browser again.

While the records have errors the server shows an errors site instead (one
page listing them, and on every other address the 404 page listing them),
built into a folder of its own: the preview and its caches stay as they
were, so the build after the fix is as incremental as any.
"""
from __future__ import annotations

import gc
import logging
import posixpath
import shutil
import sys
import threading
import time
from pathlib import Path

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import fast_render, publish, swap
from .keep import Remembered
from .pages.general import errors_site
from .views import Site

log = logging.getLogger("mkdocs.archive")


class Preview:
    def __init__(self, config_file: Path, content: Path, folder: Path):
        self.config_file, self.content = config_file, content
        self.folder, self.errors_folder = folder, folder.with_name(folder.name + "-errors")
        self.saved_folder = folder.with_name(folder.name + "-saved")  # the fast renders' pages
        self.server: _Server | None = None
        self.memory = Remembered()  # the validated meetings, between builds
        self.last: Site | None = None  # the site last built into the preview, while it is served
        self.saves = _Saves(content)
        self.fast_renders = 0
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.saved_folder, ignore_errors=True)

    def build(self, saved: set[Path] | None) -> Path:
        """Build the preview, or the errors site; the folder to serve.
        ``saved``: the meeting folders saves changed since the last build (None: unknown)."""
        settings = publish.settings(self.config_file)
        self.memory.changed = saved
        self.last = None  # one compiled archive in memory at a time
        gc.unfreeze()  # what the last build kept may go now
        try:
            site, diagnostics = publish.compile_site(self.content, settings, self.folder, self.config_file,
                                                     memory=self.memory)
        finally:
            # What is kept between saves (the archive, the records) is
            # never scanned by the garbage collector: a full collection
            # over its millions of objects, set off by the allocations of a
            # fast render, paused every other save by 0.4 s at 1,000 meetings.
            gc.freeze()
        for warning in diagnostics.warnings:
            log.warning(str(warning))
        if site is None:
            log.error("the archive has errors:\n" + diagnostics.report(notes=False))
            return self.errors(diagnostics, settings.language)
        rendered = publish.build_and_swap(self.config_file, site, self.content, self.folder, settings.language)
        log.info(f"{rendered.pages} pages rendered, {rendered.kept} kept")
        self.last = site
        return self.folder

    def errors(self, diagnostics, language: str) -> Path:
        """Build the errors site of ``diagnostics``; its folder."""
        errors = tuple(str(d) for d in sorted(diagnostics.errors, key=lambda d: (d.path, d.line or 0)))
        # A few pages: one process renders them sooner than two could be started.
        publish.build_and_swap(self.config_file, errors_site(errors), self.content, self.errors_folder,
                               language, full=True, errors=errors, workers=1)
        return self.errors_folder

    def rebuild(self) -> None:
        """The live-reload server's builder: on every save."""
        saved, to_show = self.saves.take()  # before anything is read: a later save is the next build's
        shown = bool(to_show) and self.show_saved(to_show)
        try:
            served = self.build(saved)
        except publish.PublishError as exc:
            log.error(f"the preview was not rebuilt: {exc}")
            served = None
        if self.server is None:
            return
        if served is not None:
            self.server.root = str(served)  # read on every request
        self.server.overlay = None
        shutil.rmtree(self.saved_folder, ignore_errors=True)
        if shown:
            self.server.show_now()  # the browsers reload again, now that every page is made

    def show_saved(self, saved: set[Path]) -> bool:
        """Render the pages of the saved meetings and serve them before the
        preview's (fast_render.py) — or, if they have errors, the errors
        site of those (the build that follows lists every error of the
        archive); whether it could."""
        if self.last is None or self.server is None or self.server.root != str(self.folder):
            return False  # no build to start from, or the errors site is served
        start = time.perf_counter()
        try:
            site, diagnostics = fast_render.saved_meetings(self.last, saved, self.content)
            if diagnostics.errors:
                log.error("the saved meetings have errors:\n" + diagnostics.report(notes=False))
                self.server.root = str(self.errors(diagnostics, self.last.settings.language))
                shown = "the errors of the saved meetings"
            elif site is not None:
                self.fast_renders += 1
                self.server.overlay = publish.render_here(self.config_file, site, self.content,
                                                          self.saved_folder / str(self.fast_renders), self.folder)
                shown = f"{len(site.pages)} pages of the saved meetings"
            else:
                return False
        except publish.PublishError as exc:
            log.error(f"the saved meetings could not be shown at once: {exc}")
            return False
        except Exception:  # noqa: BLE001 — a fault here must not stop the build that follows, which decides
            log.exception("the saved meetings could not be shown at once")
            return False
        self.server.show_now()
        log.info(f"{shown} shown in {time.perf_counter() - start:.1f} s; the rest of the site follows")
        return True

    def serve(self, addr: str, watch: list[Path]) -> None:
        host, _, port = addr.rpartition(":")
        with swap.lock(self.folder):
            root = self.build(None)
            self.server = _Server(builder=self.rebuild, host=host or "127.0.0.1", port=int(port), root=str(root))
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


class _Server(LiveReloadServer):
    """mkdocs's live-reload server, which also serves the pages of a fast
    render (``overlay``) before the site's, and can reload the browsers
    while its builder goes on (``show_now``)."""

    overlay: Path | None = None

    def show_now(self) -> None:
        """Serve what is there now and reload the browsers (mkdocs's server
        does so when its builder returns: the epochs below are its own)."""
        with self._epoch_cond:
            self._wanted_epoch = self._visible_epoch = max(round(time.monotonic() * 1000), self._visible_epoch + 1)
            self._epoch_cond.notify_all()

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if self.overlay is None or not path.endswith("/") or not path.startswith(self.mount_path):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:  # as mkdocs's: not while a build is under way
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch, overlay = self._visible_epoch, self.overlay
        page = posixpath.normpath("/" + path[len(self.mount_path):] + "index.html").lstrip("/")
        try:
            content = self._inject_js_into_html((overlay / page).read_bytes(), epoch) if overlay else None
        except OSError:  # not a page of the saved meetings (or the overlay just went)
            content = None
        if content is None:
            return super()._serve_request(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(content)))])
        return [content]


def _system_tells_closes() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    from watchdog.observers.inotify import InotifyObserver
    return issubclass(watchdog.observers.Observer, InotifyObserver)


class _SavesObserver(watchdog.observers.Observer):
    """The system's file events of what a save does: a file written, made,
    removed or renamed — not a file opened or read, which the build itself
    does to every record (mkdocs rebuilds on any event: reads would rebuild
    for ever).

    Where the system tells when a writer closes a file (inotify, Linux), a
    file written is that one event, not each write: a save is a write and a
    close, and when the close was heard more than the server's quarter of a
    second after the write (a busy machine) the build had begun on the
    write and a second build followed the close (seen in CI)."""

    WRITTEN = ((watchdog.events.FileClosedEvent,) if _system_tells_closes()
               else (watchdog.events.FileModifiedEvent, watchdog.events.FileClosedEvent))
    SAVES = (*WRITTEN, watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent,
             watchdog.events.FileMovedEvent,
             watchdog.events.DirCreatedEvent, watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent)

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
        return super().schedule(event_handler, path, recursive=recursive, event_filter=self.SAVES)


class _Saves(watchdog.events.FileSystemEventHandler):
    """The meeting folders that saves changed since the last ``take``: the
    preview reads only those again (keep.Remembered), and shows their pages
    first (fast_render.py)."""

    def __init__(self, content: Path):
        self.meetings = content / "meetings"
        self.lock = threading.Lock()
        self.folders: set[Path] = set()
        self.elsewhere = False  # a save outside the meeting folders: a registry, archive.yaml
        self.complete = False   # False until watched: a save before was not heard

    def on_any_event(self, event) -> None:
        with self.lock:
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if not path:
                    continue
                folder = self._meeting_folder(Path(path))
                if folder is None:
                    self.elsewhere = True
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
            self.complete = False

    def take(self) -> tuple[set[Path] | None, set[Path]]:
        """The meeting folders saves changed since the last call: as far as
        the build can trust it (None: unknown — a save elsewhere, or one
        before the watch began: every folder's key again), and those whose
        pages can be shown at once (none after a save elsewhere: every page
        may show the registries). From now on, nothing."""
        with self.lock:
            folders, trusted = self.folders, self.complete and not self.elsewhere
            shown = set() if self.elsewhere else folders
            self.folders, self.elsewhere, self.complete = set(), False, True
            return (folders if trusted else None), shown
