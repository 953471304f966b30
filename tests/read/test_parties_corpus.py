"""Parties found in real published contracts and tenders (the corpus's development set), through
``tenderlint extract``: each side's names as the document writes them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "docs"

# file: (buyer names, supplier names, whether each side was inferred). Development documents
# only; the check documents are never run here.
EXPECTED: dict[str, tuple[list[str], list[str], tuple[bool, bool]]] = {
    # A parties block names the Cabinet Office and "the Organisation"; the Cabinet Office
    # provides GovWifi, so it is the side delivering the service.
    "uk-cabinet-office-govwifi-mou.md": (
        ["the Organisation"],
        ["the Cabinet Office"],
        (False, False),
    ),
    # GDS's own terms: "we" and "you", with the data-protection roles stated once.
    "uk-gds-paas-terms-of-use.md": (
        ["your organisation", "you", "your"],
        ["Cabinet Office", "GDS", "we", "us", "our"],
        (False, False),
    ),
    # Numbered parties block; the data provider's name is a template blank.
    "uk-mhclg-core-data-sharing-agreement.md": (
        ["MHCLG", "the Ministry of Housing, Communities and Local Government"],
        ["CORE Data Provider"],
        (False, False),
    ),
    # 'hereinafter each "data exporter"' in the clauses, '(the "data exporter")' in the recitals.
    "eu-commission-scc-implementing-decision-2021-914-eurlex.md": (
        ["the data exporter"],
        ["the data importer"],
        (False, False),
    ),
    # "In the agreement between ____ (Canada) and ____ (Contractor)".
    "ca-esdc-micro-acquisition-contractor-owns-copyright-terms.md": (
        ["Canada"],
        ["the Contractor"],
        (False, False),
    ),
    # 'The United States Tax Court (hereinafter "the Tax Court" or "the Court")'.
    "us-ustaxcourt-efcms-rfq-18-0018.pdf": (
        ["the Tax Court", "the Court", "the United States Tax Court"],
        ["the Contractor", "the Offeror"],
        (False, True),
    ),
    "us-ustaxcourt-efcms-rfq-amendment.pdf": (
        ["the Court", "United States Tax Court"],
        ["the Contractor", "the Offeror"],
        (True, True),
    ),
}


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus (../shared/corpus) is not present")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_parties(name: str, cli: Callable[..., Result]) -> None:
    result = cli("extract", str(CORPUS / name), "--format", "json")
    assert result.exit_code == 0, result.output
    parties = json.loads(result.output)["documents"][0]["parties"]
    buyer, supplier, (buyer_inferred, supplier_inferred) = EXPECTED[name]
    assert parties["buyer"]["names"] == buyer
    assert parties["supplier"]["names"] == supplier
    assert parties["buyer"]["inferred"] is buyer_inferred
    assert parties["supplier"]["inferred"] is supplier_inferred
    for side in ("buyer", "supplier"):
        for e in parties[side]["evidence"]:
            assert e["quote"] and e["location"] is not None


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus (../shared/corpus) is not present")
def test_corpus_rfq_names_the_government_and_the_bidder(cli: Callable[..., Result]) -> None:
    """GSA's SmartPay RFQ: the buying centre is defined ("hereinafter CCCM"); the Government and
    the Contractor and Offeror are used throughout without definition."""
    result = cli(
        "extract", str(CORPUS / "us-gsa-smartpay-agile-development-rfq.md"), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    parties = json.loads(result.output)["documents"][0]["parties"]
    assert parties["buyer"]["names"][:2] == ["CCCM", "the GSA Center for Charge Card Management"]
    assert "the Government" in parties["buyer"]["names"]
    assert parties["supplier"]["names"] == ["the Contractor", "the Offeror"]
