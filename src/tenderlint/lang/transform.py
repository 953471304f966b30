"""The lark parse tree of a rule file to typed values: one Transformer method per grammar rule.

Semantic errors (unknown severity, document type, unit, outcome, measure; an invalid regular
expression) are collected in ``problems``, not raised, so an author sees all of them at once.
Names that cross files (term sets, parameters, duplicate ids) are checked by ``names``.
"""

from __future__ import annotations

import difflib
import re
import textwrap
from dataclasses import replace
from typing import Any

from lark import Token, Transformer, v_args

from tenderlint.lang import regex_safety
from tenderlint.lang.errors import Problem
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Check,
    Citation,
    Compare,
    Condition,
    Count,
    Example,
    Fact,
    Frame,
    Hedges,
    Import,
    Mentions,
    Near,
    Not,
    Param,
    ParamRef,
    Pattern,
    Phrase,
    Prohibition,
    Quantity,
    Regex,
    Requirement,
    Rule,
    RuleFile,
    SetRef,
    Source,
    TermSet,
)
from tenderlint.lang.statements import (
    AppliesStmt,
    CheckStmt,
    CiteStmt,
    ExampleStmt,
    ForbidStmt,
    MessageStmt,
    RequireStmt,
    SeverityStmt,
    Statement,
    TagsStmt,
    TextStmt,
    TopicStmt,
    build_rule,
)
from tenderlint.lang.vocab import (
    COUNT_UNITS,
    DOC_TYPES,
    FACTS,
    FRAME_LIMITS,
    MEASURES,
    OUTCOME_WORDS,
    PARTIES,
    measure_dimension,
)
from tenderlint.model import DocType, Outcome, Severity
from tenderlint.quantities import (
    DIMENSIONS,
    parse_money,
    parse_percent,
    parse_rule_quantity,
    switch_quantity,
)


def unquote(token: str) -> str:
    """The text of a ``"string"`` or a dedented ``\"\"\"text block\"\"\"``."""
    if token.startswith('"""'):
        body = token[3:-3]
        if body.startswith("\n"):
            body = body[1:]
        return textwrap.dedent(body).strip()
    body = token[1:-1]
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), body)


