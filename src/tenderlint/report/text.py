"""The text report: a line per finding, grouped by document, then a tally; colour on a tty."""

from __future__ import annotations

import click

from tenderlint.model import Outcome, Result
from tenderlint.report import Report, sort_results

_COLOURS = {
    Outcome.MISSING: "red",
    Outcome.CONFLICT: "magenta",
    Outcome.WEAK: "yellow",
    Outcome.SATISFIED: "green",
    Outcome.NOT_APPLICABLE: "bright_black",
    Outcome.WAIVED: "cyan",
}


def _line(path: str, r: Result, color: bool) -> str:
    where = r.location.short() if r.location else "-"
    outcome = f"{r.outcome.value:<8}"
    if color:
        outcome = click.style(outcome, fg=_COLOURS[r.outcome], bold=r.outcome.is_failure)
    severity = r.severity.label if r.outcome.is_failure else ""
    detail = "; ".join(r.reasons)
    if r.waiver is not None:
        by = f", approved by {r.waiver.approved_by}" if r.waiver.approved_by else ""
        detail = f"waived: {r.waiver.reason}{by}"
    text = f"{path}  {where:<14} {r.rule:<11} {outcome} {severity:<8} {r.title}"
    return f"{text}  ({detail})" if detail else text


def render(report: Report) -> str:
    out: list[str] = []
    for e in report.errors:
        msg = f"{e.path}  error: {e.message}"
        out.append(click.style(msg, fg="red", bold=True) if report.color else msg)
    for d in report.documents:
        shown = [
            r
            for r in sort_results(d.results)
            if report.verbose or r.outcome.is_failure or r.outcome is Outcome.WAIVED
        ]
        if report.verbose or shown:
            kind = f"{d.doc_type.value}" + (f": {d.doc_type_reason}" if d.doc_type_reason else "")
            out.append(f"{d.path}  ({kind})")
        for w in d.warnings:
            out.append(f"{d.path}  warning: {w}")
        for r in shown:
            out.append(_line(d.path, r, report.color))
    for w in report.warnings:
        out.append(f"warning: {w}")
    counts = report.counts()
    sev = report.by_severity()
    tally = (
        f"{len(report.documents)} document{'s' if len(report.documents) != 1 else ''} checked"
        f", {len(report.errors)} unreadable: "
        f"{counts['missing']} missing, {counts['conflict']} conflict, {counts['weak']} weak, "
        f"{counts['satisfied']} satisfied, {counts['not-applicable']} not applicable, "
        f"{counts['waived']} waived "
        f"({sev['error']} errors, {sev['warning']} warnings, {sev['info']} info)"
    )
    out.append(tally)
    return "\n".join(out) + "\n"
