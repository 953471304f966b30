"""Every rule's examples are its tests: run them all through the real engine, and fail when a
rule lacks an example for an outcome it can produce."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.examples import missing_outcomes, run_example
from tenderlint.lang.packs import bundled_packs
from tests.conftest import REPO, bundled_compiled, bundled_pack, write_pack

PACKS = [bundled_pack(p.name) for p in bundled_packs()]
CASES = [
    pytest.param(pack, rule, i, id=f"{rule.id}-{i}-{ex.outcome.value}")
    for pack in PACKS
    for rule in pack.rules
    for i, ex in enumerate(rule.examples)
]


@pytest.mark.parametrize(("pack", "rule", "index"), CASES)
def test_example(pack, rule, index) -> None:  # type: ignore[no-untyped-def]
    run = run_example(rule, rule.examples[index], bundled_compiled(pack.name))
    assert run.passed, "\n".join(run.problems)


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for p in PACKS for r in p.rules])
def test_every_possible_outcome_has_an_example(rule) -> None:  # type: ignore[no-untyped-def]
    assert missing_outcomes(rule) == []


def test_test_command_over_the_rules_folder(cli: Callable[..., Result]) -> None:
    r = cli("test", str(REPO / "rules"))
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-1].endswith(", 0 rules failing")


def test_test_command_reports_wrong_outcomes_and_gaps(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write_pack(
        tmp_path,
        """
        rule T-001 "Needs x" {
          severity error
          applies to contract
          require paragraph mentions "x"
          strong when "shall" as "a duty"
          example satisfied "x shall"
          example missing "x"
        }
        """,
    )
    r = cli("test", "test-pack")
    assert r.exit_code == 1
    lines = r.output.splitlines()
    assert lines[1].startswith("  FAIL T-001       2 examples  Needs x")
    assert "expected missing, got weak (no a duty)" in r.output
    assert "no example for outcome weak (the rule can produce it)" in r.output
    assert lines[-1] == "2 examples, 1 rules failing"
