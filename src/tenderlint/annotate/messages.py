"""What each comment says: what a lawyer reads in the margin, in under about 600 characters.

A comment gives the outcome and rule with what is wrong in one line, the reason in one line,
the advice (good practice the text lacks, or what the drafter should do), where the model
wording went, and one citation. The model wording itself is never repeated in a comment: it
is in the tracked insertion (``--insert-suggestions``), or ``tenderlint rules show`` prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tenderlint.annotate.comments import Runs
from tenderlint.annotate.placement import Plan
from tenderlint.annotate.wording import is_wording, one_line
from tenderlint.model import DocType, Evidence, Outcome, Result
from tenderlint.report import cite, headline, trigger_reason

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Rule

LIMIT = 600  # characters in one comment, about what a margin shows without scrolling
WHY_LIMIT = 240  # characters of the reason: one line of a wide margin, three of a narrow one
_OUTCOME_LABEL = {
    Outcome.WEAK: "Weak",
    Outcome.CONFLICT: "Conflict",
    Outcome.MISSING: "Missing",
    Outcome.SATISFIED: "Satisfied",
}


def length(body: Sequence[Runs]) -> int:
    """The characters a comment shows: its paragraphs' text, a line break between them."""
    return sum(len(text) for para in body for text, _ in para) + max(len(body) - 1, 0)


def _shorten(text: str, room: int) -> str:
    """``text`` cut at a word to at most ``room`` characters, with an ellipsis if cut."""
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 0)].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


class Messages:
    """Comment text for results of the packs that ran, worded for the kind of document."""

    def __init__(self, compiled: Compiled, packs: Sequence[Pack], doc_type: DocType) -> None:
        self.compiled = compiled
        self.doc_type = doc_type
        self.rules: dict[str, Rule] = {r.id: r for r in compiled.rules}

    def comment(
        self, result: Result, plan: Plan | None, unanchored: Evidence | None = None
    ) -> list[Runs]:
        """The comment on one result; ``unanchored`` is evidence the comment cannot sit on,
        so it is quoted instead."""
        rule = self.rules.get(result.rule)
        outcome = _OUTCOME_LABEL.get(result.outcome, result.outcome.value)
        grade = (
            result.position.value
            if result.outcome is Outcome.SATISFIED and result.position
            else result.severity.label
        )
        head: Runs = [
            (f"{outcome} ({grade}) — {result.rule}: ", True),
            (one_line(headline(result)), False),
        ]
        why = "; ".join(one_line(r) for r in result.reasons)
        if result.trigger is not None and result.trigger.met:
            why = "; ".join(x for x in (why, f"applies because {trigger_reason(result)}") if x)
        parts: list[tuple[str, str]] = []
        if unanchored is not None:
            where = cite(unanchored.location)
            parts.append((f"Evidence ({where}): ", f"“{one_line(unanchored.quote)}”"))
        if why:
            parts.append(("Why: ", _shorten(why, WHY_LIMIT)))  # one line in the margin
        advice = self._advice(result, rule)
        if advice:
            parts.append(advice)
        wording = self._wording(result, rule, plan)
        if wording:
            parts.append(("Model wording: ", wording))
        source = self._source(rule)
        if source:
            parts.append(("Source: ", source))
        return _fit(head, parts)

    def _advice(self, result: Result, rule: Rule | None) -> tuple[str, str] | None:
        if result.advice:
            return ("Good practice would add: ", "; ".join(result.advice))
        if result.suggestion and not is_wording(rule, result.suggestion):
            return ("Advice: ", one_line(result.suggestion))  # to the drafter, not wording
        return None

    def _wording(self, result: Result, rule: Rule | None, plan: Plan | None) -> str | None:
        if result.outcome is Outcome.SATISFIED:
            return None
        if not result.suggestion or not is_wording(rule, result.suggestion):
            return None
        if plan is not None:
            return f"inserted {plan.where} as a tracked change."
        return (
            f"`tenderlint rules show {result.rule}` prints it; annotate with "
            "--insert-suggestions to insert it."
        )

    @staticmethod
    def _source(rule: Rule | None) -> str | None:
        if rule is None or not rule.citations:
            return None
        c = rule.citations[0]
        text = c.title + (f", {c.section}" if c.section else "")
        return text + (f" <{c.url}>" if c.url else "")


# Which part gives way first when a comment is too long: the citation (its link first), then
# quoted evidence, advice, the reason, the note of where the wording went, the headline last.
_YIELD = ("Source: ", "Evidence", "Advice: ", "Good practice", "Why: ", "Model wording: ")


def _fit(head: Runs, parts: list[tuple[str, str]]) -> list[Runs]:
    """The comment's paragraphs, shortened part by part until it fits in ``LIMIT``."""

    def body() -> list[Runs]:
        return [head, *([(label, True), (text, False)] for label, text in parts)]

    order = sorted(
        range(len(parts)),
        key=lambda i: next((k for k, p in enumerate(_YIELD) if parts[i][0].startswith(p)), 9),
    )
    for i in order:
        over = length(body()) - LIMIT
        if over <= 0:
            break
        label, text = parts[i]
        if label == "Source: " and " <" in text:  # the link goes before the title is cut
            text = text.split(" <", 1)[0]
            over -= len(parts[i][1]) - len(text)
        parts[i] = (label, _shorten(text, max(len(text) - max(over, 0), 40)))
    over = length(body()) - LIMIT
    if over > 0:
        head = [head[0], (_shorten(head[1][0], max(len(head[1][0]) - over, 60)), False)]
    return body()
