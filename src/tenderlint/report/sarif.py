"""The SARIF 2.1.0 report, for GitHub code scanning and other static-analysis dashboards.

One run. ``tool.driver.rules`` describes every rule of the run; results are the failing
outcomes (weak, missing, conflict) plus waived ones, which carry an external suppression with
the waiver's reason. ``message.text`` starts with the page and clause ("p.7 cl.14.2: ..."),
since GitHub shows no logical locations, and every location also has a logical location
naming them. ``region.startLine`` is the source line for Markdown and text; a Word or PDF
file has no lines, so there it is the paragraph's number in reading order, as ``tenderlint
extract`` lists it (1 for a finding about the whole document). URIs are relative to the
repository root (``%SRCROOT%``), never ``../``: a file outside it gets an absolute ``file:``
URI. ``partialFingerprints.primaryLocationLineHash``, which GitHub matches alerts on, is
tenderlint's own hash of rule, path, clause and quotation (see ``fingerprint``), so an alert
survives a re-save of the DOCX. A set's finding is placed on the member that holds its first
quotation (the set's main document for a missing requirement), each quotation on its own
member, with the set's name in its properties. Output is deterministic: sorted, no timestamps.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from tenderlint.model import Location, Outcome, Result, Severity
from tenderlint.report import (
    DocumentReport,
    Report,
    SetReport,
    cite,
    headline,
    trigger_reason,
)
from tenderlint.report.fingerprint import Fingerprints

if TYPE_CHECKING:
    from tenderlint.lang.nouns import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "primaryLocationLineHash"

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_MIME = {
    "markdown": "text/markdown",
    "text": "text/plain",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _artifact_location(path: str) -> dict[str, Any]:
    """A URI reference for a path from the repository root (spaces, ``#`` and ``%``
    percent-encoded), or an absolute ``file:`` URI for a path outside it."""
    if PurePosixPath(path).is_absolute():
        return {"uri": "file://" + quote(path, safe="/-._~!$&'()*+,;=:@")}
    return {"uri": quote(path, safe="/-._~!$&'()*+,;=:@"), "uriBaseId": SRCROOT}


def _text(s: str | None) -> str:
    """Hard-wrapped text from a rule file as paragraphs: lines joined, blank lines kept."""
    paras = re.split(r"\n\s*\n", (s or "").strip())
    return "\n\n".join(" ".join(p.split()) for p in paras if p.strip())


def _name(title: str) -> str:
    """A SARIF rule name, an identifier an end user can read: the title in PascalCase."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words) or "Rule"


def _pack_of(report: Report, rule: Rule | None) -> str | None:
    """The pack a rule came from: the only pack of the run, or the pack whose name is a
    directory on the rule's source path."""
    if len(report.packs) == 1:
        return report.packs[0].name
    if rule is None:
        return None
    parts = rule.source.file.replace("\\", "/").split("/")
    for p in report.packs:
        if p.name in parts:
            return p.name
    return None


def _md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


def _help(rule: Rule) -> dict[str, str]:
    """Help for a rule, as plain text and Markdown: rationale, model clause, sources."""
    text: list[str] = []
    md: list[str] = []
    if rule.rationale:
        text.append(_text(rule.rationale))
        md.append(_md(_text(rule.rationale)))
    if rule.suggestion:
        text.append("Model clause: " + _text(rule.suggestion))
        quoted = _md(_text(rule.suggestion)).replace("\n\n", "\n>\n> ")
        md.append("**Model clause**\n\n> " + quoted)
    if rule.citations:
        lines_text = ["Sources:"]
        lines_md = ["**Sources**", ""]
        for c in rule.citations:
            label = c.title + (f", {c.section}" if c.section else "")
            lines_text.append(f"- {label}" + (f" <{c.url}>" if c.url else ""))
            lines_md.append(f"- [{_md(label)}](<{c.url}>)" if c.url else f"- {_md(label)}")
        text.append("\n".join(lines_text))
        md.append("\n".join(lines_md))
    if not text:
        text.append(rule.title)
        md.append(_md(rule.title))
    return {"text": "\n\n".join(text), "markdown": "\n\n".join(md)}


