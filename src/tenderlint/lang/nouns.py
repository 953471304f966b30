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

    @classmethod
    def from_text(cls, text: str) -> Source:
        """The position ``str()`` wrote (the file name may hold colons); ValueError if none."""
        file, line, column = text.rsplit(":", 2)
        if not (line.isdigit() and column.isdigit()):
            raise ValueError(f"not a position: {text!r}")
        return cls(file, int(line), int(column))


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


@dataclass(frozen=True)
class Frame:
    """An obligation frame: ``who`` (a role set) must, must not or may do ``action`` (to one of
    ``objects``), optionally ``to`` someone and within a ``limit`` ("with a deadline of at most
    2 working days"). Read from each sentence's modal verb phrase, whatever its wording."""

    who: SetRef
    modality: str  # must | must not | may
    action: Pattern | None  # None: any action ("SUPPLIER must act on X"), the object decides
    objects: tuple[Pattern, ...] = ()
    to: Pattern | None = None
    limit: Compare | None = None


@dataclass(frozen=True)
class Fact:
    """A fact about the procurement outside the text (brief 1.4 point 5), from the config's
    ``[facts]`` or inferred from the document: ``fact buyer-type is "central government"``."""

    name: str
    values: tuple[str, ...]
    op: str = "is"  # is | before | after (dates, ISO yyyy-mm-dd)


Condition = Mentions | Compare | Count | All | AnyOf | Not | Frame | Fact


# -- rule parts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A labelled condition: a trigger, a strength condition, a weakener or a measure limit."""

    condition: Condition
    label: str | None
    source: Source
    doc_type: DocType | None = None  # only for this document type ("strong for tender when")
    # A core element that a pack's on/off parameter can make preferred ("core if SWITCH"): the
    # brief leaves some elements' tier to the publisher (ADM-003's independent check).
    core_if: str | None = None


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
    # The playbook form (brief 1.3): what opens the rule, the core elements that decide
    # satisfied, the preferred elements reported as advice, and contrary wording.
    topic: tuple[Pattern, ...] = ()
    core: tuple[Check, ...] = ()
    preferred: tuple[Check, ...] = ()
    conflicts: tuple[Check, ...] = ()
    mandatory: tuple[Check, ...] = ()  # out of this scope the rule is a recommendation

    @property
    def playbook(self) -> bool:
        """Graded by core and preferred elements, not by ``require`` and ``strong``."""
        return bool(self.core)

    def severity_for(self, outcome: Outcome) -> Severity:
        return self.outcome_severity.get(outcome, self.severity)

    def possible_outcomes(self) -> frozenset[Outcome]:
        """The outcomes this rule can produce, which its examples must all show."""
        out = {Outcome.SATISFIED}
        # A playbook rule met by silence (no topic, no core that text can show: "not document
        # mentions PLACEHOLDER") is graded on the whole document and is never missing.
        if (
            self.requirement is not None
            or self.topic
            or any(_shown(c.condition) for c in self.core)
        ):
            out.add(Outcome.MISSING)
        if self.strong or self.weak or self.core:
            out.add(Outcome.WEAK)
        if self.prohibitions or self.limits or self.conflicts:
            out.add(Outcome.CONFLICT)
        return frozenset(out)


@dataclass(frozen=True)
class TermSet:
    """A named list of patterns, e.g. the hedges, with a description used in messages.

    A role set (``role SUPPLIER for supplier = ...``) names a party: each document's own names
    for that party join its patterns when the document is read.
    """

    name: str
    patterns: tuple[Pattern, ...]
    description: str | None
    source: Source
    party: str | None = None  # buyer | supplier, for a role set


@dataclass(frozen=True)
class Hedges:
    """``hedge ENDEAVOURS, ... except NOT_A_HEDGE``: term sets that weaken any duty in the
    sentence they qualify, and term sets whose matches are not hedges (brief 4.2, 4.6)."""

    names: tuple[str, ...]
    exceptions: tuple[str, ...]
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
    hedges: tuple[Hedges, ...] = ()


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
    # Extending another pack: its reference (``uk-responsible-tech@^1``), new values for its
    # parameters, new severities for its rules, rules switched off (id -> reason) and rules this
    # pack defines again in place of the extended pack's.
    extends: str | None = None
    params: Mapping[str, Quantity] = field(default_factory=dict)
    severity: Mapping[str, Severity] = field(default_factory=dict)
    disable: Mapping[str, str] = field(default_factory=dict)
    replaces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Origin:
    """Where a loaded pack was found and what vouched for it."""

    source: str  # as the report and the lock name it: a relative path or an installed name
    kind: str  # folder | archive
    via: str  # path | installed | bundled
    key: str | None = None  # the id of the key whose signature verified it


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
    hedges: tuple[str, ...] = ()  # term sets that weaken any duty they qualify
    not_hedges: tuple[str, ...] = ()  # term sets whose matches are never hedges
    origin: Origin | None = None
    base: Pack | None = None  # the pack this one extends, as loaded (with its own base)
    rule_packs: Mapping[str, str] = field(default_factory=dict)  # rule id -> defining pack
    replaced: Mapping[str, str] = field(default_factory=dict)  # rule id -> pack it replaced
    disabled: Mapping[str, str] = field(default_factory=dict)  # rule id -> why switched off

    @property
    def name(self) -> str:
        return self.manifest.name

    @property
    def version(self) -> str:
        return self.manifest.version


def shown(cond: Condition) -> bool:
    """Can text show the condition holds (a mention, a duty, a count), so that a unit of text
    can anchor it? A negation, a measure or a fact has no passage to point at."""
    if isinstance(cond, Mentions):
        return cond.scope is None
    if isinstance(cond, Frame):
        return True
    if isinstance(cond, Count):
        return cond.op == ">=" and (not isinstance(cond.n, int) or cond.n >= 1)
    if isinstance(cond, All):
        return any(shown(c) for c in cond.items)
    if isinstance(cond, AnyOf):
        return all(shown(c) for c in cond.items)
    return False


_shown = shown
