"""One canonical text for every reader: quotes, dashes, spaces and invisible characters
folded; words broken at a line end rejoined; Word's error text and a drafter's bracketed
options kept exactly, so the drafting rules see them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint.read.normalise import normalise, rejoin_hyphens


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u201cSupplier\u201d and \u2018Buyer\u2019", "\"Supplier\" and 'Buyer'"),
        ("\u00abterme\u00bb \u2039x\u203a", "\"terme\" 'x'"),
        ("2019\u20132020 \u2014 all \u2212 1 \ufe58 x", "2019-2020 - all - 1 - x"),
        ("30\u00a0days\u202fand\u2007more\u3000here", "30 days and more here"),
        ("con\u200bfiden\u200ctial\u2060 data\ufeff", "confidential data"),
        ("\u200eleft\u200f \u202aembedded\u202c \u2066isolated\u2069", "left embedded isolated"),
        ("soft\u00adhyphen", "softhyphen"),
        ("GSA SmartPay\u24c7 and \u24b8 Crown", "GSA SmartPay® and © Crown"),
        ("\ufb01nal o\ufb00er", "final offer"),
        ("Supplier\u00b4s", "Supplier's"),
        ("  line one\nline\u2028two\tthree  ", "line one line two three"),
    ],
)
def test_normalise_folds(raw: str, clean: str) -> None:
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    "kept",
    [
        "Error! Reference source not found.",
        "as set out in clause Error! Reference source not found. above",
        "within [ninety (90)] days",
        "[30 (thirty)] Working Days",
        "[Supplier/Buyer]",
        "£[●] per annum",
        "<insert name>",
        "{{ supplier_name }}",
    ],
)
def test_normalise_keeps_what_drafting_rules_look_for(kept: str) -> None:
    assert normalise(kept) == kept


@pytest.mark.parametrize(
    ("raw", "joined"),
    [
        ("royalty- free licence", "royalty-free licence"),
        ("royalty-\nfree licence", "royalty-free licence"),
        ("Federally- controlled", "Federally-controlled"),
        ("on- and off-boarding", "on- and off-boarding"),
        ("pre- or post-contract", "pre- or post-contract"),
        ("small- to medium-sized", "small- to medium-sized"),
        ("the Supplier - who", "the Supplier - who"),
        ("2019- 2020", "2019- 2020"),
        ("GDPR- Compliant", "GDPR- Compliant"),
    ],
)
def test_rejoin_hyphens(raw: str, joined: str) -> None:
    assert rejoin_hyphens(raw) == joined


def test_clean_text_through_each_text_format(cli: Callable[..., Result], tmp_path: Path) -> None:
    raw = (
        "The Supplier\u2019s royalty-\nfree licence ends within [ninety (90)]\u00a0days; "
        "see clause Error! Reference source not found.\u200b"
    )
    want = (
        "The Supplier's royalty-free licence ends within [ninety (90)] days; "
        "see clause Error! Reference source not found."
    )
    (tmp_path / "a.txt").write_text(raw, encoding="utf-8")
    (tmp_path / "b.md").write_text(raw, encoding="utf-8")
    (tmp_path / "c.html").write_text(f"<p>{raw}</p>", encoding="utf-8")
    result = cli("extract", "a.txt", "b.md", "c.html", "--format", "json")
    docs = json.loads(result.output)["documents"]
    assert [[b["text"] for b in d["blocks"]] for d in docs] == [[want], [want], [want]]
