"""The text report for a terminal: findings grouped under a header per document, wrapped to
the terminal's width, then a summary.

Each document opens with its path and what tenderlint knows of it (type and how that was
decided, format, pages, the parties). Each finding is a line of rule, outcome, severity and
where it is, then, indented and wrapped: what is wrong, the reasons, the quoted evidence, what
triggered the rule and the advice. Satisfied and not-applicable results collapse into one
line of counts unless ``-v``. Colour only marks what the words already say (the outcome is
always written out), so nothing is lost without it; the CLI turns it on only for a terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import click

from tenderlint.model import Evidence, Outcome, Position, Result
from tenderlint.report import (
    DocumentReport,
    Report,
    SetReport,
    cite,
    headline,
    one_line,
    sort_results,
    trigger_reason,
)

_COLOURS = {
    Outcome.MISSING: "red",
    Outcome.CONFLICT: "magenta",
    Outcome.WEAK: "yellow",
    Outcome.SATISFIED: "green",
    Outcome.NOT_APPLICABLE: "bright_black",
    Outcome.WAIVED: "cyan",
}
_QUOTE_LIMIT = 300  # characters of a quotation shown; the JSON report has it whole
QUOTES = 2  # quotations shown per finding without -v: the reasons quote the words that matter
_INDENT = "    "


class _Writer:
    """Lines of the report, wrapped at the report's width, styled when colour is on."""

    def __init__(self, report: Report) -> None:
        self.width = max(report.width, 40)
        self.color = report.color
        self.verbose = report.verbose
        self.lines: list[str] = []

    def style(self, text: str, **kw: object) -> str:
        return click.style(text, **kw) if self.color else text  # type: ignore[arg-type]

    def add(self, line: str = "") -> None:
        self.lines.append(line)

    def wrap(self, text: str, first: str, rest: str | None = None, **style: object) -> None:
        """``text`` wrapped after the prefix ``first``, later lines indented by ``rest``; the
        prefix styled with ``style`` when colour is on (after wrapping: escapes have no width)."""
        rest = " " * len(first) if rest is None else rest
        wrapped = wrap_words(one_line(text), self.width, first, rest) or [first.rstrip()]
        if style and self.color:
            label = first.strip()
            wrapped[0] = wrapped[0].replace(label, self.style(label, **style), 1)
        self.lines.extend(wrapped)


def wrap_words(text: str, width: int, first: str, rest: str) -> list[str]:
    """``textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
    break_long_words=False, break_on_hyphens=False)`` for ``text`` whose words are parted by
    single spaces (``one_line``'s), at a fraction of its cost: a folder's report wraps
    thousands of lines. A word longer than the line stands on a line of its own."""
    lines: list[str] = []
    line: list[str] = []
    indent, used = first, 0
    for word in text.split(" ") if text else ():
        if not line:
            line, used = [word], len(word)
        elif used + 1 + len(word) <= width - len(indent):
            line.append(word)
            used += 1 + len(word)
        else:
            lines.append(indent + " ".join(line))
            indent, line, used = rest, [word], len(word)
    if line:
        lines.append(indent + " ".join(line))
    return lines


def _quote(e: Evidence) -> str:
    text = one_line(e.quote)
    if len(text) > _QUOTE_LIMIT:
        text = text[: _QUOTE_LIMIT - 1].rstrip() + "…"
    return f"“{text}” ({cite(e.location)})"


def _outcome_label(r: Result) -> str:
    if r.outcome is Outcome.SATISFIED and r.position is not None:
        return f"satisfied, {r.position.value}"
    if r.outcome is Outcome.WAIVED and r.waived_outcome is not None:
        return f"waived {r.waived_outcome.value}"
    return r.outcome.value


def _result(w: _Writer, r: Result) -> None:
    outcome = _outcome_label(r)
    severity = r.severity.label if r.outcome.is_failure or r.outcome is Outcome.WAIVED else ""
    # Location last: "cl.Schedule 4, paragraph 1" is long and would push every column along.
    cells: list[tuple[str, dict[str, Any]]] = [
        (f"{r.rule:<11}", {"bold": True}),
        (f"{outcome:<10}", {"fg": _COLOURS[r.outcome], "bold": r.outcome.is_failure}),
    ]
    if severity:
        cells.append((f"{severity:<8}", {"bold": severity == "error"}))
    cells.append((cite(r.location), {}))
    w.add("  " + " ".join(w.style(text, **style) if style else text for text, style in cells))
    w.wrap(headline(r), _INDENT)
    if r.waiver is not None:
        v = r.waiver
        who = [f"approved by {v.approved_by}"] if v.approved_by else []
        who += [f"expires {v.expires}"] if v.expires else []
        w.wrap(f"waived: {v.reason}" + (f" ({', '.join(who)})" if who else ""), _INDENT)
    for reason in r.reasons:
        w.wrap(reason, _INDENT + "- ")
    quotes = list(r.evidence) if r.outcome is not Outcome.NOT_APPLICABLE else []
    shown = quotes if w.verbose else quotes[:QUOTES]
    for e in shown:
        w.wrap(_quote(e), _INDENT + "> ")
    if len(quotes) > len(shown):
        more = len(quotes) - len(shown)
        w.add(f"{_INDENT}> … {more} more quotation{'s' if more != 1 else ''} (-v shows them)")
    if r.trigger is not None:
        met = "met" if r.trigger.met else "not met"
        w.wrap(f"trigger {met}: {trigger_reason(r)}", _INDENT)
        for e in r.trigger.evidence:
            w.wrap(_quote(e), _INDENT + "> ")
    for advice in r.advice:
        w.wrap(advice, _INDENT + "+ good practice: ", _INDENT + "  ")


