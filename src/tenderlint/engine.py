"""Rule evaluation: the meaning of every rule construct, applied to one document.

``compile_pack`` turns a pack into a ``Compiled`` value (patterns compiled once, in one
automaton); ``evaluate`` reads a document's text once into an ``Index`` (all pattern hits,
quantities, units) and gives one ``Result`` per rule. Nothing here reads files or formats output.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from tenderlint.dsl import MEASURES
from tenderlint.matcher import Matcher
from tenderlint.model import (
    Block,
    BlockKind,
    DocType,
    Document,
    Evidence,
    Outcome,
    Result,
)
from tenderlint.packs import flatten, rule_conditions, walk_condition
from tenderlint.quantities import Found, compare, find_quantities
from tenderlint.rules import (
    All,
    AnyOf,
    Check,
    Compare,
    Condition,
    Count,
    Mentions,
    Near,
    Not,
    Pack,
    Param,
    ParamRef,
    Pattern,
    Phrase,
    Quantity,
    Regex,
    Rule,
    SetRef,
    TermSet,
)

Span = tuple[int, int]
QUOTE_CHARS = 300
MAX_EVIDENCE = 5


# -- compiled packs ------------------------------------------------------------------------------


@dataclass
class Compiled:
    """The rules of one or more packs with every pattern compiled into one matcher."""

    rules: tuple[Rule, ...]
    sets: Mapping[str, TermSet]
    params: Mapping[str, Param]
    matcher: Matcher
    # Each pattern (including set references) as the atom ids it stands for.
    atoms_of: dict[Pattern, tuple[int, ...]] = field(default_factory=dict)
    pack_of: dict[str, str] = field(default_factory=dict)  # rule id -> pack name


def _concrete(p: Pattern, sets: Mapping[str, TermSet]) -> list[Phrase | Regex]:
    return [x for x in flatten(p, sets) if isinstance(x, Phrase | Regex)]


def _near_parts(p: Pattern, sets: Mapping[str, TermSet]) -> Iterable[Pattern]:
    for q in flatten(p, sets):
        if isinstance(q, Near):
            yield q.left
            yield q.right
            yield from _near_parts(q.left, sets)
            yield from _near_parts(q.right, sets)


def compile_pack(packs: Sequence[Pack]) -> Compiled:
    """Compile the rules of ``packs`` (later packs' rules replace earlier ones with the same id)."""
    rules: dict[str, Rule] = {}
    sets: dict[str, TermSet] = {}
    params: dict[str, Param] = {}
    pack_of: dict[str, str] = {}
    for pack in packs:
        for r in pack.rules:
            rules[r.id] = r
            pack_of[r.id] = pack.name
        sets.update(pack.sets)
        params.update(pack.params)
    patterns: set[Pattern] = set()
    for rule in rules.values():
        for cond, _src in rule_conditions(rule):
            if isinstance(cond, Mentions | Count):
                patterns.update(cond.patterns)
            if isinstance(cond, Compare) and cond.near:
                patterns.update(cond.near)
    for p in list(patterns):
        patterns.update(_near_parts(p, sets))
    concrete: list[Phrase | Regex] = []
    for p in sorted(patterns, key=repr):
        concrete.extend(_concrete(p, sets))
    matcher = Matcher(concrete)
    atoms_of = {p: tuple(sorted({matcher.index[c] for c in _concrete(p, sets)})) for p in patterns}
    ordered = tuple(sorted(rules.values(), key=lambda r: r.id))
    return Compiled(ordered, sets, params, matcher, atoms_of, pack_of)


# -- the document index --------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A contiguous stretch of the document: a sentence, clause, section, row or the whole."""

    start: int
    end: int
    first: int  # first block (index into Index.blocks)
    last: int  # last block, inclusive
    kind: str


class _Hits:
    __slots__ = ("ends", "starts", "wends", "wstarts")

    def __init__(self, spans: Iterable[Span]) -> None:
        ordered = sorted(set(spans))
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


class Index:
    """One document read for matching: text, hits, quantities and units, each computed once."""

    def __init__(self, doc: Document, compiled: Compiled) -> None:
        self.doc = doc
        self.compiled = compiled
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
        lower = self.text.lower()
        if len(lower) != len(self.text):  # a few characters change length when lowered
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        self._atom_hits = compiled.matcher.find(self.text, lower, self.starts)
        self._hits: dict[Pattern, _Hits] = {}
        self._quantities: dict[str, list[Found]] | None = None
        self._q_starts: dict[str, list[int]] = {}
        self._sentences: list[Span] | None = None
        self._sentence_starts: list[int] = []
        self._words: list[int] | None = None
        self._clause_last: list[int] | None = None
        self._section_of: list[int] | None = None
        self._heading_parent: list[int] | None = None
        self._clause_span: dict[int, Span] = {}
        self._measures: dict[str, tuple[float, list[Span]]] = {}

    # -- blocks and units ------------------------------------------------------------------
    def block_at(self, pos: int) -> int:
        return max(bisect_right(self.starts, pos) - 1, 0)

    def unit(self, first: int, last: int, kind: str) -> Unit:
        return Unit(self.starts[first], self.ends[last], first, last, kind)

    def document_unit(self) -> Unit:
        if not self.blocks:
            return Unit(0, 0, 0, 0, "document")
        return self.unit(0, len(self.blocks) - 1, "document")

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

    # -- hits ------------------------------------------------------------------------------
    def hits(self, pattern: Pattern) -> _Hits:
        got = self._hits.get(pattern)
        if got is not None:
            return got
        if isinstance(pattern, Near):
            got = self._near(pattern)
        elif isinstance(pattern, SetRef) and any(
            isinstance(p, Near) for p in flatten(pattern, self.compiled.sets)
        ):
            spans: list[Span] = []
            for p in flatten(pattern, self.compiled.sets):
                h = self.hits(p)
                spans.extend(zip(h.starts, h.ends, strict=True))
            got = _Hits(spans)
        else:
            ids = self.compiled.atoms_of.get(pattern)
            if ids is None:  # a pattern built at run time (e.g. a section scope)
                ids = tuple(
                    self.compiled.matcher.index[c]
                    for c in _concrete(pattern, self.compiled.sets)
                    if c in self.compiled.matcher.index
                )
            spans = []
            for i in ids:
                spans.extend(self._atom_hits.get(i, ()))
            got = _Hits(spans)
        self._hits[pattern] = got
        return got

    def words(self) -> list[int]:
        if self._words is None:
            self._words = [m.start() for m in re.finditer(r"\w+", self.text)]
        return self._words

    def word_index(self, pos: int) -> int:
        return bisect_right(self.words(), pos)

    def _near(self, p: Near) -> _Hits:
        left, right = self.hits(p.left), self.hits(p.right)
        out: list[Span] = []
        if not left or not right:
            return _Hits(out)
        words = self.words()
        lws, lwe = left.word_bounds(words)
        rws, rwe = right.word_bounds(words)
        rstarts, rends = right.starts, right.ends
        for n, (a_start, a_end) in enumerate(zip(left.starts, left.ends, strict=True)):
            # Patterns may be near across sentences of one clause, its lead-in and its
            # (a)-(d) items included: "The Provider shall update the DPIA:" / "(a) before
            # go-live". The author sets the window in words.
            lo, hi = self.clause_span(self.block_at(a_start))
            wa_s, wa_e = lws[n], lwe[n]
            for k in range(bisect_left(rstarts, lo), bisect_left(rstarts, hi)):
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
        return _Hits(out)

    # -- quantities and measures -----------------------------------------------------------
    def quantities(self, dimension: str) -> tuple[list[Found], list[int]]:
        if self._quantities is None:
            by_dim: dict[str, list[Found]] = {}
            for s, b in zip(self.starts, self.blocks, strict=True):
                for f in find_quantities(b.text):
                    moved = Found(
                        f.dimension, f.value, s + f.start, s + f.end, f.text, f.placeholder
                    )
                    by_dim.setdefault(f.dimension, []).append(moved)
            self._quantities = by_dim
            self._q_starts = {d: [f.start for f in fs] for d, fs in by_dim.items()}
        return self._quantities.get(dimension, []), self._q_starts.get(dimension, [])

    def measure(self, name: str) -> tuple[float, list[Span]]:
        if name not in self._measures:
            from tenderlint.measures import compute

            self._measures[name] = compute(name, self)
        return self._measures[name]


# -- conditions ----------------------------------------------------------------------------------


def _threshold(value: Quantity | ParamRef, params: Mapping[str, Param]) -> Quantity:
    if isinstance(value, ParamRef):
        return params[value.name].value
    return value


def _count_n(cond: Count, params: Mapping[str, Param]) -> int:
    if isinstance(cond.n, int):
        return cond.n
    return int(params[cond.n.name].value.value)


class Evaluator:
    """Decides conditions on units, with a witness span to quote when a condition holds."""

    def __init__(self, index: Index) -> None:
        self.ix = index
        # Quantity and count tests over a large scope (a section, the whole document) recur
        # for every candidate clause of every rule: each is decided once per scope.
        self._memo: dict[tuple[Condition, int, int], tuple[bool, Span | None]] = {}
        self._relevant: dict[tuple[Compare, int, int], list[Found]] = {}

    def holds(self, cond: Condition, unit: Unit) -> tuple[bool, Span | None]:
        ix = self.ix
        if isinstance(cond, Mentions):
            target = ix.scoped(unit, cond.scope)
            if target is None:
                return False, None
            best: Span | None = None
            for p in cond.patterns:
                h = ix.hits(p).first_in(target.start, target.end)
                if (
                    h
                    and target.kind == "section"
                    and ix.blocks[ix.block_at(h[0])].kind is BlockKind.HEADING
                ):
                    # Quote the body of a section rather than its heading where possible.
                    body = ix.hits(p).first_in(ix.ends[ix.block_at(h[0])], target.end)
                    h = body or h
                if h and (best is None or h < best):
                    best = h
            return best is not None, best
        if isinstance(cond, All):
            witness = None
            for c in cond.items:
                ok, w = self.holds(c, unit)
                if not ok:
                    return False, None
                witness = witness or w
            return True, witness
        if isinstance(cond, AnyOf):
            for c in cond.items:
                ok, w = self.holds(c, unit)
                if ok:
                    return True, w
            return False, None
        if isinstance(cond, Not):
            ok, _ = self.holds(cond.item, unit)
            return not ok, None
        if isinstance(cond, Compare | Count):
            target = unit
            if isinstance(cond, Compare) and cond.scope:
                target = ix.scoped(unit, cond.scope) or unit
            key = (cond, target.start, target.end)
            got = self._memo.get(key)
            if got is None:
                if isinstance(cond, Compare):
                    got = self._compare(cond, target)
                else:
                    n, first = self._count(cond, target)
                    want = _count_n(cond, ix.compiled.params)
                    got = (n >= want if cond.op == ">=" else n <= want, first)
                self._memo[key] = got
            return got
        raise TypeError(cond)

    def _count(self, cond: Count, unit: Unit) -> tuple[int, Span | None]:
        ix = self.ix
        seen: set[tuple[int, int]] = set()
        first: Span | None = None
        for p in cond.patterns:
            for s, e in ix.hits(p).all_in(unit.start, unit.end):
                if cond.unit == "block":
                    key = (ix.block_at(s), 0)
                    if ix.blocks[key[0]].kind is BlockKind.HEADING:
                        continue
                else:
                    found = ix.units_at(s, cond.unit)
                    if not found:
                        continue
                    key = (found[0].start, found[0].end)
                if key not in seen:
                    seen.add(key)
                    first = first if first is not None and first < (s, e) else (s, e)
        return len(seen), first

    def _compare(self, cond: Compare, unit: Unit) -> tuple[bool, Span | None]:
        ix = self.ix
        threshold = _threshold(cond.value, ix.compiled.params)
        if cond.subject in MEASURES:
            value, spans = ix.measure(cond.subject)
            ok = compare(value, cond.op, threshold.value)
            return ok, spans[0] if spans else None
        # ``unit`` is already the condition's scope. The threshold is cheap to test, the
        # proximity dear: test it only for quantities that pass.
        for f in self.quantities_in(cond.subject, unit):
            if f.placeholder or not compare(f.value, cond.op, threshold.value):
                continue
            if cond.near and not self._near_quantity(cond, f):
                continue
            return True, (f.start, f.end)
        return False, None

    def _near_quantity(self, cond: Compare, f: Found) -> bool:
        """Is the quantity within ``near_words`` words of a ``near`` pattern, in its sentence?"""
        ix = self.ix
        lo, hi = ix.sentence_at(f.start)
        wf = ix.word_index(f.start)
        for p in cond.near:
            for s, _e in ix.hits(p).all_in(lo, hi):
                if abs(ix.word_index(s) - wf) <= cond.near_words:
                    return True
        return False

    def relevant_quantities(self, cond: Compare, unit: Unit) -> list[Found]:
        """The quantities a Compare looks at: its dimension, in its scope, near its patterns."""
        target = self.ix.scoped(unit, cond.scope) or unit
        key = (cond, target.start, target.end)
        got = self._relevant.get(key)
        if got is None:
            got = self.quantities_in(cond.subject, target)
            if cond.near:
                got = [f for f in got if self._near_quantity(cond, f)]
            self._relevant[key] = got
        return got

    def quantities_in(self, dimension: str, unit: Unit) -> list[Found]:
        found, starts = self.ix.quantities(dimension)
        i = bisect_left(starts, unit.start)
        j = bisect_left(starts, unit.end)
        return found[i:j]


# -- describing conditions -----------------------------------------------------------------------


def describe_pattern(p: Pattern, sets: Mapping[str, TermSet]) -> str:
    if isinstance(p, Phrase):
        return f'"{p.text}"'
    if isinstance(p, Regex):
        return f"/{p.source}/"
    if isinstance(p, SetRef):
        ts = sets.get(p.name)
        return ts.description if ts and ts.description else p.name
    if p.ordered:
        return (
            f"{describe_pattern(p.left, sets)} followed by {describe_pattern(p.right, sets)}"
            f" within {p.words} words"
        )
    left, right = describe_pattern(p.left, sets), describe_pattern(p.right, sets)
    return f"{left} within {p.words} words of {right}"


def describe(cond: Condition, sets: Mapping[str, TermSet]) -> str:
    """A condition in words, for messages when its author gave no label."""
    if isinstance(cond, Mentions):
        names = [describe_pattern(p, sets) for p in cond.patterns]
        body = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        if cond.scope and cond.scope not in ("sentence",):
            where = "the following clause" if cond.scope == "next" else f"the {cond.scope}"
            return f"{body} in {where}"
        return body
    if isinstance(cond, Compare):
        ops = {"<=": "at most", "<": "under", ">=": "at least", ">": "over", "=": "exactly"}
        v = cond.value.text if isinstance(cond.value, Quantity) else cond.value.name
        what = {"duration": "a time limit", "period": "a frequency", "percentage": "a percentage",
                "money": "an amount"}.get(cond.subject, cond.subject.replace("_", " "))  # fmt: skip
        where = f" in the {cond.scope}" if cond.scope and cond.scope != "sentence" else ""
        return f"{what} of {ops[cond.op]} {v}{where}"
    if isinstance(cond, Count):
        listed = " or ".join(describe_pattern(p, sets) for p in cond.patterns)
        least = "at least" if cond.op == ">=" else "at most"
        n = cond.n if isinstance(cond.n, int) else cond.n.name
        return f"{least} {n} {cond.unit}s mentioning {listed}"
    if isinstance(cond, All):
        return " and ".join(describe(c, sets) for c in cond.items)
    if isinstance(cond, AnyOf):
        return " or ".join(describe(c, sets) for c in cond.items)
    return f"not {describe(cond.item, sets)}"


def check_label(check: Check, sets: Mapping[str, TermSet]) -> str:
    if check.label:
        return check.label
    return describe(check.condition, sets)


# -- evaluating rules ----------------------------------------------------------------------------


@dataclass
class _Candidate:
    unit: Unit
    witness: Span | None
    failed: list[tuple[Check, str]] = field(default_factory=list)
    weakeners: list[tuple[Check, Span | None]] = field(default_factory=list)
    passed: list[tuple[Check, Span | None]] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return len(self.failed) + len(self.weakeners)


def quote(ix: Index, span: Span) -> str:
    """The sentence around ``span``, shortened around it if long."""
    s, e = ix.sentence_at(span[0])
    if span[1] > e:
        e = min(ix.ends[ix.block_at(span[0])], span[1])
    text = ix.text[s:e]
    if len(text) <= QUOTE_CHARS:
        return text.strip()
    rel = span[0] - s
    lo = max(0, rel - QUOTE_CHARS // 3)
    hi = min(len(text), lo + QUOTE_CHARS)
    out = text[lo:hi].strip()
    return ("..." if lo > 0 else "") + out + ("..." if hi < len(text) else "")


def evidence_at(ix: Index, span: Span) -> Evidence:
    return Evidence(quote(ix, span), ix.blocks[ix.block_at(span[0])].location)


def _hit_text(ix: Index, span: Span | None) -> str:
    if span is None:
        return ""
    # A proximity match may run from one block (a table row) into the next: one line.
    text = ix.text[span[0] : span[1]].replace("\n", " / ")
    # A proximity match runs from one pattern to the other: keep both ends in view.
    return text if len(text) <= 120 else text[:55] + " ... " + text[-55:]


@dataclass(frozen=True)
class Context:
    """What the engine knows about the document besides its text."""

    doc_type: DocType
    doc_type_reason: str = ""


class RuleEvaluator:
    """Evaluates rules on one indexed document."""

    def __init__(self, index: Index, context: Context) -> None:
        self.ix = index
        self.ev = Evaluator(index)
        self.ctx = context
        self.sets = index.compiled.sets

    # -- public ----------------------------------------------------------------------------
    def evaluate(self, rule: Rule) -> Result:
        na = self._not_applicable(rule)
        if na is not None:
            return self._result(rule, Outcome.NOT_APPLICABLE, [na], [])
        doc = self.ix.document_unit()
        reasons: list[str] = []
        evidence: list[Evidence] = []
        for pro in rule.prohibitions:
            if not self._for_this_type(pro.doc_type):
                continue
            for unit, span in self._matches(pro.unit, pro.condition)[:3]:
                label = pro.label or describe(pro.condition, self.sets)
                reasons.append(f'{label}: "{_hit_text(self.ix, span or (unit.start, unit.end))}"')
                evidence.append(evidence_at(self.ix, span or (unit.start, unit.end)))
        for check in rule.limits:
            ok, span = self.ev.holds(check.condition, doc)
            if not ok:
                reasons.append(self._limit_reason(check))
                if span:
                    evidence.append(evidence_at(self.ix, span))
        if reasons:
            if rule.requirement is not None:
                best, _near = self._best(rule)
                if best is not None and best.problems == 0:
                    reasons.append("a clause that meets the requirement is also present")
                    evidence.append(
                        evidence_at(self.ix, best.witness or (best.unit.start, best.unit.end))
                    )
            return self._result(rule, Outcome.CONFLICT, reasons, evidence)
        if rule.requirement is None:
            cand = self._grade(rule, _Candidate(doc, None))
            if cand.problems == 0:
                ev = [evidence_at(self.ix, s) for _c, s in cand.passed if s][:MAX_EVIDENCE]
                return self._result(rule, Outcome.SATISFIED, [], ev)
            return self._result(rule, Outcome.WEAK, *self._weak_reasons(cand))
        best, near_misses = self._best(rule)
        if best is None:
            return self._result(rule, Outcome.MISSING, self._missing_reasons(rule, near_misses), [])
        if best.problems == 0:
            ev = self._candidate_evidence(best)
            return self._result(rule, Outcome.SATISFIED, [], ev)
        reasons, ev = self._weak_reasons(best)
        return self._result(rule, Outcome.WEAK, reasons, ev)

    # -- applicability ---------------------------------------------------------------------
    def _not_applicable(self, rule: Rule) -> str | None:
        dt = self.ctx.doc_type
        if dt is DocType.UNKNOWN:
            if rule.applies_to != frozenset({DocType.TENDER, DocType.CONTRACT}):
                only = "/".join(sorted(t.value for t in rule.applies_to))
                return (
                    f"wrong document type: the rule applies to {only}s only and the document "
                    "type is unknown (set --doc-type)"
                )
        elif dt not in rule.applies_to:
            only = " and ".join(sorted(t.value + "s" for t in rule.applies_to))
            why = f" ({self.ctx.doc_type_reason})" if self.ctx.doc_type_reason else ""
            return f"wrong document type: the rule applies to {only}; this is a {dt.value}{why}"
        doc = self.ix.document_unit()
        for trig in rule.triggers:
            ok, _ = self.ev.holds(trig.condition, doc)
            if not ok:
                return f"trigger not met: {check_label(trig, self.sets)}"
        return None

    # -- matching units --------------------------------------------------------------------
    def _anchors(self, cond: Condition) -> list[Pattern] | None:
        """Patterns one of which every matching unit must contain, or None if unknowable."""
        if isinstance(cond, Mentions) and cond.scope is None:
            return list(cond.patterns)
        if isinstance(cond, Count):
            positive = not isinstance(cond.n, int) or cond.n >= 1
            return list(cond.patterns) if cond.op == ">=" and positive else None
        if isinstance(cond, Compare) and cond.subject not in MEASURES:
            return None
        if isinstance(cond, All):
            options = [a for a in (self._anchors(c) for c in cond.items) if a is not None]
            if not options:
                return None
            return min(options, key=lambda ps: sum(len(self.ix.hits(p)) for p in ps))
        if isinstance(cond, AnyOf):
            out: list[Pattern] = []
            for c in cond.items:
                a = self._anchors(c)
                if a is None:
                    return None
                out.extend(a)
            return out
        return None

    def _candidate_units(self, kind: str, cond: Condition) -> list[Unit]:
        anchors = self._anchors(cond)
        if anchors is None:
            return self.ix.all_units(kind)
        seen: dict[tuple[int, int], Unit] = {}
        for p in anchors:
            h = self.ix.hits(p)
            for s in h.starts:
                for u in self.ix.units_at(s, kind):
                    seen.setdefault((u.start, u.end), u)
        return sorted(seen.values(), key=lambda u: (u.start, u.end))

    def _matches(self, kind: str, cond: Condition) -> list[tuple[Unit, Span | None]]:
        out = []
        for u in self._candidate_units(kind, cond):
            ok, w = self.ev.holds(cond, u)
            if ok:
                out.append((u, w))
        out.sort(key=lambda uw: (uw[0].start, uw[0].end))
        if kind == "clause":
            # A clause and its parent clause are both graded: the parent may hold the
            # deadline in a sub-clause, the child the precise duty; the best decides.
            return out
        # A section (or sentence) that contains another matching one says less about the
        # requirement than the innermost: a document title's "section" is the whole document.
        return [
            (u, w)
            for u, w in out
            if not any(
                v is not u
                and u.start <= v.start
                and v.end <= u.end
                and (v.start, v.end) != (u.start, u.end)
                for v, _ in out
            )
        ]

    def _in_scope(self, rule: Rule, unit: Unit) -> bool:
        req = rule.requirement
        if req is None or not req.sections:
            return True
        for h in self.ix.section_ancestors(unit.first):
            hs, he = self.ix.starts[h], self.ix.ends[h]
            if any(self.ix.hits(p).first_in(hs, he) for p in req.sections):
                return True
        heading = self.ix.blocks[unit.first].location.heading or ""
        return any(self._pattern_in_text(p, heading) for p in req.sections)

    def _pattern_in_text(self, p: Pattern, text: str) -> bool:
        from tenderlint.matcher import compile_atom

        return any(compile_atom(0, c).search(text) for c in _concrete(p, self.sets))

    def _best(self, rule: Rule) -> tuple[_Candidate | None, list[str]]:
        req = rule.requirement
        assert req is not None
        near: list[str] = []
        matches: list[tuple[Unit, Span | None]] = []
        for unit, witness in self._matches(req.unit, req.condition):
            if not self._in_scope(rule, unit):
                if len(near) < 2:
                    loc = self.ix.blocks[unit.first].location
                    near.append(
                        f"{loc.short()} matches but is outside the section "
                        f"{' or '.join(describe_pattern(p, self.sets) for p in req.sections)}: "
                        f'"{quote(self.ix, witness or (unit.start, unit.end))}"'
                    )
                continue
            matches.append((unit, witness))
        if not matches:
            near.extend(self._near_misses(rule))
            return None, near
        # Smallest first: the first candidate with no problem is the best there can be (every
        # such candidate passed every check), so grading can stop there.
        matches.sort(key=lambda uw: (uw[0].end - uw[0].start, uw[0].start))
        cands: list[_Candidate] = []
        for unit, witness in matches:
            cand = self._grade(rule, _Candidate(unit, witness))
            if cand.problems == 0:
                return cand, near
            cands.append(cand)
        best = min(
            cands,
            key=lambda c: (c.problems, -len(c.passed), c.unit.end - c.unit.start, c.unit.start),
        )
        return best, near

    def _for_this_type(self, doc_type: DocType | None) -> bool:
        return doc_type is None or doc_type is self.ctx.doc_type

    def _grade(self, rule: Rule, cand: _Candidate) -> _Candidate:
        for check in rule.strong:
            if not self._for_this_type(check.doc_type):
                continue
            ok, span = self.ev.holds(check.condition, cand.unit)
            if ok:
                cand.passed.append((check, span))
            else:
                cand.failed.append((check, self._failed_reason(check, cand.unit)))
        for check in rule.weak:
            if not self._for_this_type(check.doc_type):
                continue
            ok, span = self.ev.holds(check.condition, cand.unit)
            if ok:
                cand.weakeners.append((check, span))
        return cand

    def _near_misses(self, rule: Rule) -> list[str]:
        """The unit that came closest to matching: it met some conditions of the requirement."""
        req = rule.requirement
        assert req is not None
        parts = req.condition.items if isinstance(req.condition, All) else ()
        if len(parts) < 2:
            return []
        best: tuple[int, Unit, list[Condition], Span | None] | None = None
        for unit in self._candidate_units(req.unit, AnyOf(tuple(parts)))[:2000]:
            met, missed, wit = 0, [], None
            for c in parts:
                ok, w = self.ev.holds(c, unit)
                if ok:
                    met += 1
                    wit = wit or w
                else:
                    missed.append(c)
            if met and (best is None or met > best[0]):
                best = (met, unit, missed, wit)
        if best is None:
            return []
        _met, unit, missed, wit = best
        loc = self.ix.blocks[unit.first].location
        lacks = "; ".join(describe(c, self.sets) for c in missed)
        return [
            f'closest: {loc.short()} "{quote(self.ix, wit or (unit.start, unit.end))}" '
            f"does not mention {lacks}"
        ]

    # -- reasons ---------------------------------------------------------------------------
    def _failed_reason(self, check: Check, unit: Unit) -> str:
        label = check_label(check, self.sets)
        # The first quantity test in the condition explains it, even inside "or"/"and".
        cond = next(
            (
                c
                for c in walk_condition(check.condition)
                if isinstance(c, Compare) and c.subject not in MEASURES
            ),
            check.condition,
        )
        if isinstance(cond, Compare) and cond.subject not in MEASURES:
            found = self.ev.relevant_quantities(cond, unit)
            placeholders = [f for f in found if f.placeholder]
            real = [f for f in found if not f.placeholder]
            threshold = _threshold(cond.value, self.ix.compiled.params)
            if real:
                side = "over" if cond.op in ("<=", "<") else "under"
                if cond.op == "=":
                    side = "not"
                shown = ", ".join(f'"{f.text}"' for f in real[:3])
                verb = "is" if len(real) == 1 else "are"
                return f"no {label}: {shown} {verb} {side} {threshold.text}"
            if placeholders:
                return f'no {label}: "{placeholders[0].text}" is a placeholder left in brackets'
        return f"no {label}"

    def _limit_reason(self, check: Check) -> str:
        """ "redacted share of the text is 15.2%, over the limit of 10%"."""
        cond = check.condition
        assert isinstance(cond, Compare)
        value, _spans = self.ix.measure(cond.subject)
        threshold = _threshold(cond.value, self.ix.compiled.params)
        shown = f"{value:.1f}%" if MEASURES.get(cond.subject) == "percentage" else f"{value:g}"
        what = check.label or cond.subject.replace("_", " ")
        side = {"<=": "over the limit of", "<": "not under", ">=": "under the minimum of",
                ">": "not over", "=": "not"}[cond.op]  # fmt: skip
        return f"{what} is {shown}, {side} {threshold.text}"

    def _weak_reasons(self, cand: _Candidate) -> tuple[list[str], list[Evidence]]:
        reasons = [why for _c, why in cand.failed]
        evidence = self._candidate_evidence(cand)
        for check, span in cand.weakeners:
            label = check_label(check, self.sets)
            if span:
                reasons.append(f'{label} "{_hit_text(self.ix, span)}"')
                ev = evidence_at(self.ix, span)
                if ev not in evidence:
                    evidence.append(ev)
            else:
                reasons.append(label)
        return reasons, evidence[:MAX_EVIDENCE]

    def _candidate_evidence(self, cand: _Candidate) -> list[Evidence]:
        spans: list[Span] = []
        if cand.witness or cand.unit.kind != "document":
            spans.append(cand.witness or (cand.unit.start, cand.unit.end))
        spans += [s for _c, s in cand.passed if s]
        out: list[Evidence] = []
        seen_sentences: set[Span] = set()
        for s in spans:
            sent = self.ix.sentence_at(s[0])
            if sent in seen_sentences:
                continue
            seen_sentences.add(sent)
            out.append(evidence_at(self.ix, s))
        return out[:MAX_EVIDENCE]

    def _missing_reasons(self, rule: Rule, near: list[str]) -> list[str]:
        req = rule.requirement
        assert req is not None
        where = {
            "sentence": "every sentence",
            "clause": "every clause",
            "paragraph": "every paragraph",
            "section": "every section",
            "row": "every table row",
            "document": "the whole document",
        }[req.unit]
        if req.sections:
            names = " or ".join(describe_pattern(p, self.sets) for p in req.sections)
            where += f" under headings matching {names}"
        looked = f"looked in {where} for {describe(req.condition, self.sets)}"
        return [looked, *near]

    def _result(
        self, rule: Rule, outcome: Outcome, reasons: list[str], evidence: list[Evidence]
    ) -> Result:
        severity = rule.severity_for(outcome)
        message = rule.messages.get(outcome) or _default_message(rule, outcome)
        return Result(
            rule=rule.id,
            title=rule.title,
            outcome=outcome,
            severity=severity,
            message=message,
            reasons=tuple(reasons),
            evidence=tuple(evidence[:MAX_EVIDENCE]),
            suggestion=rule.suggestion if outcome.is_failure else None,
            theme=rule.theme,
        )


def _default_message(rule: Rule, outcome: Outcome) -> str:
    prefix = {
        Outcome.SATISFIED: "Met",
        Outcome.WEAK: "Weak",
        Outcome.MISSING: "Missing",
        Outcome.CONFLICT: "Conflict",
        Outcome.NOT_APPLICABLE: "Not applicable",
        Outcome.WAIVED: "Waived",
    }[outcome]
    return f"{prefix}: {rule.title}"


def evaluate(
    doc: Document,
    compiled: Compiled,
    context: Context,
    rules: Iterable[Rule] | None = None,
) -> list[Result]:
    """One Result per rule for ``doc``, in rule id order."""
    index = Index(doc, compiled)
    ev = RuleEvaluator(index, context)
    return [ev.evaluate(r) for r in (rules if rules is not None else compiled.rules)]


def severity_rank(result: Result) -> tuple[int, str]:
    return (-int(result.severity), result.rule)
