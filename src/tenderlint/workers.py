"""Documents checked in worker processes: one per core, each document under a time budget and a
memory ceiling, results handed back in the order the jobs were given.

Python's ``re`` cannot be interrupted while it matches, and a reader stuck in PDFium or lxml
cannot be interrupted either, so the only sure stop for a runaway document is to end the
process checking it. Workers are forked after the packs are compiled, so they share the
compiled rules for free; a worker that runs past the budget is killed and replaced, and its
document alone becomes an error. Where the platform cannot fork, jobs run in this process
without a deadline (the reader limits still apply).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True)
class GaveUp:
    """A job that ran past its time budget and was stopped."""

    seconds: float


@dataclass(frozen=True)
class Died:
    """A job whose worker process ended without an answer (a crash, or out of memory)."""

    how: str


def paused_collector(work: Callable[[J], R], job: J) -> R:
    """``work(job)`` with Python's cycle collector paused. Checking a document allocates
    hundreds of thousands of objects that live until it is done, and every full collection
    would walk them all: 13% of a 400-page contract's evaluation. What a job leaves in cycles
    (a rule evaluator and its playbook refer to each other) is collected when the collector
    runs again, after the job; a reader must leave none, or what it read stays in memory
    while the document is checked (tests/read/test_heap.py)."""
    was = gc.isenabled()
    gc.disable()
    try:
        return work(job)
    finally:
        if was:
            gc.enable()


def can_fork() -> bool:
    """Whether workers can be forked here (they inherit the compiled packs)."""
    return "fork" in multiprocessing.get_all_start_methods()


def run_jobs(
    jobs: Sequence[J],
    work: Callable[[J], R],
    *,
    workers: int,
    budget: float | None,
    memory_bytes: int | None = None,
    done: Callable[[int, R | GaveUp | Died], None] | None = None,
) -> list[R | GaveUp | Died]:
    """``work`` applied to every job, in up to ``workers`` processes, each call stopped after
    ``budget`` seconds; ``done(index, result)`` is called as each job finishes."""
    results: list[R | GaveUp | Died | None] = [None] * len(jobs)

    def finish(i: int, got: R | GaveUp | Died) -> None:
        results[i] = got
        if done is not None:
            done(i, got)

    if workers <= 0 or not jobs or not can_fork():
        for i, job in enumerate(jobs):
            finish(i, paused_collector(work, job))
    else:
        _Pool(jobs, work, min(workers, len(jobs)), budget, memory_bytes, finish).run()
    return [r for r in results if r is not None]


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: int | None = None
    started: float = 0.0


class _Pool(Generic[J, R]):
    """Forked workers fed one job at a time over a pipe, watched against the budget."""

    def __init__(
        self,
        jobs: Sequence[J],
        work: Callable[[J], R],
        size: int,
        budget: float | None,
        memory_bytes: int | None,
        finish: Callable[[int, R | GaveUp | Died], None],
    ) -> None:
        self.jobs = jobs
        self.work = work
        self.size = size
        self.budget = budget
        self.memory = memory_bytes
        self.finish = finish
        self.ctx = multiprocessing.get_context("fork")
        self.next = 0
        self.workers: list[_Worker] = []

    def run(self) -> None:
        try:
            for _ in range(self.size):
                self._spawn()
            for w in list(self.workers):
                self._feed(w)
            while any(w.job is not None for w in self.workers):
                self._wait_once()
        finally:
            for w in self.workers:
                self._stop(w, kill=w.job is not None)

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_serve, args=(child, self.jobs, self.work, self.memory))
        proc.daemon = True
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self.workers.append(w)
        return w

    def _feed(self, w: _Worker) -> None:
        if self.next >= len(self.jobs):
            w.job = None
            return
        w.job, w.started = self.next, time.monotonic()
        self.next += 1
        w.conn.send(w.job)

    def _wait_once(self) -> None:
        busy = [w for w in self.workers if w.job is not None]
        timeout = None
        if self.budget is not None:
            soonest = min(w.started for w in busy) + self.budget
            timeout = max(0.0, soonest - time.monotonic())
        ready = wait([w.conn for w in busy], timeout)
        for w in busy:
            if w.conn in ready:
                self._collect(w)
        if self.budget is not None:
            now = time.monotonic()
            for w in busy:
                if w.job is not None and w.conn not in ready and now - w.started >= self.budget:
                    self._replace(w, GaveUp(self.budget))

    def _collect(self, w: _Worker) -> None:
        assert w.job is not None
        try:
            index, got = w.conn.recv()
        except (EOFError, OSError):
            w.process.join(timeout=5)
            self._replace(w, Died(_how(w.process.exitcode)))
            return
        self.finish(index, got)
        self._feed(w)

    def _replace(self, w: _Worker, outcome: GaveUp | Died) -> None:
        """Stop a worker that overran or died, record its job, and start another in its place."""
        assert w.job is not None
        job = w.job
        self._stop(w, kill=True)
        self.workers.remove(w)
        self.finish(job, outcome)
        if self.next < len(self.jobs):
            self._feed(self._spawn())

    @staticmethod
    def _stop(w: _Worker, kill: bool) -> None:
        try:
            if kill and w.process.is_alive():
                w.process.kill()
            else:
                w.conn.send(None)
        except (OSError, ValueError):
            pass
        w.process.join(timeout=5)
        w.conn.close()


def _how(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"signal {signal.Signals(-code).name}"
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def _serve(
    conn: Connection, jobs: Sequence[Any], work: Callable[[Any], Any], memory: int | None
) -> None:
    """A worker's loop: take a job index, answer with its result, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory:
        _limit_memory(memory)
    while True:
        try:
            index = conn.recv()
        except (EOFError, OSError):
            break
        if index is None:
            break
        conn.send((index, paused_collector(work, jobs[index])))
    conn.close()
    os._exit(0)  # no atexit handlers or buffers of the parent run twice


def _limit_memory(extra: int) -> None:
    """A ceiling on the worker's data segment, ``extra`` bytes above what it inherited, so a
    file that slips past the reader limits fails with MemoryError (or ends only its worker)
    instead of filling the machine."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as fh:
            kb = next(int(line.split()[1]) for line in fh if line.startswith("VmData:"))
        limit = kb * 1024 + extra
        resource.setrlimit(resource.RLIMIT_DATA, (limit, resource.RLIM_INFINITY))
    except (ImportError, ValueError, OSError, StopIteration):
        return
