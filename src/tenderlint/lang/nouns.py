"""The nouns of the rule language: patterns, conditions, checks, rules and packs (values only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tenderlint.model import DocType, Outcome, Severity
from tenderlint.quantities import Quantity as Quantity  # a threshold in a rule is a quantity

# -- where a thing was written -----------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A position in a rule file, for error messages: ``file:line:col``."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


# -- patterns: what to look for ----------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Words matched case-insensitively at word boundaries, with plurals; ``*`` ends a stem."""

    text: str
    at: Source | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Regex:
    """A regular expression (Python syntax), case-insensitive unless it says otherwise."""

    source: str
    flags: str = ""


@dataclass(frozen=True)
class SetRef:
    """A named term set, defined once in a pack and used by many rules."""

    name: str
    # Where the name was written, for errors; not part of the value.
    at: Source | None = field(default=None, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class Near:
    """Two patterns close together: within ``words`` words, in order when ``ordered``."""

    left: Pattern
    right: Pattern
    words: int
    ordered: bool


Pattern = Phrase | Regex | SetRef | Near


# -- quantities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParamRef:
    """A pack parameter used in place of a quantity, so thresholds are data, not code."""

    name: str
    at: Source | None = field(default=None, compare=False, hash=False, repr=False)


# -- conditions: true or false of a unit of text ----------------------------------------------


@dataclass(frozen=True)
class Mentions:
    """The unit (or its enclosing ``scope``) contains any of the patterns."""

    patterns: tuple[Pattern, ...]
    scope: str | None = None  # None = the unit itself; else sentence|clause|section|document|next


@dataclass(frozen=True)
class Compare:
    """A quantity found in the unit, or a document measure, compared with a threshold."""

    subject: str  # duration | period | percentage | money | count | <measure name>
    op: str  # <= < >= > =
    value: Quantity | ParamRef
    near: tuple[Pattern, ...] = ()  # the quantity must be within near_words words of these
    near_words: int = 0
    scope: str | None = None  # look in the unit's section, clause, document ... instead


@dataclass(frozen=True)
class Count:
    """At least (or at most) ``n`` units of a kind in the document mention the patterns."""

    op: str  # >= | <=
    n: int | ParamRef  # a number, or a pack parameter holding a count
    unit: str
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Mentions | Compare | Count | All | AnyOf | Not


# -- rule parts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A labelled condition: a trigger, a strength condition, a weakener or a measure limit."""

    condition: Condition
    label: str | None
    source: Source
    doc_type: DocType | None = None  # only for this document type ("strong for tender when")


@dataclass(frozen=True)
class Requirement:
    """The text a rule looks for: a unit of text matching a condition, optionally in a section."""

    unit: str  # sentence | clause | paragraph | section | row | document
    condition: Condition
    sections: tuple[Pattern, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class Prohibition:
    """Wording whose presence is itself a finding (contrary wording, placeholders)."""

    unit: str
    condition: Condition
    label: str | None
    source: Source
    doc_type: DocType | None = None


@dataclass(frozen=True)
class Citation:
    title: str
    section: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Example:
    """A rule's own test: a text and the outcome the rule must give it."""

    outcome: Outcome
    text: str
    doc_type: DocType | None = None
    expects: tuple[str, ...] = ()  # fragments that must appear in the reasons
    source: Source | None = None


@dataclass(frozen=True)
class Rule:
    """One responsible-technology requirement, as data; the engine gives it meaning."""

    id: str
    title: str
    severity: Severity
    applies_to: frozenset[DocType]
    source: Source
    outcome_severity: Mapping[Outcome, Severity] = field(default_factory=dict)
    theme: str | None = None
    tags: tuple[str, ...] = ()
    rationale: str | None = None
    messages: Mapping[Outcome, str] = field(default_factory=dict)
    triggers: tuple[Check, ...] = ()
    requirement: Requirement | None = None
    strong: tuple[Check, ...] = ()
    weak: tuple[Check, ...] = ()
    prohibitions: tuple[Prohibition, ...] = ()
    limits: tuple[Check, ...] = ()
    citations: tuple[Citation, ...] = ()
    suggestion: str | None = None
    examples: tuple[Example, ...] = ()

    def severity_for(self, outcome: Outcome) -> Severity:
        return self.outcome_severity.get(outcome, self.severity)

    def possible_outcomes(self) -> frozenset[Outcome]:
        """The outcomes this rule can produce, which its examples must all show."""
        out = {Outcome.SATISFIED}
        if self.requirement is not None:
            out.add(Outcome.MISSING)
        if self.strong or self.weak:
            out.add(Outcome.WEAK)
        if self.prohibitions or self.limits:
            out.add(Outcome.CONFLICT)
        return frozenset(out)


@dataclass(frozen=True)
class TermSet:
    """A named list of patterns, e.g. the hedges, with a description used in messages."""

    name: str
    patterns: tuple[Pattern, ...]
    description: str | None
    source: Source


@dataclass(frozen=True)
class Param:
    name: str
    value: Quantity
    source: Source


@dataclass(frozen=True)
class Import:
    names: tuple[str, ...] | None  # None = all
    pack: str
    source: Source


@dataclass(frozen=True)
class RuleFile:
    """What one rule file declares, before names are resolved across the pack."""

    path: str
    pack: str | None
    imports: tuple[Import, ...]
    sets: tuple[TermSet, ...]
    params: tuple[Param, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Manifest:
    """A pack's ``pack.toml``: identity, provenance and its rule files."""

    name: str
    version: str
    title: str
    publisher: str
    licence: str
    description: str
    jurisdiction: str
    requires: str
    files: tuple[str, ...]
    homepage: str | None = None


@dataclass(frozen=True)
class Pack:
    """A loaded, checked rule pack: its rules with every name resolved."""

    manifest: Manifest
    path: str
    sha256: str
    rules: tuple[Rule, ...]
    sets: Mapping[str, TermSet]
    params: Mapping[str, Param]
    imports: tuple[str, ...] = ()  # directories of packs whose term sets this pack imports

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version
