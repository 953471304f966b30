"""Regular expressions from rule packs checked for shapes that make Python's backtracking
matcher run away: refused when the time can grow exponentially with the text, warned about
when it can grow with its square or worse.

Python's ``re`` cannot be stopped while it matches, so a pack must not be able to ship
``/(\\w+\\s?)+$/``, which takes minutes on a 30-character line. The test is the classic one
for backtracking matchers: build the position automaton (Glushkov) of the expression, with
each repetition over ``MANY`` treated as unbounded; it backtracks exponentially when some
state can return to itself along two different paths reading the same text (two different
pairs of states in one strongly connected part of the automaton paired with itself), and
polynomially when two different looping states can read the same text in turn, one after the
other. Lookaheads are checked as expressions of their own; backreferences are refused (no
linear-time matcher supports them, and no rule needs one).
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# The standard library's regex parser (imported by name: its type stubs do not declare it).
sre_parse: Any = importlib.import_module("re._parser")
c: Any = importlib.import_module("re._constants")

MANY = 10  # a repetition bound above this counts as a loop

_ALPHABET = (
    "\t\n\r "
    + "".join(chr(i) for i in range(33, 127))
    + "\u00a0\u00e9\u00df\u2019\u2013\u2588\u0663\u4e2d\u2028\u00b2\u0130"
)


_SPACES = frozenset(" \t\n\r\u00a0\u2028")


_EXPONENTIAL = (
    "a repetition inside a repetition can match the same text in more than one way, so "
    "matching can take exponential time (rewrite it so each part of the text can be matched "
    "only one way, e.g. (\\w+\\s)* not (\\w+\\s?)*)"
)


_BACKREF = (
    "backreferences are not allowed in rule patterns (they can make matching take "
    "exponential time; write the alternatives out)"
)


class Refused(Exception):
    """An expression the matcher cannot be trusted with."""


@dataclass
class _Glushkov:
    classes: list[frozenset[str]] = field(default_factory=list)
    # follow[p][q]: in how many ways the expression's structure lets q come right after p
    follow: list[dict[int, int]] = field(default_factory=list)
    loops: list[bool] = field(default_factory=list)  # a position inside a loop
    unbounded: list[bool] = field(default_factory=list)  # ... with no upper bound
    lookaheads: list[list[Any]] = field(default_factory=list)

    def new(self, chars: frozenset[str]) -> int:
        self.classes.append(chars)
        self.follow.append({})
        self.loops.append(False)
        self.unbounded.append(False)
        return len(self.classes) - 1


@dataclass(frozen=True)
class _Part:
    first: frozenset[int]
    last: frozenset[int]
    nullable: bool
    positions: frozenset[int]


_EMPTY = _Part(frozenset(), frozenset(), True, frozenset())


def _flags(flags: str) -> int:
    out = re.IGNORECASE
    for f in flags:
        out |= {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE}.get(f, 0)
    return out


def check(source: str, flags: str = "", slow: bool = False) -> tuple[str | None, str | None]:
    """(why the expression is refused, or None; with ``slow``, why it may be slow on long
    text, or None)."""
    try:
        tree = sre_parse.parse(source, _flags(flags))
    except (re.error, RecursionError, OverflowError):
        return None, None  # the parser reports invalid expressions itself
    alphabet = _ALPHABET + "".join(sorted(_literals(list(tree))))
    flags_now = tree.state.flags
    warning: str | None = None
    try:
        # Exponential time needs a loop that can read its text two ways: only loops holding
        # a branch or another repetition can, so only they are built and searched.
        for body, loop_flags in _risky_loops(list(tree), flags_now):
            g = _Glushkov()
            _repeat(g, (0, c.MAXREPEAT, body), loop_flags, alphabet)
            if _exponential(g):
                return _EXPONENTIAL, None
        if slow:
            g = _Glushkov()
            _build(g, list(tree), flags_now, alphabet)
            warning = _polynomial(g)
    except Refused as exc:
        return str(exc), None
    except RecursionError:
        return "nested too deeply to check", None
    return None, warning


def _risky_loops(items: list[Any], flags: int) -> list[tuple[list[Any], int]]:
    """The bodies of outermost loops (repetitions over ``MANY``) that hold a branch or another
    repetition, in lookaheads too; refuses backreferences wherever they are."""
    out: list[tuple[list[Any], int]] = []
    stack: list[tuple[list[Any], int]] = [(items, flags)]
    while stack:
        seq, fl = stack.pop()
        for op, arg in seq:
            if op in (c.GROUPREF, c.GROUPREF_EXISTS):
                raise Refused(_BACKREF)
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                body = list(arg[2])
                if (arg[1] == c.MAXREPEAT or arg[1] > MANY) and _branches(body):
                    out.append((body, fl))
                else:
                    stack.append((body, fl))
            elif op is c.SUBPATTERN:
                stack.append((list(arg[-1]), (fl | arg[1]) & ~arg[2]))
            elif op is c.ATOMIC_GROUP:
                stack.append((list(arg), fl))
            elif op is c.BRANCH:
                stack.extend((list(alt), fl) for alt in arg[1])
            elif op in (c.ASSERT, c.ASSERT_NOT):
                stack.append((list(arg[1]), fl))
    return out


def _branches(items: list[Any]) -> bool:
    """Does a sequence hold a repetition or an alternation, at any depth?"""
    stack = [items]
    while stack:
        for op, arg in stack.pop():
            if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT, c.BRANCH):
                return True
            if op in (c.GROUPREF, c.GROUPREF_EXISTS):
                raise Refused(_BACKREF)
            if op is c.SUBPATTERN:
                stack.append(list(arg[-1]))
            elif op is c.ATOMIC_GROUP:
                stack.append(list(arg))
    return False


def _literals(items: list[Any]) -> set[str]:
    """Characters the expression names, so that class overlaps are tested on them too."""
    out: set[str] = set()
    stack = [items]
    while stack:
        for op, arg in stack.pop():
            if op in (c.LITERAL, c.NOT_LITERAL):
                out.add(chr(arg))
            elif op is c.RANGE:
                out.update((chr(arg[0]), chr(min(arg[1], sys.maxunicode))))
            elif op in (c.IN,):
                stack.append(list(arg))
            elif op is c.SUBPATTERN:
                stack.append(list(arg[-1]))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                stack.append(list(arg[2]))
            elif op is c.BRANCH:
                stack.extend(list(a) for a in arg[1])
            elif op in (c.ASSERT, c.ASSERT_NOT):
                stack.append(list(arg[1]))
            elif op is c.ATOMIC_GROUP:
                stack.append(list(arg))
    return {ch for ch in out if ch.isprintable() or ch in "\t\n\r"}


def _chars(op: Any, arg: Any, flags: int, alphabet: str) -> frozenset[str]:
    """The characters of ``alphabet`` that one character item matches."""
    if op is c.LITERAL:
        ch = chr(arg)
        if flags & re.IGNORECASE:
            return frozenset({ch, ch.lower(), ch.upper()})
        return frozenset({ch})
    key = (op, tuple(arg) if isinstance(arg, list) else arg, flags & ~re.VERBOSE, alphabet)
    return _class_chars(key)


@functools.lru_cache(maxsize=4096)
def _class_chars(key: tuple[Any, Any, int, str]) -> frozenset[str]:
    op, arg, flags, alphabet = key
    try:
        compiled = re.compile(_unparse(op, arg), flags)
    except re.error:
        return frozenset(alphabet)
    return frozenset(ch for ch in alphabet if compiled.fullmatch(ch))


def _unparse(op: Any, arg: Any) -> str:
    """A one-character item back as expression text (enough to test membership)."""
    if op is c.LITERAL:
        return re.escape(chr(arg))
    if op is c.NOT_LITERAL:
        return "[^" + re.escape(chr(arg)) + "]"
    if op is c.ANY:
        return "."
    if op is c.IN:
        parts = []
        negate = ""
        for iop, iarg in arg:
            if iop is c.NEGATE:
                negate = "^"
            elif iop is c.LITERAL:
                parts.append(re.escape(chr(iarg)))
            elif iop is c.RANGE:
                parts.append(re.escape(chr(iarg[0])) + "-" + re.escape(chr(iarg[1])))
            elif iop is c.CATEGORY:
                parts.append(_CATEGORY[iarg])
        return "[" + negate + "".join(parts) + "]" if parts or negate else "[^\\s\\S]"
    raise Refused(f"unsupported construct {op}")


_CATEGORY = {
    c.CATEGORY_DIGIT: r"\d",
    c.CATEGORY_NOT_DIGIT: r"\D",
    c.CATEGORY_SPACE: r"\s",
    c.CATEGORY_NOT_SPACE: r"\S",
    c.CATEGORY_WORD: r"\w",
    c.CATEGORY_NOT_WORD: r"\W",
}


def _build(g: _Glushkov, items: list[Any], flags: int, alphabet: str) -> _Part:
    """The Glushkov part of a sequence of parse items, with its follow sets added to ``g``."""
    part = _EMPTY
    for op, arg in items:
        part = _concat(g, part, _item(g, op, arg, flags, alphabet))
    return part


def _link(g: _Glushkov, sources: frozenset[int], targets: frozenset[int]) -> None:
    for p in sources:
        f = g.follow[p]
        for q in targets:
            f[q] = f.get(q, 0) + 1


def _concat(g: _Glushkov, a: _Part, b: _Part) -> _Part:
    _link(g, a.last, b.first)
    return _Part(
        a.first | b.first if a.nullable else a.first,
        a.last | b.last if b.nullable else b.last,
        a.nullable and b.nullable,
        a.positions | b.positions,
    )


def _item(g: _Glushkov, op: Any, arg: Any, flags: int, alphabet: str) -> _Part:
    if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
        p = g.new(_chars(op, arg, flags, alphabet))
        one = frozenset([p])
        return _Part(one, one, False, one)
    if op is c.SUBPATTERN:
        sub_flags = (flags | arg[1]) & ~arg[2]
        return _build(g, list(arg[-1]), sub_flags, alphabet)
    if op is c.ATOMIC_GROUP:
        return _build(g, list(arg), flags, alphabet)
    if op is c.BRANCH:
        parts = [_build(g, list(alt), flags, alphabet) for alt in arg[1]]
        return _Part(
            frozenset().union(*(p.first for p in parts)),
            frozenset().union(*(p.last for p in parts)),
            any(p.nullable for p in parts),
            frozenset().union(*(p.positions for p in parts)),
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        return _repeat(g, arg, flags, alphabet)
    if op in (c.AT,):
        return _EMPTY
    if op is c.ASSERT:
        if arg[0] >= 0:  # a lookahead runs at every position tried: check it too
            g.lookaheads.append(list(arg[1]))
        return _EMPTY
    if op is c.ASSERT_NOT:
        if arg[0] >= 0:
            g.lookaheads.append(list(arg[1]))
        return _EMPTY
    if op in (c.GROUPREF, c.GROUPREF_EXISTS):
        raise Refused(_BACKREF)
    raise Refused(f"unsupported construct {op}")


def _repeat(g: _Glushkov, arg: Any, flags: int, alphabet: str) -> _Part:
    lo, hi, body = arg[0], arg[1], list(arg[2])
    if hi != c.MAXREPEAT and hi <= MANY:
        part = _EMPTY
        for i in range(hi):
            copy = _build(g, body, flags, alphabet)
            if i >= lo:
                copy = _Part(copy.first, copy.last, True, copy.positions)
            part = _concat(g, part, copy)
        return part
    inner = _build(g, body, flags, alphabet)
    _link(g, inner.last, inner.first)
    for p in inner.positions:
        g.loops[p] = True
        g.unbounded[p] = g.unbounded[p] or hi == c.MAXREPEAT
    return _Part(inner.first, inner.last, inner.nullable or lo == 0, inner.positions)


def _sccs(nodes: Iterable[Any], edges: Any) -> list[list[Any]]:
    """Strongly connected components (Tarjan, iterative)."""
    index: dict[Any, int] = {}
    low: dict[Any, int] = {}
    on: set[Any] = set()
    stack: list[Any] = []
    out: list[list[Any]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(edges(root)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter
                    counter += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(edges(w))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                out.append(comp)
    return out


def _loop_groups(g: _Glushkov) -> list[set[int]]:
    """The automaton's strongly connected parts that have a cycle."""
    comps = _sccs(range(len(g.classes)), lambda p: g.follow[p])
    return [set(x) for x in comps if len(x) > 1 or x[0] in g.follow[x[0]]]


