"""The published pre-commit hook works: each hook's entry runs as pre-commit would run it, on
the files its `files` pattern selects."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO, write

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_hook_metadata() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "tenderlint"
    assert hook["language"] == "python"
    pattern = re.compile(hook["files"])
    assert [
        f for f in ["a.docx", "b.pdf", "c.md", "d.txt", "e.xlsx", "f.doc"] if pattern.search(f)
    ] == [
        "a.docx",
        "b.pdf",
        "c.md",
        "d.txt",
    ]


def test_hook_entry_runs_like_pre_commit(tmp_path: Path) -> None:
    (hook,) = HOOKS
    good = write(
        tmp_path / "good.md",
        """
        # Call-off Contract
        The Supplier shall transfer each Request for Information within two (2) Working Days.
        """,
    )
    write(tmp_path / "bad.md", "# Call-off Contract\n\nSupplier: [Enter text].\n")
    write(tmp_path / "notes.xlsx", "not selected")
    selected = sorted(f.name for f in tmp_path.iterdir() if re.search(hook["files"], f.name))
    assert selected == ["bad.md", "good.md"]
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "TENDERLINT_CACHE_DIR": str(tmp_path / ".cache"),
    }
    cmd = [*shlex.split(hook["entry"]), *hook.get("args", []), "--select", "DRAFT-001"]
    ok = subprocess.run([*cmd, good.name], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = subprocess.run(
        [*cmd, *selected], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert failed.returncode == 1
    assert "bad.md" in failed.stdout and "DRAFT-001" in failed.stdout
