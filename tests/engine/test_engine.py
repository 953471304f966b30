"""The engine's meaning of each construct, on small documents: matching, scopes, quantities,
triggers, outcomes, reasons and evidence."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from tenderlint.engine import Context, compile_pack, evaluate
from tenderlint.engine.units import split_sentences
from tenderlint.lang.packs import load_pack
from tenderlint.model import DocType, Outcome, Result
from tenderlint.read.text import read_text
from tests.conftest import write_pack

SETS = """
define SUPPLIER "the supplier" = "supplier", "contractor"
define MANDATORY "a mandatory duty" = "shall", "must"
define HEDGES "hedge" = "reasonable endeavours", "where practicable"
"""


def run(tmp_path: Path, rule: str, doc: str, doc_type: DocType = DocType.CONTRACT) -> Result:
    """Evaluate one rule (plus the shared SETS) on a Markdown document."""
    pack = load_pack(str(write_pack(tmp_path, SETS + textwrap.dedent(rule))))
    data = textwrap.dedent(doc).strip().encode()
    document = read_text(data, "doc.md", hashlib.sha256(data).hexdigest(), markdown=True)
    (result,) = evaluate(document, compile_pack([pack]), Context(doc_type, "test"))
    return result


def rule(body: str, applies: str = "contract") -> str:
    return f"""
rule T-001 "Test requirement" {{
  severity error, weak warning
  applies to {applies}
  {body}
  example satisfied "x"
  example missing "x"
  example weak "x"
  example conflict "x"
}}
"""


# -- phrases -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("supplier", "The Suppliers shall", True),
        ("supplier", "the Supplier's staff", True),
        ("authority", "all Authorities", True),
        ("explain*", "the explainability of the decision", True),
        ("explain*", "an explanation of the decision", False),
        ("request for information", "Requests for Information received", True),
        ("sub-contractor", "any subcontractor", True),
        ("sub-contractor", "any sub contractor", True),
        ("supplier", "supplierX", False),
        ("ai", "the chair said", False),
        ("shall", "Marshall Plan", False),
    ],
)
def test_phrase_matching(tmp_path: Path, phrase: str, text: str, found: bool) -> None:
    r = run(tmp_path, rule(f'require paragraph mentions "{phrase}"'), text)
    assert (r.outcome is Outcome.SATISFIED) is found


def test_regex_is_case_insensitive_and_can_opt_out(tmp_path: Path) -> None:
    assert (
        run(tmp_path, rule("require paragraph mentions /wcag 2\\.2/"), "Meet WCAG 2.2 AA").outcome
        is Outcome.SATISFIED
    )
    r = run(tmp_path, rule("require paragraph mentions /(?-i:TBC)/"), "the date is tbc")
    assert r.outcome is Outcome.MISSING


def test_set_interpolation_in_phrases(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "records"
    weak when "at the {SUPPLIER}'s discretion" as "supplier discretion"
    """
    r = run(tmp_path, rule(body), "Records are kept at the Contractor's discretion.")
    assert r.outcome is Outcome.WEAK
    assert r.reasons == ('supplier discretion "at the Contractor\'s discretion"',)


def test_followed_by_and_within_words(tmp_path: Path) -> None:
    body = "require paragraph mentions SUPPLIER followed by MANDATORY within 3 words"
    assert run(tmp_path, rule(body), "The Supplier shall act.").outcome is Outcome.SATISFIED
    assert run(tmp_path, rule(body), "It shall be done by the Supplier.").outcome is Outcome.MISSING
    near = 'require paragraph mentions "explain*" within 5 words of "decision*"'
    assert run(tmp_path, rule(near), "Decisions must be explained.").outcome is Outcome.SATISFIED
    far = "Explain how the tool was built, tested, deployed, monitored and later used in decisions."
    assert run(tmp_path, rule(near), far).outcome is Outcome.MISSING


# -- quantities --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("within two (2) Working Days", True),
        ("within 2 working days", True),
        ("within forty-eight hours", True),
        ("within 5 calendar days", False),
        ("within two weeks", False),
        ("within [two (2)] Working Days", False),  # a placeholder, not a deadline
        ("promptly", False),
    ],
)
def test_duration_conditions(tmp_path: Path, text: str, ok: bool) -> None:
    body = """
    require paragraph mentions "transfer"
    strong when duration <= 2 working days as "deadline of 2 working days"
    """
    r = run(tmp_path, rule(body), f"The Supplier shall transfer each request {text}.")
    assert r.outcome is (Outcome.SATISFIED if ok else Outcome.WEAK)


