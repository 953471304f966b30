"""`tenderlint pack diff OLD NEW`: rules added, removed and changed, parameters, and the examples
whose outcome changes between the old rules and the new."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.packs.conftest import base_pack


def test_diff_lists_rules_parameters_and_changed_outcomes(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    old = base_pack(tmp_path, "1.0.0")
    new = base_pack(tmp_path, "1.1.0", limit="5 working days", severity="error")
    with (new / "rules.tl").open("a", encoding="utf-8") as fh:
        fh.write(
            '\nrule BASE-003 "Incidents are reported" {\n  severity error\n  applies to contract\n'
            '  require paragraph mentions "incident"\n'
            '  example satisfied "The Supplier shall report each incident."\n'
            '  example missing "Nothing relevant here."\n}\n'
        )
    assert cli("pack", "build", str(old)).exit_code == 0
    r = cli("pack", "diff", "base-pack-1.0.0.tlpack", str(new))
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[:7] == [
        "base-pack 1.0.0 -> base-pack 1.1.0",
        "rules added: BASE-003",
        "rules removed: none",
        "rules changed: 1",
        "  BASE-002: severity warning -> error",
        "parameters changed: 1",
        "  TRANSFER_LIMIT: 2 working days -> 5 working days",
    ]
    # The old weak example (5 working days) is satisfied under the new threshold.
    assert lines[7:] == [
        "example outcomes that change (old rules -> new rules): 1",
        '  BASE-001  base-pack-1.0.0.tlpack/rules.tl:10 "The Supplier shall transfer each '
        'request within 5 working days.": weak -> satisfied',
    ]
