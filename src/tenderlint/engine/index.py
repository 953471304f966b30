"""One document read for matching: every pattern's hits, word positions, quantities and
document measures, each computed once and shared by every rule."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from tenderlint.engine.measures import compute
from tenderlint.engine.phrases import PhraseMatcher, Slot
from tenderlint.engine.units import Span, Units
from tenderlint.engine.words import WORD, words
from tenderlint.lang.nouns import Near, Pattern, SetRef
from tenderlint.lang.walk import flatten
from tenderlint.model import DocType, Document
from tenderlint.quantities import Found, find_quantities

if TYPE_CHECKING:
    from tenderlint.engine.compile import Compiled


# A range over more blocks than this reads the quantities of the whole document once: a
# document-wide test asked again is then two bisections, not a walk over every block.
_WHOLE_QUANTITIES = 64


class Hits:
    """Where one pattern matched: sorted spans, with word positions for proximity."""

    __slots__ = ("ends", "starts", "wends", "wstarts")

    def __init__(self, spans: Iterable[Span]) -> None:
        # Sorted, then each span kept once: five times faster than sorting a set of them.
        ordered = sorted(spans)
        if ordered:
            ordered = [ordered[0], *(s for before, s in pairwise(ordered) if s != before)]
        self.starts = [s for s, _ in ordered]
        self.ends = [e for _, e in ordered]
        self.wstarts: list[int] | None = None  # word indices, computed when proximity needs them
        self.wends: list[int] = []

    def word_bounds(self, words: list[int]) -> tuple[list[int], list[int]]:
        """The index of the first and last word of each hit (``words``: word start offsets)."""
        if self.wstarts is None:
            self.wstarts = [bisect_right(words, s) for s in self.starts]
            self.wends = [
                bisect_right(words, max(e - 1, s))
                for s, e in zip(self.starts, self.ends, strict=True)
            ]
        return self.wstarts, self.wends

    def first_in(self, start: int, end: int) -> Span | None:
        i = bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end:
            return (self.starts[i], self.ends[i])
        return None

    def all_in(self, start: int, end: int) -> list[Span]:
        i = bisect_left(self.starts, start)
        j = bisect_left(self.starts, end)
        return list(zip(self.starts[i:j], self.ends[i:j], strict=True))

    def __len__(self) -> int:
        return len(self.starts)


class Tokens:
    """The words of a document's body, lower-cased, with their spans and blocks; a possessive
    "'s" is not a word (the phrase "the Supplier's consent" has three)."""

    def __init__(self, units: Units) -> None:
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.block: list[int] = []
        text = units.text
        # One string per distinct word: a 400-page contract's 300,000 tokens are a few
        # thousand words, and a shared string's hash is worked out once for every lookup.
        seen: dict[str, str] = {}
        for b, (start, end) in enumerate(zip(units.starts, units.ends, strict=True)):
            for m in WORD.finditer(text, start, end):
                w = m.group().lower()
                w = seen.setdefault(w, w)
                s = m.start()
                if w == "s" and s > 0 and text[s - 1] in "'’":
                    continue
                self.words.append(w)
                self.starts.append(s)
                self.ends.append(m.end())
                self.block.append(b)


class Index(Units):
    """A document's units plus every pattern hit, quantity and measure, each computed once."""

    def __init__(
        self, doc: Document, compiled: Compiled, doc_type: DocType = DocType.UNKNOWN
    ) -> None:
        super().__init__(doc)
        self.compiled = compiled
        self.doc_type = doc_type  # who "we" and "you" are when the document does not say
        lower = self.text.lower()
        if len(lower) != len(self.text):  # a few characters change length when lowered
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        self.tokens = Tokens(self)
        self._atom_hits = compiled.phrases.find(
            self.tokens.words, self.tokens.starts, self.tokens.ends, self.tokens.block
        )
        for local, spans in compiled.regexes.find(self.text, lower, self.starts, False).items():
            self._atom_hits[compiled.regex_ids[local]] = spans
        # Regexes with no literal key scan the whole text: only when a rule first asks.
        self._lower = lower
        self._keyless = {compiled.regex_ids[local]: local for local in compiled.regexes.keyless}
        self._hits: dict[Pattern, Hits] = {}
        self._hits_by_id: dict[int, tuple[Pattern, Hits]] = {}
        self._quantities: dict[str, list[Found]] | None = None
        self._q_starts: dict[str, list[int]] = {}
        self._block_q: dict[int, list[Found]] = {}
        self._measures: dict[str, tuple[float, list[Span]]] = {}
        self._party_names: dict[str, list[Span]] | None = None

    # -- hits ------------------------------------------------------------------------------
    def hits(self, pattern: Pattern) -> Hits:
        # Rules ask for the same pattern objects thousands of times, and hashing a nested
        # pattern (a proximity of sets) costs more than the look-up: the object itself is
        # looked up first, kept alive with its hits so that its id cannot be reused.
        seen = self._hits_by_id.get(id(pattern))
        if seen is not None and seen[0] is pattern:
            return seen[1]
        got = self._hits.get(pattern)
        if got is None:
            got = self._find_hits(pattern)
            self._hits[pattern] = got
        if len(self._hits_by_id) > 50_000:  # patterns built at run time, one per call
            self._hits_by_id.clear()
        self._hits_by_id[id(pattern)] = (pattern, got)
        return got

    def _find_hits(self, pattern: Pattern) -> Hits:
        if isinstance(pattern, Near):
            got = self._near(pattern)
        elif isinstance(pattern, SetRef) and any(
            isinstance(p, Near) for p in flatten(pattern, self.compiled.sets)
        ):
            spans: list[Span] = []
            for p in flatten(pattern, self.compiled.sets):
                h = self.hits(p)
                spans.extend(zip(h.starts, h.ends, strict=True))
            got = Hits(spans)
        else:
            spans = []
            for i in self.compiled.ids_of(pattern):
                if i in self._keyless and i not in self._atom_hits:
                    self._atom_hits[i] = self.compiled.regexes.find_keyless(
                        self._keyless[i], self.text, self._lower, self.starts
                    )
                spans.extend(self._atom_hits.get(i, ()))
            if isinstance(pattern, SetRef):
                # A role set also finds the document's own names for its party.
                ts = self.compiled.sets.get(pattern.name)
                if ts is not None and ts.party is not None:
                    spans.extend(self.party_names().get(ts.party, ()))
            got = Hits(spans)
        return got

    def party_names(self) -> dict[str, list[Span]]:
        """Where the document's own names for each party ("the City", "we") are, by party."""
        if self._party_names is None:
            self._party_names = find_party_names(self)
        return self._party_names

    def _near(self, p: Near) -> Hits:
        left, right = self.hits(p.left), self.hits(p.right)
        out: list[Span] = []
        if not left or not right:
            return Hits(out)
        words = self.words()
        lws, lwe = left.word_bounds(words)
        rws, rwe = right.word_bounds(words)
        rstarts, rends = right.starts, right.ends
        # A right hit that can pair with a left one starts within the window's words of it,
        # or ends within them (or overlaps it) and so starts at most its longest length
        # earlier: only those are tried (``rws`` is in order, as the starts are).
        longest = max(e - s for s, e in zip(rws, rwe, strict=True))
        for n, (a_start, a_end) in enumerate(zip(left.starts, left.ends, strict=True)):
            # Patterns may be near across sentences of one clause, its lead-in and its
            # (a)-(d) items included: "The Provider shall update the DPIA:" / "(a) before
            # go-live". The author sets the window in words.
            lo, hi = self.clause_span(self.block_at(a_start))
            wa_s, wa_e = lws[n], lwe[n]
            first = max(bisect_left(rstarts, lo), bisect_left(rws, wa_s - p.words - 1 - longest))
            last = min(bisect_left(rstarts, hi), bisect_right(rws, wa_e + p.words + 1))
            for k in range(first, last):
                b_start, b_end = rstarts[k], rends[k]
                wb_s, wb_e = rws[k], rwe[k]
                if p.ordered:
                    if b_start >= a_end and wb_s - wa_e - 1 <= p.words:
                        out.append((a_start, b_end))
                elif b_start >= a_end:
                    if wb_s - wa_e - 1 <= p.words:
                        out.append((a_start, b_end))
                elif a_start >= b_end:
                    if wa_s - wb_e - 1 <= p.words:
                        out.append((b_start, a_end))
                else:  # overlapping
                    out.append((min(a_start, b_start), max(a_end, b_end)))
        return Hits(out)

    # -- quantities and measures -----------------------------------------------------------
    def quantities(self, dimension: str) -> tuple[list[Found], list[int]]:
        """Every quantity of ``dimension`` in the document, and their starts."""
        if self._quantities is None:
            by_dim: dict[str, list[Found]] = {}
            for b in range(len(self.blocks)):
                for f in self.block_quantities(b):
                    by_dim.setdefault(f.dimension, []).append(f)
            self._quantities = by_dim
            self._q_starts = {d: [f.start for f in fs] for d, fs in by_dim.items()}
        return self._quantities.get(dimension, []), self._q_starts.get(dimension, [])

    def quantities_in(self, dimension: str, start: int, end: int) -> list[Found]:
        """The quantities of ``dimension`` that start in [start, end), in order. Only the
        blocks asked about are read: most rules look at a few clauses, not the document."""
        b = self.block_at(start)
        if self._quantities is not None or bisect_left(self.starts, end) - b > _WHOLE_QUANTITIES:
            found, starts = self.quantities(dimension)
            return found[bisect_left(starts, start) : bisect_left(starts, end)]
        out: list[Found] = []
        while b < len(self.blocks) and self.starts[b] < end:
            out.extend(
                f
                for f in self.block_quantities(b)
                if f.dimension == dimension and start <= f.start < end
            )
            b += 1
        return out

    def quantities_in_blocks(
        self, dimension: str, blocks: list[int], start: int, end: int
    ) -> list[Found]:
        """``quantities_in`` restricted to ``blocks`` (sorted block indices)."""
        out: list[Found] = []
        for k in range(bisect_left(blocks, self.block_at(start)), len(blocks)):
            b = blocks[k]
            if self.starts[b] >= end:
                break
            out.extend(
                f
                for f in self.block_quantities(b)
                if f.dimension == dimension and start <= f.start < end
            )
        return out

    def block_quantities(self, b: int) -> list[Found]:
        """The quantities of block ``b``, at their offsets in the joined text (read once)."""
        got = self._block_q.get(b)
        if got is None:
            s = self.starts[b]
            got = [
                Found(f.dimension, f.value, s + f.start, s + f.end, f.text, f.placeholder)
                for f in find_quantities(self.blocks[b].text)
            ]
            self._block_q[b] = got
        return got

    def measure(self, name: str) -> tuple[float, list[Span]]:
        if name not in self._measures:
            self._measures[name] = compute(name, self)
        return self._measures[name]


