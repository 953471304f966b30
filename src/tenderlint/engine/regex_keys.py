"""What a pack's regular expression cannot match without: its literal keys for the automaton,
whether every match starts with one, and whether a match can cross a line break -- all read
from the standard library's parse tree, never by running the expression."""

from __future__ import annotations

import importlib
import re
from typing import Any

from tenderlint.lang.nouns import Regex

# The regex parser of the standard library (imported by name: its type stubs do not declare it).
sre_parse: Any = importlib.import_module("re._parser")
sre_constants: Any = importlib.import_module("re._constants")

# Words so frequent in contracts that a key made of one would announce a phrase in nearly every
# block; a rarer word of the phrase is a better key. Chosen by hand from UK model contracts.
COMMON_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "any",
        "all",
        "such",
        "shall",
        "must",
        "will",
        "may",
        "not",
        "its",
        "their",
        "which",
        "from",
        "have",
        "has",
        "been",
        "are",
        "was",
        "were",
        "other",
        "under",
        "into",
        "upon",
        "than",
        "then",
        "each",
        "per",
        "out",
        "within",
        "without",
        "supplier",
        "supplier's",
        "contractor",
        "authority",
        "authority's",
        "buyer",
        "customer",
        "council",
        "party",
        "parties",
        "services",
        "service",
        "contract",
        "agreement",
        "data",
        "information",
        "provide",
        "provided",
        "provision",
        "including",
        "include",
        "relation",
        "relating",
        "accordance",
        "reasonable",
        "reasonably",
        "time",
        "writing",
        "written",
        "days",
        "day",
        "working",
        "period",
        "date",
        "term",
        "terms",
        "clause",
        "schedule",
        "obligations",
        "obligation",
        "rights",
        "right",
    ]
)


def _regex_keys(source: str) -> list[str] | None:
    """Literals a regex cannot match without: one per top-level alternative, or None."""
    try:
        tree = sre_parse.parse(source, re.IGNORECASE)
    except re.error:
        return None
    return _seq_keys(list(tree), sre_parse)


def leading_keys(source: str) -> list[str] | None:
    """The literals a regex's every match starts with (after zero-width assertions), or None.

    ``\\b(?:provide[sd]?|supply|give)`` starts with "provide", "supply" or "give": it can be
    tried only where the automaton saw one of them, with ``match`` rather than a scan. Most
    rule regexes have this shape, and scanning with them is the slowest part of matching.
    """
    c = sre_constants
    try:
        tree = sre_parse.parse(source, re.IGNORECASE)
    except re.error:
        return None

    def lead(items: list[Any], prefixes: list[str]) -> tuple[list[str], bool] | None:
        """Extend each prefix through the leading literals of ``items``.

        Returns the prefixes and whether ``items`` was consumed to its end (so that what
        follows may extend them further), or None when a match may start with anything.
        """
        i = 0
        while i < len(items) and items[i][0] in (c.AT, c.ASSERT, c.ASSERT_NOT):
            i += 1
        while i < len(items):
            if len(prefixes) > 64:
                return prefixes, False  # enough alternatives: more would not help
            op, arg = items[i]
            if op is c.LITERAL:
                prefixes = [p + chr(arg).lower() for p in prefixes]
            elif op is c.SUBPATTERN:
                got = lead(list(arg[-1]), prefixes)
                if got is None:
                    return (prefixes, False) if any(prefixes) else None
                prefixes, complete = got
                if not complete:
                    return prefixes, False
            elif op is c.BRANCH:
                out: list[str] = []
                all_complete = True
                for alt in arg[1]:
                    got = lead(list(alt), prefixes)
                    if got is None:
                        return None  # an alternative with no literal start: give up
                    out.extend(got[0])
                    all_complete = all_complete and got[1]
                prefixes = out
                if not all_complete:
                    return prefixes, False
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and _is_space(arg[2], c):
                # Text is normalised to single spaces, so "\\s+" is one space in a key.
                if arg[0] >= 1:
                    prefixes = [p + " " for p in prefixes]
                else:
                    prefixes = prefixes + [p + " " for p in prefixes]
            elif op is c.MAX_REPEAT and arg[0] == 0 and arg[1] == 1:
                got = lead(list(arg[2]), prefixes)  # "co-?operate": with and without
                if got is None or not got[1]:
                    return prefixes, False
                prefixes = prefixes + got[0]
            else:
                return (prefixes, False) if any(prefixes) else None
            i += 1
        return prefixes, True

    result = lead(list(tree), [""])
    got = result[0] if result else None
    # Two letters ("re", "tb") occur everywhere: trying the regex at each would cost more than
    # a scan of the blocks where a longer literal of it occurs.
    if not got or any(len(k) < 3 and not set(k) & _RARE for k in got):
        return None
    return sorted(set(got))


def _is_space(items: Any, c: Any) -> bool:
    """Is a repeated item exactly whitespace (``\\s``, ``[ ]``, ``[\\s-]`` is not)?"""
    items = list(items)
    if len(items) != 1:
        return False
    op, arg = items[0]
    if op is c.LITERAL:
        return bool(arg == ord(" "))
    if op is c.IN:
        return list(arg) in ([(c.CATEGORY, c.CATEGORY_SPACE)], [(c.LITERAL, ord(" "))])
    return False


