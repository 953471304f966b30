"""Playbook grading through the CLI: preferred and acceptable tiers with advice, weak only for core
elements, missing for a mere mention, conflict for contrary wording, obligation frames whatever
their wording, hedges only where they qualify the duty, scope parameters and trigger evidence."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import write, write_pack

RULES = """
role SUPPLIER for supplier "the supplier" = "supplier", "contractor", "vendor"
role BUYER for buyer "the authority" = "authority", "council", "customer"
define ENDEAVOURS "an endeavours qualifier" = "reasonable endeavours", "best endeavours"
define PRACTICABILITY "a practicability qualifier" = "where practicable", "where possible"
define NOT_A_HEDGE "not a hedge" = "all reasonable assistance"
hedge ENDEAVOURS, PRACTICABILITY except NOT_A_HEDGE
define BUYER_DATA "the authority's data" = "authority data", "council data", "customer data"
define RETURN "return" = "return", "hand back", "deliver"
define DELETE "delete" = "delete", "destroy", "erase"
define CERTIFY "certify" = "certify", "confirm in writing"
define TRAIN "train" = "train", "improve its models"
param RETURN_LIMIT = 30 days
param VALUE = £5m

rule DATA-003 "Return then delete" {
  severity error, weak warning
  applies to contract
  topic BUYER_DATA
  core "a duty to return the Authority's data within 30 days"
    when SUPPLIER must RETURN BUYER_DATA with a deadline of at most RETURN_LIMIT
  core "a duty to delete every copy" when SUPPLIER must DELETE BUYER_DATA, "copies", "copy"
  preferred "a certificate of deletion" when SUPPLIER must CERTIFY "deletion", "destruction"
  weak "backups kept outside the duty" when "except backups", "excluding backups"
  conflict "the Supplier may train its models on the Authority's data"
    when SUPPLIER may TRAIN BUYER_DATA
  example satisfied \"\"\"The Supplier shall return all Authority Data within 30 days and delete all copies.\"\"\"
  example weak \"\"\"The Supplier should return Authority Data.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
  example conflict \"\"\"The Supplier may train its models on Authority Data.\"\"\"
}

rule KPI-001 "KPIs over £5m" {
  severity error, weak warning
  applies to contract
  mandatory when contract_value > VALUE as "contracts worth over £5m"
  topic "KPI"
  core "a duty to meet the KPIs" when SUPPLIER must "meet" "KPI"
  example satisfied \"\"\"The Supplier shall meet the KPIs.\"\"\"
  example weak \"\"\"The Supplier should meet the KPIs.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
}
"""


def _results(
    cli: Callable[..., Result], tmp_path: Path, text: str, *extra: str, rules: str = RULES
) -> dict[str, Any]:
    """Each rule's JSON result for ``text`` as a contract, under a pack of ``rules``."""
    pack = write_pack(tmp_path, rules)
    doc = write(tmp_path / "contract.md", text)
    r = cli("check", str(doc), "--pack", str(pack), "--doc-type", "contract", "--format", "json",
            "--no-cache", *extra)  # fmt: skip
    assert r.exit_code in (0, 1), r.output
    return {x["rule"]: x for x in json.loads(r.output)["documents"][0]["results"]}


def _bundled(cli: Callable[..., Result], doc: str, rule: str, *extra: str) -> dict[str, Any]:
    """The bundled pack's JSON result for one rule on ``doc``."""
    r = cli("check", doc, "--select", rule, "--format", "json", "--no-cache", *extra)
    assert r.exit_code in (0, 1), r.output
    result: dict[str, Any] = json.loads(r.output)["documents"][0]["results"][0]
    return result


