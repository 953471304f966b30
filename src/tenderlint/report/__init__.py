"""Reports: the value a run produces, and the output formats, one module each, by name.

``FORMATS`` maps a format name to a function ``(Report) -> str``; the CLI offers exactly
these names for ``--format``. Formatters never decide outcomes, exit codes or paths.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tenderlint.model import (
    DocType,
    Location,
    Outcome,
    Parties,
    ReadError,
    Redaction,
    Result,
    Severity,
)

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Rule


@dataclass(frozen=True)
class PackInfo:
    """A rule pack the run used: its identity, where it came from, the key that verified it,
    and what it changed in the pack it extends."""

    name: str
    version: str
    sha256: str
    title: str = ""
    source: str = ""  # a relative path, or "NAME (installed by DIST)"
    key: str | None = None  # the id of the key whose signature verified it
    extends: str | None = None  # the name of the pack it extends
    rules: tuple[str, ...] = ()  # the rule ids it gave the run
    replaced: tuple[tuple[str, str], ...] = ()  # (rule id, pack whose rule it replaced)
    disabled: tuple[tuple[str, str], ...] = ()  # (rule id, reason)


@dataclass(frozen=True)
class DocumentReport:
    """Every rule's result for one document, with what the reader measured."""

    path: str
    sha256: str
    format: str
    doc_type: DocType
    results: tuple[Result, ...]
    pages: int | None = None
    title: str | None = None
    redaction: Redaction | None = None
    warnings: tuple[str, ...] = ()
    doc_type_reason: str = ""
    parties: Parties | None = None

    def failures(self, fail_on: Severity | None) -> list[Result]:
        if fail_on is None:
            return []
        return [r for r in self.results if r.outcome.is_failure and r.severity >= fail_on]


@dataclass(frozen=True)
class SetReport:
    """Every rule's result for a set of documents read together: a tender pack, or a contract
    with its schedules (one result per rule, from the evidence of all its members; each
    quotation's location names the member it is in)."""

    name: str
    doc_type: DocType
    members: tuple[DocumentReport, ...]  # what was read of each member (no results here)
    results: tuple[Result, ...]
    main: str  # the member a finding with no evidence belongs to (a missing requirement)
    warnings: tuple[str, ...] = ()
    redaction: Redaction | None = None  # the members' redaction measures, summed
    doc_type_reason: str = ""
    sha256: str = ""  # over the members' paths and sha256s

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(m.path for m in self.members)

    def place(self, r: Result) -> str:
        """The member a result belongs on: the one its first quotation is in, else the main
        document (SARIF, Code Quality and GitHub place findings on files)."""
        loc = r.location
        if loc is not None and loc.document in self.paths:
            return loc.document
        return self.main

    def failures(self, fail_on: Severity | None) -> list[Result]:
        if fail_on is None:
            return []
        return [r for r in self.results if r.outcome.is_failure and r.severity >= fail_on]


Unit = DocumentReport | SetReport  # what a report section is about: a document or a set


