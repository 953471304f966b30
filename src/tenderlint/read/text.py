"""Markdown and plain text into located blocks: headings, typed clause numbers, lists, tables."""

from __future__ import annotations

import codecs
import re

from tenderlint.model import BlockKind, Document
from tenderlint.read import ReadFailure
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


def read_text(data: bytes, path: str, sha256: str, *, markdown: bool) -> Document:
    """Read Markdown (``markdown=True``) or plain text into a Document."""
    text, warnings = decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    outline = Outline()
    para: list[str] = []
    para_kind = BlockKind.PARAGRAPH
    para_depth = 0
    para_line = 1

    def flush() -> None:
        nonlocal para, para_kind, para_depth
        if para:
            body = _strip_md(" ".join(s.strip() for s in para), markdown)
            marks = find_markers(body)
            whole = bool(marks) and all(m.whole_block for m in marks)
            outline.add(body, para_kind, depth=para_depth or None, redacted=whole, line=para_line)
        para, para_kind, para_depth = [], BlockKind.PARAGRAPH, 0

    def push(text: str) -> None:
        nonlocal para_line
        if not para:
            para_line = i + 1
        para.append(text)

    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        stripped = line.strip()
        if markdown and stripped.startswith(("```", "~~~")):
            flush()
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            push(line)
            i += 1
            continue
        if not stripped:
            flush()
            i += 1
            continue
        if markdown:
            m = _ATX.match(line)
            if m:
                flush()
                outline.heading(_strip_md(m.group(2), True), len(m.group(1)), line=i + 1)
                i += 1
                continue
            if not para and nxt and _SETEXT.match(nxt) and not _BULLET.match(line):
                flush()
                outline.heading(
                    _strip_md(stripped, True), 1 if nxt.strip()[0] == "=" else 2, line=i + 1
                )
                i += 2
                continue
            if stripped.startswith("|"):
                flush()
                if not _TABLE_SEP.match(stripped):
                    cells = [c.strip() for c in stripped.strip("|").split("|")]
                    outline.add(_strip_md(" | ".join(cells), True), BlockKind.TABLE_ROW, line=i + 1)
                i += 1
                continue
            if stripped.startswith(">"):
                line = stripped.lstrip("> ")
                stripped = line.strip()
                if not stripped:
                    flush()
                    i += 1
                    continue
            b = _BULLET.match(line)
            if b and not _NUMBERED_START.match(line):
                flush()
                para_kind = BlockKind.LIST_ITEM
                para_depth = 1 + len(b.group(1).expandtabs(4)) // 2
                push(b.group(2))
                i += 1
                continue
        else:
            prev_blank = i == 0 or not lines[i - 1].strip()
            level = _plain_heading(line, not nxt.strip()) if prev_blank else None
            if level is not None:
                flush()
                outline.heading(stripped, level, line=i + 1)
                i += 1
                continue
            if re.match(r"^\s*[\u2022\-*]\s+", line):
                flush()
                para_kind = BlockKind.LIST_ITEM
                para_depth = 1
                push(re.sub(r"^\s*[\u2022\-*]\s+", "", line))
                i += 1
                continue
        # A typed clause number at the start of a line starts a new clause even without a
        # blank line between clauses, as contracts pasted into text often have; but a line
        # wrapped inside a sentence ("within ten\n(10) Working Days") continues it.
        if para and _NUMBERED_START.match(line) and _clause_break(para[-1], line):
            flush()
        push(line)
        i += 1
    flush()
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
