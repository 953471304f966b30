"""The progress line a run shows on a terminal while it reads and checks documents.

Only on a terminal (never in piped or redirected output, so logs and CI stay clean) and only
when the work is long: many documents, or a second gone. One line on standard error,
rewritten in place ("checking 12/50 · contracts/lot-2.docx") and cleared at the end, so the
report that follows on standard output is never interleaved with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

MANY = 8  # documents: a run this long shows progress from the first document
AFTER = 1.0  # seconds: a shorter run shows progress once it has taken this long


class Progress:
    """A ``progress(path, done, total)`` callback for ``run`` that draws on ``stream``."""

    def __init__(
        self, stream: TextIO, width: int = 80, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream
        self.width = max(width, 20)
        self._clock = clock
        self._start = clock()
        self.shown = False

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        """Whether a progress line belongs on ``stream``: a terminal, not a pipe or file."""
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def __call__(self, path: str, done: int, total: int) -> None:
        if not self.shown and total < MANY and self._clock() - self._start < AFTER:
            return
        self.shown = True
        head = f"checking {done}/{total} · "
        room = self.width - len(head) - 1
        tail = path if len(path) <= room else "…" + path[-(room - 1) :]
        self.stream.write("\r\x1b[K" + head + tail)
        self.stream.flush()

    def close(self) -> None:
        """Clear the line, if one was drawn."""
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
