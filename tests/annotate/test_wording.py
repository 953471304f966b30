"""Model wording: paragraphs, sub-items, tables, the Contract/Tender variants, and the draft's
own names for the parties and its defined terms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
from click.testing import Result

from tenderlint.annotate import _variant, _wording
from tenderlint.annotate.language import Language
from tenderlint.model import DocType
from tests.annotate.helpers import inserted, ours, text_of
from tests.conftest import write_pack


# -- wording --------------------------------------------------------------------------------
def test_wording_paragraphs_variants_and_tables() -> None:
    text = """X.1 The Supplier shall deliver a plan within three
    (3) months and shall:
    (a) keep it up to date; and
    (b) follow it.
    | KPI | Target |
    |---|---|
    | Uptime | 99.5% |
    X.2 The Authority decides."""
    items = _wording(text)
    assert [getattr(i, "text", None) for i in items] == [
        "X.1 The Supplier shall deliver a plan within three (3) months and shall:",
        "(a) keep it up to date; and",
        "(b) follow it.",
        None,
        "X.2 The Authority decides.",
    ]
    assert [getattr(i, "sub", None) for i in items][:3] == [False, True, True]
    assert getattr(items[3], "rows", None) == (("KPI", "Target"), ("Uptime", "99.5%"))
    both = "Shared.\nContract: The Supplier shall.\nTender: Bidders must."
    assert _variant(both, DocType.CONTRACT) == "Shared.\nThe Supplier shall."
    assert _variant(both, DocType.TENDER) == "Shared.\nBidders must."
    assert _variant(both, DocType.UNKNOWN) == both
    assert _variant("Wording.\nTender: Bidders must.", DocType.CONTRACT) == "Wording."


# -- the draft's own language ---------------------------------------------------------------
EXIT_PACK = '''
rule EXIT-001 "An exit plan" {
  severity warning
  applies to contract
  theme "Exit"
  tags exit
  require clause mentions "exit plan"
  suggest """
    1. The Supplier shall deliver an exit plan to the Authority within twenty (20) Working
       Days of the Start Date.
    2. The Supplier shall keep all Authority Data secure until the Authority confirms that
       it has received it, and shall then return the Authority's equipment.
  """
  example satisfied "The Supplier shall deliver an exit plan."
  example missing "Nothing."
}
'''


def test_inserted_wording_uses_the_drafts_parties_and_defined_terms(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write_pack(tmp_path, EXIT_PACK, name="exit-pack")
    d = docx.Document()
    d.add_paragraph("Call-off Contract", style="Title")
    d.add_paragraph(
        'This Contract is made between Aldermere Borough Council (the "Council") and '
        'Brightline Civic Systems Limited (the "Contractor").'
    )
    d.add_paragraph("1. Definitions", style="Heading 1")
    d.add_paragraph('"Business Day" means a day other than a weekend or bank holiday.')
    d.add_paragraph('"Commencement Date" means 1 April 2026.')
    d.add_paragraph('"Council Data" means all data the Council gives the Contractor.')
    d.add_paragraph("2. Exit", style="Heading 1")
    d.add_paragraph("2.1 The Contractor shall co-operate with the Council on exit.")
    d.save(str(tmp_path / "draft.docx"))
    r = cli("annotate", "draft.docx", "--pack", "exit-pack", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    assert [text_of(p) for p in inserted(out)] == [
        # the draft's names for the parties and its defined terms, numbered as its next
        # clauses: never "the Authority", "Working Days", "Start Date" or a typed "1."
        "2.2 The Contractor shall deliver an exit plan to the Council within twenty (20) "
        "Business Days of the Commencement Date.",
        "2.3 The Contractor shall keep all Council Data secure until the Council confirms that "
        "it has received it, and shall then return the Council's equipment.",
    ]
    (note,) = ours(out).values()
    assert note.splitlines()[0] == "Missing (warning) — EXIT-001: An exit plan"
    assert "Model wording: inserted at the end of “2. Exit” as a tracked change." in note
    assert "exit plan to the" not in note  # the wording is in the insertion only


def test_language_without_a_defined_compound() -> None:
    words = Language({"Authority": "the Council"}, frozenset())
    assert words.localise("The Authority owns all Authority Data. Any Authority Data.") == (
        "The Council owns all the Council's data. Any of the Council's data."
    )
    proper = Language({"Authority": "Aldermere Borough Council"}, frozenset())
    assert proper.localise("the Authority's request; The Authority decides.") == (
        "Aldermere Borough Council's request; Aldermere Borough Council decides."
    )
    assert Language({}, frozenset({"Agreement"})).localise("this Contract") == "this Agreement"
