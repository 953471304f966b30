"""Hostile input through the CLI: nothing runs code, every failure is one line and exit 2 for
its document only, and bombs are refused at once (issue 12)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import write
from tests.safety.helpers import contract, docx_bomb, pack, pdf_bomb, planted_pickle

# -- the cache cannot run code -----------------------------------------------------------------


def test_planted_cache_files_are_never_executed(cli: Callable[..., Result], tmp_path: Path) -> None:
    pack(tmp_path)
    contract(tmp_path / "c.md")
    clean = cli("check", "c.md", "--pack", "pack", "--format", "json", "--no-cache")
    # Planted where the old cache lived (in the repository), and all over the cache directory.
    old = tmp_path / ".tenderlint_cache" / "results"
    old.mkdir(parents=True)
    (old / "x.pickle").write_bytes(planted_pickle(tmp_path / "pwned-old"))
    first = cli("check", "c.md", "--pack", "pack", "--format", "json")
    entries = list((tmp_path / ".cache").rglob("*.json"))
    assert entries and all(json.loads(e.read_text(encoding="utf-8")) for e in entries)
    for i, e in enumerate(entries):
        e.write_bytes(planted_pickle(tmp_path / f"pwned-{i}"))
    again = cli("check", "c.md", "--pack", "pack", "--format", "json", "-v")
    assert not list(tmp_path.glob("pwned*"))
    assert first.stdout == again.stdout == clean.stdout and again.exit_code == first.exit_code
    assert "note: cache: ignored" in again.stderr


def test_a_cached_result_is_used_only_for_its_own_document(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack(tmp_path)
    write(tmp_path / "a.md", "# Call-off Contract\n\n1.1 The Supplier shall transfer each "
          "request for information.\n")  # fmt: skip
    contract(tmp_path / "b.md")
    cli("check", "a.md", "--pack", "pack", "--format", "json")
    (entry_a,) = (tmp_path / ".cache").rglob("results/*.json")
    cli("check", "b.md", "--pack", "pack", "--format", "json")
    (entry_b,) = set((tmp_path / ".cache").rglob("results/*.json")) - {entry_a}
    # A forged entry: a's satisfied result filed under b's key.
    entry_b.write_bytes(entry_a.read_bytes())
    r = cli("check", "b.md", "--pack", "pack", "--format", "json", "-v")
    outcomes = [x["outcome"] for x in json.loads(r.stdout)["documents"][0]["results"]]
    assert outcomes == ["weak"] and r.exit_code == 1
    assert "recorded for another document" in r.stderr or "not an entry" in r.stderr


# -- every failure is one line, exit 2, others still checked ---------------------------------


def test_an_internal_error_stops_only_its_document(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenderlint import run

    pack(tmp_path)
    contract(tmp_path / "bad.md")
    contract(tmp_path / "good.md")
    real = run.lint

    def broken(doc: object, rel: str, session: object) -> object:
        if rel == "bad.md":
            raise ValueError("boom")
        return real(doc, rel, session)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "lint", broken)
    r = cli("check", "bad.md", "good.md", "--pack", "pack", "--format", "json", "--no-cache")
    assert r.exit_code == 2
    assert [d["path"] for d in json.loads(r.stdout)["documents"]] == ["good.md"]
    assert r.stderr.splitlines() == [
        "tenderlint: internal error while checking bad.md: ValueError: boom (please report)",
        "error: bad.md: internal error: ValueError: boom (please report)",
    ]
    r = cli("check", "bad.md", "good.md", "--pack", "pack", "--no-cache", "-v")
    assert "Traceback" in r.stderr and 'raise ValueError("boom")' in r.stderr


def test_a_runaway_document_is_given_up_after_the_budget(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tenderlint import run

    pack(tmp_path)
    contract(tmp_path / "slow.md")
    contract(tmp_path / "quick.md")
    real = run.lint

    def stuck(doc: object, rel: str, session: object) -> object:
        while rel == "slow.md":
            time.sleep(1)
        return real(doc, rel, session)  # type: ignore[arg-type]

    monkeypatch.setattr(run, "lint", stuck)
    r = cli("check", "slow.md", "quick.md", "--pack", "pack", "--format", "json", "--timeout",
            "5", "--no-cache")  # fmt: skip
    assert r.exit_code == 2
    report = json.loads(r.stdout)
    assert [d["path"] for d in report["documents"]] == ["quick.md"]
    assert report["errors"] == [
        {
            "path": "slow.md",
            "message": "gave up after 5 s (per-document time budget; --timeout or [limits] "
            "timeout in the config)",
        }
    ]


def test_config_values_are_checked_before_use(cli: Callable[..., Result], tmp_path: Path) -> None:
    pack(tmp_path)
    contract(tmp_path / "c.md")
    write(
        tmp_path / "tenderlint.toml",
        """
        packs = ["pack"]
        exclude = ["../elsewhere/**"]
        [[waivers]]
        rule = "FOI-001"
        path = "c.md"
        reason = "Accepted."
        expires = "2024-02-30"
        """,
    )
    r = cli("check", "c.md")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        "error: tenderlint.toml: key \"waivers[0].expires\": '2024-02-30' is not a real date "
        "(allowed: YYYY-MM-DD)",
        "error: tenderlint.toml: key \"exclude[0]\": '../elsewhere/**' is not a glob relative to "
        'the config\'s folder (allowed: forward slashes, "*", "**" and "?", no "..")',
    ]


def test_link_loops_and_unreadable_folders_are_reported_and_others_checked(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tenderlint.collect

    pack(tmp_path)
    contract(tmp_path / "docs" / "good.md")
    (tmp_path / "docs" / "loop.md").symlink_to(tmp_path / "docs" / "loop.md")
    (tmp_path / "docs" / "back").symlink_to(tmp_path / "docs")  # a folder loop: searched once
    (tmp_path / "docs" / "secret").mkdir()
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied")
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(tenderlint.collect.os, "scandir", scandir)
    r = cli("check", "docs", "loop2.md", "--pack", "pack", "--format", "json", "--no-cache")
    (tmp_path / "loop2.md").symlink_to(tmp_path / "loop2.md")
    r = cli("check", "docs", "loop2.md", "--pack", "pack", "--format", "json", "--no-cache")
    assert r.exit_code == 2
    report = json.loads(r.stdout)
    assert [d["path"] for d in report["documents"]] == ["docs/good.md"]
    assert report["errors"] == [
        {"path": "docs/loop.md", "message": "symlink loop: skipped"},
        {"path": "docs/secret", "message": "folder cannot read: permission denied"},
        {"path": "loop2.md", "message": "symlink loop: skipped"},
    ]


def test_a_run_that_selects_no_rule_is_a_usage_error(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack(tmp_path)
    contract(tmp_path / "c.md")
    r = cli("check", "c.md", "--pack", "pack", "--select", "FOI", "--ignore", "FOI")
    assert r.exit_code == 2 and r.stderr.startswith("error: no rule selected")


# -- bounded time: hostile patterns are refused ----------------------------------------------


def test_a_catastrophic_pattern_is_refused_at_load(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack(tmp_path, 'rule X-001 "Runaway" {\n  severity error\n  applies to contract\n'
         '  require clause mentions /(\\w+\\s?)+$/\n  example satisfied "a b"\n'
         '  example missing "."\n}\n')  # fmt: skip
    write(tmp_path / "c.md", "# Call-off Contract\n\n" + "a" * 30 + "!\n")
    for args in (
        ("check", "c.md", "--pack", "pack"),
        ("test", "pack"),
        ("rules", "validate", "pack"),
    ):
        r = cli(*args)
        assert r.exit_code == 2
        assert "pack/rules.tl:4:27: error: regular expression refused: a repetition inside a " \
            "repetition can match the same text in more than one way" in r.stderr  # fmt: skip


def test_rules_validate_warns_on_quadratic_patterns(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack(tmp_path, 'rule X-001 "Slow" {\n  severity error\n  applies to contract\n'
         '  require clause mentions /shall.*x.*y/\n  example satisfied "shall x y"\n'
         '  example missing "."\n}\n')  # fmt: skip
    r = cli("rules", "validate", "pack")
    assert r.exit_code == 0
    assert r.stderr.startswith("pack/rules.tl:4:27: warning: two unbounded repetitions")


# -- bounded memory and size -----------------------------------------------------------------


def test_bombs_and_huge_lines_fail_at_once_in_little_memory(tmp_path: Path) -> None:
    pack(tmp_path)
    docx_bomb(tmp_path / "bomb.docx", 120)
    pdf_bomb(tmp_path / "bomb.pdf", 256)
    (tmp_path / "line.txt").write_bytes(b"The Supplier shall comply. " * (90 * 1024 * 1024 // 27))
    (tmp_path / "para.md").write_bytes(b"The Supplier shall comply. " * 40_000)
    contract(tmp_path / "good.md")
    probe = (
        "import resource, subprocess, sys\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(r.stdout + r.stderr)\n"
    )
    exe = str(Path(sys.executable).parent / "tenderlint")
    args = [exe, "check", "bomb.docx", "bomb.pdf", "line.txt", "para.md", "good.md", "--pack", "pack",
            "--no-cache", "--format", "json"]  # fmt: skip
    env = {**os.environ, "TENDERLINT_CACHE_DIR": str(tmp_path / ".cache")}
    out = subprocess.run(
        [sys.executable, "-c", probe, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    head, _, rest = out.partition("\n")
    code, max_kb = (int(x) for x in head.split())
    assert code == 2
    assert max_kb < 500 * 1024
    report = json.loads(rest[: rest.rindex("}") + 1])
    assert [d["path"] for d in report["documents"]] == ["good.md"]
    errors = {e["path"]: e["message"] for e in report["errors"]}
    assert errors == {
        "bomb.docx": "word/document.xml unzips to more than the 64 MB limit for one part "
        "(zip bomb?; [limits] part-mb in the config)",
        "bomb.pdf": "a compressed stream inflates to more than the 64 MB limit for one stream "
        "(a decompression bomb?; [limits] part-mb in the config)",
        "line.txt": "90 MB of text, over the 10,000,000-character limit per document ([limits] "
        "text-chars in the config)",
        "para.md": "a paragraph of 1,080,000 characters, over the 200,000-character limit per "
        "paragraph ([limits] block-chars in the config)",
    }


def test_utf32_text_is_decoded_not_read_as_utf16(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack(tmp_path)
    text = "# Call-off Contract\n\n14.1 The Supplier shall transfer each request for information.\n"
    (tmp_path / "c.txt").write_bytes(text.encode("utf-32"))
    r = cli("check", "c.txt", "--pack", "pack", "--format", "json", "--no-cache")
    assert r.exit_code == 0, r.output
    assert [x["outcome"] for x in json.loads(r.stdout)["documents"][0]["results"]] == ["satisfied"]
