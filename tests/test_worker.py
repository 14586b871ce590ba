"""worker.run: a stage in a process of its own, its answer or its failure handed back."""
from __future__ import annotations

import os
import signal

import pytest

from archive import worker


def test_the_job_runs_in_another_process_and_its_answer_comes_back():
    pid, answer = worker.run(lambda: (os.getpid(), {"pages": list(range(100_000))}))
    assert pid != os.getpid() and answer["pages"][-1] == 99_999


def test_an_expected_failure_comes_back_as_its_message():
    def fail():
        raise ValueError("records with errors")

    with pytest.raises(worker.WorkerError, match="^records with errors$"):
        worker.run(fail, expected=(ValueError,))


@pytest.mark.parametrize("end, message", [
    (lambda: os._exit(3), "ended with exit code 3"),
    (lambda: os.kill(os.getpid(), signal.SIGKILL), r"killed by signal 9 \(out of memory\?\)"),
])
def test_a_worker_that_dies_is_a_failure_that_says_how(end, message):
    with pytest.raises(worker.WorkerError, match=message):
        worker.run(end)
