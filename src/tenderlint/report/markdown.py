"""The Markdown report, for pull-request comments and CI job summaries (GitHub, GitLab).

A heading, a one-line verdict, then per document a table of findings (every result with
``-v``) and a collapsed ``<details>`` block with the reasons, evidence and suggested wording.
Document text is untrusted: every cell and quote is escaped so that a ``|``, a newline, HTML
or Markdown in a contract cannot break the table or inject links and markup.
"""

from __future__ import annotations

import html
import re

from tenderlint.model import Outcome, Result
from tenderlint.report import DocumentReport, Report, SetReport, sort_results, trigger_reason

_SYMBOLS = {
    Outcome.MISSING: "✗",
    Outcome.CONFLICT: "✗",
    Outcome.WEAK: "⚠",
    Outcome.SATISFIED: "✓",
    Outcome.NOT_APPLICABLE: "–",
    Outcome.WAIVED: "○",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~#!])")


def escape(text: str) -> str:
    """Inline text safe in Markdown: HTML entities, backslash-escaped Markdown punctuation,
    whitespace (including newlines) collapsed to single spaces."""
    text = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def cell(text: str) -> str:
    """A table cell: escaped, and line breaks kept as ``<br>`` instead of ending the row."""
    lines = [escape(line) for line in text.strip().splitlines() if line.strip()]
    return "<br>".join(lines)


def _outcome(r: Result) -> str:
    position = f" ({r.position.value})" if r.position is not None else ""
    return f"{_SYMBOLS[r.outcome]} {r.outcome.value}{position}"


def _shown(report: Report, d: DocumentReport | SetReport) -> list[Result]:
    return [
        r
        for r in sort_results(d.results)
        if report.verbose or r.outcome.is_failure or r.outcome is Outcome.WAIVED
    ]


def _member(m: DocumentReport, s: SetReport) -> str:
    main = " (main document)" if m.path == s.main else ""
    return f"- {escape(m.path)}{main}: {m.doc_type.value}, {escape(m.format)}"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _details(r: Result) -> list[str]:
    where = r.location.short() if r.location else "whole document"
    out = [f"#### {escape(r.rule)}: {escape(r.title)}", ""]
    out.append(f"**{_outcome(r)}** ({r.severity.label}), {escape(where)}: {escape(r.message)}")
    out.append("")
    if r.waiver is not None:
        w = r.waiver
        text = f"Waived: {escape(w.reason)}"
        if w.approved_by:
            text += f" (approved by {escape(w.approved_by)})"
        if w.expires:
            text += f", expires {escape(w.expires)}"
        out += [text, ""]
    if r.reasons:
        out += [f"- {escape(reason)}" for reason in r.reasons] + [""]
    for e in r.evidence:
        loc = e.location.short() if e.location else "whole document"
        out += [f"> {escape(e.quote)}", ">", f"> — {escape(loc)}", ""]
    if r.trigger is not None:
        met = "met" if r.trigger.met else "not met"
        out += [f"Trigger {met}: {escape(trigger_reason(r))}", ""]
        for e in r.trigger.evidence:
            loc = e.location.short() if e.location else "whole document"
            out += [f"> {escape(e.quote)}", ">", f"> — {escape(loc)}", ""]
    if r.advice:
        out += ["Good practice would add:", ""]
        out += [f"- {escape(a)}" for a in r.advice] + [""]
    if r.suggestion:
        out.append("**Suggested wording:**")
        out.append("")
        for i, para in enumerate(_paragraphs(r.suggestion)):
            if i:
                out.append(">")
            out.append(f"> {escape(para)}")
        out.append("")
    return out


def _tally(report: Report) -> str:
    c = report.counts()
    sev = report.by_severity()
    docs = report.checked
    failed = report.failed or bool(report.errors)
    fail_on = report.fail_on.label if report.fail_on else "never"
    verdict = "**Failed**" if failed else "**Passed**"
    return (
        f"{verdict} (fail on {fail_on}): {docs} document{'s' if docs != 1 else ''} checked, "
        f"{len(report.errors)} unreadable; {c['missing']} missing, {c['conflict']} conflict, "
        f"{c['weak']} weak, {c['satisfied']} satisfied, {c['not-applicable']} not applicable, "
        f"{c['waived']} waived ({sev['error']} errors, {sev['warning']} warnings, "
        f"{sev['info']} info)."
    )


def render(report: Report) -> str:
    out: list[str] = ["## tenderlint report", "", _tally(report), ""]
    if report.errors:
        out += ["### Unreadable files", ""]
        out += [f"- **{escape(e.path)}**: {escape(e.message)}" for e in report.errors]
        out.append("")
    for w in report.warnings:
        out.append(f"> Warning: {escape(w)}")
    if report.warnings:
        out.append("")
    clean: list[str] = []
    for d in report.units:
        shown = _shown(report, d)
        name = d.path if isinstance(d, DocumentReport) else f"set {d.name}"
        if not shown and not d.warnings and not report.verbose:
            clean.append(escape(name))  # listed once at the end, to keep comments short
            continue
        fails = sum(1 for r in d.results if r.outcome.is_failure)
        out += [f"### {escape(name)}", ""]
        kind = d.doc_type.value + (f" ({escape(d.doc_type_reason)})" if d.doc_type_reason else "")
        what = "Document" if isinstance(d, DocumentReport) else "Set"
        out += [f"{what} type: {kind}. {fails} finding{'s' if fails != 1 else ''}.", ""]
        if isinstance(d, SetReport):
            out += [_member(m, d) for m in d.members] + [""]
        for w in d.warnings:
            out += [f"> Warning: {escape(w)}", ""]
        if not shown:
            out += ["No findings.", ""]
            continue
        out += ["| Outcome | Severity | Rule | Location | Finding |", "|---|---|---|---|---|"]
        for r in shown:
            where = r.location.short() if r.location else "whole document"
            severity = r.severity.label if r.outcome.is_failure or r.waiver else ""
            finding = r.message
            if r.reasons:
                finding += " (" + "; ".join(r.reasons) + ")"
            row = [
                cell(_outcome(r)),
                cell(severity),
                f"**{cell(r.rule)}** {cell(r.title)}",
                cell(where),
                cell(finding),
            ]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        out += ["<details>", "<summary>Reasons, evidence and suggested wording</summary>", ""]
        for r in shown:
            out += _details(r)
        out += ["</details>", ""]
    if clean:
        out += ["### No findings", "", ", ".join(clean) + ".", ""]
    return "\n".join(out).rstrip("\n") + "\n"
