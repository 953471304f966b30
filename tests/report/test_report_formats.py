"""`tenderlint check --format X` end to end for every output format: SARIF against the official
schema, JSON against the shipped report schema, JUnit counts, GitHub escaping, Markdown tables,
and the HTML checklist's structure and accessibility; exit codes and read errors in every format.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest
from click.testing import Result

from tenderlint.data import schema_path
from tenderlint.model import DocType, Evidence, Location, Outcome, ReadError, Severity
from tenderlint.model import Result as RuleResult
from tenderlint.report import (
    FORMATS,
    DocumentReport,
    PackInfo,
    Report,
    formatter,
    github,
    markdown,
)
from tests.conftest import write, write_pack

DATA = Path(__file__).parents[1] / "data"

PACK = r'''
param LIMIT = 2 working days
rule FOI-001 "Requests passed on within 2 working days" {
  severity error, weak warning
  applies to contract
  theme "Freedom of Information"
  tags foi, deadlines
  rationale """
    The Authority must answer a request within 20 working days
    and cannot contract its duties out.
  """
  require clause mentions "request for information"
  strong when duration <= LIMIT as "deadline of 2 working days"
  weak when "reasonable endeavours" as "hedged"
  cite "Freedom of Information Act 2000" section "s.10" url "https://www.legislation.gov.uk/ukpga/2000/36/section/10"
  cite "ICO: outsourcing and FOI" url "https://ico.org.uk/"
  suggest "The Supplier shall transfer each request for information within 2 Working Days."
  example satisfied "The Supplier shall transfer each request for information within 2 working days."
  example weak "The Supplier shall use reasonable endeavours to pass on any request for information within 2 working days."
  example missing "Nothing."
}
rule DRAFT-001 "No unfilled placeholders" {
  severity error
  applies to both
  theme "Drafting hygiene"
  tags drafting
  rationale "A blank term is too uncertain to enforce."
  forbid sentence mentions /\[\s*\]\s?%/, /\b(?-i:TBC)\b/ as "unfilled placeholder"
  cite "Walford v Miles [1992] 2 AC 128" url "https://example.org/walford"
  suggest "Complete or delete every placeholder before issue."
  example satisfied "The cap is 10% of the Charges."
  example conflict "The cap is [ ]% of the Charges."
}
rule REDACT-003 "Every redaction is labelled" {
  severity error, weak warning
  applies to contract
  theme "Redaction"
  when redactions > 0 as "redactions found"
  weak when unlabelled_redactions > 0 as "redactions without a label"
  suggest "Label each redaction with its exemption."
  example satisfied "The discount is [REDACTED - FOIA s.43(2)]."
  example weak "The discount is [REDACTED]."
}
rule ADM-001 "Automated decisions are explained" {
  severity error
  applies to tender
  theme "Automated decisions"
  require clause mentions "explanation"
  example satisfied "An explanation is given."
  example missing "Nothing."
}
rule INFO-001 "A glossary" {
  severity info
  applies to both
  require clause mentions "glossary"
  example satisfied "glossary"
  example missing "Nothing."
}
'''

RULE_IDS = ["ADM-001", "DRAFT-001", "FOI-001", "INFO-001", "REDACT-003"]

# FOI-001 weak (warning), DRAFT-001 conflict (error), REDACT-003 weak (warning),
# ADM-001 not-applicable, INFO-001 missing (info).
CONTRACT = """
# Call-off Contract for Digital Services

This Contract is made between the Authority and the Supplier.

## 14 Freedom of Information

14.1 The Supplier shall use reasonable endeavours to pass on any request for information within 2 working days.

## 15 Charges

15.1 The discount [REDACTED] is withheld.

15.2 Service credits are capped at [ ]% of the Charges | per year, payable to <b>the Authority</b> & "others".
"""

# Everything satisfied or not applicable.
GOOD = """
# Call-off Contract for Hosting

## 3 Freedom of Information

3.1 The Supplier shall transfer each request for information to the Authority within 2 working days.

## 4 Glossary

4.1 The glossary in Schedule 1 applies.
"""

# FOI-001 missing (error): a finding about the whole document.
BARE = """
# Call-off Contract for Cloud Services

## 1 Services

