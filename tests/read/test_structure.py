"""The clause tree every reader gets from the Outline, read through ``tenderlint extract`` as a
rule author would: parents, printed numbers and clause paths, numbered titles, schedules,
lead-ins and their items, definition entries, contents, drafting notes and table rows."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

Cli = Callable[..., Result]


def extract(cli: Cli, tmp_path: Path, name: str, text: str) -> list[dict[str, Any]]:
    (tmp_path / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = cli("extract", name, "--format", "json")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)["documents"]
    blocks: list[dict[str, Any]] = doc["blocks"]
    return blocks


def by_start(blocks: list[dict[str, Any]], start: str) -> dict[str, Any]:
    found = [b for b in blocks if b["text"].startswith(start)]
    assert len(found) == 1, f"{len(found)} blocks start {start!r}"
    return found[0]


def parent_text(blocks: list[dict[str, Any]], b: dict[str, Any]) -> str | None:
    return blocks[b["parent"]]["text"] if b["parent"] >= 0 else None


def tree(blocks: list[dict[str, Any]]) -> list[tuple[str, str | None, str | None, str]]:
    """(kind, number, clause path, text) of every block, for whole-document comparisons."""
    return [(b["kind"], b["number"], b["location"]["clause"], b["text"]) for b in blocks]


CONTRACT = """
    SERVICES AGREEMENT

    1. Definitions and Interpretation

    1.1 In this Agreement the following words have the following meanings:

    "Authority Data" means all data supplied by the Authority.

    City: means the City of Exampleton.

    DAY - A calendar day.

    1.2 Headings do not affect interpretation.

    2. Services

    2.1 The Supplier shall:

    (a) host the Service;

    (b) keep the Authority Data secure, save that:

    (i) it may use a Subcontractor; and

    (ii) it shall notify the Authority.

    This clause survives termination.

    2.2 The Supplier shall respond within [ninety (90)] days, as set out in clause Error! Reference source not found..

    Drafting note: the Buyer should confirm the period.

    [Note to drafter: insert the service levels.]

    Schedule 6 Exit Management

    1. Exit Plan

    1.1 The Supplier shall deliver an exit plan.

    3. The Supplier shall return all Authority Data within 30 days.
    """


def test_plain_text_contract_tree(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(cli, tmp_path, "contract.txt", CONTRACT)
    assert tree(blocks) == [
        ("heading", None, None, "SERVICES AGREEMENT"),
        ("heading", "1", "1", "1. Definitions and Interpretation"),
        (
            "paragraph",
            "1.1",
            "1.1",
            "1.1 In this Agreement the following words have the following meanings:",
        ),
        ("definition", None, "1.1", '"Authority Data" means all data supplied by the Authority.'),
        ("definition", None, "1.1", "City: means the City of Exampleton."),
        ("definition", None, "1.1", "DAY - A calendar day."),
        ("paragraph", "1.2", "1.2", "1.2 Headings do not affect interpretation."),
        ("heading", "2", "2", "2. Services"),
        ("paragraph", "2.1", "2.1", "2.1 The Supplier shall:"),
        ("paragraph", "(a)", "2.1(a)", "(a) host the Service;"),
        ("paragraph", "(b)", "2.1(b)", "(b) keep the Authority Data secure, save that:"),
        ("paragraph", "(i)", "2.1(b)(i)", "(i) it may use a Subcontractor; and"),
        ("paragraph", "(ii)", "2.1(b)(ii)", "(ii) it shall notify the Authority."),
        # Unnumbered text is cited by the clause it sits in; it invents no number.
        ("paragraph", None, "2.1", "This clause survives termination."),
        (
            "paragraph",
            "2.2",
            "2.2",
            # Word's broken cross-reference and a bracketed option stay in the text exactly.
            "2.2 The Supplier shall respond within [ninety (90)] days, as set out in clause "
            "Error! Reference source not found..",
        ),
        ("note", None, "2.2", "Drafting note: the Buyer should confirm the period."),
        ("note", None, "2.2", "[Note to drafter: insert the service levels.]"),
        # A schedule restarts the numbering inside it.
        ("heading", "Schedule 6", "Schedule 6", "Schedule 6 Exit Management"),
        ("heading", "1", "Schedule 6, paragraph 1", "1. Exit Plan"),
        (
            "paragraph",
            "1.1",
            "Schedule 6, paragraph 1.1",
            "1.1 The Supplier shall deliver an exit plan.",
        ),
        (
            "paragraph",
            "3",
            "Schedule 6, paragraph 3",
            "3. The Supplier shall return all Authority Data within 30 days.",
        ),
    ]
    terms = [b.get("term") for b in blocks if b["kind"] == "definition"]
    assert terms == ["Authority Data", "City", "DAY"]


def test_parents_follow_the_numbering(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(cli, tmp_path, "contract.txt", CONTRACT)
    parent = {b["text"][:24]: parent_text(blocks, b) for b in blocks}
    # The document's title is not the parent of every section.
    assert parent["1. Definitions and Inter"] is None
    assert parent["2. Services"] is None
    assert parent["2.1 The Supplier shall:"] == "2. Services"
    assert parent["(b) keep the Authority D"] == "2.1 The Supplier shall:"
    assert parent["(ii) it shall notify the"] == "(b) keep the Authority Data secure, save that:"
    # Each definition entry is its own block, inside the clause that introduces it.
    assert parent['"Authority Data" means a'].startswith("1.1 In this Agreement")
    assert parent["This clause survives ter"] == "2.1 The Supplier shall:"
    assert parent["Drafting note: the Buyer"].startswith("2.2 ")
    assert parent["1. Exit Plan"] == "Schedule 6 Exit Management"
    assert parent["3. The Supplier shall re"] == "Schedule 6 Exit Management"
    title = blocks[0]
    assert title["location"]["heading"] == "SERVICES AGREEMENT"
    assert by_start(blocks, "(a) host")["location"]["heading"] == "2. Services"
    # Depth of numbering: 1 for "2", 2 for "2.1", one more per item.
    assert [by_start(blocks, t)["level"] for t in ("2. Services", "2.1 The", "(b)", "(ii)")] == [
        1,
        2,
        3,
        4,
    ]


def test_manual_numbering_with_letters(cli: Cli, tmp_path: Path) -> None:
    """The GovWifi MoU and GOV.UK Forms agreements number by hand: "8.4.a", "1.5.a.", "3.1.b"."""
    blocks = extract(
        cli,
        tmp_path,
        "mou.md",
        """
        # Memorandum of Understanding

        ## Background

        **IT IS NOW AGREED as follows:**

        1. Definitions and Interpretation

            1.5. In the event of any conflict between:

            1.5.a. the provisions of the Clauses and the Annexes, the Clauses prevail;

            1.5.b. this Agreement and any other document, this Agreement prevails.

        8. Protection of Personal Data

            8.4. The Cabinet Office shall:

            8.4.a process that personal data only in accordance with Annex C;

            8.4.b. ensure that it has in place Protective Measures.

            8.5. The Cabinet Office shall keep records.
        """,
    )
    rows = {
        b["text"][:6]: (b["number"], b["location"]["clause"], parent_text(blocks, b))
        for b in blocks
    }
    assert rows["1.5.a."] == ("1.5.a", "1.5.a", "1.5. In the event of any conflict between:")
    assert rows["1.5.b."][:2] == ("1.5.b", "1.5.b")
    assert rows["8.4.a "] == ("8.4.a", "8.4.a", "8.4. The Cabinet Office shall:")
    assert rows["8.5. T"] == ("8.5", "8.5", "8. Protection of Personal Data")
    # A short numbered line opens the clause whose sub-clauses follow: a heading.
    titles = [b for b in blocks if b["kind"] == "heading" and b["number"]]
    assert [b["text"] for b in titles] == [
        "1. Definitions and Interpretation",
        "8. Protection of Personal Data",
    ]
    assert by_start(blocks, "8.4.b")["location"]["heading"] == (
        "Background > 8. Protection of Personal Data"
    )


def test_lead_in_items_and_bullets(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(
        cli,
        tmp_path,
        "tender.md",
        """
        # Invitation to Tender

        ## Requirements

        The Supplier shall:

        a) publish an accessibility statement;
        b) fix issues within 20 Working Days.

        Bidders must provide:

        - a CV for each named role;
        - two references.

        The Authority may ask for more.
        """,
    )
    lead = "The Supplier shall:"
    assert parent_text(blocks, by_start(blocks, "a) publish")) == lead
    assert parent_text(blocks, by_start(blocks, "b) fix")) == lead
    assert by_start(blocks, "b) fix")["location"]["clause"] == "(b)"
    assert parent_text(blocks, by_start(blocks, "two references")) == "Bidders must provide:"
    # The paragraph after the list is the lead-in's sibling, not one of its items.
    assert parent_text(blocks, by_start(blocks, "The Authority may")) == "Requirements"
    assert parent_text(blocks, by_start(blocks, lead)) == "Requirements"


def test_contents_are_not_clauses(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(
        cli,
        tmp_path,
        "contract.md",
        """
        # Call-off Contract

        ## Contents

        Definitions 2

        Exit 3

        Schedule 1 Services ........ 12

        ## 1. Definitions

        1.1 "Buyer" means the Council.

        ## 2. Exit

        2.1 The Supplier shall co-operate.

        ## Schedule 1 Services

        1. The Supplier shall host the Service.
        """,
    )
    contents = [b for b in blocks if b["kind"] == "contents"]
    # Lines under "Contents" that repeat later headings, or end in dot leaders and a page.
    assert [b["text"] for b in contents] == [
        "Definitions 2",
        "Exit 3",
        "Schedule 1 Services ........ 12",
    ]
    assert all(b["number"] is None and b["location"]["clause"] is None for b in contents)
    assert {parent_text(blocks, b) for b in contents} == {"Contents"}
    assert by_start(blocks, "1. The Supplier")["location"]["clause"] == "Schedule 1, paragraph 1"
    assert by_start(blocks, "1.1")["kind"] == "definition"
    assert by_start(blocks, "1.1")["term"] == "Buyer"


def test_drafting_notes_and_guidance(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(
        cli,
        tmp_path,
        "template.md",
        """
        # Model Clauses

        ## 4 Open source

        4.1 The Supplier shall publish the source code under an open licence.

        Guidance: buyers may delete this clause where no code is written.

        [Guidance: choose the licence with the service owner.]

        Note to buyers - check the IPR schedule.

        ## Guidance for buyers

        Use this clause with the exit schedule.

        ## 5 Exit

        5.1 The Supplier shall provide an exit plan.

        Note: the exit plan forms part of the Contract.
        """,
    )
    kinds = {b["text"][:20]: b["kind"] for b in blocks}
    assert kinds["Guidance: buyers may"] == "note"
    assert kinds["[Guidance: choose th"] == "note"
    assert kinds["Note to buyers - che"] == "note"
    # Everything under a guidance heading is guidance.
    assert kinds["Use this clause with"] == "note"
    # A bare "Note:" is often operative: it stays a paragraph.
    assert kinds["Note: the exit plan "] == "paragraph"
    assert kinds["5.1 The Supplier sha"] == "paragraph"


def test_table_rows_have_cells_and_their_header(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(
        cli,
        tmp_path,
        "kpi.md",
        """
        # Schedule 2 Service Levels

        The Supplier shall meet the following service levels:

        | KPI | Target | Service credit |
        |---|---|---|
        | Availability | 99.9% | 5% |
        | Fix time | 4 hours | 2% |

        Service credits are the Buyer's sole remedy.
        """,
    )
    rows = [b for b in blocks if b["kind"] == "table-row"]
    assert [r["text"] for r in rows] == [
        "KPI | Target | Service credit",
        "Availability | 99.9% | 5%",
        "Fix time | 4 hours | 2%",
    ]
    assert rows[1]["cells"] == ["Availability", "99.9%", "5%"]
    assert all(r["header"] == ["KPI", "Target", "Service credit"] for r in rows)
    # The rows sit in the line that introduces them; each row is a block of its own.
    assert {parent_text(blocks, r) for r in rows} == {
        "The Supplier shall meet the following service levels:"
    }
    assert rows[1]["location"]["clause"] == "Schedule 2"
    after = by_start(blocks, "Service credits are")
    assert parent_text(blocks, after) == "Schedule 2 Service Levels"


def test_definitions_glossary_and_table(cli: Cli, tmp_path: Path) -> None:
    blocks = extract(
        cli,
        tmp_path,
        "glossary.md",
        """
        # Statement of Work

        ## Glossary

        | Term | Definition |
        |---|---|
        | Authority Data | all data supplied by the Authority |
        | Service | the hosting service described in section 3 |

        **SLA**: the service level agreement.

        ## 3 Service

        3.1 "Working Day" means a day other than a weekend.

        3.2 The Supplier shall host the Service on Working Days.
        """,
    )
    defs = [(b["term"], b["text"]) for b in blocks if b["kind"] == "definition"]
    assert defs == [
        ("Authority Data", "Authority Data | all data supplied by the Authority"),
        ("Service", "Service | the hosting service described in section 3"),
        ("SLA", "SLA: the service level agreement."),
        ("Working Day", '3.1 "Working Day" means a day other than a weekend.'),
    ]
    assert by_start(blocks, "Term | Definition")["kind"] == "table-row"
    assert by_start(blocks, "3.2 The Supplier")["kind"] == "paragraph"


def test_extract_text_shows_the_tree(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "contract.txt").write_text(textwrap.dedent(CONTRACT).lstrip(), encoding="utf-8")
    result = cli("extract", "contract.txt")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    first = next(ln for ln in lines if ln.endswith("2. Services"))
    item = next(ln for ln in lines if ln.endswith("(ii) it shall notify the Authority."))
    # Clause path first, then the kind, then the text indented by its depth in the tree.
    assert item.split()[1] == "cl.2.1(b)(ii)"
    assert item.index("(ii) it shall") - first.index("2. Services") == 6
    assert any(ln.endswith("DAY - A calendar day. [term: DAY]") for ln in lines)
    assert cli("extract", "contract.txt").output == result.output  # deterministic


def test_a_service_definition_of_questions_and_answers_is_operative(
    cli: Cli, tmp_path: Path
) -> None:
    """A G-Cloud 'Service definition' answers questions about the service: its rows state what
    the service does, so rules read them; only a definitions heading or a term table defines."""
    blocks = extract(
        cli,
        tmp_path,
        "gcloud.md",
        """
        # Cloud hosting

        ## Service definition

        | Question | Answer |
        |---|---|
        | Data export approach | The Buyer's data can be exported in CSV at any time. |

        ## Definitions

        | Item | Meaning |
        |---|---|
        | Buyer Data | means the data of the Buyer |
        """,
    )
    assert by_start(blocks, "Data export approach")["kind"] == "table-row"
    assert by_start(blocks, "Buyer Data")["kind"] == "definition"
