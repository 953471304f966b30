"""`check` on real DOCX and PDF files: outcomes, reasons, evidence locations (clause, page,
heading) and exit codes, in every output format."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import REPO, write_pack

PACK = """
rule SEC-001 "Security incidents are notified within 24 hours" {
  severity error, weak warning
  applies to contract
  require clause mentions "security incident"
  strong when duration <= 24 hours as "notice within 24 hours"
  example satisfied "The Supplier shall notify any Security Incident within 24 hours."
  example weak "The Supplier shall notify any Security Incident promptly."
  example missing "Nothing."
}
rule EVID-001 "Evidence of controls within five working days" {
  severity error, weak warning
  applies to contract
  require clause mentions "self-assessment"
  strong when duration <= 5 working days as "deadline of 5 working days"
  example satisfied "A self-assessment is due; evidence within 5 working days."
  example weak "A self-assessment is due; evidence within 10 working days."
  example missing "Nothing."
}
rule RED-001 "Redaction limited to 10%" {
  severity error
  applies to contract
  when redactions > 0 as "no redactions found"
  limit redacted <= 10% as "redacted share"
  example satisfied "[REDACTED - s.43] The rest of the clause is long enough to keep the share under ten per cent of the text of the whole document, which is what this example needs to show clearly."
  example conflict "[REDACTED]"
}
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    write_pack(tmp_path, PACK, name="pack")
    for rel in ("docx/contract.docx", "pdf/contract.pdf", "pdf/redacted_clean.pdf"):
        shutil.copy(
            REPO / "fixtures" / rel,
            tmp_path / Path(rel).name.replace("contract", f"{Path(rel).parent.name}-contract"),
        )
    return tmp_path


def results(r: Result) -> dict[tuple[str, str], dict]:  # type: ignore[type-arg]
    payload = json.loads(r.stdout)
    return {(d["path"], x["rule"]): x for d in payload["documents"] for x in d["results"]}


def test_docx_clause_and_pdf_page_locations(cli: Callable[..., Result], docs: Path) -> None:
    r = cli("check", ".", "--pack", "pack", "--format", "json")
    assert r.exit_code == 1
    got = results(r)
    sec = got[("docx-contract.docx", "SEC-001")]
    assert sec["outcome"] == "satisfied"
    assert sec["evidence"][0] == {
        "quote": "(ii) notifying the Authority of any Security Incident within 24 hours; and",
        "location": {
            "page": None,
            "block": 10,
            "clause": "1.2(a)(ii)",
            "heading": "1. Definitions and Interpretation",
        },
    }
    evid = got[("pdf-contract.pdf", "EVID-001")]
    assert evid["outcome"] == "weak"
    assert evid["reasons"] == [
        'no deadline of 5 working days: "ten Working Days" is over 5 working days'
    ]
    assert evid["evidence"][0]["location"]["page"] == 1
    assert evid["evidence"][0]["location"]["clause"] == "2.3"
    assert got[("docx-contract.docx", "EVID-001")]["outcome"] == "missing"
    red = got[("redacted_clean.pdf", "RED-001")]
    assert red["outcome"] == "conflict"
    assert red["reasons"][0].startswith("redacted share is ")
    assert red["reasons"][0].endswith("%, over the limit of 10%")
    assert red["evidence"][0]["location"]["page"] == 1
    payload = json.loads(r.stdout)
    pdf = next(d for d in payload["documents"] if d["path"] == "redacted_clean.pdf")
    assert pdf["pages"] == 2 and pdf["redaction"]["boxes"] >= 1
    docx = next(d for d in payload["documents"] if d["path"] == "docx-contract.docx")
    assert docx["warnings"][0] == "document has 2 unaccepted tracked changes: read as if accepted"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown", "github", "html"])
def test_every_format_on_documents(cli: Callable[..., Result], docs: Path, fmt: str) -> None:
    r = cli("check", ".", "--pack", "pack", "--format", fmt)
    assert r.exit_code == 1, r.output
    assert "RED-001" in r.stdout and "EVID-001" in r.stdout
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    r = cli("check", ".", "--pack", "pack", "--format", fmt)
    assert r.exit_code == 2
    assert "broken.pdf" in r.stdout
    r = cli("check", "docx-contract.docx", "--pack", "pack", "--select", "SEC", "--format", fmt)
    assert r.exit_code == 0
