"""The reports as the tools around tenderlint read them (issue: fit the tools people use).

The terminal (grouping, wrapping at a width, no progress when piped, progress on a terminal),
``--format concise``, GitHub (annotation cap and closing notice, job summary), GitHub code
scanning (fingerprints that survive a re-save, URIs from the repository root), GitLab (Code
Quality fields, JUnit file and visible warnings), and the new result fields (position,
advice, trigger) in every format.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import Result

from tenderlint.model import (
    DocType,
    Evidence,
    Location,
    Outcome,
    Parties,
    Party,
    Position,
    Severity,
    Trigger,
)
from tenderlint.model import Result as RuleResult
from tenderlint.report import FORMATS, DocumentReport, PackInfo, Report, formatter
from tests.conftest import write, write_pack
from tests.report.test_report_formats import BARE, CONTRACT, GOOD, PACK, validate_sarif

Run = Callable[..., Result]

# GitLab's documented Code Quality fields ("Implement a custom tool": description,
# check_name, fingerprint, severity, location.path, location.lines.begin or
# location.positions.begin.line; severity one of info, minor, major, critical, blocker).
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": r"^(?!/)(?!\.\./)"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


@pytest.fixture
def check(cli: Run, tmp_path: Path) -> Run:
    write_pack(tmp_path, PACK, name="tl-pack")
    write(tmp_path / "contract.md", CONTRACT)
    write(tmp_path / "good.md", GOOD)
    write(tmp_path / "bare.md", BARE)

    def run(*args: str) -> Result:
        return cli("check", *args, "--pack", str(tmp_path / "tl-pack"), "--no-cache")

    return run


# -- the terminal ----------------------------------------------------------------------------


def test_text_groups_by_document_and_wraps_at_the_width(
    check: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    r = check("contract.md", "good.md")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    # no line over the width, except a single word longer than it
    assert all(len(line) <= 60 or " " not in line.strip() for line in lines), lines
    assert lines[0] == "contract.md"  # a header per document...
    assert lines[1] == '  contract (title says "Call-off") · markdown'
    entry = lines.index("  DRAFT-001   conflict   error    cl.15.2")  # ...an entry per finding
    assert lines[entry + 1] == "    No unfilled placeholders"
    assert lines[entry + 2] == '    - unfilled placeholder: "[ ]%"'
    quote = lines[entry + 3 : lines.index("", entry)]
    assert quote[0].startswith("    > “15.2 Service credits are capped at [ ]%")
    assert all(q.startswith("      ") for q in quote[1:])  # wrapped under the quotation
    assert " ".join(" ".join(quote).split()).endswith('& "others".” (cl.15.2)')
    # satisfied and not applicable collapse into a line of counts; -v lists them
    assert "  0 satisfied, 1 not applicable (-v lists them)" in lines
    assert not any("ADM-001" in line for line in lines)
    assert lines[-8:] == [
        "good.md — no findings: 3 satisfied, 2 not applicable",
        "",
        "Summary",
        "  2 documents checked, 0 unreadable.",
        "  Findings: 1 missing, 1 conflict, 2 weak (1 error, 2",
        "  warnings, 1 info); 0 waived.",
        "  Other results: 3 satisfied, 3 not applicable.",
        "  Failed: 1 finding at or above error.",
    ]
    assert "\x1b[" not in r.stdout  # no colour when piped
    verbose = check("contract.md", "-v").stdout.splitlines()
    assert "  ADM-001     not-applicable whole document" in verbose


def test_text_colour_only_when_asked_and_never_alone(check: Run) -> None:
    coloured = check("contract.md", "--color").stdout
    assert "\x1b[" in coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
    assert plain == check("contract.md").stdout  # the words say everything the colour does
    assert "\x1b[" not in check("contract.md", "--format", "concise", "--color").stdout


def test_concise_is_one_line_per_finding(check: Run) -> None:
    r = check("contract.md", "bare.md", "--format", "concise")
    assert r.exit_code == 1
    assert r.stdout.splitlines() == [
        'bare.md::FOI-001:missing:error: Requests passed on within 2 working days (looked in every clause for "request for information")',
        'bare.md::INFO-001:missing:info: A glossary (looked in every clause for "glossary")',
        'contract.md:15.2:DRAFT-001:conflict:error: No unfilled placeholders (unfilled placeholder: "[ ]%")',
        'contract.md:14.1:FOI-001:weak:warning: Requests passed on within 2 working days (hedged "reasonable endeavours")',
        'contract.md:15.1:REDACT-003:weak:warning: Every redaction is labelled (redactions without a label "[REDACTED]")',
        'contract.md::INFO-001:missing:info: A glossary (looked in every clause for "glossary")',
    ]
    for line in r.stdout.splitlines():
        path, _clause, rule, outcome, message = line.split(":", 4)
        assert path.endswith(".md") and re.fullmatch(r"[A-Z]+-\d{3}", rule)
        assert outcome in ("missing", "weak", "conflict") and message


def _many(tmp_path: Path, n: int) -> list[str]:
    names = []
    for i in range(n):
        write(tmp_path / "many" / f"c{i:02d}.md", BARE)
        names.append(f"many/c{i:02d}.md")
    return names


def test_no_progress_when_piped(check: Run, tmp_path: Path) -> None:
    _many(tmp_path, 10)
    r = check("many", "--format", "json")
    assert "checking" not in r.stderr and "\r" not in r.stderr
    json.loads(r.stdout)  # the report alone on stdout


def test_progress_on_a_terminal(tmp_path: Path) -> None:
    write_pack(tmp_path, PACK, name="tl-pack")
    _many(tmp_path, 10)
    master, slave = pty.openpty()
    env = {**os.environ, "TENDERLINT_CACHE_DIR": str(tmp_path / ".cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tenderlint", "check", "many", "--pack", "tl-pack",
         "--format", "json", "--no-cache"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    out = proc.communicate(timeout=60)[0]
    os.close(master)
    assert proc.returncode == 1
    assert b"checking 10/10 \xc2\xb7 many/c" in seen  # progress on the terminal's stderr
    assert seen.endswith(b"\r\x1b[K")  # and cleared before the report
    assert json.loads(out)["summary"]["documents"] == 10  # stdout holds the report alone


# -- GitHub ----------------------------------------------------------------------------------


def test_github_caps_each_kind_at_ten_with_one_closing_notice(
    check: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many(tmp_path, 12)  # 12 missing FOI-001 (error) and 12 missing INFO-001 (notice)
    r = check("many", "contract.md", "--format", "github")
    assert r.exit_code == 1
    lines = r.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    kinds = [c[2:].split(" ", 1)[0].split("::")[0] for c in commands]
    assert kinds == ["error"] * 10 + ["warning"] * 2 + ["notice"] * 10
    # the most severe first: the conflict (error) is annotated though its file sorts last
    assert any("DRAFT-001 conflict" in c for c in commands[:10])
    notice = commands[-1]
    assert notice.startswith("::notice title=tenderlint%3A more findings::")
    assert notice.endswith(
        "::7 more findings were not annotated (3 errors, 4 notices): GitHub shows 10 "
        "annotations of each kind per step; they are listed in the log above this notice."
    )
    hidden = lines[lines.index("tenderlint: 7 more not shown as annotations:") + 1 :]
    assert len([h for h in hidden if h.startswith("  many/")]) == 7
    assert lines[-1].startswith("tenderlint: 13 documents checked")

    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    r = check("many", "contract.md", "--format", "github")
    assert r.stdout.splitlines()[-2].endswith("the full report is in this job's summary.")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## tenderlint report\n")  # appended, in Markdown
    assert "| ✗ conflict | error | **DRAFT-001** No unfilled placeholders |" in text


def test_summary_option_writes_the_markdown_report(check: Run, tmp_path: Path) -> None:
    r = check("contract.md", "--format", "sarif", "--summary", "out/summary.md")
    assert r.exit_code == 2  # out/ does not exist: one clear line, no trace
    assert "out/summary.md: cannot write the summary" in r.stderr
    r = check("contract.md", "--format", "sarif", "--summary", "summary.md")
    assert r.exit_code == 1
    validate_sarif(json.loads(r.stdout))
    assert (
        (tmp_path / "summary.md")
        .read_text(encoding="utf-8")
        .startswith("## tenderlint report\n\n**Failed**")
    )


# -- GitHub code scanning --------------------------------------------------------------------


def _hashes(out: str) -> dict[str, str]:
    return {
        x["ruleId"]: x["partialFingerprints"]["primaryLocationLineHash"]
        for x in json.loads(out)["runs"][0]["results"]
    }


def test_sarif_fingerprints_survive_a_resave_of_the_docx(cli: Run, tmp_path: Path) -> None:
    import docx

    write_pack(tmp_path, PACK, name="tl-pack")
    d = docx.Document()
    d.add_heading("Call-off Contract for Digital Services", 0)
    d.add_paragraph(
        "14.1 The Supplier shall use reasonable endeavours to pass on any request for "
        "information within 2 working days."
    )
    d.add_paragraph("15.2 Service credits are capped at [ ]% of the Charges.")
    d.save(str(tmp_path / "contract.docx"))
    args = ("check", "contract.docx", "--pack", "tl-pack", "--no-cache", "--format", "sarif")
    before = cli(*args).stdout
    # Word saves again: new bytes, a paragraph added above, the same clauses.
    again = docx.Document(str(tmp_path / "contract.docx"))
    again.paragraphs[1].insert_paragraph_before("This Contract is made on 1 April 2026.")
    again.core_properties.revision = 7
    again.save(str(tmp_path / "contract.docx"))
    after = cli(*args).stdout
    sarif = json.loads(after)["runs"][0]
    assert (
        sarif["artifacts"][0]["hashes"] != json.loads(before)["runs"][0]["artifacts"][0]["hashes"]
    )
    assert _hashes(after) == _hashes(before) and {"DRAFT-001", "FOI-001"} <= _hashes(after).keys()
    # a different clause gives a different alert
    changed = docx.Document(str(tmp_path / "contract.docx"))
    changed.paragraphs[3].text = "15.3 Service credits are capped at [ ]% of the Charges."
    changed.save(str(tmp_path / "contract.docx"))
    assert _hashes(cli(*args).stdout)["DRAFT-001"] != _hashes(after)["DRAFT-001"]


def _uris(out: str) -> list[str]:
    run = json.loads(out)["runs"][0]
    locs = [x["locations"][0]["physicalLocation"]["artifactLocation"] for x in run["results"]]
    assert all(a.get("uriBaseId") == "%SRCROOT%" for a in locs)
    return sorted({a["uri"] for a in locs} | {a["location"]["uri"] for a in run["artifacts"]})


def test_uris_are_relative_to_the_repository_root(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # the repository root, as git rev-parse would find it
    write_pack(tmp_path, PACK, name="tl-pack")
    write(tmp_path / "contracts" / "lot 1" / "contract.md", CONTRACT)
    write(tmp_path / "contracts" / "bare.md", BARE)
    pack = str(tmp_path / "tl-pack")
    deeper = tmp_path / "contracts" / "lot 1"
    monkeypatch.chdir(deeper)
    args = ("--pack", pack, "--no-cache", "--format", "sarif")
    out = cli("check", "contract.md", "../bare.md", *args).stdout
    validate_sarif(json.loads(out))
    assert _uris(out) == ["contracts/bare.md", "contracts/lot%201/contract.md"]
    assert "../" not in out
    # --root names another root
    out = cli("check", "contract.md", "../bare.md", *args, "--root", str(tmp_path / "contracts"))
    assert _uris(out.stdout) == ["bare.md", "lot%201/contract.md"]
    # the other formats that GitHub and GitLab resolve from the root
    ann = cli("check", "contract.md", "--pack", pack, "--no-cache", "--format", "github").stdout
    assert "::error file=contracts/lot 1/contract.md,line=13,title=DRAFT-001 conflict::" in ann
    junit = ET.fromstring(
        cli("check", "contract.md", "--pack", pack, "--no-cache", "--format", "junit").stdout
    )
    assert {c.attrib["file"] for c in junit.iter("testcase")} == {"contracts/lot 1/contract.md"}
    assert {c.attrib["classname"] for c in junit.iter("testcase")} == {"contract.md"}


# -- GitLab ----------------------------------------------------------------------------------


def test_code_quality_report_has_gitlabs_fields(check: Run, tmp_path: Path) -> None:
    (tmp_path / "empty.md").write_bytes(b"")
    r = check("contract.md", "bare.md", "good.md", "empty.md", "--format", "codeclimate")
    assert r.exit_code == 2
    issues: list[dict[str, Any]] = json.loads(r.stdout)
    jsonschema.Draft202012Validator(GITLAB_CODE_QUALITY).validate(issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # GitLab needs them unique
    by = {(i["location"]["path"], i["check_name"]): i for i in issues}
    assert sorted(by) == [
        ("bare.md", "FOI-001"),
        ("bare.md", "INFO-001"),
        ("contract.md", "DRAFT-001"),
        ("contract.md", "FOI-001"),
        ("contract.md", "INFO-001"),
        ("contract.md", "REDACT-003"),
        ("empty.md", "tenderlint/unreadable"),
    ]
    draft = by[("contract.md", "DRAFT-001")]
    assert draft["severity"] == "major" and draft["location"]["lines"]["begin"] == 13
    assert draft["description"] == (
        'DRAFT-001 conflict, cl.15.2: No unfilled placeholders (unfilled placeholder: "[ ]%")'
    )
    assert by[("contract.md", "FOI-001")]["severity"] == "minor"
    assert by[("bare.md", "INFO-001")]["severity"] == "info"
    assert by[("bare.md", "FOI-001")]["location"]["lines"]["begin"] == 1  # whole document
    assert by[("empty.md", "tenderlint/unreadable")]["severity"] == "blocker"
    # the same run gives the same bytes
    again = check("contract.md", "bare.md", "good.md", "empty.md", "--format", "codeclimate")
    assert again.stdout == r.stdout


# -- the new result fields in every format ---------------------------------------------------


def _fields_report() -> Report:
    loc = Location(block=4, page=3, clause="7.2", heading="Contract > 7 Data")
    satisfied = RuleResult(
        rule="DATA-001",
        title="The Authority owns its data",
        outcome=Outcome.SATISFIED,
        severity=Severity.ERROR,
        message="Satisfied: The Authority owns its data",
        evidence=(Evidence("7.2 The Council owns all Council Data.", loc),),
        position=Position.ACCEPTABLE,
        advice=("a right to a copy of the data on request within 10 Working Days",),
        theme="Data",
    )
    trigger_quote = Evidence("The Service uses a risk-scoring model.", Location(block=2, page=1))
    triggered = RuleResult(
        rule="ADM-001",
        title="Automated decisions are explained",
        outcome=Outcome.WEAK,
        severity=Severity.WARNING,
        message="Weak: Automated decisions are explained",
        reasons=("no explanation within 20 days",),
        evidence=(
            Evidence("9.1 The Supplier may explain decisions.", loc),
            Evidence("9.2 Explanations are at the Supplier's discretion.", loc),
            Evidence("9.3 No explanation is owed for a score.", loc),
        ),
        # the engine may say "met:" itself; each format words it once
        trigger=Trigger(True, "met: the service makes automated decisions", (trigger_quote,)),
        theme="Automated decisions",
    )
    untriggered = RuleResult(
        rule="ADM-002",
        title="Bias audits",
        outcome=Outcome.NOT_APPLICABLE,
        severity=Severity.ERROR,
        message="Not applicable: Bias audits",
        trigger=Trigger(False, "not met: no automated decision-making found"),
    )
    doc = DocumentReport(
        path="contract.docx",
        sha256="0" * 64,
        format="docx",
        doc_type=DocType.CONTRACT,
        results=(satisfied, triggered, untriggered),
        pages=12,
        doc_type_reason='title says "Contract"',
        parties=Parties(
            Party("buyer", ("the Council", "Aldermere Borough Council")),
            Party("supplier", ("the Contractor",), inferred=True),
        ),
    )
    return Report(
        version="0.1.0",
        packs=(PackInfo("p", "1.0.0", "1" * 64, "P"),),
        documents=(doc,),
        fail_on=Severity.ERROR,
        verbose=True,
    )


def test_every_format_shows_position_advice_and_trigger() -> None:
    report = _fields_report()
    out = {name: formatter(name)(report) for name in FORMATS}
    advice = "a right to a copy of the data on request within 10 Working Days"
    for name in ("text", "markdown", "html", "junit", "concise", "json"):
        assert advice in out[name], name
        assert "acceptable" in out[name], name
    for name in ("text", "markdown", "html", "junit", "json"):
        assert "the service makes automated decisions" in out[name], name
        assert "The Service uses a risk-scoring model." in out[name], name
        assert "no automated decision-making found" in out[name], name
    text = out["text"].splitlines()
    assert text[:3] == [
        "contract.docx",
        '  contract (title says "Contract") · docx · 12 pages · buyer: the Council · supplier: the Contractor',
        "  (inferred)",
    ]
    i = text.index("  DATA-001    satisfied, acceptable p.3 cl.7.2")
    assert text[i + 3] == (
        "    + good practice: a right to a copy of the data on request within 10 Working Days"
    )
    assert "    trigger met: the service makes automated decisions" in text
    assert "    > “The Service uses a risk-scoring model.” (p.1)" in text
    assert "    trigger not met: no automated decision-making found" in text
    assert "    > “9.3 No explanation is owed for a score.” (p.3 cl.7.2)" in text
    short = formatter("text")(replace(report, verbose=False)).splitlines()
    assert "    > “9.3 No explanation is owed for a score.” (p.3 cl.7.2)" not in short
    assert "    > … 1 more quotation (-v shows them)" in short
    assert not any("met: met" in v for v in out.values())
    sarif = json.loads(out["sarif"])["runs"][0]["results"]
    (adm,) = sarif
    assert adm["properties"]["trigger"] == {
        "met": True,
        "reason": "the service makes automated decisions",
    }
    assert adm["message"]["text"] == (
        "p.3 cl.7.2: Weak: Automated decisions are explained (no explanation within 20 days; "
        "applies because the service makes automated decisions)"
    )
    junit = ET.fromstring(out["junit"])
    props = {
        p.attrib["name"]: p.attrib["value"]
        for c in junit.iter("testcase")
        if c.attrib["name"].startswith("DATA-001")
        for p in c.iter("property")
    }
    assert props["position"] == "acceptable" and props["advice"] == advice
    assert json.loads(out["codeclimate"])[0]["check_name"] == "ADM-001"
