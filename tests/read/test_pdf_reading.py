"""Reading quality of PDFs, through ``tenderlint extract``: damaged text layers, ruled tables,
hyphens, redaction measured as a reader sees it, stamps, footnotes and zero-width spaces.

The fixtures are built by fixtures/build_pdf_reading.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "pdf"

Cli = Callable[..., Result]


def extract(cli: Cli, name: str, code: int = 0) -> dict[str, Any]:
    result = cli("extract", "--format", "json", str(FIXTURES / name))
    assert result.exit_code == code, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def document(cli: Cli, name: str) -> dict[str, Any]:
    docs = extract(cli, name)["documents"]
    assert len(docs) == 1
    doc: dict[str, Any] = docs[0]
    return doc


def texts(doc: dict[str, Any]) -> list[str]:
    return [b["text"] for b in doc["blocks"]]


# -- damaged text layers ------------------------------------------------------------------------
def test_dropped_ligatures_are_repaired_and_reported(cli: Cli) -> None:
    doc = document(cli, "ligatures.pdf")
    # "bu er" could be "buffer" or "butter": left as it is, and counted.
    assert doc["warnings"] == [
        'ligatures missing from the text layer ("ffi", "ff", "fi", "fl", "ti", "tt"): '
        "29 words repaired, 1 left"
    ]
    body = " ".join(texts(doc))
    for word in (
        "Confidential Information",  # a space where "ti" was, twice
        '"Data Breach Notification" means a notification',  # two pieces round one word
        "written notification",  # "tt"
        "effective operation",  # "e ec ve": three pieces
        "office systems",  # "ofce": dropped with no gap
        "significant benefits",
        "specification",
        "sufficient records of its staff and their qualifications",
        "conflict of interest influences",
        "obligations of confidentiality",
    ):
        assert word in body
    for damage in ("no fica", "wri en", "su cient", "ofce", "signicant", "con ict", "e ec ve"):
        assert damage not in body
    assert "message bu er so" in body
    definitions = [b for b in doc["blocks"] if b["kind"] == "definition"]
    assert [b["location"]["clause"] for b in definitions] == ["1.1", "1.2"]


def test_a_text_layer_of_noise_is_refused(cli: Cli) -> None:
    payload = extract(cli, "garbled.pdf", code=2)
    assert payload["documents"] == []
    assert [(Path(e["path"]).name, e["message"]) for e in payload["errors"]] == [
        (
            "garbled.pdf",
            "the text layer is not readable: 100% of its 222 words are not words "
            "(a broken font encoding?); run OCR on the page images",
        )
    ]


def test_a_mostly_broken_text_layer_is_read_with_a_warning(cli: Cli) -> None:
    doc = document(cli, "half_garbled.pdf")
    assert doc["warnings"] == [
        "most of the text layer is damaged: 67% of its 222 words are not words (a broken font "
        "encoding?); results on it are unreliable"
    ]
    assert texts(doc)[0].startswith("The Supplier shall keep the Authority's data confidential")


# -- hyphens ------------------------------------------------------------------------------------
def test_line_end_hyphens_rejoin_words_and_keep_compounds(cli: Cli) -> None:
    doc = document(cli, "hyphens.pdf")
    assert texts(doc) == [
        "1. The Supplier grants the Authority a perpetual, royalty-free licence to use the "
        "Software, and shall keep all confidential information of the Authority secure in its "
        "cloud-based service, which it shall operate on a non-exclusive basis.",
        "2. The Supplier shall co-operate with the Authority and shall indemnify it against all "
        "losses; the Supplier's decision-making shall be recorded, and pre- and "
        "post-termination duties apply.",
    ]


# -- ruled tables -------------------------------------------------------------------------------
def test_ruled_tables_give_rows_with_cells_and_header(cli: Cli) -> None:
    doc = document(cli, "tables.pdf")
    rows = [b for b in doc["blocks"] if "cells" in b]
    levels = rows[:4]
    header = ["Service", "Service level", "Service credit"]
    assert levels[0]["cells"] == header
    # A cell that wraps over two lines is one cell; every row carries the header row.
    assert levels[2] == {
        **levels[2],
        "kind": "table-row",
        "text": "Incident response (priority 1) | Response within 15 minutes and resolution "
        "within 4 hours, at any time of day | 2% of the monthly charge for each hour late",
        "cells": [
            "Incident response (priority 1)",
            "Response within 15 minutes and resolution within 4 hours, at any time of day",
            "2% of the monthly charge for each hour late",
        ],
        "header": header,
    }
    assert all(r["location"]["page"] == 1 and r["location"]["clause"] == "1" for r in levels)


def test_a_table_over_a_page_break_keeps_its_header_once(cli: Cli) -> None:
    doc = document(cli, "tables.pdf")
    charges = [b for b in doc["blocks"] if b.get("cells") and b["location"]["clause"] == "3"]
    header = ["Milestone", "Deliverable", "Charge (GBP)"]
    assert [b["cells"] for b in charges if b["cells"] == header] == [header]  # not repeated
    assert [b["cells"][0] for b in charges[1:]] == [f"M{i}" for i in range(1, 40)]
    assert all(b["header"] == header for b in charges[1:])
    assert {b["location"]["page"] for b in charges} == {1, 2}


def test_a_two_column_definitions_table_reads_term_then_meaning(cli: Cli) -> None:
    doc = document(cli, "tables.pdf")
    entries = [b for b in doc["blocks"] if b["kind"] == "definition"]
    assert [(b["term"], b["cells"]) for b in entries] == [
        (
            "Authority",
            [
                "Authority",
                "the Borough Council of Exampleshire, acting through its Digital Services "
                "directorate",
            ],
        ),
        (
            "Personal Data",
            [
                "Personal Data",
                "has the meaning given to it in the UK GDPR, and includes any data the Supplier "
                "processes for the Authority",
            ],
        ),
    ]


# -- redaction ----------------------------------------------------------------------------------
def test_redacted_share_is_the_share_of_text_under_boxes(cli: Cli) -> None:
    truth = json.loads((FIXTURES / "redacted_quarter.truth.json").read_text(encoding="utf-8"))
    doc = document(cli, "redacted_quarter.pdf")
    r = doc["redaction"]
    assert truth["share"] == pytest.approx(0.333, abs=0.001)
    assert r["share"] == pytest.approx(truth["share"], abs=0.02)
    # Three inline boxes, a block of clauses and a whole page; the logo in the margin and the
    # bars of the chart are figures, not redactions.
    assert (r["boxes"], r["markers"], r["leaked"]) == (5, 5, 0)
    assert r["whole_pages"] == [4]
    assert [p["page"] for p in r["per_page"]] == [1, 2, 4]
    page1 = r["per_page"][0]["share"]
    assert page1 == pytest.approx(63 / 2700, abs=0.01)  # the two inline boxes only
    assert "Figure 1: tickets per quarter" in texts(doc)
    first = texts(doc)[1]
    assert first.startswith("This Contract is made between the Authority and █")
    assert "Northwind" not in json.dumps(doc)


# -- noise: stamps, zero-width spaces, footnotes, numbers that are not clauses ------------------
def test_stamps_zero_width_spaces_footnotes_and_numbers(cli: Cli) -> None:
    doc = document(cli, "stamped.pdf")
    assert doc["warnings"] == []
    blocks = [(b["kind"], b["location"]["clause"], b["text"]) for b in doc["blocks"]]
    stamp = "DocuSign Envelope ID: 9D69A644-AC81-4C2A-B568-05BB47791AE3"
    # The envelope stamp on every page is running text: once, as a header, never body text.
    assert [k for k, _c, t in blocks if stamp in t] == ["header"]
    assert (
        "paragraph",
        None,
        "Quotes must be sent by email to clerk@example.gov by noon on the closing date.",
    ) in blocks
    assert not any("\u200b" in t for _k, _c, t in blocks)
    footnotes = [(c, t) for k, c, t in blocks if k == "footnote"]
    assert footnotes == [
        (None, "1 Nonfederal organizations that process information for an agency must comply "
         "as well.")
    ]  # fmt: skip
    # No clause is made of a count, a date or a footnote's number.
    assert all(c is None for k, c, _t in blocks)