def test_failed_duration_reason_quotes_what_was_found(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "transfer"
    strong when duration <= 2 working days as "deadline of 2 working days"
    """
    r = run(
        tmp_path,
        rule(body),
        "The Supplier shall transfer requests within fifteen (15) Working Days.",
    )
    assert r.reasons == (
        'no deadline of 2 working days: "fifteen (15) Working Days" is over 2 working days',
    )
    r = run(
        tmp_path, rule(body), "The Supplier shall transfer requests within [ten (10)] Working Days."
    )
    assert r.reasons == (
        'no deadline of 2 working days: "ten (10)] Working Days" is a placeholder left in brackets',
    )


def test_duration_bound_to_verb_by_proximity(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "transfer"
    strong when duration <= 2 working days within 4 words of "transfer*" as "transfer deadline"
    """
    good = "The Supplier shall transfer it within 2 Working Days and reply within 20 days."
    bad = "The Supplier shall transfer it promptly and reply within 2 Working Days of the request."
    assert run(tmp_path, rule(body), good).outcome is Outcome.SATISFIED
    assert run(tmp_path, rule(body), bad).outcome is Outcome.WEAK


def test_period_percentage_money(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "report*"
    strong when period <= 3 months as "reporting at least quarterly"
    strong when percentage >= 10% as "weighting of 10%"
    strong when money > £5m as "value over £5m"
    """
    text = "Reports are due quarterly; social value is weighted at ten per cent; value £6,000,000."
    assert run(tmp_path, rule(body), text).outcome is Outcome.SATISFIED
    weak = run(tmp_path, rule(body), "Reports are due annually; weighting 5%; value £2m.")
    assert weak.outcome is Outcome.WEAK
    assert len(weak.reasons) == 3


def test_count_of_rows(tmp_path: Path) -> None:
    body = """
    require section mentions "KPI"
    strong when at least 3 rows mention "target" as "three KPIs with targets"
    """
    doc = """
    ## Key Performance Indicators
    | KPI | Level |
    |---|---|
    | Availability | target 99.5% |
    | Response | target 4 hours |
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.WEAK and r.reasons == ("no three KPIs with targets",)
    r = run(tmp_path, rule(body), doc + "| Satisfaction | target 90% |\n")
    assert r.outcome is Outcome.SATISFIED


# -- scopes and units --------------------------------------------------------------------------


def test_clause_includes_sub_clauses(tmp_path: Path) -> None:
    body = """
    require clause mentions "information"
    strong when duration <= 5 working days as "deadline"
    """
    doc = """
    14.1 The Supplier shall provide information:
    (a) within five (5) Working Days; and
    (b) in the form requested.
    14.2 Other matters.
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.SATISFIED
    assert r.evidence[0].location and r.evidence[0].location.clause == "14.1"


def test_section_scope_and_next_clause(tmp_path: Path) -> None:
    body = """
    require clause mentions "bias test*"
    strong when section mentions "independent" as "independent audit"
    weak when next clause mentions "no warranty" as "disclaimer after the duty"
    """
    doc = """
    ## 9 Bias testing
    9.1 The Supplier shall carry out bias testing before go-live.
    9.2 The Supplier gives no warranty as to the results.
    9.3 An independent auditor may re-test.
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.WEAK
    assert r.reasons == ('disclaimer after the duty "no warranty"',)


def test_in_section_scope_reports_matches_outside(tmp_path: Path) -> None:
    body = 'require clause mentions "request for information" in section "freedom of information"'
    doc = """
    ## 3 Confidentiality
    3.1 Any request for information shall be passed on.
    ## 4 Freedom of Information
    4.1 Nothing relevant.
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.MISSING
    assert r.reasons[0] == (
        'looked in every clause under headings matching "freedom of information" for '
        '"request for information"'
    )
    assert r.reasons[1].startswith("cl.3.1 matches but is outside the section")


def test_near_miss_is_reported_for_missing(tmp_path: Path) -> None:
    body = 'require clause mentions "explain*" and mentions "decision*"'
    r = run(tmp_path, rule(body), "1.1 The Supplier shall explain the model.\n\n1.2 Other.")
    assert r.outcome is Outcome.MISSING
    assert (
        r.reasons[1]
        == 'closest: cl.1.1 "1.1 The Supplier shall explain the model." does not mention "decision*"'
    )


def test_best_clause_decides(tmp_path: Path) -> None:
    body = """
    require clause mentions "exit plan"
    strong when duration <= 3 months as "deadline"
    weak when HEDGES
    """
    doc = """
    1.1 The Supplier will use reasonable endeavours to agree an exit plan.
    1.2 The Supplier shall deliver an exit plan within three (3) months of the Start Date.
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.SATISFIED
    assert r.evidence[0].location and r.evidence[0].location.clause == "1.2"


# -- outcomes ----------------------------------------------------------------------------------


def test_wrong_document_type_and_trigger(tmp_path: Path) -> None:
    r = run(tmp_path, rule('require paragraph mentions "x"'), "x", DocType.TENDER)
    assert r.outcome is Outcome.NOT_APPLICABLE
    assert r.reasons[0].startswith("wrong document type: the rule applies to contracts")
    body = 'when document mentions "algorithm" as "the service uses an algorithm"\nrequire paragraph mentions "x"'
    r = run(tmp_path, rule(body), "x")
    assert r.outcome is Outcome.NOT_APPLICABLE
    assert r.reasons == ("trigger not met: the service uses an algorithm",)
    r = run(tmp_path, rule(body, "both"), "x", DocType.UNKNOWN)
    assert r.outcome is Outcome.NOT_APPLICABLE  # trigger, not type: both-type rules run
    r = run(tmp_path, rule('require paragraph mentions "x"'), "x", DocType.UNKNOWN)
    assert r.reasons[0].startswith(
        "wrong document type: the rule applies to contracts only and the document type is unknown"
    )


def test_conflict_beats_a_satisfying_clause(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "intellectual property"
    forbid sentence mentions "supplier shall retain all" as "the Supplier keeps the IPR"
    """
    doc = "The Authority owns the intellectual property. The Supplier shall retain all rights."
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.CONFLICT
    assert r.severity.label == "error"
    assert r.reasons == (
        'the Supplier keeps the IPR: "Supplier shall retain all"',
        "a clause that meets the requirement is also present",
    )
    assert r.evidence[0].quote == "The Supplier shall retain all rights."


def test_limit_on_measure_is_conflict(tmp_path: Path) -> None:
    body = """
    when redactions > 0 as "no redactions"
    limit redacted <= 10% as "redacted share"
    weak when unlabelled_redactions > 0 as "unlabelled redactions"
    """
    r = run(tmp_path, rule(body), "[REDACTED]\n\n[REDACTED]\n\nThe price is fixed.")
    assert r.outcome is Outcome.CONFLICT
    assert r.reasons[0] == "redacted share is 96.3%, over the limit of 10%"
    r = run(tmp_path, rule(body), "No redactions here at all in this clause of the contract.")
    assert r.outcome is Outcome.NOT_APPLICABLE and r.reasons == ("trigger not met: no redactions",)


def test_weak_reasons_name_failed_condition_and_quote_weakener(tmp_path: Path) -> None:
    body = """
    require clause mentions "request for information"
    strong when SUPPLIER followed by MANDATORY within 4 words as "duty on the Supplier"
    strong when duration <= 2 working days as "2-day deadline"
    weak when HEDGES
    """
    r = run(
        tmp_path,
        rule(body),
        "The Supplier shall, where practicable, pass on any request for information.",
    )
    assert r.outcome is Outcome.WEAK
    assert r.severity.label == "warning"
    assert r.reasons == ("no 2-day deadline", 'hedge "where practicable"')
    assert r.suggestion is None  # the test rule has no suggestion
    assert r.evidence[0].quote.startswith("The Supplier shall, where practicable")


def test_rule_messages(tmp_path: Path) -> None:
    r = run(
        tmp_path, rule('require paragraph mentions "x"\nmessage missing "Nothing about x."'), "y"
    )
    assert r.message == "Nothing about x."
    r = run(tmp_path, rule('require paragraph mentions "x"'), "y")
    assert r.message == "Missing: Test requirement"


def test_sentence_splitting_keeps_abbreviations() -> None:
    text = "Under s. 43 of FOIA, e.g. trade secrets. The Supplier shall comply. See cl. 4.2 below."
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "Under s. 43 of FOIA, e.g. trade secrets.",
        "The Supplier shall comply.",
        "See cl. 4.2 below.",
    ]


def test_innermost_section_decides(tmp_path: Path) -> None:
    body = """
    require section mentions "alpha"
    weak when "beta" as "beta"
    """
    doc = """
    # Title
    ## One
    alpha here.
    ## Two
    beta there.
    """
    assert run(tmp_path, rule(body), doc).outcome is Outcome.SATISFIED


def test_duration_reason_counts_only_the_bound_quantity(tmp_path: Path) -> None:
    body = """
    require document mentions "return"
    strong when duration <= 30 days within 10 words of "return" as "return within 30 days"
    """
    doc = "The Supplier shall answer queries within 2 days. The Supplier shall return the data within 90 days."
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.WEAK
    assert r.reasons == ('no return within 30 days: "90 days" is over 30 days',)
    # The deadline of the other sentence does not satisfy the bound condition.
    doc = "The Supplier shall return the data promptly. It shall answer queries within 2 days."
    r = run(tmp_path, rule(body), doc)
    assert r.reasons == ("no return within 30 days",)


def test_scoped_quantity_condition(tmp_path: Path) -> None:
    body = """
    require clause mentions "exit plan"
    strong when section duration <= 3 months as "exit plan deadline"
    """
    doc = """
    ## Exit
    1.1 The Supplier shall maintain an exit plan.
    1.2 The first version is due within three (3) months of the Start Date.
    """
    assert run(tmp_path, rule(body), doc).outcome is Outcome.SATISFIED
    unscoped = body.replace("section duration", "duration")
    assert run(tmp_path, rule(unscoped), doc).outcome is Outcome.WEAK


def test_checks_for_one_document_type(tmp_path: Path) -> None:
    body = """
    require paragraph mentions "exit plan"
    strong for contract when duration <= 3 months as "exit plan deadline"
    strong for tender when "bidders must" as "bidders must submit one"
    """
    text = "Bidders must submit an exit plan with their tender."
    assert run(tmp_path, rule(body, "both"), text, DocType.TENDER).outcome is Outcome.SATISFIED
    r = run(tmp_path, rule(body, "both"), text, DocType.CONTRACT)
    assert r.outcome is Outcome.WEAK and r.reasons == ("no exit plan deadline",)


def test_count_threshold_from_a_parameter(tmp_path: Path) -> None:
    body = """
    require section mentions "KPI"
    strong when at least MIN_KPIS rows mention "target" as "enough KPIs"
    """
    pack_rules = "param MIN_KPIS = 2\n" + rule(body)
    doc = "## KPIs\n| KPI | Level |\n|---|---|\n| Availability | target 99% |\n| Calls | target 90% |\n"
    assert run(tmp_path, pack_rules, doc).outcome is Outcome.SATISFIED


def test_proximity_reaches_the_items_of_a_clause(tmp_path: Path) -> None:
    body = """
    require clause mentions "DPIA"
    strong when "before" within 12 words of "DPIA" as "DPIA before processing"
    """
    doc = "12.3 The Provider shall update the DPIA:\n\n(a) before the Services Commencement Date; and\n\n(b) on any change."
    assert run(tmp_path, rule(body), doc).outcome is Outcome.SATISFIED
    doc = "12.3 The Provider shall update the DPIA.\n\n12.4 Something else happens before the Services Commencement Date."
    assert run(tmp_path, rule(body), doc).outcome is Outcome.WEAK


def test_cross_references_to_schedules_and_this_document(tmp_path: Path) -> None:
    body = """
    weak when unresolved_references > 0 as "dangling references"
    """
    doc = """
    1. The Supplier shall provide the Services in Schedule 1.
    2. The exit requirements are in Schedule 7.
    3. See clause 2 and paragraph 6.3 of this Contract, and section 43 of the FOIA.
    ## Schedule 1 - Services
    Text.
    """
    r = run(tmp_path, rule(body), doc)
    assert r.outcome is Outcome.WEAK and r.reasons == ('dangling references "Schedule 7"',)
    assert [e.quote for e in r.evidence] == ["2. The exit requirements are in Schedule 7."]


def test_numbered_clauses_counts_printed_numbers_not_inherited_paths(tmp_path: Path) -> None:
    body = """
    when numbered_clauses >= 3 as "a numbered contract"
    require paragraph mentions "supplier"
    """
    unnumbered = (
        "1. Scope\n\nThe price is fixed.\n\nThe term is two years.\n\nNotices go by post.\n"
    )
    r = run(tmp_path, rule(body), unnumbered)
    assert r.outcome is Outcome.NOT_APPLICABLE
    numbered = "1.1 The price is fixed.\n\n1.2 The term is two years.\n\n1.3 Notices go by post.\n"
    assert run(tmp_path, rule(body), numbered).outcome is Outcome.MISSING


@pytest.mark.parametrize(
    ("doc", "outcome"),
    [
        ("## Exit\n\nAll Authority Data is deleted on exit.", Outcome.SATISFIED),
        # neighbouring table rows, definition entries and sibling clauses are not one passage
        ("## Exit\n\n| Item | Handling |\n|---|---|\n| Authority Data | kept |\n"
         "| Logs | deleted on exit |\n", Outcome.WEAK),
        ('## 1. Definitions\n\n"Authority Data" means data the Authority supplies.\n\n'
         '"Exit Logs" means records deleted on exit.\n', Outcome.WEAK),
        ("## 7. Exit\n\n7.1 Authority Data is kept by the Supplier.\n\n"
         "7.2 Logs are deleted on exit.\n", Outcome.WEAK),
    ],
)  # fmt: skip
def test_proximity_never_crosses_a_row_a_definition_or_a_sibling_clause(
    tmp_path: Path, doc: str, outcome: Outcome
) -> None:
    body = """
    require document mentions "Authority Data"
    strong when "deleted" within 10 words of "Authority Data" as "deletion of the data"
    """
    assert run(tmp_path, rule(body), doc).outcome is outcome
