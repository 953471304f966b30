"""Markdown and plain text into located blocks: headings, typed clause numbers, lists, tables."""

from __future__ import annotations

import codecs
import re

from tenderlint.model import BlockKind, Document
from tenderlint.read.failure import ReadFailure
from tenderlint.read.redaction import find_markers, measure
from tenderlint.read.structure import Outline, split_clause_number

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_BULLET = re.compile(r"^(\s*)(?:[-*+\u2022]|\d{1,3}[.)])\s+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NUMBERED_START = re.compile(
    r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?\s+\S|\([a-zA-Z0-9]{1,6}\)\s*\S|[a-z]\)\s+\S)"
)
_SCHEDULE_HEADING = re.compile(
    r"^(schedule|annex|annexe|appendix|part)\s+[0-9A-Z]{1,4}\b.{0,80}$", re.IGNORECASE
)
_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?!\s)|(?<!\w)_(?!\s))")


_MULTILEVEL = re.compile(r"^\s*\d{1,3}\.\d{1,3}(?:\.\d{1,3})*\.?\s+\S")
_ENDS_CLAUSE = re.compile(
    r"(?:[.;:!?)\]\"']|[;,]\s*(?:and|or|but)|\b(?:and|or))\s*$", re.IGNORECASE
)


def _clause_break(previous: str, line: str) -> bool:
    """Does a numbered ``line`` start a new clause after ``previous``, or continue it?"""
    return bool(_MULTILEVEL.match(line) or _ENDS_CLAUSE.search(previous))


def decode(data: bytes) -> tuple[str, list[str]]:
    """Decode text: UTF-8 (with or without BOM), UTF-16 with BOM; else cp1252 with a warning."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), []
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return data.decode("utf-16", errors="replace"), []
    if b"\x00" in data[:4096]:
        raise ReadFailure("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            "not valid UTF-8: decoded as Windows-1252 (cp1252); check quotes and symbols"
        ]


def _strip_md(text: str, markdown: bool) -> str:
    if not markdown:
        return text
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links and images keep their text
    return _EMPHASIS.sub("", text)


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


class _Reader:
    """Reads lines into an Outline, keeping the paragraph being gathered."""

    def __init__(self, lines: list[str], markdown: bool) -> None:
        self.lines = lines
        self.markdown = markdown
        self.outline = Outline()
        self.para: list[str] = []
        self.kind = BlockKind.PARAGRAPH
        self.depth = 0
        self.para_line = 1

    def flush(self) -> None:
        """Emit the paragraph being gathered, if any."""
        if self.para:
            body = _strip_md(" ".join(s.strip() for s in self.para), self.markdown)
            marks = find_markers(body)
            whole = bool(marks) and all(m.whole_block for m in marks)
            self.outline.add(
                body, self.kind, depth=self.depth or None, redacted=whole, line=self.para_line
            )
        self.para, self.kind, self.depth = [], BlockKind.PARAGRAPH, 0

    def push(self, text: str, i: int) -> None:
        """Add line ``i``'s ``text`` to the paragraph being gathered."""
        if not self.para:
            self.para_line = i + 1
        self.para.append(text)

    def read(self) -> Outline:
        """Every line read; the outline of the text."""
        lines = self.lines
        in_fence = False
        i = 0
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
            if not stripped:
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
            self.push(got, i)
            i += 1
        self.flush()
        return self.outline

    def _markdown(self, i: int, line: str, nxt: str) -> int | str:
        """Read Markdown line ``i`` if it is a heading, table row or list item: the number of
        lines it took; else the line as clause text (a quotation's without its marks)."""
        stripped = line.strip()
        m = _ATX.match(line)
        if m:
            self.flush()
            self.outline.heading(_strip_md(m.group(2), True), len(m.group(1)), line=i + 1)
            return 1
        if not self.para and nxt and _SETEXT.match(nxt) and not _BULLET.match(line):
            self.flush()
            level = 1 if nxt.strip()[0] == "=" else 2
            self.outline.heading(_strip_md(stripped, True), level, line=i + 1)
            return 2
        if stripped.startswith("|"):
            self.flush()
            if not _TABLE_SEP.match(stripped):
                cells = [c.strip() for c in stripped.strip("|").split("|")]
                row = _strip_md(" | ".join(cells), True)
                self.outline.add(row, BlockKind.TABLE_ROW, line=i + 1)
            return 1
        if stripped.startswith(">"):
            line = stripped.lstrip("> ")
            if not line.strip():
                self.flush()
                return 1
        b = _BULLET.match(line)
        if b and not _NUMBERED_START.match(line):
            self.flush()
            self.kind = BlockKind.LIST_ITEM
            self.depth = 1 + len(b.group(1).expandtabs(4)) // 2
            self.push(b.group(2), i)
            return 1
        return line

    def _plain(self, i: int, line: str, nxt: str) -> int | str:
        """Read plain-text line ``i`` if it is a heading or a bullet: the number of lines it
        took; else the line as clause text."""
        prev_blank = i == 0 or not self.lines[i - 1].strip()
        level = _plain_heading(line, not nxt.strip()) if prev_blank else None
        if level is not None:
            self.flush()
            self.outline.heading(line.strip(), level, line=i + 1)
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
    outline = _Reader(lines, markdown).read()
    blocks = outline.blocks()
    return Document(
        path=path,
        sha256=sha256,
        format="markdown" if markdown else "text",
        blocks=blocks,
        pages=None,
        title=outline.title(),
        redaction=measure(blocks),
        warnings=tuple(warnings),
    )
