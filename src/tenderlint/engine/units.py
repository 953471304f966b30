"""The units of text a rule looks in, over a document's blocks: sentences, paragraphs, rows,
clauses with their sub-clauses, sections under headings, and the whole document."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from tenderlint.model import Block, BlockKind, Document

Span = tuple[int, int]


@dataclass(frozen=True)
class Unit:
    """A contiguous stretch of the document: a sentence, clause, section, row or the whole."""

    start: int
    end: int
    first: int  # first block (index into Index.blocks)
    last: int  # last block, inclusive
    kind: str


_ABBREV = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|cf|no|nos|para|paras|cl|sch|art|arts|reg|regs|s|ss|pp|p|vol|"
    r"mr|mrs|ms|dr|ltd|plc|co|inc|approx|incl|min|max|viz|st|jan|feb|mar|apr|jun|jul|aug|"
    r"sep|sept|oct|nov|dec|v|vs)\.|\b[A-Z]\.|\d\.)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?:[\"')\]]*)\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of a block: a full stop, question or exclamation mark then a capital,
    unless the full stop ends an abbreviation ("s.", "e.g.", "cl.") or a number."""
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text[max(start, m.start() - 8) : m.start() + 1]):
            continue
        spans.append((start, m.start() + 1))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# A heading that states a requirement: a subject, then "must" or "shall", then its verb.
_DUTY_HEADING = re.compile(r"^\W*(?:[\w'’-]+\W+){1,8}?(?:must|shall)\s+(?!not\b)\w+", re.I)


def _is_duty_heading(text: str) -> bool:
    return len(text.split()) >= 5 and bool(_DUTY_HEADING.match(text))