_RARE = set("[]{}<>£€$§█|#@~^%")


def _seq_keys(items: list[Any], sp: Any) -> list[str] | None:
    """Required literal(s) of a sequence of regex parse items (longest run, or branch keys)."""
    c = sre_constants
    best: str = ""
    run: list[str] = []
    branch_keys: list[str] | None = None
    for op, arg in items:
        if op is c.LITERAL:
            run.append(chr(arg).lower())
            continue
        if len("".join(run)) > len(best):
            best = "".join(run)
        run = []
        if op is c.BRANCH:
            keys: list[str] = []
            for alt in arg[1]:
                k = _seq_keys(list(alt), sp)
                if not k:
                    keys = []
                    break
                keys.extend(k)
            if keys and (branch_keys is None or min(map(len, keys)) > min(map(len, branch_keys))):
                branch_keys = keys
        elif op is c.SUBPATTERN:
            k = _seq_keys(list(arg[-1]), sp)
            if k and len(k) == 1 and len(k[0]) > len(best):
                best = k[0]
            elif k and len(k) > 1 and branch_keys is None:
                branch_keys = k
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            inner = list(arg[2])
            if arg[0] >= 2 and len(inner) == 1 and inner[0][0] is c.LITERAL:
                k = [chr(inner[0][1]).lower() * min(arg[0], 8)]  # "X{3,}": "xxx"
            else:
                k = _seq_keys(inner, sp)
            if k and len(k) == 1 and len(k[0]) > len(best):
                best = k[0]
    if len("".join(run)) > len(best):
        best = "".join(run)
    best = best.strip()
    if len(best) >= 3 and best not in COMMON_WORDS:
        return [best]
    if best and any(ch in _RARE for ch in best):
        return [best]  # "[" or "{" are rare in contract text: a good key though short
    if len(best) >= 3:
        return [best]
    if branch_keys and all(len(k) >= 2 or k in _RARE for k in branch_keys):
        return branch_keys  # "%" or "per cent": "%" is rare in contract text
    return [best] if len(best) >= 2 else None


def within_a_line(source: str, flags: int) -> bool:
    r"""Can no part of the regex (lookarounds included) match or assert across a line break?

    Such a regex finds the same matches in one scan of the whole text (blocks joined by line
    breaks) as in a scan of each block on its own: a line break is a non-word character where
    a block's end is the end of the text, and nothing in it reads either. ``\s``, ``.`` under
    DOTALL, negated classes that do not exclude the line break, ``$`` without MULTILINE and
    ``\Z`` (true only at a block's end) make a regex block-bound.
    """
    try:
        tree = sre_parse.parse(source, flags)
    except (re.error, OverflowError, RecursionError):
        return False
    return _line_bound(list(tree), tree.state.flags | flags)


_LINE_SAFE = (
    sre_constants.CATEGORY_DIGIT,
    sre_constants.CATEGORY_WORD,
    sre_constants.CATEGORY_NOT_SPACE,
    sre_constants.CATEGORY_NOT_LINEBREAK,
)


def _line_bound(items: list[Any], flags: int) -> bool:
    c = sre_constants
    for op, arg in items:
        if op is c.LITERAL:
            ok = arg != 10
        elif op is c.ANY:
            ok = not flags & re.DOTALL
        elif op is c.AT:
            ok = arg not in (c.AT_END_STRING,) and (arg is not c.AT_END or flags & re.MULTILINE)
        elif op is c.IN:
            ok = _class_within_a_line(list(arg))
        elif op is c.SUBPATTERN:
            add, remove = arg[1], arg[2]
            ok = _line_bound(list(arg[-1]), (flags | add) & ~remove)
        elif op is c.BRANCH:
            ok = all(_line_bound(list(alt), flags) for alt in arg[1])
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            ok = _line_bound(list(arg[2]), flags)
        elif op in (c.ASSERT, c.ASSERT_NOT):
            ok = _line_bound(list(arg[1]), flags)
        elif op is c.ATOMIC_GROUP:
            ok = _line_bound(list(arg), flags)
        else:  # back-references, conditionals, NOT_LITERAL, CATEGORY: not worth proving
            ok = op is c.GROUPREF
        if not ok:
            return False
    return True


def _class_within_a_line(items: list[Any]) -> bool:
    """Is a character class unable to match a line break?"""
    c = sre_constants
    negated = bool(items) and items[0][0] is c.NEGATE
    holds_break = False
    for op, arg in items[1:] if negated else items:
        if op is c.LITERAL:
            holds_break |= arg == 10
        elif op is c.RANGE:
            holds_break |= arg[0] <= 10 <= arg[1]
        elif op is c.CATEGORY:
            if arg in (c.CATEGORY_SPACE, c.CATEGORY_LINEBREAK):
                holds_break = True
            elif arg not in _LINE_SAFE:
                return False  # \W, \D and the like include the line break: be safe
        else:
            return False
    return holds_break if negated else not holds_break


def regex_keys(pattern: Regex) -> tuple[tuple[str, ...], bool]:
    """A regular expression's automaton keys, and whether every match starts with one."""
    if "x" in pattern.flags:  # verbose syntax: its spaces and comments are not literals
        return (), False
    leading = leading_keys(pattern.source)
    if leading:
        return tuple(leading), True
    return tuple(_regex_keys(pattern.source) or ()), False
