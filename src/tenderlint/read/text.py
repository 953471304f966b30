"""Markdown and plain text into located blocks: headings, typed clause numbers, lists, tables.

Markdown's front matter is not text; its inline HTML is read as HTML (a ``<table>`` as a
table); pipe tables keep their header row; nested lists keep their numbering; and a web page
saved as Markdown loses its menus. In both formats a clause number standing alone on a line
("(a)", "1.") belongs to the paragraph after it, and a "Clause 7" or "ANNEX II" line is a
heading that takes the short title line after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tenderlint.model import BlockKind, Document
from tenderlint.read import markdown as md
from tenderlint.read.encoding import decode
from tenderlint.read.normalise import normalise, rejoin_hyphens
from tenderlint.read.redaction import find_markers, measure
from tenderlint.read.structure import Outline, split_clause_number

__all__ = ["decode", "read_text"]

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)([-*+\u2022])\s+(.*)$")
_ORDERED = re.compile(r"^(\s*)(\d{1,9})[.)]\s+(\S.*)$")
_THEMATIC = re.compile(r"^\s{0,3}([-*_])(?:\s*\1){2,}\s*$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBERED_START = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s+\S|\([a-zA-Z0-9]{1,6}\)\s*\S|[a-z]\)\s+\S)"
)
_SCHEDULE_HEADING = re.compile(
    r"^(schedule|annex|annexe|appendix|part)\s+[0-9A-Z]{1,4}\b.{0,80}$", re.IGNORECASE
)
_HTML_BLOCK = re.compile(
    r"^\s{0,3}<(?:/?(?:p|div|ol|ul|li|table|thead|tbody|tr|td|th|dl|dt|dd|h[1-6]|blockquote|"
    r"section|article|details|summary|figure|pre|center|form|fieldset|aside|header|footer|"
    r"nav|main)\b|!--)",
    re.IGNORECASE,
)
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
# A clause number alone on its line ("(a)", "1.", "(iv)", "2.3"): the clause follows.
_LONE_NUMBER = re.compile(
    r"^(?:\(\s*(?:[a-zA-Z]{1,4}|\d{1,3})\s*\)|\d{1,3}\.|\d{1,3}(?:\.\d{1,3})+\.?)$"
)
# "Clause 7", "Article 3", "SECTION II", "ANNEX I", "APPENDIX" alone on a line: a heading.
_PART_LABEL = re.compile(
    r"^(?:(?P<l3>clause|article)\s+\d{1,3}[a-z]?"
    r"|(?P<l2>section|part|chapter|title)\s+(?:\d{1,3}|[IVXLC]{1,6}|[A-Z])"
    r"|(?P<l1>schedule|annex|annexe|appendix)(?:\s+(?:\d{1,3}[A-Z]?|[IVXLC]{1,6}|[A-Z]))?)"
    r"(?:\s+[-\u2013\u2014]\s+[^.;:]{1,60})?$",  # "Clause 7 - Optional", "SECTION II - OBLIGATIONS"
    re.IGNORECASE,
)
# "**Termination**": a paragraph in bold all through (a short one may be a title).
_ALL_BOLD = re.compile(r"^(\*\*|__)(?:(?!\1).)+\1$")
_MULTILEVEL = re.compile(r"^\s*\d{1,3}\.\d{1,3}(?:\.\d{1,3})*\.?\s+\S")
_ENDS_CLAUSE = re.compile(
    r"(?:[.;:!?)\]\"']|[;,]\s*(?:and|or|but)|\b(?:and|or))\s*$", re.IGNORECASE
)


def _clause_break(previous: str, line: str) -> bool:
    """Does a numbered ``line`` start a new clause after ``previous``, or continue it?"""
    return bool(_MULTILEVEL.match(line) or _ENDS_CLAUSE.search(previous))


def _plain_heading(line: str, next_blank: bool) -> int | None:
    """The heading level of a plain-text line that looks like a heading, else None.

    A short line standing alone, in capitals or numbered without a final full stop,
    or a "Schedule 3" line, is a heading.
    """
    s = line.strip()
    if not s or len(s) > 90 or s.endswith((".", ";", ",", ":")) or not next_blank:
        return None
    if _SCHEDULE_HEADING.match(s):
        return 1
    number, rest = split_clause_number(s)
    letters = [c for c in rest if c.isalpha()]
    if (
        number
        and number[0].isdigit()
        and rest
        and (rest.isupper() or len(rest.split()) <= 8)
        and rest[0].isupper()
        and not re.search(r"\b(shall|must|will|may)\b", rest, re.I)
    ):
        return number.count(".") + 1
    if letters and rest.isupper() and len(letters) >= 4:
        return 1
    return None


def _title_line(text: str) -> bool:
    """A short title line under a "Clause 7" label: "Purpose and scope"."""
    return (
        len(text.split()) <= 12
        and text[:1].isupper()
        and not text.endswith((".", ";", ":", ","))
        and not _NUMBERED_START.match(text)
        and not re.match(r"^[A-Z]\.\s", text)  # "A. LIST OF PARTIES" is a part of its own
    )


@dataclass
class _Item:
    """An open Markdown list item: its indent, and its cited number if it is numbered."""

    indent: int
    number: str | None


class _Reader:
    """Reads lines into an Outline, keeping the paragraph being gathered."""

    def __init__(self, lines: list[str], markdown: bool) -> None:
        self.lines = lines
        self.markdown = markdown
        self.outline = Outline()
        self.para: list[str] = []
        self.kind = BlockKind.PARAGRAPH
        self.depth = 0
        self.number: str | None = None
        self.para_line = 1
        self.items: list[_Item] = []  # open Markdown list items, outermost first
        self.item = False  # the paragraph being gathered is a list item's
        self.carry: str | None = None  # a clause number on a line of its own
        self.label: tuple[str, int, int] | None = None  # a "Clause 7" line: text, level, line
        self.first_heading: str | None = None
        self.skip = md.navigation(lines) if markdown else set()

    # -- paragraphs ----------------------------------------------------------------------
    def _text(self) -> str:
        joined = " ".join(s.strip() for s in self.para)
        text = rejoin_hyphens(md.inline(joined) if self.markdown else joined)
        # The Outline normalises every block; a short line is normalised here already, since
        # whether it is a lone number or a "Clause 7" label depends on its canonical form.
        return normalise(text) if len(text) < 120 else " ".join(text.split())

    def flush(self) -> None:
        """Emit the paragraph being gathered, if any."""
        if not self.para:
            return
        body = self._text()
        raw = " ".join(self.para)
        kind, depth, number, line = self.kind, self.depth, self.number, self.para_line
        single = len(self.para) == 1 and kind is BlockKind.PARAGRAPH and number is None
        self.para, self.kind, self.depth, self.number = [], BlockKind.PARAGRAPH, 0, None
        self.item = False
        if not body:
            return
        if single and _LONE_NUMBER.match(body):
            self.settle()
            self.carry = body
            return
        if single and self.carry is None and _PART_LABEL.match(body):
            self.settle()
            found = _PART_LABEL.match(body)
            assert found is not None
            level = 1 if found.group("l1") else 2 if found.group("l2") else 3
            self.label = (body, level, line)
            return
        if self.label:
            text, level, at = self.label
            self.label = None
            if single and _title_line(body):
                self._heading(f"{text} {body}", level, at)
                return
            self._heading(text, level, at)
        if self.carry:
            body = f"{self.carry} {body}"
            self.carry = None
        if self.markdown and md.is_footnote(raw):
            kind = BlockKind.FOOTNOTE
        marks = find_markers(body)
        whole = bool(marks) and all(m.whole_block for m in marks)
        bold = self.markdown and bool(_ALL_BOLD.match(raw.strip()))
        self.outline.add(
            body, kind, number=number, depth=depth or None, redacted=whole, line=line, bold=bold
        )

    def settle(self) -> None:
        """Emit a pending "Clause 7" heading or lone number before anything else is read."""
        if self.label:
            text, level, at = self.label
            self.label = None
            self._heading(text, level, at)
        if self.carry:
            self.outline.add(self.carry)
            self.carry = None

    def _heading(self, text: str, level: int, line: int, *, marked: bool = False) -> None:
        self.items = []
        if marked and self.first_heading is None:
            self.first_heading = normalise(text)
        self.outline.heading(text, level, line=line)

    def push(self, text: str, i: int) -> None:
        """Add line ``i``'s ``text`` to the paragraph being gathered."""
        if not self.para:
            self.para_line = i + 1
        self.para.append(text)

    def read(self) -> Outline:
        """Every line read; the outline of the text."""
        lines = self.lines
        in_fence = False
        i, title = md.front_matter(lines) if self.markdown else (0, None)
        self.first_heading = title
        while i < len(lines):
            line = lines[i]
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            stripped = line.strip()
            if self.markdown and stripped.startswith(("```", "~~~")):
                self.flush()
                in_fence = not in_fence
                i += 1
                continue
            if in_fence:
                self.push(line, i)
                i += 1
                continue
            if not stripped or i in self.skip:
                self.flush()
                i += 1
                continue
            got = self._markdown(i, line, nxt) if self.markdown else self._plain(i, line, nxt)
            if isinstance(got, int):
                i += got
                continue
            # A typed clause number at the start of a line starts a new clause even without
            # a blank line between clauses, as contracts pasted into text often have; but a
            # line wrapped inside a sentence ("within ten\n(10) Working Days") continues it.
            if self.para and _NUMBERED_START.match(got) and _clause_break(self.para[-1], got):
                self.flush()
            if not self.para and self.items and not line[:1].isspace():
                self.items = []  # a paragraph at the margin ends the lists above it
            self.push(got, i)
            i += 1
        self.flush()
        self.settle()
        return self.outline

    # -- Markdown ------------------------------------------------------------------------
    def _markdown(self, i: int, line: str, nxt: str) -> int | str:
        """Read Markdown line ``i`` if it is a heading, table, HTML, list item or markup: the
        number of lines it took; else the line as clause text (a quotation's without its
        marks)."""
        stripped = line.strip()
        m = _ATX.match(line)
        if m:
            self.flush()
            self.settle()
            self._heading(md.inline(m.group(2)), len(m.group(1)), i + 1, marked=True)
            return 1
        setext = nxt and _SETEXT.match(nxt) and not _BULLET.match(line)
        if setext and not self.para and not _THEMATIC.match(line) and "|" not in stripped:
            self.flush()
            self.settle()
            level = 1 if nxt.strip()[0] == "=" else 2
            self._heading(md.inline(stripped), level, i + 1, marked=True)
            return 2
        if _THEMATIC.match(line) or _REFERENCE_DEF.match(line):
            self.flush()
            return 1
        if _HTML_BLOCK.match(line):
            return self._html_block(i)
        if "|" in stripped and (stripped.startswith("|") or _TABLE_SEP.match(nxt.strip())):
            return self._table(i)
        if stripped.startswith((">", "!>", "?>")):
            line = re.sub(r"^\s*(?:[!?]?>\s?)+", "", line)
            if not line.strip():
                self.flush()
                return 1
        return self._list_item(i, line)

    def _list_item(self, i: int, line: str) -> int | str:
        bullet = _BULLET.match(line)
        ordered = _ORDERED.match(line)
        if bullet and not _THEMATIC.match(line):
            indent, text, number = bullet.group(1), bullet.group(3), None
        elif ordered and not (
            self.para and not self.item and not _clause_break(self.para[-1], line)
        ):
            indent, text = ordered.group(1), line.strip()
            number = ordered.group(2).lstrip("0") or "0"
        else:
            return line
        self.flush()
        width = len(indent.expandtabs(4))
        while self.items and self.items[-1].indent >= width:
            self.items.pop()
        parent = self.items[-1] if self.items else None
        if number is not None and parent is not None:
            # "1." inside "3." is cited as 3.1; inside a bullet it is "(1)".
            number = f"{parent.number}.{number}" if parent.number else f"({number})"
        self.items.append(_Item(width, number))
        self.item = True
        self.kind = BlockKind.PARAGRAPH if number is not None else BlockKind.LIST_ITEM
        self.depth = len(self.items)
        self.number = number
        self.push(text, i)
        return 1

    def _html_block(self, i: int) -> int:
        """An HTML block runs to the next blank line; it is read as HTML."""
        from tenderlint.read.html import read_fragment

        self.flush()
        self.settle()
        j = i
        while j < len(self.lines) and self.lines[j].strip():
            j += 1
        read_fragment("\n".join(self.lines[i:j]), self.outline, i + 1)
        self.items = []
        return j - i

    def _table(self, i: int) -> int:
        """A pipe table: rows until a line without a pipe; a row above a "---|---" line is
        the header of the rows below it."""
        self.flush()
        self.settle()
        self.outline.table()
        j = i
        while j < len(self.lines) and "|" in self.lines[j] and self.lines[j].strip():
            row = self.lines[j].strip()
            below = self.lines[j + 1].strip() if j + 1 < len(self.lines) else ""
            if not _TABLE_SEP.match(row):
                header = bool(_TABLE_SEP.match(below)) and "|" in below
                self.outline.row(md.table_cells(row), header=header, line=j + 1)
            j += 1
        self.items = []
        return max(j - i, 1)

    # -- plain text ----------------------------------------------------------------------
    def _plain(self, i: int, line: str, nxt: str) -> int | str:
        """Read plain-text line ``i`` if it is a heading or a bullet: the number of lines it
        took; else the line as clause text."""
        prev_blank = i == 0 or not self.lines[i - 1].strip()
        level = _plain_heading(line, not nxt.strip()) if prev_blank else None
        if level is not None and not _PART_LABEL.match(line.strip()):
            self.flush()
            self.settle()
            self._heading(line.strip(), level, i + 1)
            return 1
        if re.match(r"^\s*[\u2022\-*]\s+", line):
            self.flush()
            self.kind = BlockKind.LIST_ITEM
            self.depth = 1
            self.push(re.sub(r"^\s*[\u2022\-*]\s+", "", line), i)
            return 1
        return line


def read_text(data: bytes, path: str, sha256: str, *, markdown: bool) -> Document:
    """Read Markdown (``markdown=True``) or plain text into a Document."""
    text, warnings = decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    reader = _Reader(lines, markdown)
    outline = reader.read()
    blocks = outline.blocks()
    # A Markdown file is titled by its front matter or its first marked heading, else by
    # its first line (a saved web page's own title), never by a "Clause 1" label.
    first = next((b.text[:120] for b in blocks if b.kind.is_body), None)
    title = reader.first_heading or (first if markdown else outline.title())
    return Document(
        path=path,
        sha256=sha256,
        format="markdown" if markdown else "text",
        blocks=blocks,
        pages=None,
        title=title,
        redaction=measure(blocks),
        warnings=tuple(warnings),
    )
