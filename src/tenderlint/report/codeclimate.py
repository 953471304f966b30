"""The GitLab Code Quality report (a Code Climate issue list), so findings show in merge requests.

A JSON array with one issue per failing result (weak, missing, conflict) and per unreadable
file, each with the fields GitLab documents: ``description``, ``check_name``,
``fingerprint`` (unique, stable across re-saves: see ``fingerprint``), ``severity`` (info,
minor, major, critical, blocker) and ``location.path`` (from the repository root) with
``location.lines.begin``: the source line for Markdown and text, the paragraph number in
reading order for Word and PDF, 1 for the whole document. Waived, satisfied and
not-applicable results are not issues. A set's finding is on the member that holds its
evidence, else the set's main document. Deterministic: sorted, no timestamps.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from tenderlint.model import Location, Result, Severity
from tenderlint.report import Report, cite, headline, one_line
from tenderlint.report.fingerprint import Fingerprints

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def _line(loc: Location | None) -> int:
    if loc is None:
        return 1
    return loc.line or (loc.block if loc.block >= 1 else 1)


def _description(r: Result) -> str:
    text = f"{r.rule} {r.outcome.value}, {cite(r.location)}: {headline(r)}"
    if r.reasons:
        text += f" ({'; '.join(r.reasons)})"
    return one_line(text)


def issues(report: Report) -> list[dict[str, Any]]:
    """The Code Quality issues of the run, unreadable files first, then documents by path."""
    out: list[dict[str, Any]] = []
    for e in report.errors:
        path = report.repo_path(e.path)
        digest = hashlib.sha256(f"tenderlint/unreadable\x00{path}".encode()).hexdigest()
        out.append(
            {
                "type": "issue",
                "description": f"unreadable file: {one_line(e.message)}",
                "check_name": "tenderlint/unreadable",
                "fingerprint": digest,
                "severity": "blocker",
                "location": {"path": path, "lines": {"begin": 1}},
            }
        )
    fingerprints = Fingerprints()
    # A set's finding is placed on the member that holds its evidence (else the set's main
    # document), where a merge request shows it.
    for shown, _unit, r in report.placed():
        path = report.repo_path(shown)
        if not r.outcome.is_failure:
            continue
        digest, n = fingerprints.of(r, path)
        if n > 1:  # GitLab needs every fingerprint unique
            digest = hashlib.sha256(f"{digest}\x00{n}".encode()).hexdigest()
        out.append(
            {
                "type": "issue",
                "description": _description(r),
                "check_name": r.rule,
                "fingerprint": digest,
                "severity": SEVERITIES[r.severity],
                "location": {"path": path, "lines": {"begin": _line(r.location)}},
            }
        )
    return out


def render(report: Report) -> str:
    return json.dumps(issues(report), indent=2, ensure_ascii=False) + "\n"
