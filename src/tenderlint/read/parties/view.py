"""A document's text as one string for the party finders, with each offset traced to its block."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tenderlint.model import Block, BlockKind, Document, Evidence

_TAG = re.compile(r"<[^<>\n]{0,400}>")
_ENTITY = re.compile(r"&(?:nbsp|amp|quot|#\d{1,5});")
_SPACES = re.compile(r"[ \t]{2,}")
# Text that is not the document speaking: contents lines, drafting notes, running heads.
_SKIP = frozenset({BlockKind.CONTENTS, BlockKind.NOTE, BlockKind.HEADER, BlockKind.FOOTER})
_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
QUOTE_CHARS = 160
# The finders read this much of a document (about 70 pages): parties are named at the start, and
# a name used as a party is used throughout, so a 400-page contract costs no more than this.
SCAN_CHARS = 250_000


def _entity(m: re.Match[str]) -> str:
    return {"&nbsp;": " ", "&amp;": "&", "&quot;": '"'}.get(m.group(0), " ")


def clean(text: str) -> str:
    """Block text without inline markup: HTML tags in Markdown are not words of the document."""
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


@dataclass(frozen=True)
class View:
    """The body text of a document joined by newlines, and where each block starts in it."""

    text: str  # the first SCAN_CHARS characters, ending at a block's end
    starts: tuple[int, ...]  # offset of each included block in ``text``
    blocks: tuple[int, ...]  # index in ``Document.blocks`` of each included block
    doc: Document
    lower: str  # ``text`` in lower case, offset for offset

    def block_at(self, offset: int) -> Block:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.doc.blocks[self.blocks[max(i, 0)]]

    def block_text(self, offset: int) -> tuple[int, str]:
        """The start offset and text of the block holding ``offset``."""
        i = max(bisect.bisect_right(self.starts, offset) - 1, 0)
        start = self.starts[i]
        end = self.starts[i + 1] - 1 if i + 1 < len(self.starts) else len(self.text)
        return start, self.text[start:end]

    def evidence(self, start: int, end: int) -> Evidence:
        """A short quotation around ``text[start:end]``, kept inside its block, and its location."""
        b_start, b_text = self.block_text(start)
        s, e = start - b_start, min(end - b_start, len(b_text))
        if e - s > QUOTE_CHARS:
            e = s + QUOTE_CHARS
        room = max(QUOTE_CHARS - (e - s), 0)
        left = max(s - room // 2, 0)
        right = min(e + room - (s - left), len(b_text))
        if left > 0:
            cut = b_text.find(" ", left, s) if s > left else -1
            left = cut + 1 if cut >= 0 else left
        if right < len(b_text):
            cut = b_text.rfind(" ", e, right)
            right = cut if cut > e else right
        quote = b_text[left:right].strip()
        if left > 0:
            quote = "…" + quote
        if right < len(b_text):
            quote += "…"
        return Evidence(quote, self.block_at(start).location)


def build(doc: Document) -> View:
    """Join the blocks a reader would read as the document's own words."""
    parts: list[str] = []
    starts: list[int] = []
    indexes: list[int] = []
    offset = 0
    for i, b in enumerate(doc.blocks):
        if b.kind in _SKIP or not b.text:
            continue
        text = clean(b.text)[: SCAN_CHARS - offset]
        if not text:
            continue
        starts.append(offset)
        indexes.append(i)
        parts.append(text)
        offset += len(text) + 1
        if offset >= SCAN_CHARS:
            break
    joined = "\n".join(parts)
    lower = joined.lower()
    if len(lower) != len(joined):  # a character whose lower case is longer ("İ"): ASCII only
        lower = joined.translate(_ASCII_LOWER)
    return View(joined, tuple(starts), tuple(indexes), doc, lower)


def opening(doc: Document, limit: int = 3000) -> list[tuple[int, str]]:
    """The first ``limit`` characters of a document, running heads included: the title page
    and the letterhead say who issues a tender."""
    out: list[tuple[int, str]] = []
    size = 0
    for i, b in enumerate(doc.blocks):
        if b.kind is BlockKind.CONTENTS or not b.text:
            continue
        text = clean(b.text)[: limit - size + 1]
        out.append((i, text))
        size += len(text)
        if size > limit:
            break
    return out
