"""Rule examples as tests: run each example through the real reader and engine, and check that
every outcome a rule can produce has an example."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from tenderlint.engine import Compiled, Context, evaluate
from tenderlint.lang.nouns import Example, Rule
from tenderlint.model import DocType, Outcome, Result
from tenderlint.read.parties import find_parties
from tenderlint.read.text import read_text


@dataclass(frozen=True)
class ExampleRun:
    """One example's verdict: the outcome it expected, the one it got, and why it failed."""

    rule: str
    example: Example
    result: Result
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def example_doc_type(rule: Rule, example: Example) -> DocType:
    if example.doc_type is not None:
        return example.doc_type
    if DocType.CONTRACT in rule.applies_to:
        return DocType.CONTRACT
    return DocType.TENDER


def run_example(rule: Rule, example: Example, compiled: Compiled) -> ExampleRun:
    data = example.text.encode("utf-8")
    where = f"{example.source}" if example.source else rule.id
    doc = read_text(data, where, hashlib.sha256(data).hexdigest(), markdown=True)
    doc = replace(doc, parties=find_parties(doc))  # as read_document does
    ctx = Context(example_doc_type(rule, example), "set by the example")
    result = evaluate(doc, compiled, ctx, rules=[rule])[0]
    problems: list[str] = []
    if result.outcome is not example.outcome:
        why = "; ".join(result.reasons) or "no reasons"
        problems.append(f"expected {example.outcome.value}, got {result.outcome.value} ({why})")
    # A fragment may pin a reason, or, for a satisfied result, a piece of advice.
    joined = " | ".join([*result.reasons, *result.advice]).lower()
    for fragment in example.expects:
        if fragment.lower() not in joined:
            problems.append(
                f'expected the reasons or advice to mention "{fragment}"; they were: {joined}'
            )
    return ExampleRun(rule.id, example, result, tuple(problems))


def missing_outcomes(rule: Rule) -> list[Outcome]:
    """Outcomes the rule can produce that none of its examples shows (completeness check)."""
    shown = {e.outcome for e in rule.examples}
    return sorted(rule.possible_outcomes() - shown, key=lambda o: o.value)


def run_rule(rule: Rule, compiled: Compiled) -> tuple[list[ExampleRun], list[Outcome]]:
    return [run_example(rule, ex, compiled) for ex in rule.examples], missing_outcomes(rule)
