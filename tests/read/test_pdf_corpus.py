"""The PDF reader on real published PDFs from the development corpus (../shared/corpus), through
``tenderlint extract``: blocks checked by eye against the printed pages.

Only dev-split documents: the check-set PDFs are never read here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

DOCS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "docs"

pytestmark = pytest.mark.skipif(
    not DOCS.is_dir(), reason=f"the shared corpus is not beside the repository ({DOCS})"
)

Cli = Callable[..., Result]


def document(cli: Cli, name: str) -> dict[str, Any]:
    result = cli("extract", "--format", "json", str(DOCS / name))
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)["documents"]
    assert len(docs) == 1
    doc: dict[str, Any] = docs[0]
    return doc


def block(doc: dict[str, Any], start: str) -> dict[str, Any]:
    found = [b for b in doc["blocks"] if b["text"].startswith(start)]
    assert found, f"no block starts {start!r}"
    return found[0]


def test_tax_court_rfq(cli: Cli) -> None:
    doc = document(cli, "us-ustaxcourt-efcms-rfq-18-0018.pdf")
    assert doc["warnings"] == []
    # Skia writes one glyph per object: no spaces are invented inside words and numbers
    # ("SIN 1 32-5 1", "1 8F", "5 : 00" before), and the zero-width spaces round the
    # address are gone.
    assert block(doc, "The Court is requesting quotes")["text"].startswith(
        "The Court is requesting quotes for agile software development services from vendors "
        "with contracts under GSA Schedule 70, SIN 132-51. "
    )
    assert block(doc, "Quotes are due")["text"] == (
        "Quotes are due by 5:00 p.m. EDT, Friday, August 24, 2018, and must be submitted by "
        "email to clerk@ustaxcourt.gov."
    )
    assert "The Court has worked closely with representatives of 18F (GSA)" in json.dumps(doc)
    # The contents page is contents, not clauses.
    contents = [b["text"] for b in doc["blocks"] if b["kind"] == "contents"]
    assert contents[:3] == [
        "STATEMENT OF WORK 2",
        "Introduction 2",
        "Description of Work to be Performed 3",
    ]
    assert len(contents) == 26
    # The performance standards chart: one row per deliverable, cells that wrap kept whole.
    row = block(doc, "Tested Code |")
    assert row["header"] == [
        "Deliverable",
        "Performance Standard(s)",
        "Acceptable Quality Level",
        "Method of Assessment",
    ]
    assert row["cells"][2:] == [
        "Minimum of 90% test coverage of all relevant code",
        "Combination of manual review and automated testing",
    ]
    assert row["location"]["page"] == 6
    # "0 errors reported" in the chart was once read as clause 0.
    assert not any((b["location"]["clause"] or "").startswith("0") for b in doc["blocks"])


def test_tax_court_amendment(cli: Cli) -> None:
    doc = document(cli, "us-ustaxcourt-efcms-rfq-amendment.pdf")
    assert doc["warnings"] == []
    assert block(doc, "A2:")["text"] == (
        "A2: The Court prefers examples from services provided during the past 3 years."
    )
    assert block(doc, "Q1:")["location"]["page"] == 1


def test_gsa_security_guide(cli: Cli) -> None:
    doc = document(cli, "us-gsa-security-privacy-requirements-it-acquisitions.pdf")
    # The signature panel drawn dark, then white, is no redaction.
    assert (doc["warnings"], doc["redaction"]) == ([], None)
    stamp = "DocuSign Envelope ID: 9D69A644-AC81-4C2A-B568-05BB47791AE3"
    assert [b["kind"] for b in doc["blocks"] if stamp in b["text"]] == ["header"]
    assert block(doc, "This guide defines security")["text"].startswith(
        "This guide defines security and privacy requirements"  # was "Th is guide"
    )
    note = block(doc, "1 Nonfederal organizations")
    assert (note["kind"], note["location"]["page"], note["location"]["clause"]) == (
        "footnote",
        9,
        None,
    )
    law = block(doc, "40 U.S.C. 11331")
    assert law["location"]["clause"] == "2.1"  # an item of clause 2.1, not clause 40
    row = block(doc, "AC-2 | Account Management | L, M, H")
    assert row["header"] == [
        "Control ID",
        "Control Title",
        "Baseline",
        "GSA Implementation Guidance (if applicable)",
    ]
    assert (row["location"]["page"], row["location"]["clause"]) == (12, "2.3")
    contents = [b for b in doc["blocks"] if b["kind"] == "contents"]
    assert contents[3]["text"] == (
        "2 External Information Systems - IT Security and Privacy Requirements 2"
    )


def test_gsa_it_policy_guide(cli: Cli) -> None:
    doc = document(cli, "us-gsa-it-policy-requirements-guide.pdf")
    assert doc["warnings"] == []
    history = block(doc, "1. | Monica Fitzgerald")
    assert history["header"] == [
        "Change Number",
        "Person Posting Change and date",
        "Change",
        "Reason for Change",
        "Page Number (s)",
    ]
    assert history["cells"][1] == "Monica Fitzgerald, GSA IT, 31 Oct. 2022"
    assert [b["kind"] for b in doc["blocks"] if b["text"].startswith("1.0 Introduction")] == [
        "contents",
        "heading",
    ]
    assert (
        block(doc, "The U.S. General Services Administration (GSA) has implemented")["kind"]
        == "paragraph"
    )  # a full first line is not a heading
    policies = block(doc, "GSA Open Source Software (OSS) Policy")
    assert policies["kind"] == "table-row"
    assert policies["header"][0] == "Policy"


def test_nhse_buyers_guide(cli: Cli) -> None:
    doc = document(cli, "uk-nhse-cloud-telephony-buyers-guide-2023.pdf")
    assert doc["warnings"] == []
    contents = [b["text"] for b in doc["blocks"] if b["kind"] == "contents"]
    assert contents[0] == "About this Guide 3"
    assert contents[-1] == "Annex A: Benefits and Outcomes 15"
    header = [
        "Existing / legacy system scenarios and limitations",
        "Advanced Telephony Enabling Functions",
        "Benefit or Outcome",
    ]
    rows = [b for b in doc["blocks"] if b.get("header") == header]
    # The table runs from page 15 to page 16, its header row repeated there and read once.
    assert [b["location"]["page"] for b in rows if b["cells"] == header] == [15]
    assert {b["location"]["page"] for b in rows} == {15, 16}
    first = rows[1]
    assert first["cells"][0] == (
        "Incoming and outgoing lines are limited to the fixed service delivered to the practice "
        "premises and the capacity of the local PBX and onsite infrastructure."
    )


def test_esdc_application_form(cli: Cli) -> None:
    doc = document(cli, "ca-esdc-micro-acquisition-application-form.pdf")
    assert doc["warnings"] == []
    kinds = [(b["kind"], b["text"]) for b in doc["blocks"]]
    assert ("heading", "Eligibility") in kinds
    assert ("list-item", "be paid by credit card (Visa) or PayPal") in kinds
