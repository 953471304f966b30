"""What each comment says: the result, why it was flagged, the suggestion and the sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from tenderlint.annotate.comments import Runs
from tenderlint.annotate.placement import Plan
from tenderlint.annotate.wording import is_wording, one_line, variant, wording, wording_lines
from tenderlint.model import DocType, Evidence, Outcome, Result

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Rule

_OUTCOME_LABEL = {
    Outcome.WEAK: "Weak",
    Outcome.CONFLICT: "Conflict",
    Outcome.MISSING: "Missing",
}


class Messages:
    """Comment text for results of the packs that ran, worded for the kind of document."""

    def __init__(self, compiled: Compiled, packs: Sequence[Pack], doc_type: DocType) -> None:
        self.compiled = compiled
        self.doc_type = doc_type
        self.versions = {p.name: p.version for p in packs}
        self.rules: dict[str, Rule] = {r.id: r for r in compiled.rules}

    def header(self, rule_ids: Sequence[str]) -> Runs:
        """The first line: tenderlint and the packs (with versions) the rules come from."""
        # A finding of no pack (an expired waiver) names every pack that ran.
        names = sorted({self.compiled.pack_of.get(r, "") for r in rule_ids} - {""})
        names = names or sorted(self.versions)
        packs = ", ".join(f"{n} {self.versions.get(n, '')}".strip() for n in names)
        return [(f"tenderlint · {packs}" if packs else "tenderlint", True)]

    def finding(self, result: Result, plan: Plan | None, unanchored: Evidence | None) -> list[Runs]:
        """The comment on a weak or conflict result; ``unanchored`` is evidence the comment
        cannot sit on, so it is quoted instead."""
        rule = self.rules.get(result.rule)
        body: list[Runs] = [self.header([result.rule])]
        label = _OUTCOME_LABEL.get(result.outcome, result.outcome.value)
        body.append(
            [(f"{label} ({result.severity.label}) — {result.rule}: ", True), (result.title, False)]
        )
        if result.message and not result.message.endswith(result.title):
            body.append([(result.message, False)])  # a pack's own message, not "Weak: title"
        if unanchored is not None:
            ev = unanchored
            where = ev.location.short() if ev.location else "the document"
            body.append([(f"Evidence ({where}): ", True), (f"“{ev.quote}”", False)])
        if result.reasons:
            body.append([("Why flagged:", True)])
            body.extend([[(f"• {reason}", False)] for reason in result.reasons])
        if rule is not None and rule.rationale:
            body.append([("Why it matters: ", True), (one_line(rule.rationale), False)])
        if result.suggestion:
            note = f" (inserted {plan.where} as a tracked change)" if plan else ""
            what = "wording" if is_wording(rule, result.suggestion) else "action"
            body.append([(f"Suggested {what}{note}:", True)])
            lines = wording_lines(wording(variant(result.suggestion, self.doc_type)))
            body.extend([[(line, False)] for line in lines])
        if rule is not None and rule.citations:
            body.append([("Sources:", True)])
            for c in rule.citations:
                line = c.title + (f", {c.section}" if c.section else "")
                line += f" — {c.url}" if c.url else ""
                body.append([(f"• {line}", False)])
        return body

    def missing(self, missing: Sequence[Result], plans: Mapping[str, Plan]) -> list[Runs]:
        """The one comment listing every missing requirement with its suggestion."""
        body: list[Runs] = [self.header([r.rule for r in missing])]
        body.append(
            [
                (f"Missing ({len(missing)}): ", True),
                ("no clause meets these requirements; the suggestion follows each.", False),
            ]
        )
        for r in missing:
            items = wording(variant(r.suggestion or "", self.doc_type))
            line = f" — {' '.join(wording_lines(items))}" if items else ""
            plan = plans.get(r.rule)
            note = f" [inserted {plan.where} as a tracked change]" if plan else ""
            body.append([(f"{r.rule} ", True), (f"{r.title}{line}{note}", False)])
        return body
