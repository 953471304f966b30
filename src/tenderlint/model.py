"""The nouns of a document and of a lint result: values only, no I/O."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Severity(enum.IntEnum):
    """How much a failing result matters; higher is worse."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


class Outcome(enum.Enum):
    """What a rule concluded about one document."""

    SATISFIED = "satisfied"
    WEAK = "weak"
    MISSING = "missing"
    CONFLICT = "conflict"
    NOT_APPLICABLE = "not-applicable"
    WAIVED = "waived"

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.WEAK, Outcome.MISSING, Outcome.CONFLICT)


class DocType(enum.Enum):
    """The kind of procurement document, which decides which rules apply."""

    TENDER = "tender"
    CONTRACT = "contract"
    UNKNOWN = "unknown"


class BlockKind(enum.Enum):
    """The role a block of text plays in its document."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_ROW = "table-row"
    DEFINITION = "definition"  # one entry of a definitions clause or glossary
    CONTENTS = "contents"  # a table-of-contents line
    NOTE = "note"  # a drafting note, guidance or instruction to the drafter: not operative
    HEADER = "header"
    FOOTER = "footer"
    FOOTNOTE = "footnote"

    @property
    def is_body(self) -> bool:
        """Running headers and footers repeat on every page and are not contract text."""
        return self not in (BlockKind.HEADER, BlockKind.FOOTER)

    @property
    def is_operative(self) -> bool:
        """Text that can impose, grant, limit or remove a duty (brief 1.4 point 12): not a
        heading, contents line, definition, drafting note or running header."""
        return self in (
            BlockKind.PARAGRAPH,
            BlockKind.LIST_ITEM,
            BlockKind.TABLE_ROW,
            BlockKind.FOOTNOTE,
        )


@dataclass(frozen=True)
class Location:
    """Where a lawyer would say a piece of text is: page, block, clause and heading path.

    ``clause`` is the reference as the document prints it ("14.2(b)", "Schedule 6,
    paragraph 3"); ``block`` (1-based, in reading order) is only a last resort for citing.
    """

    block: int
    page: int | None = None
    clause: str | None = None
    heading: str | None = None
    line: int | None = None  # first source line, for text formats (editors and annotations)
    # In a set of documents read together: the member the text is in (its relative path), so
    # evidence names the document it came from; None for a document checked on its own.
    document: str | None = None

    def short(self) -> str:
        """A compact citation such as ``p.7 cl.16.2`` (``schedules.docx p.7 cl.16.2`` in a set)."""
        parts = [self.document.rsplit("/", 1)[-1]] if self.document else []
        if self.page is not None:
            parts.append(f"p.{self.page}")
        if self.clause:
            parts.append(f"cl.{self.clause}")
        if len(parts) == (1 if self.document else 0):
            parts.append(f"block {self.block}")
        return " ".join(parts)


@dataclass(frozen=True)
class Block:
    """One unit of text as the reader found it, normalised, with its location.

    ``level`` is the outline depth of a numbered clause (1 for "14", 2 for "14.2", 3 for
    "14.2(b)"), 0 for unnumbered text; ``heading_level`` is set on headings only. Together they
    let the engine take a clause with its sub-clauses, or a section under a heading.
    """

    text: str
    kind: BlockKind
    location: Location
    level: int = 0
    heading_level: int = 0
    redacted: bool = False
    # The clause tree: the index in ``Document.blocks`` of the heading or clause this block
    # sits in (-1 at the top). A clause is its block with every block below it in the tree.
    parent: int = -1
    number: str | None = None  # the block's own printed number: "14.2", "(a)", "Schedule 6"
    cells: tuple[str, ...] = ()  # a table row's cells
    header: tuple[str, ...] = ()  # the cells of its table's header row
    term: str | None = None  # the term a definition entry defines


@dataclass(frozen=True)
class Redaction:
    """The redaction measures of a document: how much of it is hidden, and how."""

    share: float  # redacted characters / (redacted + visible characters), 0..1
    markers: int  # redactions found (boxes and textual markers)
    labelled: int  # redactions that name their exemption or ground
    boxes: int = 0  # filled dark rectangles (PDF) or black-shaded runs (DOCX) over text
    leaked: int = 0  # boxes with text still recoverable underneath (a failed redaction)
    per_page: tuple[tuple[int, float], ...] = ()  # (page, share) for pages with redactions
    whole_pages: tuple[int, ...] = ()  # pages redacted (almost) entirely

    @property
    def unlabelled(self) -> int:
        return max(self.markers - self.labelled, 0)


@dataclass(frozen=True)
class Evidence:
    """A quotation from the document and where it is."""

    quote: str
    location: Location | None


@dataclass(frozen=True)
class Party:
    """One side of the contract as the document names it, and where that was found."""

    role: str  # buyer | supplier
    names: tuple[str, ...]  # the document's own names first ("the Council"), then the others
    evidence: tuple[Evidence, ...] = ()
    inferred: bool = False  # no parties block or definition: common names or usage only


@dataclass(frozen=True)
class Parties:
    """Who is the buyer and who the supplier, per document (brief 1.5)."""

    buyer: Party
    supplier: Party

    def of(self, role: str) -> Party:
        return self.buyer if role == "buyer" else self.supplier


@dataclass(frozen=True)
class Document:
    """A tender or contract as tenderlint sees it: located blocks plus document measures."""

    path: str  # relative POSIX path as given to the user
    sha256: str
    format: str  # docx | pdf | markdown | text
    blocks: tuple[Block, ...]
    pages: int | None = None
    title: str | None = None
    redaction: Redaction | None = None
    warnings: tuple[str, ...] = ()
    # Other numeric document measures, e.g. tracked changes; names are documented in engine.
    measures: Mapping[str, float] = field(default_factory=dict)
    parties: Parties | None = None
    # The date the file's own metadata gives (ISO yyyy-mm-dd): last modified, else created
    # (DOCX core properties, PDF ModDate/CreationDate); None where it has none.
    date: str | None = None


@dataclass(frozen=True)
class Waiver:
    """An accepted finding: who accepted it, why, and until when (the lawyer's audit trail)."""

    rule: str
    path: str  # a glob over document paths
    reason: str
    clause: str | None = None
    approved_by: str | None = None
    expires: str | None = None  # ISO date


class Position(enum.Enum):
    """How well a satisfied rule is met: every element, or every core element (brief 1.3)."""

    PREFERRED = "preferred"
    ACCEPTABLE = "acceptable"


@dataclass(frozen=True)
class Trigger:
    """Whether a triggered rule applies, why, and the text or setting that shows it (1.6)."""

    met: bool
    reason: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Result:
    """What one rule concluded about one document, with the reasons and the evidence.

    A satisfied result has a ``position``; ``advice`` lists the preferred elements it lacks
    (what good practice would add), which never make it weak. ``trigger`` says, for a rule
    with a trigger, what met it or why it was not met.
    """

    rule: str
    title: str
    outcome: Outcome
    severity: Severity
    message: str
    reasons: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    suggestion: str | None = None
    theme: str | None = None
    waiver: Waiver | None = None  # set when the outcome is WAIVED
    waived_outcome: Outcome | None = None  # what the outcome was before the waiver
    position: Position | None = None  # set when the outcome is SATISFIED
    advice: tuple[str, ...] = ()
    trigger: Trigger | None = None

    @property
    def location(self) -> Location | None:
        return self.evidence[0].location if self.evidence else None


@dataclass(frozen=True)
class ReadError:
    """A document, rule file or config that could not be used, and why, in one line."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"
