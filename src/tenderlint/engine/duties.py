"""The duties of a document: every sentence's obligation frames, with the parties resolved from
the pack's role sets and the document's own names for its parties.

A role set (``role SUPPLIER for supplier = ...``) finds its generic names; the document's own
names for that party (``Document.parties``: "the Contractor", "the City", "we") join them. A
party word that only qualifies a noun ("Authority Data", "Supplier Personnel") is not a mention
of the party. Sentences are read once, on first use.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from tenderlint.engine.frames import Frame, FrameReader, Sentence
from tenderlint.engine.modality import Modality
from tenderlint.engine.units import Span
from tenderlint.lang.nouns import SetRef
from tenderlint.model import BlockKind

if TYPE_CHECKING:
    from tenderlint.engine.index import Index


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Nouns a party word can qualify without being the party: "Authority Data" is data.
_QUALIFIED = _wordset(
    """data materials material personnel staff software system systems property premises
    equipment information records content assets policies policy personal representative
    representatives group sites site background ipr code documents document deliverables
    obligations responsibilities requirements"""
)


class Duties:
    """Frames per sentence for one indexed document."""

    def __init__(self, ix: Index) -> None:
        self.ix = ix
        self.role_names: dict[str, frozenset[str]] = {}  # role set name -> parties it names
        for name, ts in ix.compiled.sets.items():
            if ts.party is not None:
                self.role_names[name] = frozenset({ts.party})
        self._roles_at = self._mentions()
        t = ix.tokens
        self.reader = FrameReader(t.words, t.starts, t.ends, ix.text, self._roles_at)
        self._by_sentence: dict[Span, list[Frame]] = {}
        # Playbook grading asks for the frames of the same section once per element of every
        # rule: the list is built once per range.
        self._in_range: dict[Span, list[tuple[Frame, Span]]] = {}
        # Every frame of the document in order, with its sentence's start, and the frames
        # whose action can be at each token: a condition finds its candidate frames by its
        # action words instead of testing every frame of a scope.
        self._all: list[tuple[int, Frame, Span]] | None = None
        self._by_token: dict[int, list[int]] = {}

    # -- parties -----------------------------------------------------------------------------
    def _mentions(self) -> dict[int, tuple[frozenset[str], int]]:
        """token index -> (parties it names, first token of the mention)."""
        ix = self.ix
        spans: dict[Span, set[str]] = {}
        for name, named in self.role_names.items():
            h = ix.hits(SetRef(name))
            for span in zip(h.starts, h.ends, strict=True):
                spans.setdefault(span, set()).update(named)
        out: dict[int, tuple[frozenset[str], int]] = {}
        t = ix.tokens
        for (s, e), parties in sorted(spans.items()):
            a = bisect_left(t.starts, s)
            b = bisect_left(t.starts, e)
            if a >= b or self._qualifies_a_noun(b):
                continue
            for k in range(a, b):
                prev = out.get(k)
                head = min(a, prev[1]) if prev else a
                out[k] = (frozenset(parties) | (prev[0] if prev else frozenset()), head)
        return out

    def _qualifies_a_noun(self, after: int) -> bool:
        """Is the mention ending before token ``after`` a qualifier ("Authority Data")?"""
        t = self.ix.tokens
        if after >= len(t.words) or t.block[after] != t.block[after - 1]:
            return False
        gap = self.ix.text[t.ends[after - 1] : t.starts[after]]
        if gap != " ":
            return False
        nxt = t.words[after]
        if nxt in _QUALIFIED:
            return True
        # A capitalised noun straight after ("Council Premises"), unless it starts a verb phrase.
        first = self.ix.text[t.starts[after]]
        return first.isupper() and nxt not in _VERB_STARTS

    # -- frames ------------------------------------------------------------------------------
    def frames_in(self, start: int, end: int) -> list[tuple[Frame, Span]]:
        """Every frame of every sentence that starts in [start, end), with its sentence span
        (a lead-in's span runs to the end of its last item)."""
        got = self._in_range.get((start, end))
        if got is None:
            got = self._in_range[(start, end)] = self._frames_in(start, end)
        return got

    def frames_acting(
        self, tokens: frozenset[int] | None
    ) -> tuple[list[int], list[tuple[Frame, Span]]]:
        """The frames of the document with an action at one of ``tokens`` (None: with any
        action), in document order, and the start of each one's sentence (for ``bisect`` by a
        scope's range)."""
        if self._all is None:
            self._all = []
            for span in self.ix.sentences():
                for f, whole in self._sentence_frames(span):
                    for k in f.actions:
                        self._by_token.setdefault(k, []).append(len(self._all))
                    self._all.append((span[0], f, whole))
        all_ = self._all
        if tokens is None:
            chosen = [i for i, (_s, f, _w) in enumerate(all_) if f.actions]
        else:
            chosen = sorted({i for k in tokens for i in self._by_token.get(k, ())})
        return [all_[i][0] for i in chosen], [(all_[i][1], all_[i][2]) for i in chosen]

    def _frames_in(self, start: int, end: int) -> list[tuple[Frame, Span]]:
        ix = self.ix
        out: list[tuple[Frame, Span]] = []
        sentences = ix.sentences()
        i = bisect_left(ix._sentence_starts, start)
        while i < len(sentences) and sentences[i][0] < end:
            out.extend(self._sentence_frames(sentences[i]))
            i += 1
        return out

    def _sentence_frames(self, span: Span) -> list[tuple[Frame, Span]]:
        got = self._by_sentence.get(span)
        if got is None:
            got = self._by_sentence[span] = self._read(span)
        whole = self._sentence_with_items(span)
        return [(f, whole) for f in got]

    def _read(self, span: Span) -> list[Frame]:
        ix = self.ix
        b = ix.block_at(span[0])
        if not ix.operative[b]:
            return []  # headings, definitions, contents and notes impose no duty (1.4 point 12)
        items = [self.reader.token_range(s, e) for s, e in self._items(span)]
        sentence = self.reader.token_range(*span)
        inline = None if items else inline_items(ix.text, span)
        if inline is not None:
            # "shall: (a) return ...; and (b) destroy ..." in one paragraph: the same lead-in
            lead_end, spans = inline
            sentence = self.reader.token_range(span[0], lead_end)
            items = [self.reader.token_range(s, e) for s, e in spans]
        frames = self.reader.frames(sentence, items)
        if not frames and self._requirement_item(b):
            frames = [f for f in (self.reader.imperative(sentence),) if f is not None]
        if ix.blocks[b].kind is BlockKind.TABLE_ROW:
            frames = self._row(ix.blocks[b].cells, sentence, frames)
        return frames

    def _requirement_item(self, b: int) -> bool:
        """Is block ``b`` an item of a list under a heading that says it lists requirements
        ("Requirements Checklist", "Deliverables", "Scope of work")?"""
        ix = self.ix
        block = ix.blocks[b]
        if not (block.kind is BlockKind.LIST_ITEM or block.number):
            return False
        return any(_REQUIREMENTS.search(ix.blocks[h].text) for h in ix.section_ancestors(b))

    def _row(self, cells: tuple[str, ...], sentence: Sentence, frames: list[Frame]) -> list[Frame]:
        """A requirements table states duties without modal verbs, or with the modal alone in
        a priority column (MoSCoW: Must, Should, Could)."""
        priority = next(
            (_PRIORITY[c.strip().lower()] for c in cells if c.strip().lower() in _PRIORITY), None
        )
        if priority is not None:
            # The priority cell's own word is not a frame of its own.
            frames = [f for f in frames if f.predicate[1] - f.predicate[0] > 12]
            return [*frames, self.reader.row_frame(sentence, priority)]
        if frames:
            return frames
        return [self.reader.row_frame(sentence, Modality.MUST)]

    def _items(self, span: Span) -> list[Span]:
        """The items of a lead-in ending with a colon: its children in the clause tree."""
        ix = self.ix
        b = ix.block_at(span[0])
        if span[1] != ix.ends[b] or not ix.text[span[0] : span[1]].rstrip().endswith(
            (":", "—", "-")
        ):
            return []
        return [(ix.starts[c], ix.ends[c]) for c in ix.children(b)]

    def _sentence_with_items(self, span: Span) -> Span:
        items = self._items(span)
        return (span[0], items[-1][1]) if items else span

    def sentence_of(self, pos: int) -> Span:
        """The sentence around ``pos``, a lead-in's with its items."""
        s = self.ix.sentence_at(pos)
        return self._sentence_with_items(s)


# Headings over lists whose items are the supplier's requirements, in the imperative.
_REQUIREMENTS = re.compile(
    r"\b(?:requirements?|deliverables|tasks|scope of (?:the )?(?:work|services)|"
    r"statement of (?:work|objectives|requirements)|specification|checklist)\b",
    re.IGNORECASE,
)

# An item marker inside a paragraph: "(a)", "(ii)", "(3)" after a space or the colon.
_INLINE_MARKER = re.compile(r"(?<![^\s:;,])\((?:[a-z]|[ivx]{1,4}|\d{1,2})\)\s", re.I)


def inline_items(text: str, span: Span) -> tuple[int, list[Span]] | None:
    """A lead-in and its items written in one paragraph ("shall: (a) return ...; and (b)
    destroy ..."): the end of the lead-in (after its colon) and each item's span, or None."""
    colon = text.find(":", span[0], span[1])
    if colon < 0:
        return None
    marks = [m.start() for m in _INLINE_MARKER.finditer(text, colon + 1, span[1])]
    if len(marks) < 2 or text[colon + 1 : marks[0]].strip():
        return None  # the first item must follow the colon directly
    ends = [*marks[1:], span[1]]
    return colon + 1, [(a, z) for a, z in zip(marks, ends, strict=True)]


def tokens_between(ix: Index, start: int, end: int) -> range:
    """Indices of the tokens in the character span [start, end)."""
    t = ix.tokens
    return range(bisect_left(t.starts, start), bisect_right(t.starts, end - 1))


# A requirements table's priority column (MoSCoW and its cousins), as the modality it gives.
_PRIORITY = {
    "must": Modality.MUST,
    "must have": Modality.MUST,
    "mandatory": Modality.MUST,
    "required": Modality.MUST,
    "essential": Modality.MUST,
    "m": Modality.MUST,
    "should": Modality.SHOULD,
    "should have": Modality.SHOULD,
    "desirable": Modality.SHOULD,
    "s": Modality.SHOULD,
    "could": Modality.SHOULD,
    "could have": Modality.SHOULD,
    "optional": Modality.MAY,
    "c": Modality.SHOULD,
}

# Words that can follow a party's name as its verb ("the Council Shall ..." in capitals).
_VERB_STARTS = _wordset(
    """shall must will may should can is are has have agrees undertakes acknowledges
    warrants confirms"""
)
