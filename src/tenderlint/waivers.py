"""Waivers and severity overrides: the accepted findings a lawyer records on purpose, applied to
results, with expired and unused waivers reported so the audit trail stays honest."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import replace

from tenderlint.config import glob_match
from tenderlint.model import Outcome, Result, Severity, Waiver

EXPIRED_RULE = "WAIVER-EXPIRED"


def _covers(w: Waiver, rel_path: str, result: Result) -> bool:
    if w.rule != result.rule or not glob_match(w.path, rel_path):
        return False
    if w.clause is None:
        return True
    clauses = {e.location.clause for e in result.evidence if e.location and e.location.clause}
    return w.clause in clauses


def apply(
    results: Iterable[Result],
    rel_path: str,
    waivers: Iterable[Waiver],
    severity: Mapping[str, Severity],
    today: _dt.date,
    used: set[Waiver],
) -> list[Result]:
    """Results with severity overrides and waivers applied; adds an error result for each
    expired waiver that would have applied. ``used`` collects waivers that matched."""
    out: list[Result] = []
    extra: list[Result] = []
    waivers = list(waivers)
    for r in results:
        if r.rule in severity and r.outcome.is_failure:
            r = replace(r, severity=severity[r.rule])
        if r.outcome.is_failure:
            for w in waivers:
                if not _covers(w, rel_path, r):
                    continue
                used.add(w)
                if w.expires and _dt.date.fromisoformat(w.expires) < today:
                    extra.append(
                        Result(
                            rule=EXPIRED_RULE,
                            title=f"Waiver for {w.rule} expired on {w.expires}",
                            outcome=Outcome.CONFLICT,
                            severity=Severity.ERROR,
                            message=f"The waiver for {w.rule} on {w.path} expired on {w.expires}: "
                            "renew it with a fresh approval or fix the clause.",
                            reasons=(f"waiver reason was: {w.reason}",)
                            + ((f"approved by {w.approved_by}",) if w.approved_by else ()),
                            evidence=r.evidence,
                        )
                    )
                    continue
                r = replace(
                    r,
                    outcome=Outcome.WAIVED,
                    waiver=w,
                    waived_outcome=r.outcome,
                    suggestion=None,
                )
                break
        out.append(r)
    return out + extra


def unused(waivers: Iterable[Waiver], used: set[Waiver]) -> list[str]:
    """A warning for each waiver that matched nothing in this run."""
    return [
        f'waiver for {w.rule} on "{w.path}"'
        + (f" clause {w.clause}" if w.clause else "")
        + " matched nothing: remove it or correct its rule, path or clause"
        for w in waivers
        if w not in used
    ]