def test_preferred_when_every_element_is_there(cli: Callable[..., Result], tmp_path: Path) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        # 12. Exit
        12.1 The Contractor shall return all Council Data to the Council within thirty (30) days
        of termination.
        12.2 The Contractor shall then securely destroy all copies and certify the destruction
        in writing.
    """,
    )["DATA-003"]
    assert (got["outcome"], got["position"], got["advice"]) == ("satisfied", "preferred", [])


def test_acceptable_with_advice_when_only_a_preferred_element_is_absent(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        The Vendor shall:
        (a) deliver all Customer Data to the Customer within 20 days of expiry; and
        (b) erase every copy it holds.
    """,
    )["DATA-003"]
    assert got["outcome"] == "satisfied"
    assert got["position"] == "acceptable"
    assert got["advice"] == ["add certificate of deletion"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "The Supplier shall use reasonable endeavours to return Authority Data within 30 days "
            "and shall delete all copies.",
            "an endeavours undertaking, not a duty",
        ),
        (
            "The Supplier shall return Authority Data within 90 days and delete all copies.",
            '"90 days" is over 30 days',
        ),
        (
            "The Supplier shall return Authority Data promptly and delete all copies.",
            '"promptly" is not one',
        ),
        (
            "The Supplier shall, where practicable, return Authority Data within 30 days and shall "
            "delete all copies.",
            'a practicability qualifier "where practicable"',
        ),
        (
            "The Supplier shall return Authority Data within [30] days and delete all copies.",
            "placeholder",
        ),
        (
            "The Supplier shall return Authority Data within 30 days.",
            "no duty to delete every copy",
        ),
    ],
)
def test_weak_names_the_core_shortfall(
    cli: Callable[..., Result], tmp_path: Path, text: str, reason: str
) -> None:
    got = _results(cli, tmp_path, text)["DATA-003"]
    assert got["outcome"] == "weak"
    assert any(reason in r for r in got["reasons"]), got["reasons"]


def test_a_hedge_in_another_clause_does_not_weaken(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        # 9. Data
        9.1 The Supplier shall return all Authority Data within 30 days and delete all copies.
        # 10. Marketing
        10.1 The Supplier will use reasonable endeavours to attend quarterly events where possible.
    """,
    )["DATA-003"]
    assert got["outcome"] == "satisfied"


def test_a_qualifier_that_is_not_a_hedge_does_not_weaken(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(cli, tmp_path, "The Supplier shall give all reasonable assistance and shall "
                   "return Authority Data within 30 days and delete all copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "satisfied"


def test_a_passive_duty_with_the_party_as_agent(cli: Callable[..., Result], tmp_path: Path) -> None:
    got = _results(cli, tmp_path, "Authority Data shall be returned by the Contractor within "
                   "14 days. All copies shall be deleted by the Contractor.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "satisfied", got["reasons"]


def test_a_modal_after_a_comma_keeps_the_sentences_subject(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(cli, tmp_path, "The Supplier shall keep Authority Data where the Authority "
                   "holds it, shall return Authority Data within 30 days, and shall delete all "
                   "copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "satisfied", got["reasons"]
    got = _results(cli, tmp_path, "The Supplier shall keep Authority Data, the Authority shall "
                   "return Authority Data within 30 days and delete all copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "missing", got["reasons"]


def test_the_buyer_doing_it_is_not_the_supplier_duty(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(cli, tmp_path, "The Authority shall return Authority Data within 30 days "
                   "and delete all copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "missing"


def test_a_denied_assurance_is_nobodys_duty(cli: Callable[..., Result], tmp_path: Path) -> None:
    # "does not guarantee that the Supplier will ...": the that-clause is no promise
    got = _results(cli, tmp_path, "Signing this Contract does not guarantee that the Supplier "
                   "will return Authority Data within 30 days and delete all copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "missing", got["reasons"]
    got = _results(cli, tmp_path, "The Authority notes that the Supplier will return Authority "
                   "Data within 30 days and delete all copies.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "satisfied", got["reasons"]


def test_a_definition_alone_is_missing_and_says_where_it_looked(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        # 1. Definitions
        "Authority Data" means all data supplied by the Authority.
        # 2. Charges
        The Authority shall pay each invoice within 30 days.
    """,
    )["DATA-003"]
    assert got["outcome"] == "missing"
    assert any("only in a definition" in r for r in got["reasons"]), got["reasons"]


def test_contrary_wording_is_a_conflict(cli: Callable[..., Result], tmp_path: Path) -> None:
    got = _results(cli, tmp_path, "The Supplier shall return Authority Data within 30 days and "
                   "delete all copies. The Supplier may train its models on Authority Data.")["DATA-003"]  # fmt: skip
    assert got["outcome"] == "conflict"
    assert "train its models" in got["reasons"][0]


