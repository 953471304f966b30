"""A PDF's pages read and laid out into lines, in more than one process when the document is
long and cores are idle.

Pages are independent until paragraphs are built, and reading them (PDFium calls for every
text object, then the line layout) is most of the time a long PDF takes, so a 400-page
contract checked alone on two cores reads half its pages in a forked child. The child sends
back the pages it read through a pipe; if it fails in any way, this process reads those
pages itself, so the result never depends on the child.
"""

from __future__ import annotations

import os
import pickle
from typing import Any

from tenderlint.read.pdf.lines import layout
from tenderlint.read.pdf.page import read_page
from tenderlint.read.pdf.pdfium import Pdfium
from tenderlint.read.pdf.shapes import Page

# Below this many pages per process a fork and the pages' round trip cost more than they save.
_MIN_PAGES_EACH = 40

Read = tuple[list[Page], list[int]]  # the pages read, and the numbers of pages that failed


def read_pages(px: Pdfium, pdf: Any, n: int, processes: int) -> Read:
    """Pages 1..``n`` of ``pdf``, laid out, in order; the numbers of the pages PDFium could
    not read. Up to ``processes`` processes share the work."""
    processes = min(processes, n // _MIN_PAGES_EACH)
    if processes <= 1 or not hasattr(os, "fork"):
        return _read_range(px, pdf, range(n))
    bounds = [n * k // processes for k in range(processes + 1)]
    children = [_fork(px, pdf, range(bounds[k], bounds[k + 1])) for k in range(1, processes)]
    pages, unreadable = _read_range(px, pdf, range(bounds[0], bounds[1]))
    for k, child in enumerate(children, start=1):
        got = _collect(child)
        if got is None:  # the child failed: its pages are read here
            got = _read_range(px, pdf, range(bounds[k], bounds[k + 1]))
        pages += got[0]
        unreadable += got[1]
    return pages, unreadable


def _read_range(px: Pdfium, pdf: Any, indices: range) -> Read:
    pages: list[Page] = []
    unreadable: list[int] = []
    for index in indices:
        try:
            page, segs = read_page(px, pdf, index)
        except px.pdfium.PdfiumError:
            unreadable.append(index + 1)
            continue
        page.lines = layout(page, segs)
        pages.append(page)
    return pages, unreadable


def _fork(px: Pdfium, pdf: Any, indices: range) -> tuple[int, int] | None:
    """A child reading ``indices``: (its pid, the pipe it answers on), or None if no child
    could be started."""
    try:
        fd_read, fd_write = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(fd_read)
        os.close(fd_write)
        return None
    if pid == 0:  # the child: read, answer, and leave without running the parent's exit code
        code = 1
        try:
            os.close(fd_read)
            payload = pickle.dumps(_read_range(px, pdf, indices), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(fd_write, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(fd_write)
    return pid, fd_read


def _collect(child: tuple[int, int] | None) -> Read | None:
    """The pages a child read, or None if it failed (exited badly or sent nothing whole).
    The payload is this program's own objects from its own forked process, never data
    read from a file."""
    if child is None:
        return None
    pid, fd = child
    with os.fdopen(fd, "rb") as answer:
        payload = answer.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not payload:
        return None
    try:
        got: Read = pickle.loads(payload)
    except Exception:  # a child cut off mid-answer: read its pages here instead
        return None
    return got
