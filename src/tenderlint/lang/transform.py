"""The lark parse tree of a rule file to typed values: one Transformer method per grammar rule.

Semantic errors (unknown severity, document type, unit, outcome, measure; an invalid regular
expression) are collected in ``problems``, not raised, so an author sees all of them at once.
Names that cross files (term sets, parameters, duplicate ids) are checked by ``names``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from lark import Token, v_args

from tenderlint.lang.nouns import (
    Check,
    Citation,
    Compare,
    Condition,
    Example,
    Fact,
    Hedges,
    Import,
    Param,
    ParamRef,
    Pattern,
    Prohibition,
    Requirement,
    Rule,
    RuleFile,
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
from tenderlint.lang.transform_conditions import ConditionTransformer, did_you_mean, unquote
from tenderlint.lang.vocab import (
    DOC_TYPES,
    FACTS,
    MEASURES,
    OUTCOME_WORDS,
    PARTIES,
)
from tenderlint.model import DocType, Outcome, Severity
from tenderlint.quantities import (
    switch_quantity,
)


@v_args(meta=True)
class ToRules(ConditionTransformer):
    """Builds a ``RuleFile`` from the parse tree of one file, collecting semantic problems."""

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
            hint = did_you_mean(str(t), ["error", "warning", "info"])
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
                hint = did_you_mean(word, [*DOC_TYPES, "both"])
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
                + did_you_mean(name, list(FACTS)),
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
                f"(expected one of {', '.join(sorted(MEASURES))})"
                + did_you_mean(subject, list(MEASURES)),
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
                f"(expected {', '.join(OUTCOME_WORDS)}){did_you_mean(word, list(OUTCOME_WORDS))}",
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