def _descriptor(report: Report, rule_id: str, rule: Rule | None, title: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rule_id, "name": _name(rule.title if rule else title)}
    out["shortDescription"] = {"text": rule.title if rule else title}
    if rule is None:
        out["fullDescription"] = {"text": title}
        out["help"] = {"text": title, "markdown": title}
        out["properties"] = {"tags": ["tenderlint"]}
        return out
    out["fullDescription"] = {"text": _text(rule.rationale) or rule.title}
    out["defaultConfiguration"] = {"level": _LEVELS[rule.severity]}
    url = next((c.url for c in rule.citations if c.url), None)
    if url:
        out["helpUri"] = url
    out["help"] = _help(rule)
    props: dict[str, Any] = {"tags": sorted(set(rule.tags))}
    if rule.theme:
        props["theme"] = rule.theme
    pack = _pack_of(report, rule)
    if pack:
        props["pack"] = pack
    props["severity"] = rule.severity.label
    out["properties"] = props
    return out


def _logical(path: str, loc: Location | None) -> dict[str, Any]:
    if loc is None:
        return {"name": path, "fullyQualifiedName": path, "kind": "module"}
    name = f"cl.{loc.clause}" if loc.clause else loc.short()
    out: dict[str, Any] = {"name": name, "fullyQualifiedName": loc.short(), "kind": "member"}
    props: dict[str, Any] = {"block": loc.block}
    if loc.page is not None:
        props["page"] = loc.page
    if loc.clause:
        props["clause"] = loc.clause
    if loc.heading:
        props["heading"] = loc.heading
    out["properties"] = props
    return out


def _location(
    path: str, index: int | None, loc: Location | None, quote_text: str | None
) -> dict[str, Any]:
    artifact = _artifact_location(path)
    if index is not None:
        artifact["index"] = index
    line = loc.line if loc and loc.line else (loc.block if loc and loc.block >= 1 else 1)
    region: dict[str, Any] = {"startLine": line}
    if quote_text:
        region["snippet"] = {"text": quote_text}
    return {
        "physicalLocation": {"artifactLocation": artifact, "region": region},
        "logicalLocations": [_logical(path, loc)],
    }


def _message(r: Result) -> str:
    """Where, what and why in one text: GitHub shows this and no logical location."""
    outcome = r.waived_outcome if r.outcome is Outcome.WAIVED and r.waived_outcome else r.outcome
    label = outcome.value.replace("-", " ").capitalize()
    msg = f"{cite(r.location)}: {label}: {headline(r)}"
    why = list(r.reasons)
    if r.trigger is not None and r.trigger.met:
        why.append(f"applies because {trigger_reason(r)}")
    return f"{msg} ({'; '.join(why)})" if why else msg


def _result(
    path: str,
    index: int,
    r: Result,
    rule_index: dict[str, int],
    fingerprints: Fingerprints,
    where: dict[str, tuple[str, int]] | None = None,
) -> dict[str, Any]:
    """A failing or waived result on ``path``; in a set, each quotation is located in the
    member it comes from (``where``: a member's path as shown -> its URI path and index)."""
    out: dict[str, Any] = {
        "ruleId": r.rule,
        "ruleIndex": rule_index[r.rule],
        "level": _LEVELS[r.severity],
        "kind": "fail",
        "message": {"text": _message(r)},
    }

    def at(loc: Location | None) -> tuple[str, int]:
        if where is not None and loc is not None and loc.document in where:
            return where[loc.document]
        return path, index

    if r.evidence:
        first, *rest = r.evidence
        out["locations"] = [_location(*at(first.location), first.location, first.quote)]
        if rest:
            out["relatedLocations"] = [
                {
                    "id": i,
                    **_location(*at(e.location), e.location, e.quote),
                    "message": {"text": e.quote},
                }
                for i, e in enumerate(rest, start=1)
            ]
    else:
        out["locations"] = [_location(path, index, None, None)]
    # GitHub's own line hashes read "<hex>:<n>", n counting equal hashes in a file.
    digest, n = fingerprints.of(r, path)
    out["partialFingerprints"] = {FINGERPRINT_KEY: f"{digest[:32]}:{n}"}
    outcome = r.waived_outcome if r.outcome is Outcome.WAIVED and r.waived_outcome else r.outcome
    props: dict[str, Any] = {"outcome": outcome.value, "severity": r.severity.label}
    if r.theme:
        props["theme"] = r.theme
    if r.reasons:
        props["reasons"] = list(r.reasons)
    if r.suggestion:
        props["suggestion"] = _text(r.suggestion)
    if r.trigger is not None:
        props["trigger"] = {"met": r.trigger.met, "reason": trigger_reason(r)}
    if r.advice:
        props["advice"] = list(r.advice)
    out["properties"] = props
    if r.outcome is Outcome.WAIVED and r.waiver is not None:
        w = r.waiver
        sup: dict[str, Any] = {"kind": "external", "status": "accepted", "justification": w.reason}
        extra = {
            k: v
            for k, v in (
                ("approvedBy", w.approved_by),
                ("expires", w.expires),
                ("clause", w.clause),
                ("path", w.path),
            )
            if v
        }
        if extra:
            sup["properties"] = extra
        out["suppressions"] = [sup]
    return out