def _header(w: _Writer, d: DocumentReport) -> None:
    w.add(w.style(d.path, bold=True, underline=True))
    kind = d.doc_type.value + (f" ({d.doc_type_reason})" if d.doc_type_reason else "")
    facts = [kind, d.format]
    if d.pages is not None:
        facts.append(f"{d.pages} page{'s' if d.pages != 1 else ''}")
    if d.parties is not None:
        for party in (d.parties.buyer, d.parties.supplier):
            if party.names:
                guess = " (inferred)" if party.inferred else ""
                facts.append(f"{party.role}: {party.names[0]}{guess}")
    w.wrap(" · ".join(facts), "  ")
    if d.title:
        w.wrap(d.title, "  title: ", "    ")
    for warning in d.warnings:
        w.wrap(warning, "  warning: ", "    ", bold=True)


def _set_header(w: _Writer, s: SetReport) -> None:
    """A set's name, type and members, each with its own type and format."""
    w.add(w.style(f"set {s.name}", bold=True, underline=True))
    kind = s.doc_type.value + (f" ({s.doc_type_reason})" if s.doc_type_reason else "")
    w.wrap(f"{kind} · {len(s.members)} document{'s' if len(s.members) != 1 else ''}", "  ")
    for m in s.members:
        facts = [m.doc_type.value, m.format]
        if m.pages is not None:
            facts.append(f"{m.pages} page{'s' if m.pages != 1 else ''}")
        main = " (main)" if m.path == s.main else ""
        w.wrap(f"{m.path}{main}: {' · '.join(facts)}", "  - ", "    ")
    for warning in s.warnings:
        w.wrap(warning, "  warning: ", "    ", bold=True)


def _passed(results: Iterable[Result]) -> str:
    """ "12 satisfied (3 preferred, 9 acceptable), 5 not applicable"."""
    rs = list(results)
    sat = [r for r in rs if r.outcome is Outcome.SATISFIED]
    na = sum(1 for r in rs if r.outcome is Outcome.NOT_APPLICABLE)
    text = f"{len(sat)} satisfied"
    positions = [
        f"{n} {p.value}" for p in Position if (n := sum(1 for r in sat if r.position is p))
    ]
    if positions:
        text += f" ({', '.join(positions)})"
    return f"{text}, {na} not applicable"


def _document(w: _Writer, report: Report, d: DocumentReport | SetReport) -> None:
    findings = [
        r for r in sort_results(d.results) if r.outcome.is_failure or r.outcome is Outcome.WAIVED
    ]
    passed = [r for r in sort_results(d.results) if r not in findings]
    name = d.path if isinstance(d, DocumentReport) else f"set {d.name}"
    if not findings and not d.warnings and not report.verbose:
        w.wrap(f"{name} — no findings: {_passed(passed)}", "", "  ")
        if w.color:
            w.lines[-1] = w.lines[-1].replace(name, w.style(name, bold=True), 1)
        return
    if isinstance(d, DocumentReport):
        _header(w, d)
    else:
        _set_header(w, d)
    for r in findings:
        w.add()
        _result(w, r)
    if report.verbose:
        for r in passed:
            w.add()
            _result(w, r)
    elif passed:
        w.add()
        w.wrap(f"{_passed(passed)} (-v lists them)", "  ")
    w.add()


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(w: _Writer, report: Report) -> None:
    c = report.counts()
    sev = report.by_severity()
    if w.lines and w.lines[-1]:
        w.add()
    w.add(w.style("Summary", bold=True))
    checked = f"{_n(len(report.documents), 'document')} checked"
    if report.sets:
        members = sum(len(s.members) for s in report.sets)
        checked += f", {_n(len(report.sets), 'set')} of {_n(members, 'document')}"
    w.wrap(f"{checked}, {len(report.errors)} unreadable.", "  ")
    w.wrap(
        f"Findings: {c['missing']} missing, {c['conflict']} conflict, {c['weak']} weak "
        f"({_n(sev['error'], 'error')}, {_n(sev['warning'], 'warning')}, {sev['info']} info); "
        f"{c['waived']} waived.",
        "  ",
    )
    w.wrap(f"Other results: {_passed(r for d in report.units for r in d.results)}.", "  ")
    fail_on = report.fail_on.label if report.fail_on else "never"
    if report.errors:
        verdict = w.style("Failed", fg="red", bold=True) + ": a file could not be read."
    elif report.failed:
        n = len(report.failures())
        verdict = (
            w.style("Failed", fg="red", bold=True) + f": {_n(n, 'finding')} at or above {fail_on}."
        )
    else:
        verdict = w.style("Passed", fg="green", bold=True) + f": nothing at or above {fail_on}."
    w.add("  " + verdict)


def render(report: Report) -> str:
    w = _Writer(report)
    for e in report.errors:
        w.wrap(f"{e.path}: {e.message}", "error: ", "  ", fg="red", bold=True)
    if report.errors:
        w.add()
    for d in report.units:
        _document(w, report, d)
    for note in report.warnings:
        w.wrap(note, "warning: ", "  ")
    if report.warnings:
        w.add()
    _summary(w, report)
    return "\n".join(w.lines) + "\n"