def _exponential(g: _Glushkov) -> bool:
    for group in _loop_groups(g):
        if any(n > 1 and q in group for p in group for q, n in g.follow[p].items()):
            return True  # one step two ways, on a cycle: (a+)+, (\w+\s?)*

        def edges(pair: tuple[int, int], group: set[int] = group) -> Iterable[tuple[int, int]]:
            p, q = pair
            for a in g.follow[p].keys() & group:
                for b in g.follow[q].keys() & group:
                    if g.classes[a] & g.classes[b]:
                        yield (a, b)

        for comp in _sccs([(p, p) for p in sorted(group)], edges):
            if len(comp) > 1 and any(a == b for a, b in comp) and any(a != b for a, b in comp):
                return True
    return False


def _polynomial(g: _Glushkov) -> str | None:
    """Two different unbounded loops that can read the same text, the first then the second
    (with the search's own loop over start positions in front of the expression)."""
    # Normalised text has no runs of spaces, so a loop over spaces alone costs nothing.
    loops = [
        p
        for p in range(len(g.classes))
        if g.unbounded[p] and p in g.follow[p] and not g.classes[p] <= _SPACES
    ]
    budget = [50_000]
    looping = set(loops)
    for p in loops:
        for q in _reachable(g, p):
            if q == p or q not in looping or not g.classes[p] & g.classes[q]:
                continue
            if _same_text(g, p, q, budget):
                return (
                    "two unbounded repetitions can match the same text one after the other, so "
                    "matching can take time that grows with the square of a paragraph's length "
                    "(bound one of them, e.g. {0,200}, or make them match different characters)"
                )
    return None


def _reachable(g: _Glushkov, p: int) -> set[int]:
    seen = {p}
    todo = [p]
    while todo:
        for x in g.follow[todo.pop()]:
            if x not in seen:
                seen.add(x)
                todo.append(x)
    return seen


def _same_text(g: _Glushkov, p: int, q: int, budget: list[int]) -> bool:
    """Is there a text on which p returns to p, p reaches q and q returns to q? A search over
    triples of states reading the same characters, from (p, p, q) to (p, q, q)."""
    start = (p, p, q)
    todo = [start]
    seen = {start}
    while todo and budget[0] > 0:
        a, b, d = todo.pop()
        for x in g.follow[a]:
            for y in g.follow[b]:
                cxy = g.classes[x] & g.classes[y]
                if not cxy:
                    continue
                for z in g.follow[d]:
                    budget[0] -= 1
                    if not cxy & g.classes[z]:
                        continue
                    if (x, y, z) == (p, q, q):
                        return True
                    if (x, y, z) not in seen:
                        seen.add((x, y, z))
                        todo.append((x, y, z))
    return False
