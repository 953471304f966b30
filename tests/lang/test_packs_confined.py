"""Pack files resolve inside the pack folder: no paths leading out, no symbolic links, and an
error never quotes a file that is not part of the pack."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import write_pack

SECRET = "root:x:0:0:secret line that must never be echoed"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    path = tmp_path / "outside.tl"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def test_manifest_entry_leading_out_is_refused(
    cli: Callable[..., Result], tmp_path: Path, outside: Path
) -> None:
    d = write_pack(tmp_path, "")
    manifest = d / "pack.toml"
    manifest.write_text(manifest.read_text().replace('"rules.tl"]', '"rules.tl", "../outside.tl"]'))
    r = cli("rules", "validate", str(d))
    assert r.exit_code == 2
    assert SECRET not in r.output + r.stderr
    assert r.stderr.splitlines() == [
        'error: test-pack/pack.toml: key "rules": ../outside.tl leads outside the pack folder '
        "(no '..' or empty parts)"
    ]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_symlinked_rule_file_is_refused(
    cli: Callable[..., Result], tmp_path: Path, outside: Path
) -> None:
    d = write_pack(tmp_path, "")
    (d / "rules.tl").unlink()
    (d / "rules.tl").symlink_to(outside)
    r = cli("rules", "validate", str(d))
    assert r.exit_code == 2
    assert SECRET not in r.output + r.stderr
    assert r.stderr.splitlines() == [
        'error: test-pack/pack.toml: key "rules": rules.tl is a symbolic link (pack files must '
        "be inside the pack)"
    ]
    # A symlinked folder inside the pack is not followed either.
    (d / "rules.tl").unlink()
    (d / "rules.tl").write_text("")
    (d / "sub").symlink_to(tmp_path, target_is_directory=True)
    manifest = d / "pack.toml"
    manifest.write_text(
        manifest.read_text().replace('"rules.tl"]', '"rules.tl", "sub/outside.tl"]')
    )
    r = cli("rules", "validate", str(d))
    assert r.exit_code == 2 and SECRET not in r.output + r.stderr
    assert "sub/outside.tl: sub is a symbolic link" in r.stderr
