"""Independent pieces of one document's work (its pages, its rules) shared with forked
children on the cores a run leaves idle, each answer the same as if this process did it.

One long document checked alone keeps one core busy; the others sit idle. The pieces here
are independent of each other, so forked children can take some: every process takes the
next piece from a shared counter (a long piece does not hold up the rest), and each child
sends back what it did through a pipe, as the checked JSON of ``codec`` (never pickle: the
answer can only build the values of the declared type). A child that fails in any way (cannot
be started, crashes, runs out of memory, answers garbled) leaves its pieces undone, and this
process does them itself, so the result never depends on a child.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from typing import Any, TypeVar

from tenderlint.codec import DecodeError, decode, encode

R = TypeVar("R")


def share(
    count: int,
    work: Callable[[int], R],
    processes: int,
    kind: Any,
    prepare: Callable[[], object] | None = None,
    unprepared: int = 0,
) -> list[R]:
    """``[work(0), ..., work(count - 1)]``, computed by this process and up to
    ``processes - 1`` forked children, in order; ``kind`` is the type of one piece's result
    (what a child's answer is decoded as).

    ``prepare`` works out, once, what pieces from ``unprepared`` on would otherwise each work
    out for themselves (so that the children forked after it inherit it): while this process
    prepares, children forked before it take the pieces before ``unprepared``."""
    if processes <= 1 or count < 2 or not hasattr(os, "fork"):
        return [work(i) for i in range(count)]
    unprepared = min(unprepared, count) if prepare is not None else 0
    try:
        ctx = multiprocessing.get_context("fork")
        early: Any = ctx.Value("i", 0)
        late: Any = ctx.Value("i", unprepared)
    except (OSError, ValueError):  # no shared memory here: do it all in this process
        return [work(i) for i in range(count)]
    helpers = processes - 1 if unprepared else 0  # early children: only with pieces for them
    children = [c for c in (_fork(work, unprepared, early) for _ in range(helpers)) if c]
    helpers = processes - 1
    if prepare is not None:
        prepare()
    children += [c for c in (_fork(work, count, late) for _ in range(helpers)) if c]
    done: dict[int, R] = {i: work(i) for i in _claims(early, unprepared)}
    done.update({i: work(i) for i in _claims(late, count)})
    for child in children:
        done.update(_collect(child, kind, count))
    # What a failed child claimed and never answered is done here.
    return [done[i] if i in done else work(i) for i in range(count)]


def _claims(counter: Any, count: int, parent: int | None = None) -> Any:
    """The pieces this process takes, one at a time, until none is left (or, in a child,
    until its parent is gone)."""
    while True:
        if parent is not None and os.getppid() != parent:
            os._exit(1)  # the worker was stopped (its time budget): nobody wants the rest
        with counter.get_lock():
            i = counter.value
            counter.value = i + 1
        if i >= count:
            return
        yield i


def _fork(work: Callable[[int], Any], count: int, counter: Any) -> tuple[int, int] | None:
    """A child doing pieces from ``counter``: (its pid, the pipe it answers on), or None if
    no child could be started."""
    try:
        fd_read, fd_write = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(fd_read)
        os.close(fd_write)
        return None
    if pid == 0:  # the child: work, answer, and leave without running the parent's exit code
        code = 1
        try:
            os.close(fd_read)
            _die_with(parent)
            # Each piece is written out as it is done, so the time it takes counts in the
            # share of the work this child takes, not after it.
            got = [_piece(i, work(i)) for i in _claims(counter, count, parent)]
            with os.fdopen(fd_write, "wb") as out:
                out.write(("[" + ",".join(got) + "]").encode("utf-8"))
            code = 0
        finally:
            os._exit(code)
    os.close(fd_write)
    return pid, fd_read


def _piece(index: int, value: object) -> str:
    return json.dumps([index, encode(value)], separators=(",", ":"))


def _die_with(parent: int) -> None:
    """Have the kernel end this child when its parent ends (Linux), so a worker stopped at
    its time budget leaves no child running on; elsewhere ``_claims`` checks between pieces."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError, ImportError):
        pass
    if os.getppid() != parent:  # the parent ended before the kernel was told
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _collect(child: tuple[int, int], kind: Any, count: int) -> dict[int, Any]:
    """The pieces a child did, decoded as ``kind``, or none if it failed (exited badly, or
    sent anything but whole pieces of that type)."""
    pid, fd = child
    with os.fdopen(fd, "rb") as answer:
        payload = answer.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not payload:
        return {}
    try:
        pairs = json.loads(payload)
        if type(pairs) is not list:
            return {}
        got: dict[int, Any] = {}
        for pair in pairs:
            if type(pair) is not list or len(pair) != 2 or type(pair[0]) is not int:
                return {}
            if not 0 <= pair[0] < count:
                return {}
            got[pair[0]] = decode(pair[1], kind)
    except (ValueError, DecodeError, RecursionError):  # cut off or garbled: done here instead
        return {}
    return got
