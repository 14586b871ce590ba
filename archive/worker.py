"""A stage run in a process of its own, which ends when the stage does.

A build compiles the archive and renders its pages in a worker process,
then indexes and swaps the site in from the process that started it. The
compiled archive grows with the archive, and freeing it does not give its
memory back: Python's allocator returns an arena only when none of its
blocks lives, and what outlives the compile is strewn through them (at
3,000 meetings the build's process kept 357 MB of its own beside the two
Pagefind runs). A process that ends gives back all it held. The worker
hands over a small result (swap.Staged); the build's process holds no
archive at all.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class WorkerError(RuntimeError):
    """The worker failed: its message, or how it ended."""


def run(job: Callable[[], T], expected: tuple[type[Exception], ...] = ()) -> T:
    """``job()``, run in a process forked for it. An ``expected`` exception
    in it is raised here as a ``WorkerError`` with its message; any other
    ends the worker (its traceback on stderr), which is one too."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=_answer, args=(writer, job, expected), name="build worker")
    process.start()
    writer.close()
    kind, value = "ended", None
    try:
        kind, value = reader.recv()
    except EOFError:  # it ended without an answer (its traceback on stderr)
        process.join(10)
    finally:
        reader.close()
        if kind == "ended" and process.is_alive():  # interrupted here: it does not outlive the build
            process.terminate()
        process.join()
    if kind == "done":
        return value
    raise WorkerError(value if kind == "failed" else _ended(process.exitcode))


def _ended(code: int | None) -> str:
    if code is not None and code < 0:  # the system's out-of-memory killer sends SIGKILL
        return f"the build's worker process was killed by signal {-code}" + (" (out of memory?)" if code == -9 else "")
    return f"the build's worker process ended with exit code {code}"


def _answer(writer, job: Callable, expected: tuple[type[Exception], ...]) -> None:
    try:
        answer = ("done", job())
    except expected as exc:
        answer = ("failed", str(exc))
    writer.send(answer)
    writer.close()
