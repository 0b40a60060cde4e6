"""Background jobs: every long action runs a core function in a ``QRunnable``.

A job calls ``fn(*args, progress=callback, **kwargs)``.  The callback forwards
``progress(fraction, message)`` to the window (at most every 50 ms, so a fast loop
cannot flood the event loop) and raises :class:`analysis.pipeline.Cancelled` once
the user pressed Cancel, which is how the core stops between steps.

Results come back through a thread-safe queue that a timer on the GUI thread
drains every 10 ms: no Python object crosses threads inside a Qt signal (PySide6
6.8+ can corrupt reference counts that way, PYSIDE-3124), and the window's
signals are all emitted on the GUI thread.  Each job has an id and a *slot*
("analysis", "compare", "import", ...): starting a job in a slot cancels the one
before it, and a result whose job was cancelled or superseded is dropped, so a
slow answer for an article the user already left never overwrites the view.
"""

from __future__ import annotations

import gc
import itertools
import logging
import queue
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from analysis.pipeline import Cancelled

log = logging.getLogger("parallax.jobs")
PROGRESS_INTERVAL_S = 0.05
FREEZE_INTERVAL_S = 2.0


def freeze_heap() -> None:
    """Move every object alive now out of the garbage collector's sight.

    A full collection walks every tracked object, and with models, libraries and a
    few hundred analyses in memory that walk takes 100-450 ms, holding the GIL, so
    the window freezes.  Long-lived results are frozen as they pile up; objects
    without reference cycles are still freed the moment they are dropped."""
    gc.freeze()


def tune_gc() -> None:
    """Make full collections rare (young generations stay as they are).

    Python starts a full collection when the old generation has grown by a quarter;
    during an import that is every few seconds, each a pause of 100-200 ms.  With
    results frozen as they arrive, the old generation holds little garbage, so a
    full collection a hundred times less often costs memory only for cyclic garbage
    in between, which the analysis core rarely makes."""
    g0, g1, _g2 = gc.get_threshold()
    gc.set_threshold(g0, g1, 1000)


class _Runnable(QRunnable):
    """Runs one job on a pool thread; reports by putting tuples on ``post``."""

    def __init__(self, job_id: int, fn: Callable, args: tuple, kwargs: dict, cancel: threading.Event, post: Callable):
        super().__init__()
        # The manager keeps this object alive until well after run() returned; with
        # auto-delete the pool would own a wrapper Python may already have collected.
        self.setAutoDelete(False)
        self.job_id = job_id
        self.fn = fn
        self.args = args
        self.kwargs = kwargs
        self.cancel = cancel
        self.post = post
        self._last = 0.0
        self._frozen = time.monotonic()

    def progress(self, fraction: float, message: str = "") -> None:
        if self.cancel.is_set():
            raise Cancelled(message or "cancelled")
        now = time.monotonic()
        if now - self._frozen >= FREEZE_INTERVAL_S:
            self._frozen = now
            freeze_heap()
        if now - self._last >= PROGRESS_INTERVAL_S or fraction >= 1.0:
            self._last = now
            self.post(("progress", self.job_id, (float(fraction), str(message))))

    def run(self) -> None:
        try:
            if self.cancel.is_set():
                raise Cancelled("cancelled before start")
            result = self.fn(*self.args, progress=self.progress, **self.kwargs)
        except Cancelled:
            self.post(("cancelled", self.job_id, None))
        except Exception as exc:  # reported to the user as a message, never a crash
            reason = str(exc) or exc.__class__.__name__
            self.post(("failed", self.job_id, (reason, traceback.format_exc())))
        else:
            if self.cancel.is_set():
                self.post(("cancelled", self.job_id, None))
            else:
                self.post(("done", self.job_id, result))


@dataclass
class JobInfo:
    id: int
    slot: str
    title: str
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    fraction: float = 0.0
    message: str = ""


