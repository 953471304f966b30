"""The JUnit XML report, for the test panels of GitLab, Jenkins and other CI servers.

A ``testsuite`` per document (name = path) or set (name = "set NAME", each case's ``file``
the member that holds its evidence) and a ``testcase`` per rule result (classname =
document path, name = "RULE-ID title", ``file`` = the path from the repository root, which
GitLab links). A result at or above ``--fail-on`` is a ``failure``. A finding below
``--fail-on`` does not fail the run but must not be invisible (GitLab shows output only for
failures), so it is ``skipped`` with a message that says so: "weak (warning, below --fail-on
error): ...". Not-applicable and waived results are ``skipped`` with the reason. Every case
carries its outcome, severity, location and, when satisfied, position and advice as
properties. Unreadable files are ``error`` test cases in a suite named "tenderlint", so a run
with read errors is never green. No timestamps or durations: the same input gives the same
bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from tenderlint.model import Outcome, Result
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

# Characters XML 1.0 does not allow even when escaped (PDF text can carry them).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _fails(report: Report, r: Result) -> bool:
    return r.outcome.is_failure and report.fail_on is not None and r.severity >= report.fail_on


def _detail(r: Result) -> str:
    """Reasons, evidence with locations, and the suggested wording, as readable text."""
    out: list[str] = [f"{r.rule} {r.outcome.value} ({r.severity.label}): {r.message}"]
    if r.reasons:
        out.append("Reasons:")
        out.extend(f"  - {reason}" for reason in r.reasons)
    if r.evidence:
        out.append("Evidence:")
        for e in r.evidence:
            where = e.location.short() if e.location else "whole document"
            out.append(f'  {where}: "{" ".join(e.quote.split())}"')
    if r.trigger is not None:
        out.append(f"Trigger {'met' if r.trigger.met else 'not met'}: {trigger_reason(r)}")
        for e in r.trigger.evidence:
            out.append(f'  {cite(e.location)}: "{one_line(e.quote)}"')
    if r.advice:
        out.append("Good practice would add:")
        out.extend(f"  - {a}" for a in r.advice)
    if r.suggestion:
        out.append("Suggestion:")
        out.extend(f"  {line.strip()}" for line in r.suggestion.strip().splitlines())
    return "\n".join(out) + "\n"


def _properties(case: ET.Element, r: Result) -> None:
    props = _sub(case, "properties")
    values = [
        ("outcome", r.outcome.value),
        ("severity", r.severity.label),
        ("location", cite(r.location)),
        ("position", r.position.value if r.position else ""),
        *(("advice", a) for a in r.advice),
    ]
    for name, value in values:
        if value:
            _sub(props, "property", name=name, value=value)


def _below(report: Report, r: Result) -> str:
    """The skipped message of a finding below --fail-on: visible, yet not a failure."""
    fail_on = report.fail_on.label if report.fail_on else "never"
    why = f" ({'; '.join(r.reasons)})" if r.reasons else ""
    return one_line(
        f"{r.outcome.value} ({r.severity.label}, below --fail-on {fail_on}), "
        f"{cite(r.location)}: {headline(r)}{why}"
    )


def _waiver_text(r: Result) -> str:
    w = r.waiver
    if w is None:
        return "waived"
    text = f"waived: {w.reason}"
    if w.approved_by:
        text += f" (approved by {w.approved_by})"
    if w.expires:
        text += f", expires {w.expires}"
    if r.waived_outcome:
        text += f"; outcome was {r.waived_outcome.value}"
    return text


def _suite(report: Report, d: DocumentReport | SetReport, root: ET.Element) -> dict[str, int]:
    """A document's suite, or a set's ("set NAME"), whose cases link the member that holds
    each result's evidence."""
    if isinstance(d, SetReport):
        name = f"set {d.name}"
        facts = [("doc_type", d.doc_type.value), ("sha256", d.sha256)]
        facts += [("document", m.path) for m in d.members]
    else:
        name = d.path
        facts = [
            ("doc_type", d.doc_type.value),
            ("format", d.format),
            ("sha256", d.sha256),
            ("pages", "" if d.pages is None else str(d.pages)),
            ("title", d.title or ""),
        ]
    suite = _sub(root, "testsuite", name=name)
    props = _sub(suite, "properties")
    for key, value in facts:
        if value:
            _sub(props, "property", name=key, value=value)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for r in sort_results(d.results):
        counts["tests"] += 1
        where = d.place(r) if isinstance(d, SetReport) else d.path
        case = _sub(
            suite,
            "testcase",
            classname=name,
            name=f"{r.rule} {r.title}",
            file=report.repo_path(where),
        )
        _properties(case, r)
        if _fails(report, r):
            counts["failures"] += 1
            _sub(case, "failure", _detail(r), message=r.message, type=r.outcome.value)
        elif r.outcome is Outcome.NOT_APPLICABLE:
            counts["skipped"] += 1
            why = "; ".join([*([trigger_reason(r)] if r.trigger is not None else []), *r.reasons])
            _sub(case, "skipped", message="not applicable" + (f": {why}" if why else ""))
        elif r.outcome is Outcome.WAIVED:
            counts["skipped"] += 1
            _sub(case, "skipped", _detail(r), message=_waiver_text(r))
        elif r.outcome.is_failure:  # below --fail-on: not a failure, but never invisible
            counts["skipped"] += 1
            _sub(case, "skipped", _detail(r), message=_below(report, r))
        elif r.advice or r.trigger is not None:
            _sub(case, "system-out", _detail(r))
    if d.warnings:
        _sub(suite, "system-out", "".join(f"warning: {w}\n" for w in d.warnings))
    for k, v in counts.items():
        suite.set(k, str(v))
    return counts


def render(report: Report) -> str:
    root = ET.Element("testsuites", {"name": "tenderlint"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for d in report.units:
        for k, v in _suite(report, d, root).items():
            totals[k] += v
    if report.errors or report.warnings:
        suite = _sub(root, "testsuite", name="tenderlint")
        for e in report.errors:
            case = _sub(suite, "testcase", classname="tenderlint", name=e.path)
            _sub(case, "error", f"{e.path}: {e.message}\n", message=e.message, type="read-error")
        if report.warnings:
            _sub(suite, "system-out", "".join(f"warning: {w}\n" for w in report.warnings))
        n = len(report.errors)
        for k, v in (("tests", n), ("failures", 0), ("errors", n), ("skipped", 0)):
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
