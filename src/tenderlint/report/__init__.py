"""Reports: the value a run produces, and the output formats, one module each, by name.

``FORMATS`` maps a format name to a function ``(Report) -> str``; the CLI offers exactly
these names for ``--format``. Formatters never decide outcomes, exit codes or paths.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tenderlint.model import DocType, Outcome, Parties, ReadError, Redaction, Result, Severity

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Rule


@dataclass(frozen=True)
class PackInfo:
    name: str
    version: str
    sha256: str
    title: str = ""


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

    def counts(self) -> dict[str, int]:
        out = {o.value: 0 for o in Outcome}
        for d in self.documents:
            for r in d.results:
                out[r.outcome.value] += 1
        return out

    def failures(self) -> list[tuple[DocumentReport, Result]]:
        return [(d, r) for d in self.documents for r in d.failures(self.fail_on)]

    def by_severity(self) -> dict[str, int]:
        out = {s.label: 0 for s in sorted(Severity, reverse=True)}
        for d in self.documents:
            for r in d.results:
                if r.outcome.is_failure:
                    out[r.severity.label] += 1
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
