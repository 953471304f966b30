"""The statements inside a rule as typed values, and the assembly of a ``Rule`` from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import assert_never

from tenderlint.lang.errors import Problem
from tenderlint.lang.nouns import (
    Check,
    Citation,
    Example,
    Pattern,
    Prohibition,
    Requirement,
    Rule,
    Source,
)
from tenderlint.model import DocType, Outcome, Severity


@dataclass(frozen=True)
class SeverityStmt:
    base: Severity
    overrides: dict[Outcome, Severity]
    source: Source


@dataclass(frozen=True)
class AppliesStmt:
    types: frozenset[DocType]
    source: Source


@dataclass(frozen=True)
class TextStmt:
    """``theme``, ``rationale`` or ``suggest``: a text the rule carries for its readers."""

    field: str  # theme | rationale | suggestion
    text: str
    source: Source


@dataclass(frozen=True)
class TagsStmt:
    tags: tuple[str, ...]
    source: Source


@dataclass(frozen=True)
class MessageStmt:
    outcome: Outcome
    text: str
    source: Source


@dataclass(frozen=True)
class CheckStmt:
    """``when``, ``strong``, ``weak``, ``limit``, ``core``, ``preferred`` or ``conflict``: a
    labelled condition of one of those kinds."""

    kind: str  # triggers | strong | weak | limits | core | preferred | conflicts | mandatory
    check: Check
    source: Source


@dataclass(frozen=True)
class TopicStmt:
    """``topic PATTERNS``: the words that open the rule on a passage."""

    patterns: tuple[Pattern, ...]
    source: Source


@dataclass(frozen=True)
class RequireStmt:
    requirement: Requirement
    source: Source


@dataclass(frozen=True)
class ForbidStmt:
    prohibition: Prohibition
    source: Source


@dataclass(frozen=True)
class CiteStmt:
    citation: Citation
    source: Source


@dataclass(frozen=True)
class ExampleStmt:
    example: Example
    source: Source


Statement = (
    SeverityStmt
    | AppliesStmt
    | TextStmt
    | TagsStmt
    | MessageStmt
    | CheckStmt
    | TopicStmt
    | RequireStmt
    | ForbidStmt
    | CiteStmt
    | ExampleStmt
)

_ONCE = {
    SeverityStmt: "severity",
    AppliesStmt: "applies_to",
    TagsStmt: "tags",
    TopicStmt: "topic",
}
_CHECK_KINDS = (
    "triggers", "strong", "weak", "limits", "core", "preferred", "conflicts", "mandatory",
)  # fmt: skip


@dataclass
class _Parts:
    """What a rule's statements have said so far."""

    severity: SeverityStmt | None = None
    applies_to: frozenset[DocType] | None = None
    texts: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()
    messages: dict[Outcome, str] = field(default_factory=dict)
    checks: dict[str, list[Check]] = field(
        default_factory=lambda: {kind: [] for kind in _CHECK_KINDS}
    )
    topic: tuple[Pattern, ...] = ()
    requirement: Requirement | None = None
    prohibitions: list[Prohibition] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)


def _collect(rid: str, statements: list[Statement], problems: list[Problem]) -> _Parts:
    parts = _Parts()
    seen: set[str] = set()
    for st in statements:
        once = _ONCE.get(type(st)) or (st.field if isinstance(st, TextStmt) else None)
        if once is not None:
            if once in seen:
                problems.append(Problem(st.source, f"{rid}: '{once}' is given twice"))
            seen.add(once)
        if isinstance(st, SeverityStmt):
            parts.severity = st
        elif isinstance(st, AppliesStmt):
            parts.applies_to = st.types
        elif isinstance(st, TextStmt):
            parts.texts[st.field] = st.text
        elif isinstance(st, TagsStmt):
            parts.tags = st.tags
        elif isinstance(st, MessageStmt):
            parts.messages[st.outcome] = st.text
        elif isinstance(st, CheckStmt):
            parts.checks[st.kind].append(st.check)
        elif isinstance(st, TopicStmt):
            parts.topic = st.patterns
        elif isinstance(st, RequireStmt):
            if parts.requirement is not None:
                problems.append(
                    Problem(st.source, f"{rid}: a rule has one 'require'; combine with 'and'")
                )
            parts.requirement = st.requirement
        elif isinstance(st, ForbidStmt):
            parts.prohibitions.append(st.prohibition)
        elif isinstance(st, CiteStmt):
            parts.citations.append(st.citation)
        elif isinstance(st, ExampleStmt):
            parts.examples.append(st.example)
        else:
            assert_never(st)
    return parts


def build_rule(
    rid: str, title: str, src: Source, statements: list[Statement], problems: list[Problem]
) -> Rule:
    """The rule its statements describe; every missing or repeated part is a problem."""
    parts = _collect(rid, statements, problems)
    if parts.severity is None:
        problems.append(Problem(src, f"{rid}: no severity (error, warning or info)"))
    if parts.applies_to is None:
        problems.append(Problem(src, f"{rid}: no 'applies to' (tender, contract, or both)"))
    if not parts.examples:
        problems.append(
            Problem(src, f"{rid}: no examples; give one per outcome the rule can produce")
        )
    checks = parts.checks
    if not parts.requirement and not (
        parts.prohibitions
        or checks["limits"]
        or checks["strong"]
        or checks["weak"]
        or checks["core"]
        or checks["conflicts"]
    ):
        problems.append(
            Problem(src, f"{rid}: nothing to check: add 'core', 'require', 'forbid' or 'limit'")
        )
    if checks["core"] and (parts.requirement or checks["strong"] or parts.prohibitions):
        problems.append(
            Problem(
                src,
                f"{rid}: a rule is written either with core and preferred elements or with "
                "'require' and 'strong', not both",
            )
        )
    if checks["preferred"] and not checks["core"]:
        problems.append(Problem(src, f"{rid}: 'preferred' elements need at least one 'core'"))
    if checks["core"] and all(c.core_if is not None for c in checks["core"]):
        problems.append(
            Problem(src, f"{rid}: at least one core element must not depend on a switch")
        )
    return Rule(
        id=rid,
        title=title,
        source=src,
        severity=parts.severity.base if parts.severity else Severity.ERROR,
        outcome_severity=parts.severity.overrides if parts.severity else {},
        applies_to=parts.applies_to
        if parts.applies_to is not None
        else frozenset({DocType.TENDER, DocType.CONTRACT}),
        theme=parts.texts.get("theme"),
        tags=parts.tags,
        rationale=parts.texts.get("rationale"),
        messages=parts.messages,
        triggers=tuple(checks["triggers"]),
        requirement=parts.requirement,
        strong=tuple(checks["strong"]),
        weak=tuple(checks["weak"]),
        prohibitions=tuple(parts.prohibitions),
        limits=tuple(checks["limits"]),
        citations=tuple(parts.citations),
        suggestion=parts.texts.get("suggestion"),
        examples=tuple(parts.examples),
        topic=parts.topic,
        core=tuple(checks["core"]),
        preferred=tuple(checks["preferred"]),
        conflicts=tuple(checks["conflicts"]),
        mandatory=tuple(checks["mandatory"]),
    )