def _hint(word: str, known: list[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1)
    return f'; did you mean "{close[0]}"?' if close else ""


@v_args(meta=True)
class ToRules(Transformer):  # type: ignore[type-arg]
    """Builds a ``RuleFile`` from the parse tree of one file, collecting semantic problems."""

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

    # -- file structure --------------------------------------------------------------------
    def start(self, meta: Any, items: list[Any]) -> RuleFile:
        pack = next((it[1] for it in items if isinstance(it, tuple) and it[0] == "pack"), None)
        return RuleFile(
            self.file,
            pack,
            tuple(it for it in items if isinstance(it, Import)),
            tuple(it for it in items if isinstance(it, TermSet)),
            tuple(it for it in items if isinstance(it, Param)),
            tuple(it for it in items if isinstance(it, Rule)),
            tuple(it for it in items if isinstance(it, Hedges)),
        )

    def pack_header(self, meta: Any, items: list[Token]) -> tuple[str, str]:
        return ("pack", unquote(items[0]))

    def import_stmt(self, meta: Any, items: list[Any]) -> Import:
        names, pack = items
        return Import(names, unquote(pack), self._src(meta))

    def import_all(self, meta: Any, items: list[Token]) -> None:
        return None

    def import_list(self, meta: Any, items: list[Token]) -> tuple[str, ...]:
        return tuple(str(t) for t in items)

    def define_stmt(self, meta: Any, items: list[Any]) -> TermSet:
        desc = unquote(items[1]) if len(items) == 3 else None
        return TermSet(str(items[0]), items[-1], desc, self._src(meta))

    def role_stmt(self, meta: Any, items: list[Any]) -> TermSet:
        name, party = str(items[0]), str(items[1])
        if party not in PARTIES:
            self._problem(
                self._tok(items[1]),
                f'unknown party "{party}" for role {name} (expected {" or ".join(PARTIES)})',
            )
        desc = unquote(items[2]) if len(items) == 4 else None
        return TermSet(name, items[-1], desc, self._src(meta), party=party)

    def hedge_stmt(self, meta: Any, items: list[Any]) -> Hedges:
        names = tuple(str(t) for t in items if isinstance(t, Token))
        exceptions = next((it for it in items if isinstance(it, tuple)), ())
        return Hedges(names, exceptions, self._src(meta))

    def hedge_except(self, meta: Any, items: list[Token]) -> tuple[str, ...]:
        return tuple(str(t) for t in items)

    def param_stmt(self, meta: Any, items: list[Any]) -> Param | None:
        name, q = str(items[0]), items[1]
        if isinstance(q, Token) and q.type == "SWITCH":
            q = switch_quantity(str(q))
        if isinstance(q, ParamRef):
            self._problem(self._src(meta), f"parameter {name} must be a number with a unit")
            return None
        if q is None:
            return None
        return Param(name, q, self._src(meta))

    # -- rules -----------------------------------------------------------------------------
    def rule_def(self, meta: Any, items: list[Any]) -> Rule:
        statements: list[Statement] = [it for it in items[2:] if it is not None]
        return build_rule(
            str(items[0]), unquote(items[1]), self._src(meta), statements, self.problems
        )

    def severity_stmt(self, meta: Any, items: list[Token]) -> SeverityStmt:
        overrides: dict[Outcome, Severity] = {}
        for o, s in zip(items[1::2], items[2::2], strict=True):
            outcome = OUTCOME_WORDS.get(str(o))
            if outcome is None or outcome in (Outcome.SATISFIED, Outcome.NOT_APPLICABLE):
                self._problem(
                    self._tok(o),
                    f'unknown outcome "{o}" in severity (expected missing, weak or conflict)',
                )
                continue
            overrides[outcome] = self._severity(s)
        return SeverityStmt(self._severity(items[0]), overrides, self._src(meta))

    def _severity(self, t: Token) -> Severity:
        try:
            return Severity.parse(str(t))
        except KeyError:
            hint = _hint(str(t), ["error", "warning", "info"])
            self._problem(
                self._tok(t), f'unknown severity "{t}" (expected error, warning or info){hint}'
            )
            return Severity.ERROR

    def applies_stmt(self, meta: Any, items: list[Token]) -> AppliesStmt:
        types: set[DocType] = set()
        for t in items:
            word = str(t)
            if word in ("both", "any", "all"):
                types |= {DocType.TENDER, DocType.CONTRACT}
            elif word in DOC_TYPES:
                types.add(DOC_TYPES[word])
            else:
                hint = _hint(word, [*DOC_TYPES, "both"])
                self._problem(
                    self._tok(t),
                    f'unknown document type "{word}" (expected tender, contract or both){hint}',
                )
        return AppliesStmt(frozenset(types), self._src(meta))

    def theme_stmt(self, meta: Any, items: list[Token]) -> TextStmt:
        return TextStmt("theme", unquote(items[0]), self._src(meta))

    def tags_stmt(self, meta: Any, items: list[Token]) -> TagsStmt:
        return TagsStmt(tuple(str(t) for t in items), self._src(meta))

    def rationale_stmt(self, meta: Any, items: list[Token]) -> TextStmt:
        return TextStmt("rationale", unquote(items[0]), self._src(meta))

    def suggest_stmt(self, meta: Any, items: list[Token]) -> TextStmt:
        return TextStmt("suggestion", unquote(items[0]), self._src(meta))

    def message_stmt(self, meta: Any, items: list[Token]) -> MessageStmt | None:
        outcome = OUTCOME_WORDS.get(str(items[0]))
        if outcome is None:
            self._problem(
                self._tok(items[0]),
                f'unknown outcome "{items[0]}" (expected {", ".join(OUTCOME_WORDS)})',
            )
            return None
        return MessageStmt(outcome, unquote(items[1]), self._src(meta))

    def label(self, meta: Any, items: list[Token]) -> str:
        return unquote(items[0])

    def when_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        only, rest = self._split_for(items)
        label = rest[1] if len(rest) > 1 else None
        where = self._src(meta)
        return CheckStmt("triggers", Check(rest[0], label, where, only), where)

    def require_stmt(self, meta: Any, items: list[Any]) -> RequireStmt:
        sections = items[2] if len(items) > 2 else ()
        where = self._src(meta)
        return RequireStmt(Requirement(items[0], items[1], sections, where), where)

    def section_scope(self, meta: Any, items: list[Any]) -> tuple[Pattern, ...]:
        return tuple(items[0])

    @staticmethod
    def _split_for(items: list[Any]) -> tuple[DocType | None, list[Any]]:
        if items and isinstance(items[0], tuple) and items[0][0] == "only_for":
            return items[0][1], items[1:]
        return None, items

    def _graded(self, kind: str, meta: Any, items: list[Any]) -> CheckStmt:
        only, rest = self._split_for(items)
        label = rest[1] if len(rest) > 1 else None
        where = self._src(meta)
        return CheckStmt(kind, Check(rest[0], label, where, only), where)

    def strong_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        return self._graded("strong", meta, items)

    def weak_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        return self._graded("weak", meta, items)

    def weak_labelled(self, meta: Any, items: list[Any]) -> CheckStmt:
        only, rest = self._split_for(items)
        where = self._src(meta)
        return CheckStmt("weak", Check(rest[1], unquote(rest[0]), where, only), where)

    def _element(self, kind: str, meta: Any, items: list[Any]) -> CheckStmt:
        only, rest = self._split_for(items)
        where = self._src(meta)
        return CheckStmt(kind, Check(rest[1], unquote(rest[0]), where, only), where)

    def core_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        switch = [it for it in items if isinstance(it, tuple) and it[0] == "core_if"]
        stmt = self._element("core", meta, [it for it in items if it not in switch])
        if not switch:
            return stmt
        return CheckStmt("core", replace(stmt.check, core_if=switch[0][1]), stmt.source)

    def core_if(self, meta: Any, items: list[Token]) -> tuple[str, str]:
        return ("core_if", str(items[0]))

    def preferred_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        return self._element("preferred", meta, items)

    def conflict_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        return self._element("conflicts", meta, items)

    def mandatory_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        label = items[1] if len(items) > 1 else None
        where = self._src(meta)
        return CheckStmt("mandatory", Check(items[0], label, where), where)

    def fact(self, meta: Any, items: list[Token]) -> Condition:
        name = str(items[0])
        if name not in FACTS:
            self._problem(
                self._tok(items[0]),
                f'unknown fact "{name}" (expected {", ".join(sorted(FACTS))})'
                + _hint(name, list(FACTS)),
            )
        return Fact(name, tuple(unquote(t).lower() for t in items[1:]))

    def fact_date(self, meta: Any, items: list[Token]) -> Condition:
        name, op, value = str(items[0]), str(items[1]), unquote(items[2])
        if name != "date":
            self._problem(self._tok(items[0]), f'"{op}" compares dates: write "fact date {op} ..."')
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self._problem(self._tok(items[2]), f'"{value}" is not a date (write yyyy-mm-dd)')
        return Fact(name, (value,), op)

    def topic_stmt(self, meta: Any, items: list[Any]) -> TopicStmt:
        return TopicStmt(tuple(items[0]), self._src(meta))

    def forbid_stmt(self, meta: Any, items: list[Any]) -> ForbidStmt:
        only, rest = self._split_for(items)
        label = rest[2] if len(rest) > 2 else None
        where = self._src(meta)
        return ForbidStmt(Prohibition(rest[0], rest[1], label, where, only), where)

    def only_for(self, meta: Any, items: list[Token]) -> tuple[str, DocType | None]:
        return ("only_for", self.example_for(meta, items))

    def limit_stmt(self, meta: Any, items: list[Any]) -> CheckStmt:
        subject, op, value = str(items[0]), items[1], items[2]
        label = items[3] if len(items) > 3 else None
        where = self._src(meta)
        if subject not in MEASURES:
            self._problem(
                self._tok(items[0]),
                f'unknown document measure "{subject}" '
                f"(expected one of {', '.join(sorted(MEASURES))}){_hint(subject, list(MEASURES))}",
            )
        cond = Compare(subject, op, value)
        self._check_compare(cond, self._tok(items[0]))
        return CheckStmt("limits", Check(cond, label, where), where)

    def cite_stmt(self, meta: Any, items: list[Any]) -> CiteStmt:
        parts = dict(items[1:])
        url = parts.get("url")
        if url and not re.match(r"https?://\S+$", url):
            self._problem(self._src(meta), f'citation url is not a web address: "{url}"')
        citation = Citation(unquote(items[0]), parts.get("section"), url)
        return CiteStmt(citation, self._src(meta))

    def cite_section(self, meta: Any, items: list[Token]) -> tuple[str, str]:
        return ("section", unquote(items[0]))

    def cite_url(self, meta: Any, items: list[Token]) -> tuple[str, str]:
        return ("url", unquote(items[0]))

    def example_stmt(self, meta: Any, items: list[Any]) -> ExampleStmt | None:
        where = self._src(meta)
        word = str(items[0])
        outcome = OUTCOME_WORDS.get(word)
        if outcome is None:
            self._problem(
                self._tok(items[0]),
                f'unknown outcome "{word}" for an example '
                f"(expected {', '.join(OUTCOME_WORDS)}){_hint(word, list(OUTCOME_WORDS))}",
            )
            return None
        doc_type = next((it for it in items[1:-1] if isinstance(it, DocType)), None)
        expects = tuple(it for it in items[1:-1] if isinstance(it, str))
        example = Example(outcome, unquote(items[-1]), doc_type, expects, where)
        return ExampleStmt(example, where)

    def example_for(self, meta: Any, items: list[Token]) -> DocType | None:
        word = str(items[0])
        if word not in DOC_TYPES:
            self._problem(
                self._tok(items[0]),
                f'unknown document type "{word}" (expected tender or contract)',
            )
            return None
        return DOC_TYPES[word]

    def expect(self, meta: Any, items: list[Token]) -> str:
        return unquote(items[0])

    # -- conditions ------------------------------------------------------------------------
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
                f"money, count or a document measure){_hint(subject, known)}",
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
        return Frame(who, modality, act, objects, to, limit)

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
