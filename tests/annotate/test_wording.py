"""Model wording: paragraphs, sub-items, tables and the Contract/Tender variants."""

from __future__ import annotations

from tenderlint.annotate import _variant, _wording
from tenderlint.model import DocType


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
