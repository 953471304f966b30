"""The published pre-commit hook works: its file filter selects what pre-commit would pass it
(Word and PDF in any case, never project notes), each hook's entry runs as pre-commit would
run it, and the README's way to add Markdown tenders selects them and still not the notes."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import yaml

from tests.conftest import REPO, write

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

CANDIDATES = [
    "contract.docx",
    "tenders/Lot 2/ITT.DOCX",
    "signed/Contract.Pdf",
    "schedule.pdf",
    "README.md",
    "docs/README.docx",
    "CHANGELOG.pdf",
    "LICENSE.docx",
    "Licence.pdf",
    "CONTRIBUTING.docx",
    "contract.reviewed.docx",
    "~$contract.docx",
    "tenders/itt.md",
    "notes.txt",
    "budget.xlsx",
    "old.doc",
]


def selected(hook: dict[str, Any], paths: list[str]) -> list[str]:
    """What pre-commit passes a hook: ``files`` searched, then ``exclude`` searched, on the
    path from the repository root."""
    files = re.compile(hook.get("files", ""))
    exclude = re.compile(hook["exclude"]) if hook.get("exclude") else None
    return [p for p in paths if files.search(p) and not (exclude and exclude.search(p))]


def test_hook_selects_documents_in_any_case_and_never_notes() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "tenderlint" and hook["language"] == "python"
    assert hook["entry"] == "tenderlint check" and hook["require_serial"] is True
    assert selected(hook, CANDIDATES) == [
        "contract.docx",
        "tenders/Lot 2/ITT.DOCX",
        "signed/Contract.Pdf",
        "schedule.pdf",
    ]


def readme_markdown_hook() -> dict[str, Any]:
    """The hook as the README's "Markdown tenders" snippet configures it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- pre-commit-markdown -->")
    block = re.search(r"```yaml\n(.*?)```", readme[start:], re.S)
    assert block is not None
    config = yaml.safe_load(block.group(1))
    (repo,) = config["repos"]
    (override,) = repo["hooks"]
    (hook,) = HOOKS
    return {**hook, **override}


def test_readme_shows_how_to_add_markdown_tenders() -> None:
    hook = readme_markdown_hook()
    assert selected(hook, CANDIDATES) == [
        "contract.docx",
        "tenders/Lot 2/ITT.DOCX",
        "signed/Contract.Pdf",
        "schedule.pdf",
        "tenders/itt.md",
    ]


def test_hook_entry_runs_like_pre_commit(tmp_path: Path) -> None:
    (hook,) = HOOKS
    good = docx.Document()
    good.add_heading("Call-off Contract", 0)
    good.add_paragraph(
        "The Supplier shall transfer each Request for Information within two (2) Working Days."
    )
    good.save(str(tmp_path / "good.docx"))
    bad = docx.Document()
    bad.add_heading("Call-off Contract", 0)
    bad.add_paragraph("Supplier: [Enter text].")
    bad.save(str(tmp_path / "BAD.DOCX"))
    write(tmp_path / "README.md", "# Call-off Contract\n\nSupplier: [Enter text].\n")
    write(tmp_path / "notes.xlsx", "not selected")
    files = sorted(f.name for f in tmp_path.iterdir())
    chosen = selected(hook, files)
    assert chosen == ["BAD.DOCX", "good.docx"]
    bindir = Path(sys.executable).parent
    env = {
        **os.environ,
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "TENDERLINT_CACHE_DIR": str(tmp_path / ".cache"),
    }
    cmd = [*shlex.split(hook["entry"]), *hook.get("args", []), "--select", "DRAFT-001"]
    ok = subprocess.run([*cmd, "good.docx"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failed = subprocess.run([*cmd, *chosen], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert failed.returncode == 1
    assert (
        failed.stdout.startswith("BAD.DOCX\n") and "DRAFT-001   weak       error" in failed.stdout
    )
    # A README named on the command line is passed over too: tenderlint itself never checks
    # project notes, whatever a hook's pattern lets through.
    notes = subprocess.run(
        [*cmd, "-v", "README.md", "good.docx"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert notes.returncode == 0, notes.stdout + notes.stderr
    assert "README.md" not in notes.stdout
