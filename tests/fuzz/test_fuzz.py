"""A short, deterministic fuzz run through the CLI: mutated DOCX, PDF and Markdown documents,
rule files and configs never give a traceback, an internal error, a hang past the budget or an
exit code outside 0/1/2, and a damaged document read without a warning gives the intact
document's findings. ``bench/fuzz.py`` is the long run of the same checks."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import write
from tests.fuzz.mutate import SEEDS, Tally, dump, findings, judge, mutate, mutate_text
from tests.safety.helpers import CONTRACT, RULES, pack

SEED = 20261207
# Rules that the seed documents meet in different ways, so that lost or changed text shows.
DOCUMENT_RULES = (
    RULES
    + """
rule DATA-001 "Personal data stays in the UK" {
  severity warning
  applies to both
  require paragraph mentions "personal data", /\\bdata\\b/
  strong when mentions /\\b(?:United Kingdom|UK)\\b/ as "a place"
  example satisfied "Personal data shall stay in the UK."
  example weak "Personal data may go anywhere."
  example missing "Nothing."
}
rule KPI-001 "Service levels" {
  severity info
  applies to both
  require clause mentions "service level*", "KPI*", /\\b\\d+(?:\\.\\d+)?\\s?%/
  example satisfied "The service level is 99.5%."
  example missing "Nothing."
}
"""
)
CONFIG = """
packs = ["pack"]
fail-on = "warning"
exclude = ["drafts/**"]
[severity]
FOI-001 = "warning"
[limits]
timeout = 30
block-chars = 5000
[doc-types]
"*.md" = "contract"
[[waivers]]
rule = "FOI-001"
path = "c.md"
reason = "Accepted by the authority."
expires = "2030-01-31"
"""


def test_mutated_documents(cli: Callable[..., Result], tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for name, src in SEEDS.items():
        (tmp_path / "intact").mkdir(exist_ok=True)
        (tmp_path / "intact" / name).write_bytes(src.read_bytes())
        for n in range(3):
            (tmp_path / "docs").mkdir(exist_ok=True)
            (tmp_path / "docs" / f"m{SEED}-{n}-{name}").write_bytes(mutate(src.read_bytes(), rng))
    pack(tmp_path, DOCUMENT_RULES)
    first = cli("check", "intact", "--pack", "pack", "--format", "json", "--no-cache")
    intact = {
        name: got
        for name in SEEDS
        if (got := findings(json.loads(first.stdout), f"intact/{name}")) is not None
    }
    assert set(intact) == set(SEEDS), first.stderr
    tally = Tally()
    r = cli("check", "docs", "--pack", "pack", "--format", "json", "--no-cache", "--timeout", "60")
    tally.add_exit(r.exit_code, r.stderr, "documents")
    judge(tally, json.loads(r.stdout), intact)
    assert tally.documents + tally.refused == 3 * len(SEEDS)
    assert not tally.broken, dump(tally)


def test_mutated_rule_files(cli: Callable[..., Result], tmp_path: Path) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    rules = (
        RULES
        + '\ndefine HEDGES "a hedge" = "reasonable endeavours", /as soon as (reasonably )?practicable/\n'
    )
    for n in range(12):
        pack(tmp_path, mutate_text(rules, rng))
        for args in (("rules", "validate", "pack"), ("test", "pack")):
            r = cli(*args)
            tally.add_exit(r.exit_code, r.output, f"rules {n} {args[0]}")
    assert set(tally.exits) <= {0, 1, 2} and not tally.broken, dump(tally)


def test_mutated_configs(cli: Callable[..., Result], tmp_path: Path) -> None:
    rng = random.Random(SEED)
    tally = Tally()
    pack(tmp_path)
    write(tmp_path / "c.md", CONTRACT)
    for n in range(12):
        (tmp_path / "tenderlint.toml").write_text(mutate_text(CONFIG, rng), encoding="utf-8")
        r = cli("check", "c.md", "--no-cache", "--jobs", "0")
        tally.add_exit(r.exit_code, r.output, f"config {n}")
    assert set(tally.exits) <= {0, 1, 2} and not tally.broken, dump(tally)
