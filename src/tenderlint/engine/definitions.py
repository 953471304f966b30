"""A document's defined terms and where its sentences use them, so a duty's object can be read
through the definition the duty names (brief 1.4 point 10): "ensure the Services conform with
the WCAG", where "WCAG" means "the Web Content Accessibility Guidelines ... Level AA"."""

from __future__ import annotations

import re
from bisect import bisect_left

from tenderlint.engine.units import Span, Units
from tenderlint.model import BlockKind

# "Software as a Service (SaaS)": the short form in parentheses is used for the term too.
_SHORT = re.compile(r"\(([A-Z][A-Za-z0-9&-]{1,15})\)\s*$")


class Definitions:
    """The definition entries the reader found (``BlockKind.DEFINITION`` with a term) and the
    places each term is used, found once per document on first use."""

    def __init__(self, units: Units) -> None:
        self._units = units
        self.spans: dict[str, Span] = {}
        for i, b in enumerate(units.blocks):
            if b.kind is BlockKind.DEFINITION and b.term:
                span = (units.starts[i], units.ends[i])
                term = b.term.strip().strip("\"'“”‘’").strip()
                if len(term) >= 2:
                    self.spans.setdefault(term, span)
                    short = _SHORT.search(term)
                    if short:
                        self.spans.setdefault(short.group(1), span)
        self._uses: list[tuple[int, str]] | None = None

    def _find_uses(self) -> list[tuple[int, str]]:
        if not self.spans:
            return []
        # Longest first, so "Authority Data" is found before "Authority"; defined terms are
        # used as written (capitalised), so the match is case-sensitive.
        names = sorted(self.spans, key=len, reverse=True)
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")
        return [(m.start(), m.group(0)) for m in rx.finditer(self._units.text)]

    def used_in(self, start: int, end: int) -> list[Span]:
        """The definitions of the terms used in [start, end), not counting a definition that
        contains the use (a term in its own entry)."""
        if not self.spans:
            return []
        if self._uses is None:
            self._uses = self._find_uses()
        uses = self._uses
        out: list[Span] = []
        k = bisect_left(uses, (start, ""))
        while k < len(uses) and uses[k][0] < end:
            span = self.spans[uses[k][1]]
            if not span[0] <= uses[k][0] < span[1] and span not in out:
                out.append(span)
            k += 1
        return out
