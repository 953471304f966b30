"""Held-out clauses: realistic drafting written by someone other than each rule's author, with
the outcome a commercial lawyer would give it. They guard the rules against tuning to their own
examples. Each file in tests/heldout/ is TOML with [[case]] tables: rule, outcome, text, and
optionally doc_type and note."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from tenderlint.engine import Context, evaluate
from tenderlint.model import DocType
from tenderlint.read.parties import find_parties
from tenderlint.read.text import read_text
from tests.conftest import bundled_compiled, bundled_pack

HERE = Path(__file__).parents[1] / "heldout"
RULES = {r.id: r for r in bundled_pack().rules}
CASES = [
    pytest.param(case, id=f"{f.stem}-{i}-{case['rule']}-{case['outcome']}")
    for f in sorted(HERE.glob("*.toml"))
    for i, case in enumerate(tomllib.loads(f.read_text(encoding="utf-8")).get("case", []))
]


@pytest.mark.parametrize("case", CASES)
def test_heldout_clause(case: dict) -> None:  # type: ignore[type-arg]
    rule = RULES[case["rule"]]
    data = case["text"].encode("utf-8")
    doc = read_text(data, "case.md", hashlib.sha256(data).hexdigest(), markdown=True)
    doc = replace(doc, parties=find_parties(doc))  # as read_document does
    kind = DocType(case.get("doc_type", "contract"))
    (result,) = evaluate(doc, bundled_compiled(), Context(kind), rules=[rule])
    assert result.outcome.value == case["outcome"], (
        f"{case.get('note', '')}: got {result.outcome.value}: {'; '.join(result.reasons)}"
    )
