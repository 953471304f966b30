"""The JSON report: the stable, schema-validated shape other tools consume."""

from __future__ import annotations

import json
from typing import Any

from tenderlint.model import Result
from tenderlint.report import DocumentReport, PackInfo, Report, SetReport
from tenderlint.report.extract import evidence_dict, parties_dict, redaction_dict


def result_dict(r: Result) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": r.rule,
        "title": r.title,
        "outcome": r.outcome.value,
        "severity": r.severity.label,
        "message": r.message,
        "reasons": list(r.reasons),
        "evidence": [evidence_dict(e) for e in r.evidence],
        "position": r.position.value if r.position else None,
        "advice": list(r.advice),
        "trigger": None,
        "suggestion": r.suggestion,
        "theme": r.theme,
    }
    if r.trigger is not None:
        out["trigger"] = {
            "met": r.trigger.met,
            "reason": r.trigger.reason,
            "evidence": [evidence_dict(e) for e in r.trigger.evidence],
        }
    if r.waiver is not None:
        w = r.waiver
        out["waiver"] = {
            "reason": w.reason,
            "approved_by": w.approved_by,
            "expires": w.expires,
            "clause": w.clause,
            "outcome": r.waived_outcome.value if r.waived_outcome else None,
        }
    return out


def document_dict(d: DocumentReport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": d.path,
        "sha256": d.sha256,
        "format": d.format,
        "doc_type": d.doc_type.value,
        "doc_type_reason": d.doc_type_reason,
        "pages": d.pages,
        "title": d.title,
        "warnings": list(d.warnings),
        "parties": parties_dict(d.parties) if d.parties else None,
    }
    if d.redaction is not None:
        out["redaction"] = redaction_dict(d.redaction)
    out["results"] = [result_dict(r) for r in d.results]
    return out


def set_dict(s: SetReport) -> dict[str, Any]:
    """A set: its name and type, each member as read (no results of its own: those are in
    ``documents`` with --per-document), and one result per rule for the whole set."""
    members = []
    for m in s.members:
        member = document_dict(m)
        del member["results"]
        member["main"] = m.path == s.main
        members.append(member)
    out: dict[str, Any] = {
        "name": s.name,
        "type": s.doc_type.value,
        "type_reason": s.doc_type_reason,
        "sha256": s.sha256,
        "main": s.main,
        "documents": members,
        "warnings": list(s.warnings),
    }
    if s.redaction is not None:
        out["redaction"] = redaction_dict(s.redaction)
    out["results"] = [result_dict(r) for r in s.results]
    return out


def pack_dict(p: PackInfo) -> dict[str, Any]:
    return {
        "name": p.name,
        "version": p.version,
        "sha256": p.sha256,
        "source": p.source,
        "key": p.key,
        "extends": p.extends,
        "rules": list(p.rules),
        "replaced": [{"rule": r, "pack": by} for r, by in p.replaced],
        "disabled": [{"rule": r, "reason": why} for r, why in p.disabled],
    }


def report_dict(report: Report) -> dict[str, Any]:
    out = {
        "tenderlint": report.version,
        "packs": [pack_dict(p) for p in report.packs],
        "documents": [document_dict(d) for d in report.documents],
        # Only a run that checks sets has "sets" (and counts them): other reports keep the
        # shape they had.
        **({"sets": [set_dict(s) for s in report.sets]} if report.sets else {}),
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
        "summary": {
            "documents": len(report.documents),
            **({"sets": len(report.sets)} if report.sets else {}),
            "errors": len(report.errors),
            "outcomes": report.counts(),
            "findings": report.by_severity(),
            "fail_on": report.fail_on.label if report.fail_on else "never",
            "failed": report.failed or bool(report.errors),
            "warnings": list(report.warnings),
        },
    }
    return out


def render(report: Report) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