1.1 The Supplier shall host the service.
"""

WAIVER = """
[[waivers]]
rule = "REDACT-003"
path = "contract.md"
reason = "Discount withheld under FOIA s.43(2) | agreed by legal"
approved-by = "A. Lawyer"
expires = "2099-12-31"
"""

Run = Callable[..., Result]


@pytest.fixture
def check(cli: Run, tmp_path: Path) -> Run:
    """``tenderlint check ARGS --pack tl-pack --no-cache`` in tmp_path, with the documents."""
    write_pack(tmp_path, PACK, name="tl-pack")
    write(tmp_path / "contract.md", CONTRACT)
    write(tmp_path / "good.md", GOOD)
    write(tmp_path / "bare.md", BARE)
    (tmp_path / "empty.md").write_bytes(b"")

    def run(*args: str) -> Result:
        return cli("check", *args, "--pack", "tl-pack", "--no-cache")

    return run


def sarif_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        (DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    )
    return schema


def validate_sarif(doc: dict[str, Any]) -> None:
    schema = sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls(schema, format_checker=cls.FORMAT_CHECKER).validate(doc)


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


# -- exit codes and read errors, every format ------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exit_codes_per_format(check: Run, fmt: str) -> None:
    assert check("good.md", "--format", fmt).exit_code == 0
    assert check("contract.md", "--format", fmt).exit_code == 1  # DRAFT-001 conflict, error
    assert check("contract.md", "--format", fmt, "--fail-on", "never").exit_code == 0
    assert check("good.md", "--format", fmt, "--fail-on", "info").exit_code == 0
    assert check("bare.md", "--format", fmt, "--fail-on", "never").exit_code == 0
    r = check("good.md", "empty.md", "--format", fmt, "--fail-on", "never")
    assert r.exit_code == 2  # an unreadable file is never a pass
    assert "empty.md" in r.stdout and "empty file" in r.stdout


# -- SARIF -----------------------------------------------------------------------------------


def test_sarif_validates_and_describes_rules_results_and_waivers(
    check: Run, tmp_path: Path
) -> None:
    write(tmp_path / "tenderlint.toml", WAIVER)
    r = check("contract.md", "bare.md", "--format", "sarif")
    assert r.exit_code == 1, r.output
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tenderlint" and driver["version"]
    assert "informationUri" not in driver  # no placeholder home page

    rules = {d["id"]: d for d in driver["rules"]}
    assert sorted(rules) == RULE_IDS  # every rule of the run, failing or not
    foi = rules["FOI-001"]
    assert foi["shortDescription"]["text"] == "Requests passed on within 2 working days"
    assert foi["fullDescription"]["text"].startswith("The Authority must answer a request")
    assert foi["helpUri"] == "https://www.legislation.gov.uk/ukpga/2000/36/section/10"
    assert "Freedom of Information Act 2000, s.10" in foi["help"]["text"]
    assert "within 2 Working Days" in foi["help"]["text"]  # the model clause
    assert "[ICO: outsourcing and FOI](<https://ico.org.uk/>)" in foi["help"]["markdown"]
    assert foi["properties"] == {
        "tags": ["deadlines", "foi"],
        "theme": "Freedom of Information",
        "pack": "tl-pack",
        "severity": "error",
    }
    assert foi["defaultConfiguration"]["level"] == "error"
    assert rules["INFO-001"]["defaultConfiguration"]["level"] == "note"

    results = {(x["ruleId"], x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): x
               for x in run["results"]}  # fmt: skip
    # failures and the waived result only: no not-applicable ADM-001, no satisfied results
    assert sorted(results) == [
        ("DRAFT-001", "contract.md"),
        ("FOI-001", "bare.md"),
        ("FOI-001", "contract.md"),
        ("INFO-001", "bare.md"),
        ("INFO-001", "contract.md"),
        ("REDACT-003", "contract.md"),
    ]
    for x in run["results"]:
        assert driver["rules"][x["ruleIndex"]]["id"] == x["ruleId"]

    draft = results[("DRAFT-001", "contract.md")]
    assert draft["level"] == "error"
    # GitHub shows no logical locations: the clause is in the message itself
    assert draft["message"]["text"] == (
        'cl.15.2: Conflict: No unfilled placeholders (unfilled placeholder: "[ ]%")'
    )
    (loc,) = draft["locations"]
    assert loc["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert (
        loc["physicalLocation"]["region"]["startLine"] == 13
    )  # the source line of the Markdown block
    assert loc["logicalLocations"] == [
        {
            "name": "cl.15.2",
            "fullyQualifiedName": "cl.15.2",
            "kind": "member",
            "properties": {
                "block": 7,
                "clause": "15.2",
                "heading": "15 Charges",
            },
        }
    ]
    assert draft["properties"]["outcome"] == "conflict"
    assert "suppressions" not in draft

    weak = results[("FOI-001", "contract.md")]
    assert weak["level"] == "warning"
    assert weak["message"]["text"].startswith(
        "cl.14.1: Weak: Requests passed on within 2 working days"
    )
    assert 'hedged "reasonable endeavours"' in weak["message"]["text"]
    assert results[("INFO-001", "bare.md")]["level"] == "note"

    missing = results[("FOI-001", "bare.md")]
    assert missing["properties"]["outcome"] == "missing"
    (loc,) = missing["locations"]
    assert loc["physicalLocation"]["region"] == {"startLine": 1}  # the whole document
    assert loc["logicalLocations"] == [
        {"name": "bare.md", "fullyQualifiedName": "bare.md", "kind": "module"}
    ]

    waived = results[("REDACT-003", "contract.md")]
    assert waived["suppressions"] == [
        {
            "kind": "external",
            "status": "accepted",
            "justification": "Discount withheld under FOIA s.43(2) | agreed by legal",
            "properties": {
                "approvedBy": "A. Lawyer",
                "expires": "2099-12-31",
                "path": "contract.md",
            },
        }
    ]
    assert waived["properties"]["outcome"] == "weak"  # what was waived

    assert missing["message"]["text"].startswith("whole document: Missing: ")

    # GitHub code scanning: startLine on every location, GitHub's own fingerprint key
    locations = [n for n in walk(run) if "physicalLocation" in n]
    assert len(locations) >= len(run["results"])
    for n in locations:
        assert n["physicalLocation"]["region"]["startLine"] >= 1
    for x in run["results"]:
        (key,) = x["partialFingerprints"]
        assert key == "primaryLocationLineHash"
        assert re.fullmatch(r"[0-9a-f]{32}:1", x["partialFingerprints"][key])
    assert len({x["partialFingerprints"][key] for x in run["results"]}) == len(run["results"])

    (inv,) = run["invocations"]
    assert inv["executionSuccessful"] is True
    assert [a["location"]["uri"] for a in run["artifacts"]] == ["bare.md", "contract.md"]
    assert "Utc" not in r.stdout  # no timestamps


def test_sarif_read_errors_are_execution_notifications(check: Run) -> None:
    r = check("good.md", "empty.md", "--format", "sarif")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    (inv,) = doc["runs"][0]["invocations"]
    assert inv["executionSuccessful"] is False
    (note,) = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "empty.md: empty file"
    loc = note["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "empty.md" and loc["region"]["startLine"] == 1
    assert doc["runs"][0]["results"] == []


def test_sarif_is_deterministic_and_fingerprints_survive_moved_text(
    check: Run, tmp_path: Path
) -> None:
    first = check("contract.md", "--format", "sarif").stdout
    assert check("contract.md", "--format", "sarif").stdout == first

    def prints(out: str) -> dict[str, tuple[str, int]]:
        return {
            x["ruleId"]: (
                x["partialFingerprints"]["primaryLocationLineHash"],
                x["locations"][0]["physicalLocation"]["region"]["startLine"],
            )
            for x in json.loads(out)["runs"][0]["results"]
        }

    before = prints(first)
    # New paragraphs above the clauses move every block; the findings stay the same findings.
    moved = CONTRACT.replace(
        "This Contract is made", "Recitals.\n\nA new recital.\n\nThis Contract is made"
    )
    write(tmp_path / "contract.md", moved)
    after = prints(check("contract.md", "--format", "sarif").stdout)
    assert after.keys() == before.keys()
    for rule in ("DRAFT-001", "FOI-001"):
        assert after[rule][0] == before[rule][0]
        assert after[rule][1] == before[rule][1] + 4  # two paragraphs, two blank lines
    # A different document (path) gives a different fingerprint for the same text.
    write(tmp_path / "copy.md", moved)
    other = prints(check("copy.md", "--format", "sarif").stdout)
    assert other["DRAFT-001"][0] != after["DRAFT-001"][0]


def test_sarif_with_the_bundled_pack(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "contract.md", CONTRACT)
    r = cli("check", "contract.md", "--format", "sarif", "--no-cache", "--select", "FOI-001")
    doc = json.loads(r.stdout)
    validate_sarif(doc)
    (rule,) = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "FOI-001" and rule["helpUri"].startswith("https://")
    assert rule["properties"]["pack"] == "uk-responsible-tech"
    assert [x["ruleId"] for x in doc["runs"][0]["results"]] == ["FOI-001"]


# -- JSON ------------------------------------------------------------------------------------


def test_json_validates_against_the_shipped_report_schema(check: Run, tmp_path: Path) -> None:
    schema = json.loads(schema_path("report").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    write(tmp_path / "tenderlint.toml", WAIVER)
    r = check("contract.md", "good.md", "bare.md", "empty.md", "--format", "json")
    assert r.exit_code == 2
    payload = json.loads(r.stdout)
    validator.validate(payload)
    results = {(d["path"], x["rule"]): x for d in payload["documents"] for x in d["results"]}
    assert results[("contract.md", "REDACT-003")]["waiver"]["outcome"] == "weak"
    assert results[("bare.md", "FOI-001")]["evidence"] == []
    assert payload["errors"] == [{"path": "empty.md", "message": "empty file"}]
    # The schema is strict: an unknown field or outcome is an error.
    payload["documents"][0]["results"][0]["outcome"] = "passed"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(payload)
    payload["documents"][0]["results"][0]["outcome"] = "satisfied"
    payload["summary"]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(payload)


# -- JUnit -----------------------------------------------------------------------------------


def junit(r: Result) -> ET.Element:
    assert r.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(r.stdout.encode("utf-8"))


def counts(el: ET.Element) -> dict[str, int]:
    return {k: int(el.attrib[k]) for k in ("tests", "failures", "errors", "skipped")}


def test_junit_suites_cases_and_counts(check: Run, tmp_path: Path) -> None:
    root = junit(check("contract.md", "good.md", "--format", "junit"))
    suites = {s.attrib["name"]: s for s in root.iter("testsuite")}
    assert sorted(suites) == ["contract.md", "good.md"]
    c = suites["contract.md"]
    # default --fail-on error: only the DRAFT-001 conflict fails; ADM-001 (not applicable)
    # and the three findings below --fail-on are skipped, so GitLab shows them
    assert counts(c) == {"tests": 5, "failures": 1, "errors": 0, "skipped": 4}
    assert counts(suites["good.md"]) == {"tests": 5, "failures": 0, "errors": 0, "skipped": 2}
    assert counts(root) == {"tests": 10, "failures": 1, "errors": 0, "skipped": 6}
    for s in suites.values():  # counts match the elements
        cases = s.findall("testcase")
        assert len(cases) == int(s.attrib["tests"])
        assert sum(1 for t in cases if t.find("failure") is not None) == int(s.attrib["failures"])
        assert sum(1 for t in cases if t.find("skipped") is not None) == int(s.attrib["skipped"])

    cases = {t.attrib["name"]: t for t in c.findall("testcase")}
    assert sorted(cases) == [
        "ADM-001 Automated decisions are explained",
        "DRAFT-001 No unfilled placeholders",
        "FOI-001 Requests passed on within 2 working days",
        "INFO-001 A glossary",
        "REDACT-003 Every redaction is labelled",
    ]
    assert {t.attrib["classname"] for t in cases.values()} == {"contract.md"}
    assert {t.attrib["file"] for t in cases.values()} == {"contract.md"}
    failure = cases["DRAFT-001 No unfilled placeholders"].find("failure")
    assert failure is not None
    assert failure.attrib == {
        "message": "Conflict: No unfilled placeholders",
        "type": "conflict",
    }
    text = failure.text or ""
    assert 'unfilled placeholder: "[ ]%"' in text  # reasons
    assert "cl.15.2" in text and 'the Authority & "others"' in text  # evidence
    assert "Complete or delete every placeholder before issue." in text  # suggestion
    # weak below --fail-on does not fail, and is visible: skipped with its reasons
    foi = cases["FOI-001 Requests passed on within 2 working days"]
    assert foi.find("failure") is None
    below = foi.find("skipped")
    assert below is not None
    assert below.attrib["message"].startswith(
        "weak (warning, below --fail-on error), cl.14.1: Requests passed on within 2 working days"
    )
    assert 'hedged "reasonable endeavours"' in below.attrib["message"]
    props = {p.attrib["name"]: p.attrib["value"] for p in foi.iter("property")}
    assert props == {"outcome": "weak", "severity": "warning", "location": "cl.14.1"}
    skipped = cases["ADM-001 Automated decisions are explained"].find("skipped")
    assert skipped is not None and skipped.attrib["message"].startswith("not applicable")


def test_junit_fail_on_waivers_and_read_errors(check: Run, tmp_path: Path) -> None:
    root = junit(check("contract.md", "--format", "junit", "--fail-on", "warning"))
    (suite,) = root.iter("testsuite")
    assert counts(suite) == {"tests": 5, "failures": 3, "errors": 0, "skipped": 2}
    types = sorted(f.attrib["type"] for f in suite.iter("failure"))
    assert types == ["conflict", "weak", "weak"]

    write(tmp_path / "tenderlint.toml", WAIVER)
    root = junit(check("contract.md", "empty.md", "--format", "junit", "--fail-on", "info"))
    suites = {s.attrib["name"]: s for s in root.iter("testsuite")}
    assert counts(suites["contract.md"]) == {"tests": 5, "failures": 3, "errors": 0, "skipped": 2}
    redact = next(
        t for t in suites["contract.md"].iter("testcase") if t.attrib["name"].startswith("REDACT")
    )
    skipped = redact.find("skipped")
    assert skipped is not None
    assert skipped.attrib["message"] == (
        "waived: Discount withheld under FOIA s.43(2) | agreed by legal (approved by A. Lawyer)"
        ", expires 2099-12-31; outcome was weak"
    )
    errors = suites["tenderlint"]
    assert counts(errors) == {"tests": 1, "failures": 0, "errors": 1, "skipped": 0}
    (case,) = errors.findall("testcase")
    assert case.attrib["name"] == "empty.md"
    error = case.find("error")
    assert error is not None and error.attrib["message"] == "empty file"
    assert counts(root) == {"tests": 6, "failures": 3, "errors": 1, "skipped": 2}


# -- GitHub ----------------------------------------------------------------------------------


def test_github_annotations_are_escaped(check: Run, tmp_path: Path) -> None:
    write(tmp_path / "lot 2, draft 100%.md", CONTRACT)
    r = check("lot 2, draft 100%.md", "bare.md", "empty.md", "--format", "github")
    assert r.exit_code == 2
    lines = r.stdout.splitlines()
    path = "lot 2%2C draft 100%25.md"
    assert lines[0] == "::error file=empty.md::empty file"
    commands = [line for line in lines if line.startswith("::")]
    # most severe first: errors, then warnings, then notices
    assert [c.split("::")[1] for c in commands] == [
        "error file=empty.md",
        "error file=bare.md,title=FOI-001 missing",  # whole document: no line
        f"error file={path},line=13,title=DRAFT-001 conflict",
        f"warning file={path},line=7,title=FOI-001 weak",
        f"warning file={path},line=11,title=REDACT-003 weak",
        "notice file=bare.md,title=INFO-001 missing",
        f"notice file={path},title=INFO-001 missing",
    ]
    draft = commands[2]
    assert draft.endswith('::cl.15.2: No unfilled placeholders (unfilled placeholder: "[ ]%25")')
    assert "::whole document: Requests passed on within 2 working days (" in commands[1]
    for c in commands:  # properties never carry a raw ":" or ","; the data never a raw "%"
        props, data = c[2:].split("::", 1)
        assert "%" not in re.sub(r"%(25|0D|0A|3A|2C)", "", props)
        assert "%" not in re.sub(r"%(25|0D|0A)", "", data)
    assert lines[-1].startswith("tenderlint: 2 documents checked, 1 unreadable")


def test_github_escape_functions() -> None:
    assert github.escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert github.command("warning", "x\ny", file="a,b.md", line=3, title="T:1") == (
        "::warning file=a%2Cb.md,line=3,title=T%3A1::x%0Ay"
    )


# -- Markdown --------------------------------------------------------------------------------


def table_rows(text: str) -> list[list[str]]:
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| Outcome"):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            rows.append([c.strip() for c in cells])
    return rows


def test_markdown_tables_details_and_escaping(check: Run, tmp_path: Path) -> None:
    write(tmp_path / "tenderlint.toml", WAIVER)
    r = check("contract.md", "good.md", "empty.md", "--format", "markdown")
    text = r.stdout
    assert text.startswith("## tenderlint report\n\n**Failed** (fail on error): 2 documents")
    assert "### Unreadable files\n\n- **empty.md**: empty file" in text
    assert "| Outcome | Severity | Rule | Location | Finding |" in text
    rows = table_rows(text)
    assert all(len(row) == 5 for row in rows)
    by_rule = {re.sub(r"\*\*(.+?)\*\*.*", r"\1", row[2]): row for row in rows}
    # contract.md: failures and the waived result; ADM-001 (not applicable) only with -v
    assert sorted(by_rule) == ["DRAFT-001", "FOI-001", "INFO-001", "REDACT-003"]
    assert by_rule["DRAFT-001"][:2] == ["✗ conflict", "error"]
    assert by_rule["DRAFT-001"][3] == "cl.15.2"
    assert by_rule["DRAFT-001"][4] == (
        'Conflict: No unfilled placeholders (unfilled placeholder: "\\[ \\]%")'
    )
    assert by_rule["FOI-001"][:2] == ["⚠ weak", "warning"]
    assert by_rule["INFO-001"][3] == "whole document"
    assert by_rule["REDACT-003"][0] == "○ waived"
    assert "### good.md" not in text and text.endswith("### No findings\n\ngood.md.\n")
    # details: reasons, evidence (escaped), suggestion, waiver
    assert "<details>\n<summary>Reasons, evidence and suggested wording</summary>" in text
    assert '- hedged "reasonable endeavours"' in text
    assert (
        "> 15.2 Service credits are capped at \\[ \\]% of the Charges \\| per year, payable to "
        'the Authority &amp; "others".'
    ) in text
    assert "> Complete or delete every placeholder before issue." in text
    assert "Waived: Discount withheld under FOIA s.43(2) \\| agreed by legal" in text
    assert "<b>" not in text

    verbose_text = check("contract.md", "good.md", "--format", "markdown", "-v").stdout
    assert "### good.md\n\nDocument type: contract" in verbose_text
    verbose = table_rows(verbose_text)
    assert len(verbose) == 10
    adm = next(row for row in verbose if "ADM-001" in row[2])
    assert adm[:2] == ["– not-applicable", ""]


def test_markdown_cells_escape_pipes_and_newlines() -> None:
    assert markdown.cell("a | b\nc <i>") == "a \\| b<br>c &lt;i&gt;"
    assert markdown.escape("[link](x) *b* `c`") == "\\[link\\](x) \\*b\\* \\`c\\`"


# -- HTML ------------------------------------------------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                if (tag is None or c.tag == tag) and (
                    cls is None or cls in c.attrs.get("class", "").split()
                ):
                    out.append(c)
                out.extend(c.find_all(tag, cls))
        return out


class Tree(HTMLParser):
    VOID: ClassVar[set[str]] = {"meta", "br", "hr", "img", "link", "input", "col", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in self.VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert tree.stack == [tree.root], "unclosed elements"
    return tree.root


def contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        rgb = [int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_html_structure_and_accessibility(check: Run, tmp_path: Path) -> None:
    write(tmp_path / "tenderlint.toml", WAIVER)
    r = check("contract.md", "good.md", "empty.md", "--format", "html")
    assert r.exit_code == 2
    page = r.stdout
    assert page.startswith("<!DOCTYPE html>\n")
    doc = parse_html(page)
    (html_el,) = doc.find_all("html")
    assert html_el.attrs["lang"] == "en-GB"
    for landmark in ("header", "nav", "main"):
        assert len(doc.find_all(landmark)) == 1, landmark
    (main,) = doc.find_all("main")
    assert main.attrs["id"] == "main"
    first_link = doc.find_all("a")[0]
    assert first_link.attrs["href"] == "#main" and "skip" in first_link.attrs["class"]
    # unique ids, and every in-page link has a target
    ids = [n.attrs["id"] for n in doc.find_all() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    targets = [a.attrs["href"][1:] for a in doc.find_all("a") if a.attrs["href"].startswith("#")]
    assert targets and set(targets) <= set(ids)
    # self-contained: no scripts, no external assets, nothing only on hover
    assert not doc.find_all("script") and not doc.find_all("link") and not doc.find_all("img")
    assert not [n for n in doc.find_all() if "title" in n.attrs or "src" in n.attrs]
    (style,) = doc.find_all("style")
    css = style.text()
    assert "@media print" in css
    # headings: one h1, no level skipped
    levels = [int(n.tag[1]) for n in doc.find_all() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    # tables: every header cell has a scope
    ths = doc.find_all("th")
    assert ths and all(th.attrs.get("scope") in ("col", "row") for th in ths)
    # contrast of every outcome badge and of body text
    pairs = re.findall(r"\.o-[\w-]+\{color:(#[0-9a-f]{6});background:(#[0-9a-f]{6})", css)
    assert len(pairs) == len(Outcome)
    body = re.search(r"body\{[^}]*color:(#[0-9a-f]{6});background:(#[0-9a-f]{6})", css)
    assert body is not None
    for fg, bg in [*pairs, body.groups()]:
        assert contrast(fg, bg) >= 4.5, (fg, bg)

    # the summary and the unreadable file
    assert "Failed: 1 file could not be read" in main.text()
    unreadable = next(s for s in doc.find_all("section") if s.attrs.get("id") == "unreadable")
    assert "empty.md: empty file" in unreadable.text()
    summary = next(s for s in doc.find_all("section") if s.attrs.get("id") == "summary")
    summary_rows = [
        tr for tr in summary.find_all("tr") if tr.find_all("th") and tr.find_all("th")[0].attrs.get("scope") == "row"
    ]  # fmt: skip
    assert [tr.find_all("th")[0].text() for tr in summary_rows] == [
        "contract.md",
        "good.md",
        "All documents",
    ]


def test_html_checklist_items(check: Run, tmp_path: Path) -> None:
    write(tmp_path / "tenderlint.toml", WAIVER)
    doc = parse_html(check("contract.md", "good.md", "--format", "html").stdout)
    sections = {s.attrs["id"]: s for s in doc.find_all("section")}
    contract = sections["doc-1"]
    assert contract.find_all("h2")[0].text() == "Document: contract.md"
    themes = [h.text() for h in contract.find_all("h3")]
    # findings by theme in the order of the run's rules (by id), unthemed rules last, then
    # one table of what is met or does not apply
    assert themes == [
        "Drafting hygiene",
        "Freedom of Information",
        "Redaction",
        "Other requirements",
        "Requirements met or not applicable",
    ]
    items = contract.find_all("li", cls="req")
    assert len(items) == 4  # the findings, waived included
    labels = {"Missing", "Conflict", "Weak", "Satisfied", "Not applicable", "Waived"}
    by_rule: dict[str, Node] = {}
    for item in items:
        (h4,) = item.find_all("h4")
        (badge,) = h4.find_all("span", cls="badge")
        symbol = [s for s in badge.find_all("span") if s.attrs.get("aria-hidden") == "true"]
        assert symbol and symbol[0].text().strip()  # a symbol ...
        label = badge.text().replace(symbol[0].text(), "").strip()
        assert label in labels  # ... and a text label, not colour alone
        by_rule[h4.find_all("span", cls="rule-id")[0].text()] = item

    draft = by_rule["DRAFT-001"]
    assert "Conflict" in draft.find_all("h4")[0].text()
    assert "No unfilled placeholders" in draft.find_all("h4")[0].text()
    assert 'unfilled placeholder: "[ ]%"' in draft.text()
    (quote, suggestion) = draft.find_all("blockquote")
    # evidence is escaped text, never markup
    assert quote.text() == (
        "15.2 Service credits are capped at [ ]% of the Charges | per year, payable to "
        'the Authority & "others".'
    )
    assert not draft.find_all("b")
    caption = draft.find_all("figcaption")[0].text()
    assert caption.startswith("cl.15.2") and "15 Charges" in caption
    assert suggestion.text() == "Complete or delete every placeholder before issue."
    links = {a.attrs["href"]: a.text() for a in draft.find_all("a")}
    assert links == {"https://example.org/walford": "Walford v Miles [1992] 2 AC 128"}

    foi = by_rule["FOI-001"]
    assert "Weak" in foi.find_all("h4")[0].text()
    assert 'hedged "reasonable endeavours"' in foi.text()
    sources = [li.text() for li in foi.find_all("dd")[-1].find_all("li")]
    assert sources == ["Freedom of Information Act 2000, s.10", "ICO: outsourcing and FOI"]

    redact = by_rule["REDACT-003"]
    assert "Waived" in redact.find_all("h4")[0].text()
    assert "Discount withheld under FOIA s.43(2) | agreed by legal; approved by A. Lawyer" in (
        redact.text()
    )
    assert "Missing" in by_rule["INFO-001"].find_all("h4")[0].text()
    (met,) = contract.find_all("table", cls="met")
    rows = met.find_all("tbody")[0].find_all("tr")
    assert [r.find_all("span", cls="rule-id")[0].text() for r in rows] == ["ADM-001"]
    assert "Not applicable" in rows[0].text()

    good = sections["doc-2"]
    assert not good.find_all("li", cls="req")
    (table,) = good.find_all("table", cls="met")
    labels = [tr.find_all("span", cls="badge")[0].text() for tr in table.find_all("tr")[1:]]
    assert sum("Satisfied" in t for t in labels) == 3 and len(labels) == 5


# -- hostile text through every format -------------------------------------------------------


def hostile_report() -> Report:
    nasty = 'a|b\nc\r%d: e, f <script>alert("x")</script> ]]> \x0c & `g` [h](i)'
    loc = Location(block=3, page=2, clause="4.1", heading=nasty)
    result = RuleResult(
        rule="FOI-001",
        title="Title " + nasty,
        outcome=Outcome.CONFLICT,
        severity=Severity.ERROR,
        message="Message " + nasty,
        reasons=("reason " + nasty,),
        evidence=(Evidence(nasty, loc), Evidence("second quote", None)),
        suggestion="Suggest " + nasty,
        theme=nasty,
    )
    doc = DocumentReport(
        path="dir/we,ird:%name.md",
        sha256="0" * 64,
        format="markdown",
        doc_type=DocType.CONTRACT,
        results=(result,),
        warnings=(nasty,),
    )
    return Report(
        version="0.1.0",
        packs=(PackInfo("p", "1.0.0", "1" * 64, "P"),),
        documents=(doc,),
        errors=(ReadError("x<y>.md", nasty),),
        warnings=(nasty,),
    )


def test_hostile_text_cannot_break_any_format() -> None:
    report = hostile_report()
    out = {name: formatter(name)(report) for name in FORMATS}
    validate_sarif(json.loads(out["sarif"]))
    sarif = json.loads(out["sarif"])["runs"][0]
    assert sarif["results"][0]["relatedLocations"][0]["physicalLocation"]["region"] == {
        "startLine": 1,
        "snippet": {"text": "second quote"},
    }
    assert sarif["artifacts"][0]["location"]["uri"] == "dir/we,ird:%25name.md"
    root = ET.fromstring(out["junit"].encode("utf-8"))  # control characters are replaced
    assert root.attrib["failures"] == "1" and root.attrib["errors"] == "1"
    for line in out["github"].splitlines():
        assert "\r" not in line
    assert out["github"].count("\n") == len(out["github"].splitlines())
    (inv,) = sarif["invocations"]
    assert [n["level"] for n in inv["toolExecutionNotifications"]] == ["error", "warning"]
    assert inv["toolConfigurationNotifications"][0]["message"]["text"] == report.warnings[0]
    tree = parse_html(out["html"])
    assert not tree.find_all("script")
    assert "<script>" not in out["markdown"]
    for line in out["markdown"].splitlines():
        if line.startswith("| ") and "FOI-001" in line:
            assert len(re.split(r"(?<!\\)\|", line.strip()[1:-1])) == 5