# Who "we" and "you" are when a document does not say (brief 1.5 point 4): in a contract they
# are a vendor's own terms (we: the supplier; you: the customer); in a tender the buyer speaks
# to bidders (we: the buyer; you: the bidder).
_PRONOUNS = {
    DocType.CONTRACT: {"supplier": ("we", "us", "our"), "buyer": ("you", "your")},
    DocType.TENDER: {"supplier": ("you", "your"), "buyer": ("we", "us", "our")},
}


def find_party_names(ix: Index) -> dict[str, list[Span]]:
    """Spans of the document's own names for its parties, by party ("buyer", "supplier")."""
    names: list[tuple[str, str]] = []
    parties = ix.doc.parties
    if parties is not None:
        names = [
            (party.role, n) for party in (parties.buyer, parties.supplier) for n in party.names
        ]
    told = {n.lower() for _role, n in names}
    if ix.doc_type in _PRONOUNS and not told & {"we", "you", "us", "our", "your"}:
        names += [(role, w) for role, ws in _PRONOUNS[ix.doc_type].items() for w in ws]
    phrases: list[tuple[int, list[tuple[Slot, ...]]]] = []
    roles: list[str] = []
    for role, name in names:
        seq = [w for w in words(name) if w not in ("the", "a", "an")]
        if seq:
            phrases.append((len(roles), [tuple(Slot(forms=frozenset({w})) for w in seq)]))
            roles.append(role)
    if not phrases:
        return {}
    t = ix.tokens
    found = PhraseMatcher(phrases).find(t.words, t.starts, t.ends, t.block)
    out: dict[str, list[Span]] = {}
    for i, spans in found.items():
        out.setdefault(roles[i], []).extend(spans)
    return out
