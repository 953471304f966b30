"""The outline of a document: heading paths, clause numbers and depths, built as blocks arrive.

Every reader feeds its text in reading order to one ``Outline``; the outline turns typed or
automatic clause numbers into the references a lawyer cites ("14.2(b)", "Schedule 3, paragraph
4") and keeps the heading path, so rules can scope to a section or to a clause with its
sub-clauses whatever the file format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenderlint.model import Block, BlockKind, Location
from tenderlint.read.normalise import normalise

# "14.2 The Supplier", "14. Freedom", "3) Text", "Clause 7 Audit": a typed clause number at the
# start of a paragraph. The look-ahead for a capital, quote or bracket keeps "12 months from"
# from reading as clause 12.
_DOTTED = re.compile(
    r"^(?:(?:clause|section|paragraph|para\.?)\s+)?(\d{1,3}(?:\.\d{1,3}){0,5})(?:\.(?!\d)|\))?\s+"
    r"(?=[\"'(\[A-Z])",
    re.IGNORECASE,
)
_PAREN = re.compile(r"^\((?P<tok>[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}|[A-Z]{1,2})\)\s*(?=\S)")
_LETTER_PAREN = re.compile(r"^(?P<tok>[a-z])\)\s+(?=\S)")
_SCHEDULE = re.compile(
    r"^(schedule|annex|annexe|appendix|attachment)\s+([0-9]{1,3}[A-Z]?|[A-Z]{1,2}|[IVX]{1,5})\b",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"^[ivxlc]+$")


@dataclass
class _Level:
    depth: int
    token: str  # "14.2" for dotted, "a" for "(a)"
    style: str  # dotted | alpha | roman | digit | upper


def _style(token: str, previous_alpha: str | None) -> str:
    if token.isdigit():
        return "digit"
    if token.isupper():
        return "upper"
    if _ROMAN.match(token):
        # "(i)" after "(h)" is the ninth letter, not roman one.
        if len(token) == 1 and previous_alpha and ord(token) == ord(previous_alpha) + 1:
            return "alpha"
        if token in ("i", "v", "x") or len(token) > 1:
            return "roman"
    return "alpha"


def split_clause_number(text: str) -> tuple[str | None, str]:
    """Split a typed clause number off the start of ``text``: ("14.2", rest) or (None, text)."""
    m = _DOTTED.match(text)
    if m:
        return m.group(1), text[m.end() :]
    m = _PAREN.match(text) or _LETTER_PAREN.match(text)
    if m:
        return f"({m.group('tok')})", text[m.end() :]
    return None, text


class Outline:
    """Collects blocks in reading order and gives each its clause reference and heading path."""

    def __init__(self) -> None:
        self._blocks: list[Block] = []
        self._headings: list[tuple[int, str]] = []
        self._clauses: list[_Level] = []
        self._schedule: str | None = None
        self._last_alpha: str | None = None

    # -- headings -------------------------------------------------------------------------
    def heading(
        self,
        text: str,
        level: int,
        *,
        page: int | None = None,
        number: str | None = None,
        line: int | None = None,
    ) -> None:
        """Add a heading at outline ``level`` (1 = top); ``number`` is an automatic number."""
        text = normalise(text)
        if not text:
            return
        level = max(level, 1)
        typed, _rest = split_clause_number(text)
        label = f"{number} {text}" if number and not text.startswith(number) else text
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        self._headings.append((level, label))
        if _SCHEDULE.match(label):
            found = _SCHEDULE.match(label)
            assert found is not None
            # "SCHEDULE 3" in a heading is cited as "Schedule 3".
            self._schedule = f"{found.group(1).capitalize()} {found.group(2)}"
            self._clauses = []
        elif level == 1 and self._schedule and len(self._headings) == 1:
            self._schedule = None
        ref = None
        depth = 0
        num = (number or typed or "").rstrip(".")
        if num and num[0].isdigit():
            depth = num.count(".") + 1
            self._clauses = [_Level(depth, num, "dotted")]
            self._last_alpha = None
            ref = self._reference()
        else:
            self._clauses = [c for c in self._clauses if c.style == "dotted"]
        self._append(
            text if not number else label,
            BlockKind.HEADING,
            page,
            ref,
            depth,
            heading_level=level,
            line=line,
        )

    # -- body text ------------------------------------------------------------------------
    def add(
        self,
        text: str,
        kind: BlockKind = BlockKind.PARAGRAPH,
        *,
        page: int | None = None,
        number: str | None = None,
        depth: int | None = None,
        redacted: bool = False,
        line: int | None = None,
        style: str | None = None,
        cells: tuple[str, ...] = (),
        header: tuple[str, ...] = (),
        term: str | None = None,
        typed: bool = True,
    ) -> None:
        """Add a body block. ``number``/``depth`` come from automatic numbering when known;
        otherwise a typed number at the start of the text is recognised. ``style`` (alpha,
        roman, upper, upper-roman, digit) says what an ambiguous "(i)" is when the source
        knows, as Word's number format does. ``cells``/``header`` are a table row's cells and
        its table's header row; ``term`` is the term a definition entry defines. ``typed``
        False says the reader found that a number opening the text is not a clause number (a
        contents line, a date, a figure), so none is read from it."""
        text = normalise(text)
        if not text:
            return
        row = tuple(normalise(c) for c in cells), tuple(normalise(c) for c in header)
        defined = normalise(term) if term else None
        if not kind.is_body or kind is BlockKind.FOOTNOTE:
            self._append(text, kind, page, None, 0, line=line, row=row, term=defined)
            return
        token = number.strip() if number else None
        if token is None and typed and kind is not BlockKind.TABLE_ROW:
            token, _rest = split_clause_number(text)
        ref = None
        level = 0
        if token:
            level = self._push(token, depth, style)
            ref = self._reference()
        elif kind is BlockKind.LIST_ITEM and depth:
            level = depth
        self._append(
            text, kind, page, ref, level, redacted=redacted, line=line, row=row, term=defined
        )

    def _push(self, token: str, depth: int | None, hint: str | None = None) -> int:
        inner = token.strip().strip(".")
        paren = re.fullmatch(r"\(?([A-Za-z]{1,6}|\d{1,3})\)", token.strip())
        if not paren and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*", inner):
            d = inner.count(".") + 1
            if depth is not None and depth > d and "." not in inner:
                # Word numbering "1." at list level 3 is still a third-level clause.
                d = depth
            self._clauses = [c for c in self._clauses if c.style == "dotted" and c.depth < d]
            self._clauses.append(_Level(d, inner, "dotted"))
            self._last_alpha = None
            return d
        tok = paren.group(1) if paren else re.sub(r"[^A-Za-z0-9]", "", inner) or inner
        style = hint or _style(tok, self._last_alpha)
        for i, lvl in enumerate(self._clauses):
            if lvl.style == style and lvl.style != "dotted":
                del self._clauses[i:]
                break
        parent = self._clauses[-1].depth if self._clauses else 0
        d = parent + 1 if depth is None else max(depth, parent + 1)
        self._clauses.append(_Level(d, tok, style))
        if style == "alpha":
            self._last_alpha = tok
        return d

    def _reference(self) -> str | None:
        if not self._clauses:
            return None
        base = ""
        parts: list[str] = []
        for lvl in self._clauses:
            if lvl.style == "dotted":
                base = lvl.token
                parts = []
            else:
                parts.append(f"({lvl.token})")
        ref = base + "".join(parts)
        if self._schedule:
            return f"{self._schedule}, paragraph {ref}"
        return ref

    def _append(
        self,
        text: str,
        kind: BlockKind,
        page: int | None,
        clause: str | None,
        level: int,
        *,
        heading_level: int = 0,
        redacted: bool = False,
        line: int | None = None,
        row: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
        term: str | None = None,
    ) -> None:
        path = " > ".join(h for _, h in self._headings) or None
        location = Location(
            block=len(self._blocks) + 1, page=page, clause=clause, heading=path, line=line
        )
        self._blocks.append(
            Block(
                text,
                kind,
                location,
                level,
                heading_level=heading_level,
                redacted=redacted,
                cells=row[0],
                header=row[1],
                term=term,
            )
        )

    def blocks(self) -> tuple[Block, ...]:
        return tuple(self._blocks)

    def title(self) -> str | None:
        """The first heading, else the first line of text: what the document calls itself."""
        for b in self._blocks:
            if b.kind is BlockKind.HEADING:
                return b.text
        for b in self._blocks:
            if b.kind.is_body:
                return b.text[:120]
        return None
