"""Installed packs: a Python package that ships a pack under the entry-point group
``tenderlint.packs`` is found by name; so is tenderlint's bundled pack, declared the same way."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import textwrap
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pytest
from click.testing import Result

from tests.packs.conftest import base_pack


def test_bundled_pack_is_declared_under_the_entry_point_group(cli: Callable[..., Result]) -> None:
    names = {ep.name: ep.value for ep in metadata.entry_points(group="tenderlint.packs")}
    assert names.get("uk-responsible-tech") == "tenderlint.distribution.bundled:UK_RESPONSIBLE_TECH"
    r = cli("rules", "list", "--pack", "uk-responsible-tech")
    assert r.exit_code == 0
    assert r.output.splitlines()[1] == "  from uk-responsible-tech (installed by tenderlint)"


def _pack_package(root: Path) -> Path:
    """A source tree of a Python package that ships base-pack 1.4.0 as package data."""
    pkg = root / "base-pack-dist"
    data = pkg / "base_pack_rules"
    base_pack(root, "1.4.0", folder="staging")
    data.mkdir(parents=True)
    for f in (root / "staging").iterdir():
        (data / f.name).write_bytes(f.read_bytes())
    (data / "__init__.py").write_text('"""Rule pack data only."""\n')
    (pkg / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "base-pack-rules"
            version = "1.4.0"

            [project.entry-points."tenderlint.packs"]
            base-pack = "base_pack_rules"

            [tool.hatch.build.targets.wheel]
            packages = ["base_pack_rules"]
            """
        )
    )
    return pkg


@pytest.mark.slow
def test_pack_installed_in_a_venv_is_found_by_name(tmp_path: Path) -> None:
    """pip installs the pack package offline into a fresh venv that sees this environment's
    packages (tenderlint, pip, hatchling) through a .pth file; the venv's tenderlint finds it."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    here = sysconfig.get_paths()["purelib"]
    Path(site, "outer.pth").write_text(f"import site; site.addsitedir({here!r})\n")
    pkg = _pack_package(tmp_path)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "--no-build-isolation", "--no-deps",
         "--quiet", str(pkg)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    run = subprocess.run(
        [str(python), "-m", "tenderlint", "rules", "list", "--pack", "base-pack@^1.4"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "base-pack 1.4.0  Pack base-pack  (2 rules)"
    assert lines[1] == "  from base-pack (installed by base-pack-rules)"
    assert [ln.split()[0] for ln in lines[2:]] == ["BASE-001", "BASE-002"]
    # The pack is not there for this environment's tenderlint: nothing leaks between venvs.
    names = {ep.name for ep in metadata.entry_points(group="tenderlint.packs")}
    assert "base-pack" not in names


def test_rules_list_comes_from_the_pack_cache_and_sees_every_edit(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack = base_pack(tmp_path, "1.4.0", folder="pack")
    first = cli("rules", "list", "--pack", "pack")
    assert first.exit_code == 0 and "BASE-002" in first.output
    assert list((tmp_path / ".cache").glob("v*/packs/*.json"))  # parsed once, kept as data
    assert cli("rules", "list", "--pack", "pack").output == first.output
    rules = pack / "rules.tl"
    rules.write_text(rules.read_text().replace("BASE-002", "BASE-009"), encoding="utf-8")
    again = cli("rules", "list", "--pack", "pack").output
    assert "BASE-009" in again and "BASE-002" not in again  # keyed by the pack's files
