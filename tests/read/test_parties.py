"""Parties resolved per document (brief 1.5), through the CLI: the parties block, definitions,
order-form fields and usage; framework, vendor-terms and US RFQ forms; words in other senses."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

Cli = Callable[..., Result]


def _extract(cli: Cli, tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    """``tenderlint extract NAME --format json`` on ``text``: the document's parties object."""
    (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = cli("extract", name, "--format", "json")
    assert result.exit_code == 0, result.output
    parties: dict[str, Any] = json.loads(result.output)["documents"][0]["parties"]
    return parties


def _names(parties: dict[str, Any], role: str) -> list[str]:
    return list(parties[role]["names"])


COUNCIL = """\
    SERVICES AGREEMENT

    This Agreement is made on 1 April 2025 between:

    (1) The Borough Council of Exampleton of Town Hall, High Street, Exampleton EX1 1AA ("the Council"); and

    (2) Acme Digital Limited, a company registered in England with number 01234567, whose registered office is at 1 Main Road, London ("the Contractor").

    1. Definitions

    1.1 "Customer" means a member of the public who uses the contact centre.

    2. Services

    2.1 The Contractor shall answer every Customer call within 60 seconds.
    2.2 The Council may audit the Contractor's performance.
    2.3 The Contractor shall keep each Customer informed. The Customer may complain to the Council.
    2.4 The Customer shall give the Contractor a reference number. The Customer's call is recorded.
    """


def test_parties_block_names_each_side_and_customer_stays_a_member_of_the_public(
    cli: Cli, tmp_path: Path
) -> None:
    parties = _extract(cli, tmp_path, "council.txt", COUNCIL)
    assert _names(parties, "buyer") == ["the Council", "the Borough Council of Exampleton"]
    assert _names(parties, "supplier") == ["the Contractor", "Acme Digital Limited"]
    assert parties["buyer"]["inferred"] is False
    assert parties["supplier"]["inferred"] is False
    # "Customer" is used as a party would be ("The Customer shall"), but the document defines
    # it as a member of the public: it is no name of the buyer.
    assert not any("ustomer" in n for role in ("buyer", "supplier") for n in _names(parties, role))
    evidence = parties["buyer"]["evidence"][0]
    assert '("the Council")' in evidence["quote"]
    assert evidence["location"]["block"] == 3


def test_extract_text_shows_a_parties_section(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "council.txt").write_text(textwrap.dedent(COUNCIL), encoding="utf-8")
    result = cli("extract", "council.txt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("  parties:")
    assert lines[at + 1] == "    buyer: the Council, the Borough Council of Exampleton"
    assert lines[at + 3] == "    supplier: the Contractor, Acme Digital Limited"
    assert '("the Contractor")' in lines[at + 4]


def test_check_json_reports_the_same_parties_as_extract(cli: Cli, tmp_path: Path) -> None:
    extracted = _extract(cli, tmp_path, "council.txt", COUNCIL)
    result = cli("check", "council.txt", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    assert report["documents"][0]["parties"] == extracted


def test_framework_call_off_names_both_buyer_side_bodies(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "call-off.md",
        """\
        # Call-Off Contract for Cloud Hosting

        This Call-Off Contract is made between:

        1. the Minister for the Cabinet Office acting through Crown Commercial Service ("CCS");
        2. Northshire County Council of County Hall, Northtown NT1 1AA (the "Buyer"); and
        3. Widget Cloud Ltd, a company registered in England, whose registered office is at 5 Quay Street, Leeds (the "Supplier").

        ## 1. Services

        1.1 The Supplier shall host the Buyer's service.
        1.2 The Buyer may audit the Supplier. CCS may also audit the Supplier.
        """,
    )
    # The body calling off comes first; the framework's central body is buyer-side too.
    assert _names(parties, "buyer") == [
        "the Buyer",
        "Northshire County Council",
        "CCS",
        "the Minister for the Cabinet Office",
    ]
    assert _names(parties, "supplier") == ["the Supplier", "Widget Cloud Ltd"]


def test_vendor_terms_resolve_we_and_you_from_the_parties_block(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "terms.md",
        """\
        # Cloudco Service Terms

        These terms are between Cloudco Ltd ("Cloudco", "we", "us" or "our") and the public body that signs the order ("you" or "your").

        ## 1. Our service

        1.1 We will host your data in the UK.
        1.2 We may change the service at our discretion.
        1.3 You must keep your passwords secret.
        """,
    )
    assert _names(parties, "supplier") == ["Cloudco", "we", "us", "our", "Cloudco Ltd"]
    assert _names(parties, "buyer") == ["you", "your"]
    assert parties["supplier"]["inferred"] is False


def test_vendor_terms_without_definitions_infer_we_as_the_supplier(
    cli: Cli, tmp_path: Path
) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "terms.md",
        """\
        # Terms of use for the hosting platform

        If we accept your request, we will host your service.
        We will keep your data secure. We may suspend a service that harms the platform.
        You must tell us before you test the platform. You agree to pay our invoices.
        You will keep your users up to date.
        """,
    )
    assert _names(parties, "supplier") == ["we", "us", "our"]
    assert _names(parties, "buyer") == ["you", "your"]
    assert parties["supplier"]["inferred"] is True


def test_us_rfq_offeror_contractor_and_the_issuing_agency(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "rfq.txt",
        """\
        REQUEST FOR QUOTATION 24-0007
        Issued by: U.S. Department of Widgets (DOW), Office of Acquisition

        1. Background

        DOW is seeking agile development services. DOW will host the system. DOW's product owner will set priorities.

        2. Instructions

        The Offeror shall submit a technical approach of no more than ten pages. The Offeror shall include three code samples. The Offeror's price is fixed. The Government will evaluate quotes on technical approach and price. The Government may award without discussions.

        3. Statement of work

        The Contractor shall deliver working software every two weeks. The Contractor shall follow the US Web Design System. The Contractor's staff shall hold clearances. The Government will provide access to its repositories.
        """,
    )
    assert _names(parties, "buyer") == ["the Government", "DOW", "U.S. Department of Widgets"]
    # The contract name before the bidder's (brief 1.5: a bidder is the supplier before award).
    assert _names(parties, "supplier") == ["the Contractor", "the Offeror"]
    assert parties["buyer"]["inferred"] is True
    assert parties["supplier"]["inferred"] is True


def test_definitions_name_the_parties_and_a_provider_of_components_is_not_one(
    cli: Cli, tmp_path: Path
) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "contract.txt",
        """\
        CITY SOFTWARE SERVICES CONTRACT

        1. DEFINITIONS

        1.1 "City" means the City of Austin, Texas, a home-rule municipality.
        1.2 "Vendor" means the person or firm awarded this Contract.
        1.3 "Provider" means any provider of a third-party component used in the Deliverables.

        2. OBLIGATIONS

        2.1 The Vendor shall deliver the software to the City.
        2.2 The City may inspect the Vendor's records.
        2.3 The Vendor shall license each component. The Provider shall have no claim. The Provider's terms apply. The Provider will be paid by the Vendor.
        """,
    )
    assert _names(parties, "buyer") == ["the City", "the City of Austin"]
    assert _names(parties, "supplier") == ["the Vendor"]
    assert parties["buyer"]["evidence"][0]["quote"].startswith('1.1 "City" means')


def test_inline_and_hereafter_definitions(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "agreement.txt",
        """\
        SERVICES AGREEMENT

        Northshire County Council (the "Authority") appoints Widget Cloud Ltd, hereinafter referred to as 'the Service Provider', to run its contact centre.

        1. The Service Provider shall answer calls within 60 seconds.
        2. The Authority shall pay the Service Provider monthly.
        """,
    )
    assert _names(parties, "buyer") == ["the Authority", "Northshire County Council"]
    assert _names(parties, "supplier") == ["the Service Provider", "Widget Cloud Ltd"]


def test_order_form_fields(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "order.md",
        """\
        # Order Form

        | Field | Value |
        |---|---|
        | Buyer | Northshire County Council |
        | Supplier | Widget Cloud Ltd |
        | Start date | 1 April 2026 |

        ## Terms

        The Supplier shall provide the services to the Buyer from the start date.
        """,
    )
    assert _names(parties, "buyer") == ["the Buyer", "Northshire County Council"]
    assert _names(parties, "supplier") == ["the Supplier", "Widget Cloud Ltd"]
    assert parties["supplier"]["evidence"][0]["quote"] == "Supplier | Widget Cloud Ltd"


def test_words_in_other_senses_name_no_party(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "requirements.txt",
        """\
        HOSTING REQUIREMENTS

        1. The Supplier shall use state of the art encryption.
        2. The Supplier shall not use agency staff for the service desk.
        3. The Supplier shall tell the provider of any third-party component about vulnerabilities.
        4. The Steering Council shall meet monthly and the Supplier shall attend.
        5. Data shall not leave the State of Ruritania. The State shall have no access to it.
        """,
    )
    assert _names(parties, "supplier") == ["the Supplier"]
    # No buyer is named: the side is empty and says so, rather than a guess.
    assert parties["buyer"] == {"names": [], "inferred": True, "evidence": []}


def test_a_defined_service_or_framework_is_not_a_party(cli: Cli, tmp_path: Path) -> None:
    """'a Case Management Service (the "Service")' is what is bought, and a framework agreement
    is a document, though 'Service' and 'Councils' are words of public bodies' names."""
    parties = _extract(
        cli,
        tmp_path,
        "itt.txt",
        """\
        INVITATION TO TENDER

        1.1 Aldermere Borough Council (the "Council") invites tenders for the support of a
        Case Management Service (the "Service").
        1.2 This is a further competition under the Northern Councils Digital Services
        Framework Agreement (the "Framework").
        1.3 The successful bidder (the "Supplier") will contract with the Council.
        2.1 The Service must allow officers to override a score. The Service must log each
        override. The Framework shall govern the call-off.
        """,
    )
    assert _names(parties, "buyer") == ["the Council", "Aldermere Borough Council"]
    assert _names(parties, "supplier") == ["the Supplier"]


def test_a_document_that_names_no_party_has_none(cli: Cli, tmp_path: Path) -> None:
    assert _extract(cli, tmp_path, "menu.txt", "Lunch menu\n\nSoup of the day.\n") is None
    result = cli("extract", "menu.txt")
    assert "  parties: none named" in result.output.splitlines()


def test_names_are_kept_per_document(cli: Cli, tmp_path: Path) -> None:
    """One document's "Customer" is the buyer; another's is a member of the public."""
    (tmp_path / "a.txt").write_text(
        "AGREEMENT\n\nThis Agreement is made between Northshire County Council "
        '("the Customer") and Widget Cloud Ltd ("the Supplier").\n\n'
        "1. The Supplier shall host the Customer's data.\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(textwrap.dedent(COUNCIL), encoding="utf-8")
    result = cli("extract", "a.txt", "b.txt", "--format", "json")
    docs = {d["path"]: d["parties"] for d in json.loads(result.output)["documents"]}
    assert docs["a.txt"]["buyer"]["names"] == ["the Customer", "Northshire County Council"]
    assert docs["b.txt"]["buyer"]["names"][0] == "the Council"


def test_parties_block_over_several_paragraphs_in_capitals(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "contract.txt",
        """\
        CONTRACT FOR DIGITAL SERVICES

        THIS CONTRACT is dated [date]

        BETWEEN

        (1) THE SECRETARY OF STATE FOR WORK AND PENSIONS of Caxton House, Tothill Street, London SW1H 9NA (the "Authority");

        AND

        (2) ACME LIMITED, a company registered in England and Wales under company number 12345678 (the "Supplier").

        BACKGROUND

        A. The Authority wishes to procure digital services.
        """,
    )
    assert _names(parties, "buyer") == [
        "the Authority",
        "the SECRETARY OF STATE FOR WORK AND PENSIONS",
    ]
    assert _names(parties, "supplier") == ["the Supplier", "ACME LIMITED"]


def test_data_processing_agreement_controller_and_processor(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "dpa.md",
        """\
        # Data Processing Agreement

        This Data Processing Agreement is entered into between Northshire NHS Foundation Trust ("the Controller") and Healthdata Analytics Ltd ("the Processor").

        1. The Processor shall process Personal Data only on the Controller's instructions.
        """,
    )
    assert _names(parties, "buyer") == ["the Controller", "Northshire NHS Foundation Trust"]
    assert _names(parties, "supplier") == ["the Processor", "Healthdata Analytics Ltd"]


def test_invitation_to_tender_speaking_as_we_to_you(cli: Cli, tmp_path: Path) -> None:
    """A tender speaks as the buyer ("we") to the bidder ("you"), unlike a vendor's terms."""
    parties = _extract(
        cli,
        tmp_path,
        "itt.md",
        """\
        # Tender specification

        We are looking for a supplier to build our new website. We will evaluate your bid on
        quality and price. You must submit your bid by Friday. You will need to show three case
        studies. We will pay within 30 days. We will own the code. You must use open standards.
        """,
    )
    assert _names(parties, "buyer") == ["we", "us", "our"]
    assert _names(parties, "supplier") == ["you", "your"]
    assert parties["buyer"]["inferred"] and parties["supplier"]["inferred"]


def test_tender_with_a_defined_council_and_tenderers(cli: Cli, tmp_path: Path) -> None:
    parties = _extract(
        cli,
        tmp_path,
        "itt.md",
        """\
        # Invitation to Tender: Case Management System

        Northshire County Council (the "Council") invites tenders for a case management system.

        ## Instructions to Tenderers

        The Council will evaluate each tender. The Tenderer shall provide three references. The
        Tenderer must complete the pricing schedule. The Tenderer's response must be in English.

        The Contractor shall deliver the system within six months. The Contractor shall provide
        training. The Contractor will host the system in the UK.
        """,
    )
    assert _names(parties, "buyer") == ["the Council", "Northshire County Council"]
    assert parties["buyer"]["inferred"] is False
    assert _names(parties, "supplier") == ["the Contractor", "the Tenderer"]
    assert parties["supplier"]["inferred"] is True


def test_a_run_of_lead_words_is_read_at_once(cli: Cli, tmp_path: Path) -> None:
    """'(the the the ...' without a quoted name once made the definition pattern try every way
    of sharing spaces between words (exponential time); it must simply name no party."""
    text = "AGREEMENT\n\n(" + "the a an each " * 3000 + "\n"
    assert _extract(cli, tmp_path, "odd.txt", text) is None


def test_definitions_run_together_in_one_paragraph(cli: Cli, tmp_path: Path) -> None:
    """A text file's definitions list read as one paragraph: each entry still counts, and a
    "Client" that means any client of the buyer is no party even where it acts like one."""
    parties = _extract(
        cli,
        tmp_path,
        "terms.txt",
        """\
        CALL-OFF TERMS

        1. DEFINITIONS

        "Buyer" means the buyer identified in the Order Form;
        "Supplier" means the person, firm or company identified in the Order Form;
        "Client" means any client of the Buyer who uses the Services;
        "Authority" means the Secretary of State for Health and Social Care;

        2. SERVICES

        2.1 The Supplier shall provide the Services to the Buyer.
        2.2 The Client may complain. The Client shall be told the outcome. The Client's case is logged.
        """,
    )
    assert _names(parties, "buyer") == [
        "the Buyer",
        "Authority",
        "the Secretary of State for Health and Social Care",
    ]
    assert _names(parties, "supplier") == ["the Supplier"]


def test_a_memorandum_between_two_public_bodies_reads_sides_from_their_data_roles(
    cli: Cli, tmp_path: Path
) -> None:
    # Both sides are public bodies: the definition of GDS does not make it the buyer when one
    # sentence gives each side its data role; "together the Parties" is no one's name.
    parties = _extract(cli, tmp_path, "mou.md", """
        # GOV.UK Forms memorandum of understanding

        1. This is a memorandum of understanding between the Government Digital Service
        ("GDS") and your organisation (together the "Parties").

        2. For Form Filler Personal Data, GDS shall be a Data Processor and your organisation
        shall be a Data Controller.
    """)  # fmt: skip
    assert _names(parties, "supplier")[0] == "GDS"
    assert _names(parties, "buyer") == ["your organisation"]