def _notification(level: str, text: str, path: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"level": level, "message": {"text": text}}
    if path is not None:
        out["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": _artifact_location(path),
                    "region": {"startLine": 1},
                }
            }
        ]
    return out


def _descriptors(report: Report) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Every rule of the run, in id order, then any result rule without metadata (e.g.
    WAIVER-EXPIRED, which the waiver stage adds); and each rule's index among them."""
    descriptors: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    for rule_id in sorted(report.rules):
        rule_index[rule_id] = len(descriptors)
        descriptors.append(_descriptor(report, rule_id, report.rules[rule_id], ""))
    extra_titles: dict[str, str] = {}
    for d in report.units:
        for r in d.results:
            if r.rule not in rule_index:
                extra_titles.setdefault(r.rule, r.title)
    for rule_id in sorted(extra_titles):
        rule_index[rule_id] = len(descriptors)
        descriptors.append(_descriptor(report, rule_id, None, extra_titles[rule_id]))
    return descriptors, rule_index


def _artifact(d: DocumentReport, path: str) -> dict[str, Any]:
    artifact: dict[str, Any] = {
        "location": _artifact_location(path),
        "hashes": {"sha-256": d.sha256},
        "roles": ["analysisTarget"],
    }
    if d.format in _MIME:
        artifact["mimeType"] = _MIME[d.format]
    props: dict[str, Any] = {"format": d.format, "docType": d.doc_type.value}
    if d.pages is not None:
        props["pages"] = d.pages
    if d.title:
        props["title"] = d.title
    artifact["properties"] = props
    return artifact


def sarif_dict(report: Report) -> dict[str, Any]:
    """The report as one SARIF 2.1.0 log with one run."""
    descriptors, rule_index = _descriptors(report)
    artifacts: list[dict[str, Any]] = []
    results: list[dict[str, Any]] = []
    fingerprints = Fingerprints()
    execution: list[dict[str, Any]] = []
    for e in sorted(report.errors, key=lambda e: e.path):
        execution.append(_notification("error", f"{e.path}: {e.message}", report.repo_path(e.path)))
    # One artifact per file: documents, then set members not also checked on their own.
    where: dict[str, tuple[str, int]] = {}
    members = [m for s in report.sets for m in s.members]
    for d in [*sorted(report.documents, key=lambda d: d.path), *members]:
        if d.path in where:
            continue
        path = report.repo_path(d.path)
        where[d.path] = (path, len(artifacts))
        artifacts.append(_artifact(d, path))
        for w in d.warnings:
            execution.append(_notification("warning", f"{d.path}: {w}", path))
    for s in report.sets:
        for w in s.warnings:
            execution.append(_notification("warning", f"set {s.name}: {w}", None))
    for shown, unit, r in report.placed():
        if r.outcome.is_failure or r.outcome is Outcome.WAIVED:
            path, index = where[shown]
            got = _result(path, index, r, rule_index, fingerprints, where)
            if isinstance(unit, SetReport):
                got["properties"]["set"] = unit.name
            results.append(got)

    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if execution:
        invocation["toolExecutionNotifications"] = execution
    if report.warnings:
        invocation["toolConfigurationNotifications"] = [
            _notification("warning", w, None) for w in report.warnings
        ]
    driver: dict[str, Any] = {
        "name": "tenderlint",
        "version": report.version,
        "semanticVersion": report.version,
        "rules": descriptors,
    }
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "properties": {
            "failOn": report.fail_on.label if report.fail_on else "never",
            "failed": report.failed or bool(report.errors),
            "outcomes": report.counts(),
        },
    }
    if report.packs:
        driver_ext = [
            {
                "name": p.name,
                "version": p.version,
                **({"fullName": p.title} if p.title else {}),
                "properties": {"sha256": p.sha256},
            }
            for p in report.packs
        ]
        run["tool"]["extensions"] = driver_ext
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    return json.dumps(sarif_dict(report), indent=2, ensure_ascii=False) + "\n"