class Units:
    """A document's body text joined into one string, with its units found on demand."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        # Running headers and footers are not contract text.
        self.blocks: list[Block] = [b for b in doc.blocks if b.kind.is_body]
        parts: list[str] = []
        self.starts: list[int] = []
        pos = 0
        for b in self.blocks:
            self.starts.append(pos)
            parts.append(b.text)
            pos += len(b.text) + 1
        self.text = "\n".join(parts)
        self.ends = [s + len(b.text) for s, b in zip(self.starts, self.blocks, strict=True)]
        self._sentences: list[Span] | None = None
        self._sentence_starts: list[int] = []
        self._clause_last: list[int] | None = None
        self._section_of: list[int] | None = None
        self._heading_parent: list[int] | None = None
        self._clause_span: dict[int, Span] = {}
        self._words: list[int] | None = None
        self._parents: list[int] | None = None
        self._subtree_end: list[int] | None = None
        self._document: Unit | None = None
        # Operative blocks (brief 1.4 point 12), and a heading that is itself a binding
        # requirement ("All IT services must have defined exit plans"), as standards and
        # specifications written as lists of headed requirements state their duties.
        self.operative = [
            b.kind.is_operative or (b.kind is BlockKind.HEADING and _is_duty_heading(b.text))
            for b in self.blocks
        ]

    def block_at(self, pos: int) -> int:
        return max(bisect_right(self.starts, pos) - 1, 0)

    def unit(self, first: int, last: int, kind: str) -> Unit:
        return Unit(self.starts[first], self.ends[last], first, last, kind)

    def document_unit(self) -> Unit:
        if self._document is None:  # asked for by every rule many times: built once
            if not self.blocks:
                self._document = Unit(0, 0, 0, 0, "document")
            else:
                self._document = self.unit(0, len(self.blocks) - 1, "document")
        return self._document

    def clause_last(self) -> list[int]:
        """For each block, the last block of its clause with sub-clauses."""
        if self._clause_last is None:
            n = len(self.blocks)
            last = list(range(n))
            for i, b in enumerate(self.blocks):
                if b.kind is BlockKind.HEADING:
                    continue
                intro = b.level == 0 and b.text.rstrip().endswith((":", "-", "—"))
                if b.level == 0 and not intro:
                    continue
                j = i + 1
                while j < n:
                    nb = self.blocks[j]
                    if nb.kind is BlockKind.HEADING or nb.kind is BlockKind.FOOTNOTE:
                        break
                    if b.level > 0 and 0 < nb.level <= b.level:
                        break
                    if b.level == 0 and nb.level == 0:
                        break
                    j += 1
                last[i] = j - 1
            self._clause_last = last
        return self._clause_last

    def clause_span(self, b: int) -> Span:
        """The text of the outermost clause that holds block ``b``, sub-clauses included."""
        got = self._clause_span.get(b)
        if got is None:
            ancestors = self.clause_ancestors(b)
            top = ancestors[-1] if ancestors else b
            got = (self.starts[top], self.ends[max(self.clause_last()[top], b)])
            self._clause_span[b] = got
        return got

    def clause_ancestors(self, b: int) -> list[int]:
        """Blocks whose clause contains block ``b`` (its parent clauses), nearest first."""
        last = self.clause_last()
        out = []
        i = b - 1
        while i >= 0 and self.blocks[i].kind is not BlockKind.HEADING:
            if last[i] >= b:
                out.append(i)
            i -= 1
        return out

    def section_of(self) -> list[int]:
        """For each block, the index of the innermost heading above it (-1 before any)."""
        if self._section_of is None:
            out = []
            current = -1
            for i, b in enumerate(self.blocks):
                if b.kind is BlockKind.HEADING:
                    current = i
                out.append(current)
            self._section_of = out
        return self._section_of

    def section_unit(self, heading: int) -> Unit:
        """The section under heading block ``heading`` (-1: the text before the first heading)."""
        if heading < 0:
            first = 0
            end = next(
                (i for i, b in enumerate(self.blocks) if b.kind is BlockKind.HEADING),
                len(self.blocks),
            )
            return self.unit(first, max(end - 1, 0), "section")
        level = self.blocks[heading].heading_level or 1
        j = heading + 1
        while j < len(self.blocks):
            nb = self.blocks[j]
            if nb.kind is BlockKind.HEADING and (nb.heading_level or 1) <= level:
                break
            j += 1
        return self.unit(heading, j - 1, "section")

    def heading_parents(self) -> list[int]:
        """For each heading block, the heading above it at a shallower level (-1: none)."""
        if self._heading_parent is None:
            parents = [-1] * len(self.blocks)
            stack: list[int] = []  # open headings, shallowest first
            for i, b in enumerate(self.blocks):
                if b.kind is not BlockKind.HEADING:
                    continue
                level = b.heading_level or 1
                while stack and (self.blocks[stack[-1]].heading_level or 1) >= level:
                    stack.pop()
                parents[i] = stack[-1] if stack else -1
                stack.append(i)
            self._heading_parent = parents
        return self._heading_parent

    def section_ancestors(self, b: int) -> list[int]:
        """Headings whose section contains block ``b``, innermost first."""
        out = []
        parents = self.heading_parents()
        h = self.section_of()[b]
        while h >= 0:
            out.append(h)
            h = parents[h]
        return out

    def sentences(self) -> list[Span]:
        if self._sentences is None:
            spans: list[Span] = []
            for s, b in zip(self.starts, self.blocks, strict=True):
                if b.kind is BlockKind.HEADING:
                    spans.append((s, s + len(b.text)))
                    continue
                spans.extend((s + a, s + z) for a, z in split_sentences(b.text))
            self._sentences = spans
            self._sentence_starts = [a for a, _ in spans]
        return self._sentences

    def sentence_at(self, pos: int) -> Span:
        spans = self.sentences()
        i = max(bisect_right(self._sentence_starts, pos) - 1, 0)
        return spans[i] if spans else (0, 0)

    def units_at(self, pos: int, kind: str) -> list[Unit]:
        """The units of ``kind`` that contain position ``pos``, innermost first."""
        b = self.block_at(pos)
        block = self.blocks[b]
        if kind == "sentence":
            s, e = self.sentence_at(pos)
            return [Unit(s, e, b, b, "sentence")]
        if kind == "paragraph":
            return [self.unit(b, b, "paragraph")] if block.kind is not BlockKind.HEADING else []
        if kind == "row":
            return [self.unit(b, b, "row")] if block.kind is BlockKind.TABLE_ROW else []
        if kind == "clause":
            if block.kind is BlockKind.HEADING:
                return []
            last = self.clause_last()
            return [self.unit(i, last[i], "clause") for i in [b, *self.clause_ancestors(b)]]
        if kind == "section":
            heads = self.section_ancestors(b) or [-1]
            return [self.section_unit(h) for h in heads]
        return [self.document_unit()]

    def all_units(self, kind: str) -> list[Unit]:
        """Every unit of ``kind`` in the document, for rules that cannot be anchored."""
        if kind == "document":
            return [self.document_unit()]
        if kind == "sentence":
            return [
                Unit(s, e, self.block_at(s), self.block_at(s), "sentence")
                for s, e in self.sentences()
            ]
        if kind == "section":
            heads = [i for i, b in enumerate(self.blocks) if b.kind is BlockKind.HEADING]
            return [self.section_unit(h) for h in [-1, *heads]]
        out = []
        last = self.clause_last()
        for i, b in enumerate(self.blocks):
            if b.kind is BlockKind.HEADING:
                continue
            if kind == "row" and b.kind is not BlockKind.TABLE_ROW:
                continue
            out.append(self.unit(i, last[i] if kind == "clause" else i, kind))
        return out

    def scoped(self, unit: Unit, scope: str | None) -> Unit | None:
        """The unit named by ``scope`` relative to ``unit`` (e.g. its section, the next clause)."""
        if scope is None or scope == unit.kind or scope == "sentence":
            return unit
        if scope == "document":
            return self.document_unit()
        if scope == "paragraph":
            return self.unit(unit.first, unit.first, "paragraph")
        if scope == "row":
            return unit
        if scope == "clause":
            found = self.units_at(unit.start, "clause")
            return found[-1] if found else unit
        if scope == "section":
            return self.units_at(unit.start, "section")[0]
        if scope == "next":
            j = self.clause_last()[unit.last] + 1 if unit.kind != "section" else unit.last + 1
            while j < len(self.blocks) and self.blocks[j].kind is BlockKind.HEADING:
                return None  # a new heading starts another matter
            if j >= len(self.blocks):
                return None
            return self.unit(j, self.clause_last()[j], "clause")
        return unit

    # -- words -------------------------------------------------------------------------------
    def words(self) -> list[int]:
        """The start offset of every word of the text."""
        if self._words is None:
            self._words = [m.start() for m in re.finditer(r"\w+", self.text)]
        return self._words

    def word_index(self, pos: int) -> int:
        """How many words start at or before ``pos``."""
        return bisect_right(self.words(), pos)

    # -- the clause tree ---------------------------------------------------------------------
    def parents(self) -> list[int]:
        """Each block's parent in the clause tree, as an index into ``blocks`` (-1: none).

        Readers give each block its parent in ``Document.blocks``; running headers and footers
        are not among ``blocks``, so indices are mapped. A document read without a tree (no
        block has a parent) falls back to the clause and heading structure read from levels.
        """
        if self._parents is None:
            body = [i for i, b in enumerate(self.doc.blocks) if b.kind.is_body]
            position = {doc_index: i for i, doc_index in enumerate(body)}
            parents = [position.get(b.parent, -1) for b in self.blocks]
            if len(self.blocks) > 1 and all(p < 0 for p in parents):
                parents = self._parents_from_levels()
            self._parents = parents
        return self._parents

    def _parents_from_levels(self) -> list[int]:
        last = self.clause_last()
        heading_of = self.section_of()
        parents = []
        for b in range(len(self.blocks)):
            ancestors = self.clause_ancestors(b)
            if ancestors:
                parents.append(ancestors[0])
            elif self.blocks[b].kind is BlockKind.HEADING:
                parents.append(self.heading_parents()[b])
            else:
                parents.append(heading_of[b])
        del last
        return parents

    def subtree_end(self) -> list[int]:
        """For each block, the last block below it in the tree (itself if it has none)."""
        if self._subtree_end is None:
            parents = self.parents()
            end = list(range(len(self.blocks)))
            for b in range(len(self.blocks) - 1, -1, -1):
                p = parents[b]
                if 0 <= p < b and end[b] > end[p]:
                    end[p] = end[b]
            self._subtree_end = end
        return self._subtree_end

    def children(self, b: int) -> list[int]:
        """The blocks directly below block ``b`` in the tree."""
        parents = self.parents()
        return [c for c in range(b + 1, self.subtree_end()[b] + 1) if parents[c] == b]

    def ancestors(self, b: int) -> list[int]:
        """The blocks above block ``b`` in the tree, nearest first."""
        out = []
        p = self.parents()[b]
        while p >= 0:
            out.append(p)
            p = self.parents()[p]
        return out
