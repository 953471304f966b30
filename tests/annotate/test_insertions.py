"""annotate --insert-suggestions: model wording as tracked insertions in the right place and style."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tests.annotate.helpers import (
    FOI_WEAK,
    accept_ours,
    anchored,
    body_texts,
    inserted,
    ours,
    part,
    python_docx_opens,
    reject_ours,
    rewrite,
    setup,
    text_of,
    w,
)


# -- tracked insertions -----------------------------------------------------------------------
def test_insert_suggestions_as_tracked_changes(cli: Callable[..., Result], tmp_path: Path) -> None:
    src = setup(tmp_path)
    r = cli("annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    assert r.output.endswith("3 suggestions inserted\n")
    out = tmp_path / "draft.reviewed.docx"
    root = part(out, "word/document.xml")
    ours_ins = [i for i in root.iter(w("ins")) if i.get(w("author")) == "tenderlint"]
    assert ours_ins and all(i.get(w("date")) is None for i in ours_ins)  # no dates: same bytes
    paras = inserted(out)
    texts = [text_of(p) for p in paras]
    assert texts == [
        # FOI-001 (weak): right after the weak clause 1.1, before 1.2; numbered in the
        # draft's typed scheme as a sub-clause, since 1.2 exists (never a typed "X.1").
        "1.1.1 The Supplier shall transfer each request for information to the Authority "
        "within two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
        # DATA-001 (missing): at the end of the "Data Protection" section, as its next clause.
        "3.2 The Authority owns all Authority Data, including data derived from it.",
        # KPI-001 (missing, no section fits): at the end of the body, table included.
        "4.2 The Supplier shall meet each Key Performance Indicator below.",
        "KPI",
        "Target",
        "Availability",
        "99.5%",
        "Incident resolution",
        "95%",
        "",
    ]
    for p in paras:  # the text, not only the paragraph mark, is in a tracked insertion
        runs = list(p.iter(w("r")))
        assert all(r.getparent().tag == w("ins") for r in runs)
    blocks = body_texts(out)
    i = blocks.index(FOI_WEAK + " The Authority shall then respond to the requester.")
    assert blocks[i + 1].startswith("1.1.1 The Supplier shall transfer")
    assert blocks[i + 2].startswith("(a) The Supplier shall ensure")
    assert blocks[i + 3] == "1.2 The Authority shall publish its responses."
    j = blocks.index("3.1 The Supplier shall keep all personal data secure.")
    assert blocks[j + 1] == (
        "3.2 The Authority owns all Authority Data, including data derived from it."
    )
    assert blocks[j + 2] == "4. Termination"
    # The sub-item sits one step in.
    ind = paras[1].find(f"{w('pPr')}/{w('ind')}")
    assert ind is not None and int(ind.get(w("left"))) >= 720
    # The KPI table: every row a tracked insertion, and the body still ends with sectPr.
    tbl = root.find(f"{w('body')}/{w('tbl')}")
    assert tbl is not None
    assert all(
        tr.find(f"{w('trPr')}/{w('ins')}").get(w("author")) == "tenderlint"
        for tr in tbl.iter(w("tr"))
    )
    assert root.find(w("body"))[-1].tag == w("sectPr")
    # The comments say where the wording went, and do not repeat it.
    notes = "\n".join(ours(out).values())
    assert "Model wording: inserted after cl.1.1 as a tracked change." in notes
    assert "Model wording: inserted at the end of “3. Data Protection” as a tracked change." in (
        notes
    )
    assert "Model wording: inserted at the end of the document as a tracked change." in notes
    assert "Key Performance Indicator below" not in notes
    # Accepting our changes fixes the findings; rejecting them gives back the draft's text.
    rewrite(out, tmp_path / "accepted.docx", accept_ours)
    rejected = rewrite(out, tmp_path / "rejected.docx", reject_ours)
    assert body_texts(rejected) == body_texts(src)
    r = cli("check", "accepted.docx", "--pack", "test-pack", "--select", "FOI,DATA,KPI")
    assert r.exit_code == 0, r.output
    assert "Findings: 0 missing, 0 conflict, 0 weak" in r.output
    assert "Other results: 3 satisfied" in r.output


def test_inserted_clauses_join_the_drafts_own_list(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            ("Heading 1", "Freedom of Information"),
            (
                "level 0",
                "The Supplier shall use reasonable endeavours to pass on any request "
                "for information:",
            ),
            ("level 1", "to the Authority; and"),
            ("level 1", "to its auditors."),
            ("level 0", "The Authority shall reply."),
            ("Heading 1", "Data"),
        ],
    )
    r = cli(
        "annotate",
        "draft.docx",
        "--pack",
        "test-pack",
        "--insert-suggestions",
        "--select",
        "FOI,DATA",
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    foi, sub, data = inserted(out)
    # After the whole weak clause with its sub-clauses, not between them.
    assert text_of(foi.getprevious()) == "to its auditors."
    assert data.getnext().tag == w("sectPr")  # the last section, before its properties
    blocks = body_texts(out)
    first = blocks.index(
        "1. The Supplier shall use reasonable endeavours to pass on any request for information:"
    )
    # The new clause joins the draft's list as the clause's next sub-clause, "(c)", with the
    # typed "X.1" gone: at level 0 it would have renumbered clause 2.
    assert blocks[first + 1 : first + 5] == [
        "(a) to the Authority; and",
        "(b) to its auditors.",
        "(c) The Supplier shall transfer each request for information to the Authority "
        "within two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
    ]
    ppr = foi.find(w("pPr"))
    assert ppr.find(f"{w('numPr')}/{w('numId')}").get(w("val")) == "90"
    assert ppr.find(f"{w('numPr')}/{w('ilvl')}").get(w("val")) == "1"
    assert ppr.find(w("ind")) is None  # the list level's indent applies
    assert "2. The Authority shall reply." in blocks  # no later number changes
    # The list has no third level: the lettered sub-item keeps its letter, one step in.
    assert sub.find(f"{w('pPr')}/{w('numPr')}") is None
    assert int(sub.find(f"{w('pPr')}/{w('ind')}").get(w("left"))) == 1440 + 720
    # After a heading there is no number to follow: the wording is not numbered.
    assert blocks[-1] == "The Authority owns all Authority Data, including data derived from it."
    # A section that is only a heading: the wording follows it, not in the heading's style.
    assert text_of(data.getprevious()) == "Data"
    assert data.find(f"{w('pPr')}/{w('pStyle')}") is None


def test_style_numbering_is_switched_off(cli: Callable[..., Result], tmp_path: Path) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            (
                "List Number",
                "The Supplier shall use reasonable endeavours to pass on any "
                "request for information.",
            ),
            ("List Number", "The Authority shall reply."),
        ],
    )
    r = cli(
        "annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions", "--select", "FOI"
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    foi = inserted(out)[0]
    ppr = foi.find(w("pPr"))
    # The List Number style is kept (font, spacing) with its numbering off (numId 0), in the
    # schema's order of paragraph properties, which Word enforces.
    assert ppr.find(w("pStyle")).get(w("val")) == "ListNumber"
    assert ppr.find(f"{w('numPr')}/{w('numId')}").get(w("val")) == "0"
    assert [c.tag.split("}")[1] for c in ppr][:2] == ["pStyle", "numPr"]
    assert [c.tag.split("}")[1] for c in ppr][-1] == "rPr"
    # The List Number list has one level, so a numbered clause would renumber clause 2:
    # the wording goes in unnumbered, without the typed "X.1".
    assert body_texts(out)[1:4] == [
        "1. The Supplier shall use reasonable endeavours to pass on any request for information.",
        "The Supplier shall transfer each request for information to the Authority within "
        "two (2) working days of receipt.",
        "(a) The Supplier shall ensure that each Subcontractor does the same.",
    ]
    assert body_texts(out)[4] == "2. The Authority shall reply."


def test_weak_table_row_gets_wording_in_its_cell(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    quote = "The Supplier shall use reasonable endeavours to pass on any request for information."
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            ("table", [["Ref", "Requirement"], ["R1", quote], ["R2", "Keep records."]]),
        ],
    )
    r = cli(
        "annotate", "draft.docx", "--pack", "test-pack", "--insert-suggestions", "--select", "FOI"
    )
    assert r.exit_code == 0, r.output
    out = tmp_path / "draft.reviewed.docx"
    assert list(anchored(out).values()) == [f"R1\n{quote}"]  # the quote is the whole row
    first = inserted(out)[0]
    cell = first.getparent()
    assert cell.tag == w("tc")
    assert text_of(cell).startswith(quote)
    assert python_docx_opens(out)
