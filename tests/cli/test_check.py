"""`tenderlint check` end to end: exit codes, document types, selection, configuration,
waivers, caching, unreadable files and deterministic output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.conftest import REPO, write, write_pack

PACK = """
define SUPPLIER = "supplier", "contractor"
param LIMIT = 2 working days
rule FOI-001 "Requests passed on within 2 working days" {
  severity error, weak warning
  applies to contract
  theme "FOI"
  require clause mentions "request for information"
  strong when duration <= LIMIT as "deadline of 2 working days"
  weak when "reasonable endeavours" as "hedge"
  suggest "The Supplier shall transfer each request within 2 Working Days."
  example satisfied "The Supplier shall transfer each request for information within 2 working days."
  example weak "The Supplier shall use reasonable endeavours to pass on any request for information within 2 working days."
  example missing "Nothing."
}
rule EVAL-001 "Social value weighted at 10% or more" {
  severity error
  applies to tender
  require clause mentions "social value"
  example satisfied "Social value is weighted."
  example missing "Nothing."
}
rule INFO-001 "Advisory" {
  severity info
  applies to both
  require clause mentions "glossary"
  example satisfied "glossary"
  example missing "Nothing."
}
"""

CONTRACT_WEAK = """
# Call-off Contract

## 14 Freedom of Information

14.1 The Supplier shall use reasonable endeavours to pass on any request for information within 2 working days.
"""

CONTRACT_GOOD = """
# Call-off Contract

