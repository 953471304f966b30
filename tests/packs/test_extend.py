"""Extending a pack: a local pack adds rules, overrides a parameter and a severity, disables a
rule with a reason and replaces one by id; the report names both packs and where each rule came
from; conflicts are errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.packs.conftest import LOCAL_RULE, base_pack, contract, local_pack

CHECK = ("check", "docs", "--doc-type", "contract", "--format", "json", "--no-cache")


def test_extending_pack_overrides_a_parameter_and_a_severity(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    base_pack(tmp_path, "1.2.0", folder="base-pack")
    contract(tmp_path)
    local_pack(
        tmp_path,
        "../base-pack@^1.2",
        '[params]\nTRANSFER_LIMIT = "5 working days"\n[severity]\nBASE-002 = "info"\n',
    )
    (tmp_path / "tenderlint.toml").write_text('packs = ["council-pack"]\n')
    r = cli(*CHECK)
    assert r.exit_code == 0, r.stderr  # the one finding left (BASE-002) is only info
    report = json.loads(r.output)
    results = {x["rule"]: (x["outcome"], x["severity"]) for x in report["documents"][0]["results"]}
    # 4 working days meets the local 5-day limit (the national pack's 2 days would not).
    assert results == {
        "BASE-001": ("satisfied", "error"),
        "BASE-002": ("missing", "info"),
        "LOCAL-001": ("satisfied", "warning"),
    }
    packs = [(p["name"], p["version"], p["extends"], p["rules"]) for p in report["packs"]]
    assert packs == [
        ("council-pack", "1.0.0", "base-pack", ["LOCAL-001"]),
        ("base-pack", "1.2.0", None, ["BASE-001", "BASE-002"]),
    ]
    # Without the local pack, the national threshold gives a weak result.
    r = cli(*CHECK, "--pack", str(tmp_path / "base-pack"))
    assert r.exit_code == 1
    assert json.loads(r.output)["documents"][0]["results"][0]["outcome"] == "weak"
    # rules list shows where each rule came from.
    listed = cli("rules", "list", "--pack", "council-pack").output.splitlines()
    assert listed[1:3] == ["  from council-pack", "  extends base-pack 1.2.0 (../base-pack@^1.2)"]
    assert any(
        ln.split()[:2] == ["BASE-002", "info"] and ln.endswith("[base-pack]") for ln in listed
    )


def test_disable_with_a_reason_and_replace_by_id(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    base_pack(tmp_path, "1.0.0", folder="base-pack")
    contract(tmp_path)
    replacement = LOCAL_RULE + LOCAL_RULE.replace("LOCAL-001", "BASE-001").replace(
        "Local accessibility statement", "Requests transferred (council wording)"
    )
    local_pack(
        tmp_path,
        "../base-pack",
        'replaces = ["BASE-001"]\n[disable]\nBASE-002 = "exit is covered by the framework"\n',
        rules=replacement,
    )
    r = cli(*CHECK, "--pack", "council-pack")
    assert r.exit_code == 0, r.stderr  # BASE-002, the one finding, is disabled
    report = json.loads(r.output)
    council = report["packs"][0]
    assert council["rules"] == ["BASE-001", "LOCAL-001"]
    assert council["replaced"] == [{"rule": "BASE-001", "pack": "base-pack"}]
    assert council["disabled"] == [
        {"rule": "BASE-002", "reason": "exit is covered by the framework"}
    ]
    assert report["packs"][1]["rules"] == []
    titles = {x["rule"]: x["title"] for x in report["documents"][0]["results"]}
    assert titles == {
        "BASE-001": "Requests transferred (council wording)",
        "LOCAL-001": "Local accessibility statement",
    }
    listed = cli("rules", "list", "--pack", "council-pack").output
    assert "  replaces BASE-001 of base-pack\n  disables BASE-002: exit is covered" in listed


def test_conflicts_are_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    base_pack(tmp_path, "1.0.0", folder="base-pack")
    contract(tmp_path)
    clash = LOCAL_RULE.replace("LOCAL-001", "BASE-001")
    local_pack(
        tmp_path,
        "../base-pack",
        '[params]\nNO_SUCH = "3 days"\nTRANSFER_LIMIT = "15%"\n[disable]\nBASE-009 = "gone"\n',
        rules=clash,
    )
    r = cli(*CHECK, "--pack", "council-pack")
    assert r.exit_code == 2
    lines = r.stderr.splitlines()
    assert lines == [
        'error: council-pack/pack.toml: key "disable.BASE-009": pack "base-pack" has no BASE-009',
        "error: council-pack/local.tl:2:1: error: rule BASE-001 is already defined by pack "
        '"base-pack" (to replace it, list it under "replaces" in council-pack\'s pack.toml)',
        'error: council-pack/pack.toml: key "params.NO_SUCH": pack "base-pack" has no parameter '
        "NO_SUCH (its parameters: TRANSFER_LIMIT)",
        "error: council-pack/pack.toml: key \"params.TRANSFER_LIMIT\": '15%' is a percentage, but "
        "TRANSFER_LIMIT is a duration (2 working days)",
    ]
    # Two packs of a run defining one id, neither extending the other, are an error too.
    other = base_pack(tmp_path, "1.0.0", name="other-pack", folder="other-pack")
    r = cli(*CHECK, "--pack", str(tmp_path / "base-pack"), "--pack", str(other))
    assert r.exit_code == 2
    assert r.stderr.splitlines()[0] == (
        'error: rule BASE-001 is defined by both pack "base-pack" and pack "other-pack" (one must '
        'extend the other and list it under "replaces")'
    )


def test_a_version_range_that_nothing_meets(cli: Callable[..., Result], tmp_path: Path) -> None:
    base_pack(tmp_path, "1.0.0", folder="base-pack")
    contract(tmp_path)
    local_pack(tmp_path, "../base-pack@^2")
    r = cli(*CHECK, "--pack", "council-pack")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        'error: council-pack/pack.toml: key "extends": cannot load "../base-pack@^2": '
        "../base-pack@^2: no version in range ^2 (found 1.0.0)"
    ]


def test_a_folder_of_archives_gives_the_named_pack_only(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    for name in ("base-pack", "base-pack-extra"):
        d = base_pack(tmp_path / "src", "1.0.0", name=name)
        assert cli("pack", "build", str(d), "-o", f"vendor/{name}-1.0.0.tlpack").exit_code == 0
    (tmp_path / "vendor" / "base-pack-1.0.0.tlpack").unlink()
    r = cli("rules", "list", "--pack", "vendor/base-pack")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        'error: vendor/base-pack-extra-1.0.0.tlpack: is pack "base-pack-extra", not "base-pack"'
    ]
