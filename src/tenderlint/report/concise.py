"""The concise report: one line per finding, ``path:clause:rule:outcome:message``, for grep,
editors' quickfix lists and scripts.

Fields never hold a line break. ``clause`` is the clause as the document prints it, else the
page ("p.7"), else empty (a finding about the whole document). The message starts with the
severity, as compilers' do ("error: ..."), and ends with the reasons in brackets. Findings
are failing and waived results; with ``-v`` every result. An unreadable file is a line with
the outcome ``unreadable``, a reader's warning a line with the outcome ``warning``. A set's
finding is on the line of the member that holds its evidence (else the set's main document).
"""

from __future__ import annotations

from tenderlint.model import Location, Outcome, Result
from tenderlint.report import Report, headline, one_line, sort_results


def _clause(loc: Location | None) -> str:
    if loc is None:
        return ""
    if loc.clause:
        return one_line(loc.clause)
    return f"p.{loc.page}" if loc.page is not None else ""


def _message(r: Result) -> str:
    text = f"{r.severity.label}: {headline(r)}"
    if r.outcome is Outcome.SATISFIED and r.position is not None:
        text = f"{r.position.value}: {headline(r)}"
    elif not (r.outcome.is_failure or r.outcome is Outcome.WAIVED):
        text = headline(r)
    extra = list(r.reasons)
    if r.waiver is not None:
        extra.insert(0, f"waived: {r.waiver.reason}")
    extra += [f"good practice: {a}" for a in r.advice]
    return one_line(text + (f" ({'; '.join(extra)})" if extra else ""))


def render(report: Report) -> str:
    out: list[str] = [f"{e.path}:::unreadable:{one_line(e.message)}" for e in report.errors]
    for d in report.documents:
        out += [f"{d.path}:::warning:{one_line(w)}" for w in d.warnings]
        for r in sort_results(d.results):
            if report.verbose or r.outcome.is_failure or r.outcome is Outcome.WAIVED:
                out.append(
                    f"{d.path}:{_clause(r.location)}:{r.rule}:{r.outcome.value}:{_message(r)}"
                )
    for s in report.sets:  # a set's line names the member that holds the evidence
        out += [f"{s.main}:::warning:set {s.name}: {one_line(w)}" for w in s.warnings]
        for r in sort_results(s.results):
            if report.verbose or r.outcome.is_failure or r.outcome is Outcome.WAIVED:
                out.append(
                    f"{s.place(r)}:{_clause(r.location)}:{r.rule}:{r.outcome.value}:{_message(r)}"
                )
    return "".join(f"{line}\n" for line in out)
