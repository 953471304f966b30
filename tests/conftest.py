"""Shared test helpers: run the CLI as a user would, and write small rule packs."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner, Result

from tenderlint.cli import main

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack

REPO = Path(__file__).resolve().parents[1]
BUNDLED = "uk-responsible-tech"


@functools.cache
def bundled_pack(name: str = BUNDLED) -> Pack:
    """A bundled pack, loaded once per test session (modules share it at collection)."""
    from tenderlint.lang.packs import load_pack

    return load_pack(name)


@functools.cache
def bundled_compiled(name: str = BUNDLED) -> Compiled:
    """A bundled pack compiled once per test session, on first use (not at collection)."""
    from tenderlint.engine import compile_pack

    return compile_pack([bundled_pack(name)])


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``tenderlint ARGS`` in ``tmp_path`` with an isolated cache."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TENDERLINT_CACHE_DIR", str(tmp_path / ".cache"))

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def write_pack(
    root: Path, rules: str, name: str = "test-pack", extra: dict[str, str] | None = None
) -> Path:
    """A one-file rule pack in ``root/name`` with ``rules`` as its rule text."""
    d = root / name
    d.mkdir(parents=True, exist_ok=True)
    files = {"rules.tl": textwrap.dedent(rules)}
    files.update({k: textwrap.dedent(v) for k, v in (extra or {}).items()})
    listed = ", ".join(f'"{f}"' for f in files)
    (d / "pack.toml").write_text(
        f'name = "{name}"\nversion = "1.0.0"\ntitle = "Test pack"\npublisher = "Tests"\n'
        f'licence = "MIT"\ndescription = "A pack for tests."\njurisdiction = "UK"\n'
        f'tenderlint = ">=0.1"\nrules = [{listed}]\n',
        encoding="utf-8",
    )
    for fname, text in files.items():
        (d / fname).write_text(text, encoding="utf-8")
    return d


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path