class JobManager(QObject):
    """Starts jobs, routes their results, and forgets the ones nobody waits for."""

    started = Signal(int, str)  # job id, title
    progressed = Signal(int, float, str)
    ended = Signal(int, str)  # job id, "done" | "failed" | "cancelled" (the UI may hide it)
    stopped = Signal(int, float)  # the worker really returned; seconds since cancel (or 0)
    error = Signal(str, str)  # title, reason (for jobs without their own error handler)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2):
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._drain)
        self._frozen = time.monotonic()
        tune_gc()
        self._ids = itertools.count(1)
        self._active: dict[int, JobInfo] = {}
        self._slots: dict[str, int] = {}
        self._cancelling: dict[int, float] = {}
        self._running: set[int] = set()
        self._runnables: dict[int, _Runnable] = {}
        self._finished: list[_Runnable] = []  # released one tick after their last report

    # starting and stopping ----------------------------------------------
    def start(
        self,
        slot: str,
        title: str,
        fn: Callable,
        *args,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        **kwargs,
    ) -> int:
        """Run ``fn(*args, progress=..., **kwargs)`` in the pool; cancels the slot's previous job."""
        previous = self._slots.get(slot)
        if previous is not None:
            self.cancel(previous)
        job_id = next(self._ids)
        info = JobInfo(job_id, slot, title, on_done, on_error)
        self._active[job_id] = info
        self._slots[slot] = job_id
        self._running.add(job_id)
        self.started.emit(job_id, title)
        runnable = _Runnable(job_id, fn, args, kwargs, info.cancel, self._inbox.put)
        self._runnables[job_id] = runnable
        self.pool.start(runnable)
        if not self._timer.isActive():
            self._timer.start()
        return job_id

    def cancel(self, job_id: int) -> None:
        """Stop a job: its result will be dropped and the UI forgets it at once; the
        worker stops at its next progress call (``stopped`` says when)."""
        info = self._active.pop(job_id, None)
        if info is None:
            return
        info.cancel.set()
        if self._slots.get(info.slot) == job_id:
            del self._slots[info.slot]
        if job_id in self._running:
            self._cancelling[job_id] = time.monotonic()
        self.ended.emit(job_id, "cancelled")

    def cancel_slot(self, slot: str) -> None:
        job_id = self._slots.get(slot)
        if job_id is not None:
            self.cancel(job_id)

    def cancel_all(self) -> None:
        for job_id in list(self._active):
            self.cancel(job_id)

    # queries ----------------------------------------------------------------
    def active(self) -> list[JobInfo]:
        return list(self._active.values())

    def is_active(self, job_id: int) -> bool:
        return job_id in self._active

    def running(self) -> bool:
        """Some worker has not returned yet (including ones being cancelled)."""
        return bool(self._running)

    def wait(self, timeout_ms: int = 30000) -> bool:
        ok = self.pool.waitForDone(timeout_ms)
        self._drain()
        return ok

    # worker reports, read on the GUI thread ---------------------------------
    def _drain(self) -> None:
        """Deliver what the workers posted since the last tick (bounded per tick so
        a flood of reports cannot hold the event loop)."""
        self._finished.clear()
        now = time.monotonic()
        if now - self._frozen >= FREEZE_INTERVAL_S:  # also while a job reports nothing
            self._frozen = now
            freeze_heap()
        for _ in range(200):
            try:
                kind, job_id, payload = self._inbox.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                self._on_progress(job_id, *payload)
            elif kind == "failed":
                self._on_failed(job_id, *payload)
            elif kind == "done":
                self._on_done(job_id, payload)
            else:
                self._on_cancelled(job_id)
        if not self._running and self._inbox.empty() and not self._finished:
            self._timer.stop()

    def _worker_returned(self, job_id: int) -> None:
        self._running.discard(job_id)
        done = self._runnables.pop(job_id, None)
        if done is not None:
            self._finished.append(done)
        t = self._cancelling.pop(job_id, None)
        self.stopped.emit(job_id, time.monotonic() - t if t is not None else 0.0)

    def _on_progress(self, job_id: int, fraction: float, message: str) -> None:
        info = self._active.get(job_id)
        if info is None:
            return
        info.fraction, info.message = fraction, message
        self.progressed.emit(job_id, fraction, message)

    def _finish(self, job_id: int) -> JobInfo | None:
        info = self._active.pop(job_id, None)
        if info is not None and self._slots.get(info.slot) == job_id:
            del self._slots[info.slot]
        return info

    def _on_done(self, job_id: int, result: object) -> None:
        self._worker_returned(job_id)
        freeze_heap()  # the result is long-lived: keep it out of later collections
        info = self._finish(job_id)
        if info is None:  # cancelled or superseded: nobody wants this any more
            return
        self.ended.emit(job_id, "done")
        if info.on_done is not None:
            info.on_done(result)

    def _on_failed(self, job_id: int, reason: str, tb: str) -> None:
        self._worker_returned(job_id)
        info = self._finish(job_id)
        log.error("job failed: %s\n%s", reason, tb)
        if info is None:
            return
        self.ended.emit(job_id, "failed")
        if info.on_error is not None:
            info.on_error(reason)
        else:
            self.error.emit(info.title, reason)

    def _on_cancelled(self, job_id: int) -> None:
        self._worker_returned(job_id)
        info = self._finish(job_id)
        if info is not None:  # the core stopped by itself
            self.ended.emit(job_id, "cancelled")
