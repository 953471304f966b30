"""A document's type from the kind its title names, then from its opening words; through
``tenderlint check``. On the development corpus no document is given the opposite type."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import write

Cli = Callable[..., Result]
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def _typed(cli: Cli, tmp_path: Path, text: str) -> tuple[str, str]:
    doc = write(tmp_path / "doc.md", text)
    r = cli("check", str(doc), "--format", "json", "--no-cache")
    assert r.exit_code in (0, 1), r.output
    got = json.loads(r.output)["documents"][0]
    return got["doc_type"], got["doc_type_reason"]


@pytest.mark.parametrize(
    ("text", "kind", "said"),
    [
        # The kind after a series name and a colon is the document's own.
        (
            "# Cloud Contracts: Performance Work Statement\n\nThe vendor shall host it.\n",
            "tender",
            "Performance Work Statement",
        ),
        (
            "# Cloud Contracts: Task Order Language Guide\n\nSample language.\n",
            "contract",
            "Task Order",
        ),
        # A kind named as a purpose is not the document's.
        (
            "# Accessibility requirements for tenders\n\nUse these when writing requirements.\n",
            "tender",
            "requirements for tenders",
        ),
        (
            "# Invitation to tender for a contract for hosting\n\nBids are due in May.\n",
            "tender",
            "Invitation to tender",
        ),
        (
            "# Terms of Use for the Hosting Platform\n\nRead these terms before using it.\n",
            "contract",
            "Terms of Use",
        ),
        (
            "# Request for Quote 24-0031\n\nThe Contractor shall deliver the contract.\n",
            "tender",
            "Request for Quote",
        ),
        (
            "# Memorandum of Understanding\n\nFor use by public bodies.\n",
            "contract",
            "Memorandum of Understanding",
        ),
        # Standards or requirements for what is bought are the buyer's, for its tenders.
        (
            "# Security Requirements for Cloud Acquisitions\n\nVendors must encrypt data.\n",
            "tender",
            "Requirements for Cloud Acquisitions",
        ),
    ],
)
def test_the_kind_the_title_names(
    cli: Cli, tmp_path: Path, text: str, kind: str, said: str
) -> None:
    assert _typed(cli, tmp_path, text) == (kind, f'title says "{said}"')


@pytest.mark.parametrize(
    ("text", "kind", "why"),
    [
        # A notice of a contract opportunity is tender-side: the longer kind wins.
        ("# Contract Notice\n\nServices: hosting.\n", "tender", 'title says "Contract Notice"'),
        # A cover line above the first heading is the title.
        (
            "Hosting Services Statement of Objectives\n\n# Understand what people need\n\nText.\n",
            "tender",
            'first line says "Statement of Objectives"',
        ),
        # A cover line's bare "Contract" is a field, not the kind of document.
        (
            "Contract reference: HS-2026-04\n\n# Hosting\n\nThe service is hosted.\n",
            "unknown",
            "neither the title nor the opening text says",
        ),
    ],
)
def test_notices_and_cover_lines(cli: Cli, tmp_path: Path, text: str, kind: str, why: str) -> None:
    assert _typed(cli, tmp_path, text) == (kind, why)


def test_a_solicitation_that_talks_of_its_contract_is_a_tender(cli: Cli, tmp_path: Path) -> None:
    text = (
        "# Digital Case Management\n\n"
        "Note: all sections will be incorporated into the contract except the instructions.\n\n"
        "1. The contract will be a firm fixed price contract. The contractor shall deliver.\n\n"
        "2. Offerors shall submit their quotes by the due date; quotes will be evaluated on "
        "technical approach and price.\n"
    )
    kind, why = _typed(cli, tmp_path, text)
    assert kind == "tender" and why.startswith("opening text mentions")


def test_an_agreement_between_parties_is_a_contract(cli: Cli, tmp_path: Path) -> None:
    text = (
        "# Hosting\n\nThis Agreement is made on 1 May 2026 between the Council and Acme Ltd "
        "(together the Parties).\n\nThe Parties agree as follows. Acme shall indemnify the "
        "Council.\n"
    )
    assert _typed(cli, tmp_path, text)[0] == "contract"


def test_too_little_either_way_is_unknown(cli: Cli, tmp_path: Path) -> None:
    text = "# Notes\n\nThe service will be hosted in the UK. A contract may follow.\n"
    assert _typed(cli, tmp_path, text) == (
        "unknown",
        "neither the title nor the opening text says",
    )


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_no_development_corpus_document_gets_the_opposite_type() -> None:
    """Unknown is allowed (only the rules for both types run, with a warning); the opposite
    type would run the wrong rules. Check-set documents are never read here."""
    from tenderlint.doctype import detect_doc_type
    from tenderlint.read import read_document

    wrong, right = [], 0
    for entry in json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8")):
        if entry["suggested_split"] != "dev":
            continue
        doc = read_document(CORPUS / entry["file"], entry["file"])
        kind, _why = detect_doc_type(doc)
        if kind.value not in (entry["document_type"], "unknown"):
            wrong.append((entry["file"], kind.value))
        right += kind.value == entry["document_type"]
    assert wrong == []
    assert right >= 22  # of 25; the rest are unknown