@dataclass(frozen=True)
class Report:
    """The outcome of one run over documents: results, read errors and pack identities."""

    version: str
    packs: tuple[PackInfo, ...]
    documents: tuple[DocumentReport, ...]
    errors: tuple[ReadError, ...] = ()
    fail_on: Severity | None = Severity.ERROR
    rules: dict[str, Rule] = field(default_factory=dict)  # metadata for SARIF/HTML help
    verbose: bool = False
    color: bool = False
    warnings: tuple[str, ...] = ()  # run-level notes, e.g. waivers that matched nothing
    rule_packs: dict[str, str] = field(default_factory=dict)  # rule id -> pack name
    width: int = 100  # the text format wraps at this many columns
    # Document path (as shown, relative to the working directory) -> its path from the
    # repository root, for SARIF, GitHub and GitLab, which resolve paths from the root. The
    # CLI decides it (formatters never decide paths); absent paths are shown as they are.
    repo_paths: dict[str, str] = field(default_factory=dict)
    summary_at: str | None = None  # where the full Markdown report was written, if anywhere
    # Sets of documents checked together; their members are in ``documents`` only with
    # --per-document (each member's own results besides the set's).
    sets: tuple[SetReport, ...] = ()

    def repo_path(self, path: str) -> str:
        """``path`` from the repository root, when the CLI found one."""
        return self.repo_paths.get(path, path)

    @property
    def units(self) -> tuple[Unit, ...]:
        """Documents, then sets: each is a section of a report."""
        return (*self.documents, *self.sets)

    @property
    def checked(self) -> int:
        """How many files were checked: documents and set members, each once."""
        return len(
            {d.path for d in self.documents} | {m.path for s in self.sets for m in s.members}
        )

    def counts(self) -> dict[str, int]:
        out = {o.value: 0 for o in Outcome}
        for d in self.units:
            for r in d.results:
                out[r.outcome.value] += 1
        return out

    def failures(self) -> list[tuple[Unit, Result]]:
        return [(d, r) for d in self.units for r in d.failures(self.fail_on)]

    def by_severity(self) -> dict[str, int]:
        out = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for d in self.units:
            for r in d.results:
                if r.outcome.is_failure:
                    out[r.severity.label] += 1
        return out

    def placed(self) -> list[tuple[str, Unit, Result]]:
        """Every result with the document path it belongs on (a set's result on the member
        that holds its evidence, or the set's main document), documents first."""
        out: list[tuple[str, Unit, Result]] = []
        for d in self.documents:
            out += [(d.path, d, r) for r in sort_results(d.results)]
        for s in self.sets:
            out += [(s.place(r), s, r) for r in sort_results(s.results)]
        return out

    @property
    def failed(self) -> bool:
        return bool(self.failures())


Formatter = Callable[[Report], str]

# Format name -> module in this package whose ``render(report) -> str`` produces it. Modules
# are imported on first use so that unused formats cost nothing at start-up.
FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "markdown": "markdown",
    "github": "github",
    "html": "html",
    "concise": "concise",
    "codeclimate": "codeclimate",
}


def formatter(name: str) -> Formatter:
    import importlib

    module = importlib.import_module(f"tenderlint.report.{FORMATS[name]}")
    render: Formatter = module.render
    return render


def sort_results(results: tuple[Result, ...] | list[Result]) -> list[Result]:
    """Failures first by severity, then by location in the document, then by rule id."""

    def key(r: Result) -> tuple[int, int, int, str]:
        loc = r.location
        return (
            0 if r.outcome.is_failure else 1,
            -int(r.severity),
            loc.block if loc else 0,
            r.rule,
        )

    return sorted(results, key=key)


_OUTCOME_PREFIX = re.compile(
    r"^(?:weak|missing|conflict|satisfied|not[ -]applicable|waived)\s*:\s*", re.IGNORECASE
)


def headline(r: Result) -> str:
    """What a result is about in one phrase: its message without an "Outcome:" prefix that
    the outcome column already says, else the rule's title."""
    return _OUTCOME_PREFIX.sub("", r.message.strip()) or r.title


def cite(loc: Location | None) -> str:
    """Where a lawyer looks: "p.7 cl.16.3", "p.7", "cl.4.1", or, for a Word paragraph with no
    clause number, the heading it sits under; "whole document" when there is no location. In
    a set, the member's file name comes first ("schedules.docx cl.Schedule 6, paragraph 3")."""
    if loc is None:
        return "whole document"
    if loc.page is not None or loc.clause:
        return loc.short()
    doc = f"{loc.document.rsplit('/', 1)[-1]} " if loc.document else ""
    if loc.heading:
        last = loc.heading.split(" > ")[-1]
        return f"{doc}under “{' '.join(last.split()[:8])}”"
    return f"{doc}paragraph {loc.block}"


_TRIGGER_PREFIX = re.compile(r"^(?:not )?met\s*:\s*", re.IGNORECASE)


def trigger_reason(r: Result) -> str:
    """Why a rule's trigger was met or not, without a "met:" prefix the format says itself."""
    return _TRIGGER_PREFIX.sub("", r.trigger.reason.strip()) if r.trigger is not None else ""


def one_line(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())