def test_out_of_scope_a_failure_is_info_severity(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    small = _results(cli, tmp_path, "The Supplier should meet the KPIs. The total contract "
                     "value is £2,000,000.")["KPI-001"]  # fmt: skip
    assert (small["outcome"], small["severity"]) == ("weak", "info")
    assert any("a recommendation here" in r for r in small["reasons"])
    write(tmp_path / "tenderlint.toml", '[facts]\ncontract-value = "£6m"\n')
    large = _results(cli, tmp_path, "The Supplier should meet the KPIs.")["KPI-001"]
    assert (large["outcome"], large["severity"]) == ("weak", "warning")


def test_quoted_sibling_clauses_are_read_together(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        35.3 The Supplier shall return all Authority Data within 20 days of termination.
        35.4 The Supplier shall then securely destroy all copies of Authority Data.
    """,
    )["DATA-003"]
    assert got["outcome"] == "satisfied", got["reasons"]


def test_a_lead_in_with_a_qualifier_gives_each_item_its_modal(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    got = _results(
        cli,
        tmp_path,
        """
        7.1 The Supplier shall not, without the Authority's prior written consent:
        (a) sell any Authority Data; or
        (b) train its models on Authority Data.
        7.2 The Supplier shall return all Authority Data within 30 days and delete all copies.
    """,
    )["DATA-003"]
    assert got["outcome"] == "satisfied", got["reasons"]


def test_we_in_a_vendors_terms_is_the_supplier(cli: Callable[..., Result], tmp_path: Path) -> None:
    got = _results(cli, tmp_path, "We may train our models on Customer Data.")["DATA-003"]
    assert got["outcome"] == "conflict", got["reasons"]
    text = ('These terms are between Acme Cloud Ltd ("we", "us" or "our") and the customer '
            '("you" or "your").\n\n1. We may train our models on Customer Data.\n')  # fmt: skip
    got = _results(cli, tmp_path, text)["DATA-003"]
    assert got["reasons"][0].startswith("Acme Cloud Ltd may train its models"), got["reasons"]
    text = text.replace(
        "We may train our models on", "Within 30 days of termination we will return"
    )
    got = _results(cli, tmp_path, text + "We will then delete all copies.\n")["DATA-003"]
    assert got["outcome"] == "satisfied", got["reasons"]  # "of termination we" is the subject


TRIGGERED = """
role SUPPLIER for supplier "the supplier" = "supplier"
define AI "AI" = "artificial intelligence", "machine learning", "AI"
rule ADM-009 "Only where the service uses AI" {
  severity error
  applies to contract
  when AI as "AI in the service"
  topic AI
  core "a duty to explain" when SUPPLIER must "explain" "decisions"
  example satisfied \"\"\"The service uses AI. The Supplier shall explain decisions.\"\"\"
  example missing \"\"\"The service uses AI.\"\"\"
}
"""


def test_trigger_evidence_and_conditional_clauses(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack = write_pack(tmp_path, TRIGGERED, name="trig")
    met = write(tmp_path / "a.md", "The Service uses machine learning to score claims.\n")
    aside = write(tmp_path / "b.md", "If the Supplier uses AI, it shall tell the Authority.\n")
    r = cli("check", str(met), str(aside), "--pack", str(pack), "--doc-type", "contract",
            "--format", "json", "--no-cache")  # fmt: skip
    docs = {d["path"]: d["results"][0] for d in json.loads(r.output)["documents"]}
    a, b = docs["a.md"], docs["b.md"]
    assert a["outcome"] == "missing"
    assert a["trigger"]["met"] is True
    assert "machine learning" in a["trigger"]["evidence"][0]["quote"]
    assert b["outcome"] == "not-applicable"
    assert b["trigger"]["met"] is False
    assert "set aside a conditional clause" in b["trigger"]["reason"]


DATED = """
rule ACCESS-009 "WCAG 2.2 from October 2024" {
  severity error
  applies to tender
  mandatory when fact date after "2024-10-01" as "documents from October 2024"
  core "WCAG 2.2 AA" when "WCAG 2.2"
  example satisfied \"\"\"The service shall meet WCAG 2.2 AA. Issued 3 March 2025.\"\"\"
  example missing \"\"\"The service shall meet WCAG 2.1 AA. Issued 3 March 2025.\"\"\"
}
"""


@pytest.mark.parametrize(
    ("text", "config", "severity"),
    [
        ("Issued 3 March 2025. The service shall meet WCAG 2.1 AA.\n", "", "error"),
        ("Issued 3 March 2019. The service shall meet WCAG 2.1 AA.\n", "", "info"),
        # A date after today is a deadline, not the document's date.
        ("Issued 3 March 2019. Go-live by 1 May 2031. WCAG 2.1 AA.\n", "", "info"),
        ("Issued 3 March 2019. WCAG 2.1 AA.\n", '[facts]\ndate = "2025-01-31"\n', "error"),
    ],
)
def test_a_rule_keyed_on_the_documents_date(
    cli: Callable[..., Result],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    config: str,
    severity: str,
) -> None:
    monkeypatch.setenv("TENDERLINT_TODAY", "2026-12-07")
    pack = write_pack(tmp_path, DATED, name="dated")
    doc = write(tmp_path / "tender.md", text)
    if config:
        write(tmp_path / "tenderlint.toml", config)
    r = cli("check", str(doc), "--pack", str(pack), "--doc-type", "tender", "--format", "json",
            "--no-cache")  # fmt: skip
    assert r.exit_code in (0, 1), r.output
    got = json.loads(r.output)["documents"][0]["results"][0]
    assert (got["outcome"], got["severity"]) == ("missing", severity)


def test_a_date_fact_must_be_a_date(cli: Callable[..., Result], tmp_path: Path) -> None:
    pack = write_pack(tmp_path, DATED.replace('"2024-10-01"', '"October 2024"'), name="dated")
    r = cli("rules", "validate", str(pack))
    assert r.exit_code == 2
    assert '"October 2024" is not a date (write yyyy-mm-dd)' in r.output


SWITCHED = """
role SUPPLIER for supplier "the supplier" = "supplier"
param INDEPENDENT_CHECK_CORE = off
rule ADM-003 "Bias testing" {
  severity error, weak warning
  applies to contract
  topic "bias"
  core "a duty to test for bias" when SUPPLIER must "test" "bias"
  core if INDEPENDENT_CHECK_CORE "an independent audit" when "independent audit"
  example satisfied \"\"\"The Supplier shall test the system for bias.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
}
"""


@pytest.mark.parametrize(
    ("config", "outcome", "advice"),
    [("", "satisfied", True), ("[params]\nINDEPENDENT_CHECK_CORE = true\n", "weak", False)],
)
def test_a_switch_makes_an_element_core_or_preferred(
    cli: Callable[..., Result], tmp_path: Path, config: str, outcome: str, advice: bool
) -> None:
    pack = write_pack(tmp_path, SWITCHED, name="switched")
    doc = write(tmp_path / "contract.md", "The Supplier shall test the system for bias.\n")
    if config:
        write(tmp_path / "tenderlint.toml", config)
    r = cli("check", str(doc), "--pack", str(pack), "--doc-type", "contract", "--format", "json",
            "--no-cache")  # fmt: skip
    got = json.loads(r.output)["documents"][0]["results"][0]
    assert got["outcome"] == outcome
    text = " ".join(got["reasons"] + got.get("advice", []))
    assert "independent audit" in text
    assert (got["outcome"] == "satisfied") is advice


def test_a_switch_must_be_an_on_off_parameter(cli: Callable[..., Result], tmp_path: Path) -> None:
    pack = write_pack(tmp_path, SWITCHED.replace("= off", "= 3"), name="switched")
    r = cli("rules", "validate", str(pack))
    assert r.exit_code == 2
    assert "INDEPENDENT_CHECK_CORE is a count, not an on/off switch" in r.output


DEFINED = """
role SUPPLIER for supplier "the supplier" = "supplier"
define CONFORM "conform" = "conform", "meet"
rule ACCESS-001 "Accessibility standard" {
  severity error, weak warning
  applies to contract
  topic "accessibility", "WCAG"
  core "a duty to meet WCAG at level AA" when SUPPLIER must CONFORM "level AA"
  example satisfied \"\"\"The Supplier shall meet WCAG 2.2 level AA.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
}
"""


def test_a_duty_object_is_read_through_the_definition_it_names(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    pack = write_pack(tmp_path, DEFINED, name="defined")
    text = """\
# 1. Definitions

| Term | Meaning |
|---|---|
| WCAG | means the Web Content Accessibility Guidelines 2.2 at Level AA, as amended |
| Services | means the accessibility services |

# 2. Accessibility

2.1 The Supplier shall ensure the Services conform with the WCAG.
"""
    doc = write(tmp_path / "contract.md", text)
    bare = write(tmp_path / "bare.md", text.replace(" at Level AA", ""))
    r = cli("check", str(doc), str(bare), "--pack", str(pack), "--doc-type", "contract",
            "--format", "json", "--no-cache")  # fmt: skip
    got = {d["path"]: d["results"][0] for d in json.loads(r.output)["documents"]}
    assert got["contract.md"]["outcome"] == "satisfied", got["contract.md"]
    assert "conform with the WCAG" in got["contract.md"]["evidence"][0]["quote"]
    assert got["bare.md"]["outcome"] != "satisfied"


HEADED = """
role SUPPLIER for supplier "the supplier" = "supplier"
rule KPI-002 "Service KPIs for public-facing services" {
  severity warning
  applies to contract
  when "for residents", "members of the public" as "a public-facing service"
  topic "KPI"
  core "a KPI" when SUPPLIER must "meet" "KPI"
  example satisfied \"\"\"For residents. The Supplier shall meet the KPIs.\"\"\"
  example missing \"\"\"For residents. Nothing here.\"\"\"
}
"""


@pytest.mark.parametrize(
    ("heading", "outcome"),
    [
        ("Schedule 4 - Performance Standards (Waste Collection Service for Residents)", "missing"),
        ("For Residents", "not-applicable"),  # a label: the document addresses the topic
    ],
)
def test_a_heading_that_describes_the_service_is_trigger_evidence(
    cli: Callable[..., Result], tmp_path: Path, heading: str, outcome: str
) -> None:
    pack = write_pack(tmp_path, HEADED, name="headed")
    doc = write(
        tmp_path / "c.md",
        f"## {heading}\n\n| Measure | Target |\n|---|---|\n| Missed bins | 1% |\n",
    )
    r = cli("check", str(doc), "--pack", str(pack), "--doc-type", "contract", "--format", "json",
            "--no-cache")  # fmt: skip
    assert json.loads(r.output)["documents"][0]["results"][0]["outcome"] == outcome


def test_a_documents_date_from_its_metadata_where_its_text_has_none(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    import docx

    monkeypatch.setenv("TENDERLINT_TODAY", "2026-12-07")
    pack = write_pack(tmp_path, DATED, name="dated")
    word = docx.Document()
    word.add_paragraph("The service shall meet WCAG 2.1 AA.")
    word.core_properties.created = dt.datetime(2018, 1, 2, 9, 0)
    word.core_properties.modified = dt.datetime(2023, 5, 12, 10, 0)
    word.save(str(tmp_path / "pws.docx"))
    r = cli("extract", "pws.docx", "--format", "json")
    assert json.loads(r.output)["documents"][0]["date"] == "2023-05-12"
    r = cli("check", "pws.docx", "--pack", str(pack), "--doc-type", "tender", "--format", "json",
            "--no-cache")  # fmt: skip
    got = json.loads(r.output)["documents"][0]["results"][0]
    assert (got["outcome"], got["severity"]) == ("missing", "info")  # dated before Oct 2024


@pytest.mark.parametrize(
    ("marking", "outcome", "severity"),
    [("SAMPLE DOCUMENT", "not-applicable", None), ("DRAFT", "weak", "info"), ("", "weak", "error")],
)
def test_a_running_header_marks_a_sample_or_a_draft(
    cli: Callable[..., Result], tmp_path: Path, marking: str, outcome: str, severity: str | None
) -> None:
    import docx

    word = docx.Document()
    word.add_heading("Call-off Contract", 0)
    word.add_paragraph("The Supplier shall provide the Services for a price of [Insert price].")
    word.sections[0].header.paragraphs[0].text = marking
    word.save(str(tmp_path / "contract.docx"))
    got = _bundled(cli, "contract.docx", "DRAFT-001")
    assert (got["outcome"], got["severity"] if outcome != "not-applicable" else None) == (
        outcome,
        severity,
    ), got["reasons"]


PUBLISHING = """
role BUYER for buyer "the authority" = "authority"
role SUPPLIER for supplier "the supplier" = "supplier"
define PUBLISH "publish" = "publish", "disclose"
define CONTRACT "the contract" = "this agreement", "the contract"
rule T-001 "The Authority publishes the contract" {
  severity error
  applies to contract
  topic PUBLISH
  core "a duty to publish the contract" when BUYER must PUBLISH CONTRACT
  conflict "the contract is not to be published" when BUYER must not PUBLISH CONTRACT
  example satisfied \"\"\"The Authority shall publish this agreement.\"\"\"
  example conflict \"\"\"The Authority shall not publish this agreement.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
}
"""


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        # the items continue "they shall", whose subject is the Parties; item 8.18.b is a
        # prohibition on publishing personal data, and "this agreement" is only the text the
        # processing is done by: nothing about publishing the contract
        ("8.18. The Parties agree to process personal data in accordance with the requirements "
         "of this agreement, and in particular agree that they shall:\n\n8.18.a. process the "
         "personal data only as required by the terms of this agreement; and\n\n8.18.b. ensure "
         "that no personnel publish or disclose any of the personal data.\n", "missing"),
        # an item's object may stand in the lead-in
        ("4.1 If a request is made for this agreement, the Authority shall:\n\n(a) publish it "
         "within five days; and\n\n(b) tell the requester where.\n", "satisfied"),
    ],
)  # fmt: skip
def test_items_read_their_own_lead_in_modal_negation_and_object(
    cli: Callable[..., Result], tmp_path: Path, text: str, outcome: str
) -> None:
    got = _results(cli, tmp_path, text, rules=PUBLISHING)["T-001"]
    assert got["outcome"] == outcome, got["reasons"]


@pytest.mark.parametrize(
    ("heading", "outcome"),
    [
        ("## The Authority must publish this agreement on its website", "satisfied"),
        ("## Publishing this agreement", "missing"),  # a topic label, not a duty
        ("## The Authority should publish this agreement on its website", "missing"),
    ],
)
def test_a_heading_that_states_a_binding_requirement_is_operative(
    cli: Callable[..., Result], tmp_path: Path, heading: str, outcome: str
) -> None:
    text = f"{heading}\n\nIt builds trust in public spending.\n"
    got = _results(cli, tmp_path, text, rules=PUBLISHING)["T-001"]
    assert got["outcome"] == outcome, got["reasons"]


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("12.1 On termination the Supplier shall, without charge: (a) return all Authority Data "
         "within 30 days; and (b) delete all copies.", "satisfied"),
        # the items continue "shall not": neither is a duty to return
        ("12.1 The Supplier shall not: (a) return Authority Data to anyone but the Authority; "
         "or (b) delete copies before the Authority confirms receipt.", "missing"),
    ],
)  # fmt: skip
def test_a_lead_in_and_its_items_in_one_paragraph(
    cli: Callable[..., Result], tmp_path: Path, text: str, outcome: str
) -> None:
    got = _results(cli, tmp_path, text)["DATA-003"]
    assert got["outcome"] == outcome, got["reasons"]


@pytest.mark.parametrize(
    ("heading", "outcome"), [("Exit requirements", "satisfied"), ("Lessons learned", "missing")]
)
def test_imperative_items_under_a_requirements_heading_are_duties(
    cli: Callable[..., Result], tmp_path: Path, heading: str, outcome: str
) -> None:
    text = f"""
        ## {heading}

        1. Return all Authority Data within 30 days of the end of the contract.
        2. Delete all copies once the Authority confirms receipt.
    """
    got = _results(cli, tmp_path, text)["DATA-003"]
    assert got["outcome"] == outcome, got["reasons"]


def test_labels_run_in_headings_acronyms_and_the_services_short_name_are_not_undefined_terms(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "rfq.md", """
        # Electronic Filing - Case Management System (EF-CMS)

        ## 1. Definitions

        "Contractor" means the company awarded the task order.

        ## 2. Requirements

        The System will be hosted in a cloud controlled by the Court.

        | Deliverable | Acceptable Quality Level |
        |---|---|
        | Tested code | 90% coverage |

        Key Personnel - The Contractor must name a Project Manager as Key Personnel.

        Rates include the GSA Contract Access Fee (CAF), and the Contract Access Fee is paid
        quarterly.
    """)  # fmt: skip
    got = _bundled(cli, "rfq.md", "DRAFT-002", "--doc-type", "tender")
    assert got["outcome"] == "satisfied", got["reasons"]
    write(
        tmp_path / "rfq.md",
        (tmp_path / "rfq.md").read_text() + "\nBidders must keep to the Mobilisation Period.\n",
    )
    got = _bundled(cli, "rfq.md", "DRAFT-002", "--doc-type", "tender")
    assert got["outcome"] == "weak" and any("Mobilisation Period" in x for x in got["reasons"])


def test_a_party_named_with_a_possessive_takes_no_article_in_messages(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "mou.md", """
        # Memorandum of understanding

        1. This is a memorandum of understanding between the Government Digital Service ("GDS")
        and your organisation.

        2. For Form Filler Personal Data, GDS shall be a Data Processor and your organisation
        shall be a Data Controller.
    """)  # fmt: skip
    got = _bundled(cli, "mou.md", "AI-001", "--doc-type", "contract")
    assert "requires your organisation's prior approval before GDS uses AI" in got["message"]
    assert "the your" not in got["message"]


ANY_ACTION = """
role SUPPLIER for supplier "the supplier" = "supplier", "contractor"
define MITIGATION "mitigation" = "remedial measures", "corrective action"
rule ADM-003 "Bias testing" {
  severity error, weak warning
  applies to contract
  topic "bias"
  core "a duty to act on the bias found"
    when SUPPLIER must act on MITIGATION within 8 words of "bias"
  example satisfied \"\"\"The Supplier shall implement remedial measures to address any bias.\"\"\"
  example satisfied \"\"\"The Contractor must take corrective action on bias it finds.\"\"\"
  example weak \"\"\"The Supplier may take corrective action on bias.\"\"\"
  example missing \"\"\"Nothing here about bias.\"\"\"
}
"""


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("The Supplier shall implement remedial measures to address any bias found.", "satisfied"),
        ("The Contractor must promptly take corrective action on any bias.", "satisfied"),
        ("The Supplier should take corrective action on any bias.", "weak"),
        ("The Authority shall take corrective action on any bias.", "missing"),
        ("The Supplier shall test the system for bias.", "missing"),
    ],
)
def test_act_on_is_any_action_of_the_party_on_the_object(
    cli: Callable[..., Result], tmp_path: Path, text: str, outcome: str
) -> None:
    got = _results(cli, tmp_path, f"# 7. Bias\n7.1 {text}\n", rules=ANY_ACTION)["ADM-003"]
    assert got["outcome"] == outcome, got


def test_act_on_examples_pass(cli: Callable[..., Result], tmp_path: Path) -> None:
    pack = write_pack(tmp_path, ANY_ACTION, name="anyaction")
    r = cli("test", str(pack))
    assert r.exit_code == 0, r.output
    assert "4 examples" in r.output


def test_act_on_reads_aloud() -> None:
    from tenderlint.lang.describe import describe_frame
    from tenderlint.lang.nouns import Frame, Phrase, SetRef

    frame = Frame(SetRef("SUPPLIER"), "must", None, (Phrase("remedial measures"),))
    assert describe_frame(frame, {}) == 'SUPPLIER must act on "remedial measures"'


def test_act_on_needs_an_object(cli: Callable[..., Result], tmp_path: Path) -> None:
    rules = ANY_ACTION.replace('act on MITIGATION within 8 words of "bias"', "act on")
    pack = write_pack(tmp_path, rules, name="anyaction")
    r = cli("rules", "validate", str(pack))
    assert r.exit_code == 2
    assert '"act on" needs what is acted on' in r.output
