"""The conditions of the rule language from the lark parse tree: patterns, mentions, frames,
counts, comparisons and quantities -- the half of the Transformer that ``when`` clauses use.

``ToRules`` (in ``transform``) adds the statements of files and rules on top of this class.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from typing import Any

from lark import Token, Transformer, v_args

from tenderlint.lang import regex_safety
from tenderlint.lang.errors import Problem
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Compare,
    Condition,
    Count,
    Frame,
    Mentions,
    Near,
    Not,
    ParamRef,
    Pattern,
    Phrase,
    Quantity,
    Regex,
    SetRef,
    Source,
)
from tenderlint.lang.vocab import COUNT_UNITS, FRAME_LIMITS, MEASURES, measure_dimension
from tenderlint.quantities import DIMENSIONS, parse_money, parse_percent, parse_rule_quantity


def unquote(token: str) -> str:
    """The text of a ``"string"`` or a dedented ``\"\"\"text block\"\"\"``."""
    if token.startswith('"""'):
        body = token[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).strip()
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def did_you_mean(word: str, known: list[str]) -> str:
    """'; did you mean "X"?' for the known word closest to a misspelt one, else nothing."""
    close = difflib.get_close_matches(word, known, n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


@v_args(meta=True)
class ConditionTransformer(Transformer):  # type: ignore[type-arg]
    """Conditions, patterns and quantities; semantic problems are collected, not raised."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        super().__init__()
        self.file = file
        self.problems = problems

    def _src(self, meta: Any) -> Source:
        return Source(self.file, getattr(meta, "line", 1) or 1, getattr(meta, "column", 1) or 1)

    def _tok(self, t: Token) -> Source:
        return Source(self.file, t.line or 1, t.column or 1)

    def _problem(self, where: Source, message: str) -> None:
        self.problems.append(Problem(where, message))

    def or_cond(self, meta: Any, items: list[Condition]) -> Condition:
        out: list[Condition] = []
        for it in items:
            out.extend(it.items if isinstance(it, AnyOf) else [it])
        return AnyOf(tuple(out))

    def and_cond(self, meta: Any, items: list[Condition]) -> Condition:
        out: list[Condition] = []
        for it in items:
            out.extend(it.items if isinstance(it, All) else [it])
        return All(tuple(out))

    def not_cond(self, meta: Any, items: list[Condition]) -> Condition:
        return Not(items[0])

    def mentions(self, meta: Any, items: list[Any]) -> Condition:
        return Mentions(tuple(items[0]))

    def scoped_mentions(self, meta: Any, items: list[Any]) -> Condition:
        return Mentions(tuple(items[1]), scope=items[0])

    def scope(self, meta: Any, items: list[Any]) -> str:
        return str(items[0])

    def next_clause(self, meta: Any, items: list[Any]) -> str:
        return "next"

    def unit(self, meta: Any, items: list[Token]) -> str:
        return str(items[0])

    def compare(self, meta: Any, items: list[Any]) -> Condition:
        subject, op, value = str(items[0]), items[1], items[2]
        near: tuple[Pattern, ...] = ()
        near_words = 0
        if len(items) > 3:
            near_words, near = items[3]
            if subject in MEASURES:
                self._problem(
                    self._tok(items[0]),
                    f'"within ... words of" applies to quantities in the text, '
                    f'not to the document measure "{subject}"',
                )
        if subject not in DIMENSIONS and subject not in MEASURES:
            known = [*DIMENSIONS, *MEASURES]
            self._problem(
                self._tok(items[0]),
                f'unknown quantity "{subject}" (expected duration, period, percentage, '
                f"money, count or a document measure){did_you_mean(subject, known)}",
            )
        cond = Compare(subject, op, value, near, near_words)
        self._check_compare(cond, self._tok(items[0]))
        return cond

    def scoped_compare(self, meta: Any, items: list[Any]) -> Condition:
        cond = self.compare(meta, items[1:])
        if not isinstance(cond, Compare):
            return cond
        if cond.subject in MEASURES:
            self._problem(
                self._tok(items[1]),
                f'a document measure ("{cond.subject}") has no {items[0]}: drop the scope word',
            )
        return Compare(cond.subject, cond.op, cond.value, cond.near, cond.near_words, items[0])

    # -- obligation frames -------------------------------------------------------------------
    def frame(self, meta: Any, items: list[Any]) -> Condition:
        who, modality, action = SetRef(str(items[0]), self._tok(items[0])), items[1], items[2]
        objects: tuple[Pattern, ...] = ()
        to: Pattern | None = None
        limit: Compare | None = None
        for it in items[3:]:
            if isinstance(it, tuple) and it and it[0] == "to":
                to = it[1]
            elif isinstance(it, Compare):
                limit = it
            else:
                objects = tuple(it)
        act = SetRef(str(action), self._tok(action)) if isinstance(action, Token) else action
        if act is None and not objects:
            # Any action of the party's, with nothing acted on, is any duty at all.
            self._problem(self._src(meta), '"act on" needs what is acted on: act on PATTERN')
        return Frame(who, modality, act, objects, to, limit)

    def any_action(self, meta: Any, items: list[Any]) -> None:
        return None  # a Frame's action None: any verb (``act on``)

    def modal_must(self, meta: Any, items: list[Any]) -> str:
        return "must"

    def modal_must_not(self, meta: Any, items: list[Any]) -> str:
        return "must not"

    def modal_may(self, meta: Any, items: list[Any]) -> str:
        return "may"

    def frame_object(self, meta: Any, items: list[Pattern]) -> list[Pattern]:
        return list(items)

    def frame_to(self, meta: Any, items: list[Pattern]) -> tuple[str, Pattern]:
        return ("to", items[0])

    def frame_limit(self, meta: Any, items: list[Any]) -> Compare:
        word, op, value = str(items[0]), items[1], items[2]
        subject = FRAME_LIMITS.get(word)
        if subject is None:
            self._problem(
                self._tok(items[0]),
                f'unknown limit "{word}" (expected {", ".join(FRAME_LIMITS)})',
            )
            subject = "duration"
        cond = Compare(subject, op, value)
        self._check_compare(cond, self._tok(items[0]))
        return cond

    def near_clause(self, meta: Any, items: list[Any]) -> tuple[int, tuple[Pattern, ...]]:
        return int(items[0]), (items[1],)

    def _check_compare(self, cond: Compare, where: Source) -> None:
        if not isinstance(cond.value, Quantity):
            return
        want = measure_dimension(cond.subject)
        if want in DIMENSIONS and cond.value.dimension != want:
            self._problem(
                where,
                f'{cond.subject} is compared with "{cond.value.text}", which is a '
                f"{cond.value.dimension}, not a {want}",
            )

    def count(self, meta: Any, items: list[Any]) -> Condition:
        op, n, unit, patterns = items
        u = COUNT_UNITS.get(str(unit))
        if u is None:
            self._problem(
                self._tok(unit),
                f'unknown unit to count "{unit}" (expected {", ".join(COUNT_UNITS)})',
            )
            u = "block"
        return Count(op, n, u, tuple(patterns))

    def count_n(self, meta: Any, items: list[Token]) -> int | ParamRef:
        t = items[0]
        return ParamRef(str(t), self._tok(t)) if t.type == "SETNAME" else int(t)

    # The comparison operators, in words or symbols, as the engine's operator symbols.
    def le(self, meta: Any, items: list[Any]) -> str:
        return "<="

    def lt(self, meta: Any, items: list[Any]) -> str:
        return "<"

    def ge(self, meta: Any, items: list[Any]) -> str:
        return ">="

    def gt(self, meta: Any, items: list[Any]) -> str:
        return ">"

    def eq(self, meta: Any, items: list[Any]) -> str:
        return "="

    def at_least(self, meta: Any, items: list[Any]) -> str:
        return ">="

    def at_most(self, meta: Any, items: list[Any]) -> str:
        return "<="

    # -- patterns --------------------------------------------------------------------------
    def pattern_list(self, meta: Any, items: list[Pattern]) -> tuple[Pattern, ...]:
        return tuple(items)

    def phrase(self, meta: Any, items: list[Token]) -> Pattern:
        text = unquote(items[0]).strip()
        if not re.search(r"\w", text):
            self._problem(self._tok(items[0]), "empty phrase: a phrase needs words")
        return Phrase(text, self._tok(items[0]))

    def regex(self, meta: Any, items: list[Token]) -> Pattern:
        raw = str(items[0])
        end = raw.rfind("/")
        source, flags = raw[1:end].replace("\\/", "/"), raw[end + 1 :]
        try:
            re.compile(source)
        except re.error as exc:
            self._problem(self._tok(items[0]), f"invalid regular expression /{source}/: {exc}")
        else:
            refused, _ = regex_safety.check(source, flags)
            if refused:
                self._problem(self._tok(items[0]), f"regular expression refused: {refused}")
        return Regex(source, flags)

    def set_ref(self, meta: Any, items: list[Token]) -> Pattern:
        return SetRef(str(items[0]), self._tok(items[0]))

    def near(self, meta: Any, items: list[Any]) -> Pattern:
        return Near(items[0], items[2], int(items[1]), ordered=False)

    def followed_by(self, meta: Any, items: list[Any]) -> Pattern:
        return Near(items[0], items[1], int(items[2]), ordered=True)

    # -- quantities ------------------------------------------------------------------------
    def number_quantity(self, meta: Any, items: list[Token]) -> Quantity | None:
        words = " ".join(str(t) for t in items[1:])
        raw = f"{items[0]} {words}".strip()
        q = parse_rule_quantity(float(items[0]), words, raw)
        if q is None:
            self._problem(
                self._tok(items[1]) if len(items) > 1 else self._src(meta),
                f'unknown unit "{words}" in "{raw}" (expected hours, days, working '
                "days, calendar days, business days, weeks, months or years)",
            )
        return q

    def percent_quantity(self, meta: Any, items: list[Token]) -> Quantity:
        return parse_percent(str(items[0]))

    def money_quantity(self, meta: Any, items: list[Token]) -> Quantity:
        return parse_money(str(items[0]))

    def param_ref(self, meta: Any, items: list[Token]) -> ParamRef:
        return ParamRef(str(items[0]), self._tok(items[0]))