14.1 The Supplier shall transfer each request for information within two (2) Working Days.
"""


def setup(tmp_path: Path) -> Path:
    return write_pack(tmp_path, PACK, name="pack")


def test_exit_codes_and_text_report(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "docs" / "weak.md", CONTRACT_WEAK)
    write(tmp_path / "docs" / "good.md", CONTRACT_GOOD)
    r = cli("check", "docs/good.md", "--pack", "pack")
    # INFO-001 is missing (info) but the default fail-on is error.
    assert r.exit_code == 0, r.output
    r = cli("check", "docs", "--pack", "pack")
    assert r.exit_code == 0  # weak FOI-001 is a warning
    # grouped by document, wrapped at 100 columns when piped, a summary at the end
    assert r.output.splitlines() == [
        "docs/good.md",
        '  contract (title says "Call-off") · markdown',
        "  title: Call-off Contract",
        "",
        "  INFO-001    missing    info     whole document",
        "    Advisory",
        '    - looked in every clause for "glossary"',
        "",
        "  1 satisfied, 1 not applicable (-v lists them)",
        "",
        "docs/weak.md",
        '  contract (title says "Call-off") · markdown',
        "  title: Call-off Contract",
        "",
        "  FOI-001     weak       warning  cl.14.1",
        "    Requests passed on within 2 working days",
        '    - hedge "reasonable endeavours"',
        "    > “14.1 The Supplier shall use reasonable endeavours to pass on any request for information",
        "      within 2 working days.” (cl.14.1)",
        "",
        "  INFO-001    missing    info     whole document",
        "    Advisory",
        '    - looked in every clause for "glossary"',
        "",
        "  0 satisfied, 1 not applicable (-v lists them)",
        "",
        "Summary",
        "  2 documents checked, 0 unreadable.",
        "  Findings: 2 missing, 0 conflict, 1 weak (0 errors, 1 warning, 2 info); 0 waived.",
        "  Other results: 1 satisfied, 2 not applicable.",
        "  Passed: nothing at or above error.",
    ]
    r = cli("check", "docs", "--pack", "pack", "--fail-on", "warning")
    assert r.exit_code == 1
    r = cli("check", "docs", "--pack", "pack", "--fail-on", "info")
    assert r.exit_code == 1
    r = cli("check", "docs", "--pack", "pack", "--fail-on", "never", "--select", "FOI")
    assert r.exit_code == 0


def test_verbose_lists_everything(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "good.md", CONTRACT_GOOD)
    r = cli("check", "good.md", "--pack", "pack", "-v")
    lines = r.output.splitlines()
    assert any(line.startswith("  EVAL-001    not-applicable") for line in lines)
    assert any(line.startswith("  FOI-001     satisfied") for line in lines)


def test_doc_type_precedence(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "plain.md", "Social value is weighted.\n")
    r = cli("check", "plain.md", "--pack", "pack", "--format", "json")
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["doc_type"] == "unknown"
    assert doc["warnings"][0].startswith("document type unknown")
    outcomes = {x["rule"]: x["outcome"] for x in doc["results"]}
    assert outcomes == {
        "EVAL-001": "not-applicable",
        "FOI-001": "not-applicable",
        "INFO-001": "missing",
    }
    r = cli("check", "plain.md", "--pack", "pack", "--format", "json", "--doc-type", "tender")
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["doc_type"] == "tender"
    assert {x["rule"]: x["outcome"] for x in doc["results"]}["EVAL-001"] == "satisfied"
    write(tmp_path / "tenderlint.toml", '[doc-types]\n"*.md" = "contract"\n')
    r = cli("check", "plain.md", "--pack", "pack", "--format", "json", "--doc-type", "tender")
    assert json.loads(r.stdout)["documents"][0]["doc_type"] == "contract"  # config wins


def test_select_ignore_and_unknown_ids(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "c.md", CONTRACT_WEAK)
    r = cli("check", "c.md", "--pack", "pack", "--format", "json", "--ignore", "INFO,EVAL")
    assert [x["rule"] for x in json.loads(r.stdout)["documents"][0]["results"]] == ["FOI-001"]
    r = cli("check", "c.md", "--pack", "pack", "--select", "NOPE")
    assert (
        r.exit_code == 2
        and r.stderr == "error: no rule matches 'NOPE' (see 'tenderlint rules list')\n"
    )


def test_unreadable_documents_never_pass(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "good.md", CONTRACT_GOOD)
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "fake.pdf").write_bytes(b"PK\x03\x04 not a pdf")
    r = cli("check", ".", "--pack", "pack", "--select", "FOI")
    assert r.exit_code == 2
    assert r.output.splitlines()[:2] == [
        "error: empty.md: empty file",
        "error: fake.pdf: content is a zip archive, not a PDF; is it misnamed?",
    ]
    r = cli("check", "empty.md", "missing.md", "--pack", "pack", "--format", "json")
    assert r.exit_code == 2
    payload = json.loads(r.stdout)
    assert payload["errors"] == [
        {"path": "empty.md", "message": "empty file"},
        {"path": "missing.md", "message": "no such file or directory"},
    ]
    assert payload["summary"]["failed"] is True
    assert "error: empty.md: empty file" in r.stderr


def test_input_files_are_never_modified(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    doc = write(tmp_path / "c.md", CONTRACT_WEAK)
    before = (doc.read_bytes(), doc.stat().st_mtime_ns)
    cli("check", "c.md", "--pack", "pack")
    assert (doc.read_bytes(), doc.stat().st_mtime_ns) == before


def test_output_is_deterministic_and_written_to_file(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(tmp_path)
    write(tmp_path / "b.md", CONTRACT_WEAK)
    write(tmp_path / "a.md", CONTRACT_GOOD)
    r1 = cli("check", "b.md", "a.md", "--pack", "pack", "--format", "json", "--no-cache")
    r2 = cli("check", "a.md", "b.md", "--pack", "pack", "--format", "json")
    assert r1.output == r2.output
    assert [d["path"] for d in json.loads(r1.stdout)["documents"]] == ["a.md", "b.md"]
    r = cli("check", "a.md", "--pack", "pack", "--format", "json", "-o", "out/report.json")
    assert r.output == ""
    assert (
        json.loads((tmp_path / "out" / "report.json").read_text())["documents"][0]["path"] == "a.md"
    )


# -- configuration ---------------------------------------------------------------------------


def test_config_packs_params_severity_fail_on(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "c.md", CONTRACT_GOOD.replace("two (2) Working Days", "3 working days"))
    r = cli("check", "c.md", "--select", "FOI")
    assert "no rule matches" not in r.stderr  # bundled pack has FOI rules too
    write(
        tmp_path / "tenderlint.toml",
        """
        packs = ["pack"]
        select = ["FOI"]
        fail-on = "warning"
        [params]
        LIMIT = "3 working days"
        [severity]
        "FOI-001" = "info"
        """,
    )
    r = cli("check", "c.md", "--format", "json")
    res = json.loads(r.stdout)["documents"][0]["results"]
    assert [(x["rule"], x["outcome"]) for x in res] == [("FOI-001", "satisfied")]
    write(tmp_path / "c.md", CONTRACT_WEAK)
    r = cli("check", "c.md", "--format", "json")
    (x,) = json.loads(r.stdout)["documents"][0]["results"]
    assert (x["outcome"], x["severity"]) == ("weak", "info")
    assert r.exit_code == 0  # info is below fail-on warning


def test_pyproject_config_is_found_walking_up(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    setup(tmp_path)
    write(tmp_path / "pyproject.toml", '[tool.tenderlint]\npacks = ["pack"]\nselect = ["FOI"]\n')
    write(tmp_path / "sub" / "c.md", CONTRACT_WEAK)
    monkeypatch.chdir(tmp_path / "sub")
    r = cli("check", "c.md", "--format", "json")
    assert [x["rule"] for x in json.loads(r.stdout)["documents"][0]["results"]] == ["FOI-001"]


def test_bad_config_names_file_key_and_allowed_values(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "c.md", CONTRACT_GOOD)
    write(
        tmp_path / "tenderlint.toml",
        """
        fail-on = "critical"
        colour = true
        [params]
        LIMIT = "three fortnights"
        [[waivers]]
        rule = "FOI-001"
        path = "*.md"
        """,
    )
    r = cli("check", "c.md")
    assert r.exit_code == 2
    assert r.stderr.splitlines() == [
        'error: tenderlint.toml: unknown key "colour" (allowed: cache, doc-types, exclude, facts, fail-on, ignore, '
        "limits, max-size-mb, packs, params, select, set, sets, severity, trust, waivers)",
        'error: tenderlint.toml: key "fail-on": "critical" is not allowed (allowed: error, warning, info, never)',
        'error: tenderlint.toml: missing key "waivers[0].reason"',
        "error: tenderlint.toml: key \"params.LIMIT\": cannot read 'three fortnights' as a quantity "
        '(examples: "15%", "3 working days", "£5m", 3)',
    ]
    write(tmp_path / "tenderlint.toml", "fail-on = \n")
    r = cli("check", "c.md")
    assert r.exit_code == 2 and r.stderr.startswith("error: tenderlint.toml: invalid TOML: ")
    write(tmp_path / "tenderlint.toml", '[params]\nNOT_A_PARAM = "3%"\n')
    r = cli("check", "c.md")
    assert (
        r.stderr
        == 'error: tenderlint.toml: key "params.NOT_A_PARAM": no loaded pack has a parameter NOT_A_PARAM\n'
    )


def test_waivers(cli: Callable[..., Result], tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    setup(tmp_path)
    write(tmp_path / "legacy" / "c.md", CONTRACT_WEAK)
    write(
        tmp_path / "tenderlint.toml",
        """
        packs = ["pack"]
        select = ["FOI"]
        fail-on = "warning"
        [[waivers]]
        rule = "FOI-001"
        path = "legacy/*.md"
        clause = "14.1"
        reason = "Legacy call-off; FOI terms are in the framework agreement."
        approved-by = "A. Lawyer"
        expires = 2027-01-31
        [[waivers]]
        rule = "FOI-001"
        path = "legacy/*.md"
        clause = "99.9"
        reason = "Stale waiver"
        """,
    )
    monkeypatch.setenv("TENDERLINT_TODAY", "2026-11-21")
    r = cli("check", "legacy/c.md", "--format", "json")
    assert r.exit_code == 0
    payload = json.loads(r.stdout)
    (x,) = payload["documents"][0]["results"]
    assert x["outcome"] == "waived"
    assert x["waiver"] == {
        "reason": "Legacy call-off; FOI terms are in the framework agreement.",
        "approved_by": "A. Lawyer",
        "expires": "2027-01-31",
        "clause": "14.1",
        "outcome": "weak",
    }
    assert payload["summary"]["warnings"] == [
        'waiver for FOI-001 on "legacy/*.md" clause 99.9 matched nothing: remove it or correct '
        "its rule, path or clause"
    ]
    assert "warning: waiver for FOI-001" in r.stderr
    r = cli("check", "legacy/c.md")
    assert (
        "waived: Legacy call-off; FOI terms are in the framework agreement. "
        "(approved by A. Lawyer, expires 2027-01-31)"
    ) in " ".join(r.output.split())

    monkeypatch.setenv("TENDERLINT_TODAY", "2027-02-01")
    r = cli("check", "legacy/c.md", "--format", "json")
    assert r.exit_code == 1
    results = json.loads(r.stdout)["documents"][0]["results"]
    assert [(x["rule"], x["outcome"], x["severity"]) for x in results] == [
        ("FOI-001", "weak", "warning"),
        ("WAIVER-EXPIRED", "conflict", "error"),
    ]
    assert results[1]["title"] == "Waiver for FOI-001 expired on 2027-01-31"


def test_cache_makes_reruns_reuse_results(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    doc = write(tmp_path / "c.md", CONTRACT_WEAK)
    first = cli("check", "c.md", "--pack", "pack", "--format", "json")
    results = list((tmp_path / ".cache" / "v2" / "results").glob("*.json"))
    assert len(results) == 1
    assert (tmp_path / ".cache" / "CACHEDIR.TAG").is_file()
    second = cli("check", "c.md", "--pack", "pack", "--format", "json")
    assert second.output == first.output
    assert list((tmp_path / ".cache" / "v2" / "results").glob("*.json")) == results
    # A changed document, pack or config is a different key.
    write(doc, CONTRACT_GOOD)
    third = cli("check", "c.md", "--pack", "pack", "--format", "json")
    assert third.output != first.output
    assert len(list((tmp_path / ".cache" / "v2" / "results").glob("*.json"))) == 2
    # A corrupt cache entry is ignored (with a note under -v), not fatal.
    for f in (tmp_path / ".cache").rglob("*.json"):
        f.write_bytes(b"garbage")
    r = cli("check", "c.md", "--pack", "pack", "--format", "json", "-v")
    assert r.stdout == third.stdout
    assert "note: cache: ignored" in r.stderr and "rebuilding it" in r.stderr


def test_usage_errors(cli: Callable[..., Result], tmp_path: Path) -> None:
    r = cli("check")
    assert r.exit_code == 2 and "no documents given" in r.stderr
    r = cli("check", "x.md", "--pack", "nowhere")
    assert r.exit_code == 2 and r.stderr.startswith("error: nowhere: no such rule pack")
    r = cli("check", "x.md", "--format", "yaml")
    assert r.exit_code == 2 and "Invalid value for '--format'" in r.stderr


def test_select_by_prefix_with_digits(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(tmp_path)
    write(tmp_path / "c.md", CONTRACT_WEAK)
    r = cli("check", "c.md", "--pack", "pack", "--format", "json", "--select", "FOI-00,INFO")
    assert [x["rule"] for x in json.loads(r.stdout)["documents"][0]["results"]] == [
        "FOI-001",
        "INFO-001",
    ]
    r = cli("test", "pack", "--select", "NOPE")
    assert r.exit_code == 2 and "no rule matches 'NOPE'" in r.stderr


def test_folder_search_skips_readmes_and_config_excludes(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(tmp_path)
    write(tmp_path / "docs" / "README.md", "# About this folder\n")
    write(tmp_path / "docs" / "c.md", CONTRACT_WEAK)
    write(tmp_path / "docs" / "c.reviewed.docx", "not read")
    write(tmp_path / "docs" / "drafts" / "old.md", CONTRACT_WEAK)
    r = cli("check", "docs", "--pack", "pack", "--format", "json")
    assert [d["path"] for d in json.loads(r.stdout)["documents"]] == [
        "docs/c.md",
        "docs/drafts/old.md",
    ]
    write(tmp_path / "tenderlint.toml", 'packs = ["pack"]\nexclude = ["docs/drafts/**"]\n')
    r = cli("check", "docs", "docs/drafts/old.md", "--format", "json")
    assert [d["path"] for d in json.loads(r.stdout)["documents"]] == ["docs/c.md"]
    # Named explicitly (as a pre-commit hook names every changed file): still not checked.
    r = cli("check", "docs/README.md", "--format", "json", "-v")
    assert r.exit_code == 0 and json.loads(r.stdout)["documents"] == []
    assert "note: docs/README.md: skipped (never checked: README*" in r.stderr


def test_text_report_has_one_line_per_finding(cli: Callable[..., Result]) -> None:
    r = cli("check", str(REPO / "fixtures" / "examples"), "--no-cache")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    assert lines[-5:-3] == ["Summary", "  4 documents checked, 0 unreadable."]
    # a header per document (its path as given), then the summary
    headers = [line for line in lines if line and not line.startswith(" ")]
    assert headers[-1] == "Summary"
    assert [h.split()[0].rsplit("/", 1)[-1] for h in headers[:-1]] == [
        "call-off-contract.docx",
        "call-off-contract.pdf",
        "invitation-to-tender.docx",
        "invitation-to-tender.pdf",
    ]
    assert all("fixtures/examples/" in h for h in headers[:-1])
