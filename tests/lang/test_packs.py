"""Rule packs: manifests validated with messages naming file and key, names resolved across
files and packs, identities by sha256, and the `rules` commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.lang.packs import PackError, load_pack, version_satisfies
from tests.conftest import write_pack

RULE = """
rule T-001 "Test requirement" {
  severity error
  applies to contract
  require paragraph mentions WORDS
  example satisfied "alpha"
  example missing "nothing"
}
"""


def test_load_pack_resolves_sets_and_identity(tmp_path: Path) -> None:
    d = write_pack(tmp_path, 'define WORDS "words" = "alpha", "beta"\n' + RULE)
    pack = load_pack(str(d))
    assert pack.name == "test-pack" and pack.version == "1.0.0"
    assert [r.id for r in pack.rules] == ["T-001"]
    assert set(pack.sets) == {"WORDS"}
    before = pack.sha256
    (d / "rules.tl").write_text((d / "rules.tl").read_text() + "\n# edited\n")
    assert load_pack(str(d)).sha256 != before


def test_import_sets_from_another_pack(tmp_path: Path) -> None:
    write_pack(tmp_path, 'define WORDS "words" = "alpha"\n', name="base")
    d = write_pack(tmp_path, 'import WORDS from "../base"\n' + RULE, name="child")
    pack = load_pack(str(d))
    assert pack.sets["WORDS"].patterns[0].text == "alpha"  # type: ignore[union-attr]
    assert pack.imports == (str((tmp_path / "base").resolve()),)


def test_import_from_bundled_pack(tmp_path: Path) -> None:
    d = write_pack(tmp_path, 'import MANDATORY, HEDGES_X from "uk-responsible-tech"\n' + RULE)
    with pytest.raises(PackError) as info:
        load_pack(str(d))
    assert any(
        'pack "uk-responsible-tech" has no term set HEDGES_X' in p for p in info.value.problems
    )


def problems(tmp_path: Path, rules: str, **extra: str) -> list[str]:
    d = write_pack(tmp_path, rules, extra=extra)
    with pytest.raises(PackError) as info:
        load_pack(str(d))
    return [p.splitlines()[0].split("test-pack/", 1)[-1] for p in info.value.problems]


def test_cross_file_errors_are_all_reported(tmp_path: Path) -> None:
    more = RULE.replace("WORDS", "WORSD") + (
        'rule T-002 "x" {\n severity error\n applies to both\n'
        ' require clause mentions "at the {NOPE} end"\n strong when duration <= LIMITX\n'
        ' example satisfied "alpha"\n}\n'
    )
    got = problems(
        tmp_path, 'define WORDS = "alpha"\ndefine LOOP = "x", LOOP\n' + RULE, **{"more.tl": more}
    )
    assert [g.split(" (first defined at")[0] for g in got] == [
        "more.tl:2:1: error: duplicate rule id T-001",
        'more.tl:5:30: error: undefined term set WORSD; did you mean "WORDS"?',
        "more.tl:12:26: error: undefined term set NOPE",
        "more.tl:13:26: error: undefined parameter LIMITX",
        "rules.tl:2:1: error: term set LOOP includes itself",
    ]


def test_manifest_errors_name_file_and_key(tmp_path: Path) -> None:
    d = write_pack(tmp_path, 'define WORDS = "alpha"\n' + RULE)
    manifest = d / "pack.toml"
    text = manifest.read_text()
    manifest.write_text(
        text.replace('version = "1.0.0"', 'version = "1.0"').replace('licence = "MIT"\n', "")
        + 'homepage = "not a url"\nlicense = "MIT"\n'
    )
    with pytest.raises(PackError) as info:
        load_pack(str(d))
    shown = info.value.problems
    assert all(
        p.startswith(
            str(manifest.relative_to(Path.cwd()))
            if manifest.is_relative_to(Path.cwd())
            else str(manifest)
        )
        for p in shown
    )
    tails = [p.split(": ", 1)[1] for p in shown]
    assert 'missing key "licence"' in tails
    assert (
        'unknown key "license" (allowed: description, disable, extends, homepage, jurisdiction, licence, name, params, publisher, replaces, rules, severity, tenderlint, title, version)'
        in tails
    )
    assert (
        'key "version": "1.0" is not valid (a semantic version MAJOR.MINOR.PATCH, e.g. 1.2.0)'
        in tails
    )
    assert 'key "homepage": "not a url" is not valid (a web address starting https://)' in tails


def test_stray_and_missing_rule_files(tmp_path: Path) -> None:
    d = write_pack(tmp_path, 'define WORDS = "alpha"\n' + RULE)
    (d / "extra.tl").write_text("")
    (d / "pack.toml").write_text(
        (d / "pack.toml").read_text().replace('"rules.tl"]', '"rules.tl", "gone.tl"]')
    )
    with pytest.raises(PackError) as info:
        load_pack(str(d))
    msgs = "\n".join(info.value.problems)
    assert 'key "rules": no such file gone.tl' in msgs
    assert "extra.tl: rule file is not listed in pack.toml" in msgs


def test_version_requirement(tmp_path: Path) -> None:
    d = write_pack(tmp_path, 'define WORDS = "alpha"\n' + RULE)
    (d / "pack.toml").write_text((d / "pack.toml").read_text().replace('">=0.1"', '">=9"'))
    with pytest.raises(PackError) as info:
        load_pack(str(d))
    assert info.value.problems[0].endswith(
        'key "tenderlint": the pack needs tenderlint >=9, this is 0.1.0'
    )
    assert version_satisfies("0.1.0", ">=0.1, <1")
    assert not version_satisfies("1.2.0", ">=0.1, <1")
    assert version_satisfies("1.2.3", "~=1.2")


def test_unknown_pack_name_suggests() -> None:
    with pytest.raises(PackError) as info:
        load_pack("uk-responsible-tec")
    assert info.value.problems == [
        "uk-responsible-tec: no such rule pack (installed packs: uk-responsible-tech); "
        'did you mean "uk-responsible-tech"?'
    ]


# -- the rules commands -------------------------------------------------------------------------


def test_rules_validate_ok_and_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    good = write_pack(tmp_path, 'define WORDS = "alpha"\n' + RULE, name="good")
    write_pack(tmp_path, RULE.replace("severity error", "severity loud"), name="bad")
    r = cli("rules", "validate", str(good))
    assert r.exit_code == 0 and r.output == "ok  good 1.0.0: 1 rules (good)\n"
    r = cli("rules", "validate", str(tmp_path))
    assert r.exit_code == 2
    assert "ok  good 1.0.0: 1 rules (good)" in r.stdout
    assert 'error: bad/rules.tl:3:12: error: unknown severity "loud"' in r.stderr
    assert "bad/rules.tl:5:30: error: undefined term set WORDS" in r.stderr
    r = cli("rules", "validate", str(tmp_path / "nowhere"))
    assert r.exit_code == 2 and "nowhere: no such file or directory" in r.stderr


def test_rules_validate_bundled_and_list(cli: Callable[..., Result]) -> None:
    r = cli("rules", "validate")
    assert r.exit_code == 0 and r.output.startswith("ok  uk-responsible-tech ")
    r = cli("rules", "list")
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0].startswith("uk-responsible-tech ")
    assert any(line.split()[:3] == ["FOI-001", "error", "contract"] for line in lines)


def test_rules_show(cli: Callable[..., Result]) -> None:
    r = cli("rules", "show", "foi-001")
    assert r.exit_code == 0
    out = r.output
    assert out.startswith("FOI-001  ")
    for part in (
        "Why it matters:",
        "Core (decides satisfied):",
        "Preferred (advice when absent):",
        "Model clause:",
        "Citations:",
        "Example (satisfied):",
        "Rule text:",
        'rule FOI-001 "',
    ):
        assert part in out
    r = cli("rules", "show", "FOI-01")
    assert r.exit_code == 2 and r.stderr == 'error: no rule FOI-01; did you mean "FOI-001"?\n'
