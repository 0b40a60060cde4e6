"""Background jobs: results by signal, Cancel within 0.5 s, stale results dropped,
failures reported as a reason instead of a crash."""

from __future__ import annotations

import time

from analysis.pipeline import Cancelled
from desktop.jobs import JobManager


def slow_count(n: int, step: float = 0.01, progress=None) -> int:
    for i in range(n):
        progress(i / n, f"step {i}")
        time.sleep(step)
    return n


def test_result_arrives_with_progress(qtbot):
    jm = JobManager()
    got, seen = [], []
    jm.progressed.connect(lambda _id, f, m: seen.append(f))
    jm.start("x", "count", slow_count, 20, on_done=got.append)
    qtbot.waitUntil(lambda: got == [20], timeout=5000)
    assert seen and all(0.0 <= f <= 1.0 for f in seen)
    assert not jm.running()


def test_cancel_stops_the_worker_within_half_a_second(qtbot):
    jm = JobManager()
    got, stopped, ended = [], [], []
    jm.stopped.connect(lambda _id, secs: stopped.append(secs))
    jm.ended.connect(lambda _id, how: ended.append(how))
    job = jm.start("x", "long", slow_count, 100_000, 0.005, on_done=got.append)
    qtbot.wait(200)
    t0 = time.monotonic()
    jm.cancel(job)
    assert ended == ["cancelled"]  # the UI forgets the job at once
    qtbot.waitUntil(lambda: bool(stopped), timeout=2000)
    assert time.monotonic() - t0 < 0.5
    assert stopped[0] < 0.5
    assert got == []
    assert not jm.running()


def test_a_newer_job_in_the_same_slot_drops_the_older_result(qtbot):
    jm = JobManager()
    got = []
    jm.start("analysis", "old", slow_count, 30, on_done=lambda r: got.append(("old", r)))
    jm.start("analysis", "new", slow_count, 3, on_done=lambda r: got.append(("new", r)))
    qtbot.waitUntil(lambda: not jm.running(), timeout=5000)
    assert got == [("new", 3)]


def test_result_of_a_job_that_returns_after_cancel_is_dropped(qtbot):
    """A core function that never calls progress again still cannot deliver late."""

    def ignores_cancel(progress=None):
        progress(0.0, "start")
        time.sleep(0.3)
        return "late"

    jm = JobManager()
    got = []
    job = jm.start("x", "stubborn", ignores_cancel, on_done=got.append)
    qtbot.wait(50)
    jm.cancel(job)
    qtbot.waitUntil(lambda: not jm.running(), timeout=3000)
    qtbot.wait(50)
    assert got == []


def test_failure_is_reported_with_its_reason(qtbot):
    def broken(progress=None):
        raise ValueError("the file is not a table")

    jm = JobManager()
    errors = []
    jm.error.connect(lambda title, reason: errors.append((title, reason)))
    jm.start("x", "Importing", broken)
    qtbot.waitUntil(lambda: bool(errors), timeout=3000)
    assert errors == [("Importing", "the file is not a table")]


def test_core_raising_cancelled_ends_quietly(qtbot):
    def stops(progress=None):
        raise Cancelled("stop")

    jm = JobManager()
    ended, errors = [], []
    jm.ended.connect(lambda _id, how: ended.append(how))
    jm.error.connect(lambda *a: errors.append(a))
    jm.start("x", "stops", stops)
    qtbot.waitUntil(lambda: bool(ended), timeout=3000)
    assert ended == ["cancelled"] and errors == []
