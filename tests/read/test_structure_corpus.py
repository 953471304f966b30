"""The clause tree on real published documents from the development corpus (../shared/corpus),
through ``tenderlint extract``: for each document a handful of blocks whose clause path and
parent were checked by eye against the printed numbering (Word's list labels for DOCX).

Only dev-split documents are read here; the check-set documents never are.
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

# (document, first words of a block, its clause path, first words of its parent or None)
CHECKED: list[tuple[str, str, str | None, str | None]] = [
    # A UK HE SaaS contract clause: Word numbering "2.1" > "a)" > "i.", a definitions table.
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "1. Definitions",
     "1", "Template wording"),
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "WCAG |", "1",
     "In this Agreement (including the Introduction)"),
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "ii. As part",
     "2.1(c)(ii)", "c) subject to"),
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "vi. all comm",
     "2.1(d)(vi)", "d) ensure that the entirety"),
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "d) demonstrate",
     "2.3(d)", "2.3 Upon written request"),
    ("uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx", "2.7 Within",
     "2.7", "2. Accessibility"),
    # Questions numbered by Word under the document's only heading.
    ("uk-he-mta-accessibility-procurement-requirements-v1.3.docx", "6. Supplier to provide",
     "6", "MTA Procurement Requirements template"),
    # USDS RFQ: Heading 2 numbered through its style continues the Heading 1 list; the
    # document's own cross-references ("Section 4.2", "Section 9 of the RFQ") land on these.
    ("us-usds-agile-task-order-rfq-example.docx", "2.1 Brief Description", "2.1",
     "2. Services and Prices"),
    ("us-usds-agile-task-order-rfq-example.docx", "4.2 Transition Plan", "4.2",
     "4. Contract Requirements"),
    ("us-usds-agile-task-order-rfq-example.docx", "9. Special Contract Requirements", "9", None),
    ("us-usds-agile-task-order-rfq-example.docx", "3) Coordinate with the COR", "4.2.1(3)",
     "The Contractor shall:"),
    ("us-usds-agile-task-order-rfq-example.docx", "b) Ability to rapidly", "4.1(h)(b)",
     "h) At a minimum"),
    ("us-usds-agile-task-order-rfq-example.docx", "4. Price Proposal", "11.5.1(4)",
     "Those offerors selected"),
    ("us-usds-agile-task-order-rfq-example.docx", "h. Approach to configuration",
     "12.3.1(5)(h)", "5) Knowledge and experience"),
    ("us-usds-agile-task-order-rfq-example.docx", "DAY - A calendar day", "1", "1. Definitions"),
    # A US solicitation's sections L and M: typed "L.3", "M1.", "(2)", "b." numbers.
    ("us-usds-nbs-instructions-and-evaluation.docx", "L.3 GENERAL INSTRUCTIONS", "L.3",
     "SECTION L - INSTRUCTIONS"),
    ("us-usds-nbs-instructions-and-evaluation.docx", "(2) The quote must be signed", "L.3(2)",
     "L.3 GENERAL INSTRUCTIONS"),
    ("us-usds-nbs-instructions-and-evaluation.docx", "b. Interaction Design", "L.4(1)(b)",
     "1. How did you utilize"),
    ("us-usds-nbs-instructions-and-evaluation.docx", "(d) Respondents", "L.8(d)",
     "L.8 HHSAR 352.239-73"),
    ("us-usds-nbs-instructions-and-evaluation.docx", "M1. EVALUATION AND BASIS", "M1",
     "SECTION M - EVALUATION"),
    ("us-usds-nbs-instructions-and-evaluation.docx", "M.2 PAST PERFORMANCE", "M.2",
     "SECTION M - EVALUATION"),
    # GSA SmartPay PWS, Attachment F: "x.0" numbering; the attachment is the part cited.
    ("us-gsa-smartpay-pws-attachment-f.docx", "2.1 Technical approach",
     "Attachment F, paragraph 2.1", "2.0 Scope and Objectives"),
    ("us-gsa-smartpay-pws-attachment-f.docx", "5.2.1 Contracting Officer",
     "Attachment F, paragraph 5.2.1", "5.2 Contracting personnel"),
    ("us-gsa-smartpay-pws-attachment-f.docx", "Tested Code |", "Attachment F, paragraph 2.2",
     "2.2 Quality Assurance Surveillance Plan"),
    # USDS SOO: each "Requirements Checklist" heading restarts its numbered list.
    ("us-usds-digital-service-soo.docx", "3. Test prototypes", "3", "Requirements Checklist"),
    ("us-usds-digital-service-soo.docx", "Who are your primary users?", None,
     "Performance Work Statement (PWS) Must Address"),
    # GSA templates: unnumbered headings, bold sub-headings, tables.
    ("us-gsa-agile-contracts-pws-template.docx", "Transition Activities", None,
     "Transition Plan"),
    ("us-gsa-agile-contracts-pws-template.docx", "Contracting Officer (CO)", None,
     "Roles and Responsibilities"),
    ("us-gsa-agile-contracts-task-order-template.docx", "Tasks that the contractor", None,
     '"The scope also includes'),
    # GovWifi MoU (Markdown): manual "1.5.a" and "8.4.a" numbering, annexes.
    ("uk-cabinet-office-govwifi-mou.md", "1. Definitions and Interpretation", "1", "Background"),
    ("uk-cabinet-office-govwifi-mou.md", "1.5.b.", "1.5.b", "1.5. In the event"),
    ("uk-cabinet-office-govwifi-mou.md", "8.4.a. process", "8.4.a", "8.4. The Cabinet Office"),
    ("uk-cabinet-office-govwifi-mou.md", "8.6.a The Organisation", "8.6.a",
     "8.6. The Cabinet Office will not transfer"),
    ("uk-cabinet-office-govwifi-mou.md", "10.1 Both The Cabinet Office", "10.1",
     "10. Freedom of Information"),
    ("uk-cabinet-office-govwifi-mou.md", "'FOIA' means", "1.1", "1.1. In this Agreement"),
    ("uk-cabinet-office-govwifi-mou.md", "Vodafone Mobile Network |", "Annex B",
     "ANNEX B: Data retention times"),
    # GOV.UK PaaS terms (Markdown): bold lines as sub-headings under the ### headings.
    ("uk-gds-paas-terms-of-use.md", "We will host your service's live", None,
     "Host your live service/applications"),
    ("uk-gds-paas-terms-of-use.md", "Host your live service/applications", None,
     "What GOV.UK PaaS agrees to do"),
    # MHCLG data sharing agreement (Markdown): "9.1." and its lettered items.
    ("uk-mhclg-core-data-sharing-agreement.md", "B. Take reasonable steps", "9.1(B)",
     "9.1. CORE data providers and MHCLG agree"),
    ("uk-mhclg-core-data-sharing-agreement.md", "14.2. If the dispute", "14.2",
     "14. Dispute resolution"),
    ("uk-mhclg-core-data-sharing-agreement.md", '"GDPR" means', "2.1", "2.1. In this Agreement"),
]  # fmt: skip


_CACHE: dict[str, list[dict[str, Any]]] = {}


def blocks_of(cli: Cli, name: str) -> list[dict[str, Any]]:
    if name not in _CACHE:
        result = cli("extract", "--format", "json", str(DOCS / name))
        assert result.exit_code == 0, result.output
        (doc,) = json.loads(result.stdout)["documents"]
        _CACHE[name] = doc["blocks"]
    return _CACHE[name]


@pytest.mark.parametrize(("name", "start", "clause", "parent"), CHECKED)
def test_clause_paths_match_the_printed_numbering(
    cli: Cli, name: str, start: str, clause: str | None, parent: str | None
) -> None:
    blocks = blocks_of(cli, name)
    found = [b for b in blocks if b["text"].startswith(start)]
    assert found, f"no block starts {start!r}"
    b = found[0]
    assert b["location"]["clause"] == clause
    got = blocks[b["parent"]]["text"] if b["parent"] >= 0 else None
    assert (got if parent is None else (got or "")[: len(parent)]) == parent


def test_definitions_and_terms(cli: Cli) -> None:
    saas = blocks_of(cli, "uk-he-mta-saas-accessibility-contract-wording-v1.2-with-guidance.docx")
    terms = [b["term"] for b in saas if b["kind"] == "definition"]
    assert terms[:5] == [
        "Accessibility Regulations",
        "Accessibility Roadmap",
        "Accessibility Statement",
        "Assistive Technologies",
        "WCAG",
    ]
    header = next(b for b in saas if b["text"] == "Term | Definitions")
    assert header["kind"] == "table-row" and header["header"] == ["Term", "Definitions"]
    rfq = blocks_of(cli, "us-usds-agile-task-order-rfq-example.docx")
    rfq_terms = [b["term"] for b in rfq if b["kind"] == "definition"]
    assert rfq_terms[:4] == [
        "AGILE DEVELOPMENT/AGILE SOFTWARE DEVELOPMENT",
        "CONTRACTING OFFICER (CO)",
        "CONTRACTING OFFICER'S REPRESENTATIVE (COR )",
        "DAY",
    ]
    mou = blocks_of(cli, "uk-cabinet-office-govwifi-mou.md")
    assert [b["term"] for b in mou if b["kind"] == "definition"][:3] == [
        "Data Protection Legislation",
        "Data Protection Impact Assessment",
        "Data Breach",
    ]
    # Statements among the definitions that are not entries stay operative text.
    stated = next(b for b in mou if b["text"].startswith("The Cabinet Office is the Data"))
    assert stated["kind"] == "paragraph"


def test_no_invented_numbers(cli: Cli) -> None:
    """Dates, measures and page sizes at the start of a line are not clause numbers."""
    paas = blocks_of(cli, "uk-gds-paas-terms-of-use.md")
    dated = next(b for b in paas if b["text"] == "11 December 2019")
    assert dated["number"] is None and dated["location"]["clause"] is None
    rfq = blocks_of(cli, "us-usds-agile-task-order-rfq-example.docx")
    paper = [b for b in rfq if b["text"].startswith("8.5 x 11 inches")]
    assert len(paper) == 2 and all(b["number"] is None for b in paper)
    assert [b["location"]["clause"] for b in paper] == ["11.4.2", "11.5.2"]
