"""The rule language: every construct parses into the right rule values, and every error class
gives the exact message and position a rule author needs."""

from __future__ import annotations

import textwrap

import pytest

from tenderlint.lang.errors import RuleSyntaxError
from tenderlint.lang.nouns import (
    All,
    AnyOf,
    Citation,
    Compare,
    Count,
    Mentions,
    Near,
    Not,
    ParamRef,
    Phrase,
    Quantity,
    Regex,
    SetRef,
)
from tenderlint.lang.parse import parse_rules
from tenderlint.model import DocType, Outcome, Severity


def parse(text: str):  # type: ignore[no-untyped-def]
    return parse_rules(textwrap.dedent(text), "f.tl")


def errors(text: str) -> list[str]:
    with pytest.raises(RuleSyntaxError) as info:
        parse(text)
    return [f"{p.source.line}:{p.source.column}: {p.message}" for p in info.value.problems]


FULL = '''
# A comment line
pack "demo" version "1.0.0"
import HEDGES, MANDATORY from "uk-responsible-tech"
define SUPPLIER "the supplier" = "supplier", "contractor", /the provider\\b/
define DISCRETION = "at the {SUPPLIER}'s discretion"
param LIMIT = 5 working days
param SHARE = 10%
param VALUE = £5m

rule FOI-001 "Supplier passes on requests" {
  severity error, weak warning, conflict info
  applies to contract
  theme "Freedom of Information"
  tags foi, deadlines
  rationale """
    Why it matters:
      indented detail.
  """
  message missing "No FOI clause."
  when document mentions "freedom of information", "FOIA" as "FOI is mentioned"
  when money > VALUE within 10 words of "contract value"
  require clause mentions "request* for information" and not "draft" in section "information", INFO
  strong when SUPPLIER followed by MANDATORY within 6 words as "a duty on the Supplier"
  strong when duration <= LIMIT within 30 words of "transfer*"
  strong when period <= 3 months or percentage >= SHARE
  strong when at least 3 rows mention "KPI"
  weak when HEDGES and (section mentions "limited to" or next clause mentions DISCRETION)
  weak when "explain*" within 20 words of "decision*"
  forbid sentence mentions "supplier may respond directly" as "supplier answers itself"
  limit redacted <= SHARE as "redacted share"
  cite "FOIA 2000" section "s.10" url "https://www.legislation.gov.uk/ukpga/2000/36/section/10"
  cite "ICO guidance"
  suggest """The Supplier shall transfer each request."""
  example satisfied """
    ## Freedom of Information
    The Supplier shall transfer each request for information within 2 working days.
  """
  example weak for contract expect "hedge" expect "deadline" "The Supplier will use reasonable endeavours."
  example missing "Nothing here."
  example conflict "The supplier may respond directly."
}
'''


def test_every_construct_becomes_rule_values() -> None:
    rf = parse(FULL)
    assert rf.pack == "demo"
    assert [(i.names, i.pack) for i in rf.imports] == [
        (("HEDGES", "MANDATORY"), "uk-responsible-tech")
    ]
    sup, disc = rf.sets
    assert sup.name == "SUPPLIER" and sup.description == "the supplier"
    assert sup.patterns == (Phrase("supplier"), Phrase("contractor"), Regex("the provider\\b"))
    assert disc.patterns == (Phrase("at the {SUPPLIER}'s discretion"),)
    limit, share, value = rf.params
    assert limit.value == Quantity(7.0, "duration", "5 working days")
    assert share.value == Quantity(10.0, "percentage", "10%")
    assert value.value == Quantity(5_000_000.0, "money", "£5m")

    (rule,) = rf.rules
    assert rule.id == "FOI-001" and rule.title == "Supplier passes on requests"
    assert rule.severity is Severity.ERROR
    assert rule.outcome_severity == {
        Outcome.WEAK: Severity.WARNING,
        Outcome.CONFLICT: Severity.INFO,
    }
    assert rule.severity_for(Outcome.MISSING) is Severity.ERROR
    assert rule.applies_to == frozenset({DocType.CONTRACT})
    assert rule.theme == "Freedom of Information" and rule.tags == ("foi", "deadlines")
    assert rule.rationale == "Why it matters:\n  indented detail."
    assert rule.messages == {Outcome.MISSING: "No FOI clause."}
    assert rule.source.line == 11

    t1, t2 = rule.triggers
    assert t1.condition == Mentions((Phrase("freedom of information"), Phrase("FOIA")), "document")
    assert t1.label == "FOI is mentioned"
    assert t2.condition == Compare("money", ">", ParamRef("VALUE"), (Phrase("contract value"),), 10)

    req = rule.requirement
    assert req is not None and req.unit == "clause"
    assert req.condition == All(
        (Mentions((Phrase("request* for information"),)), Not(Mentions((Phrase("draft"),))))
    )
    assert req.sections == (Phrase("information"), SetRef("INFO"))

    s1, s2, s3, s4 = rule.strong
    assert s1.condition == Mentions((Near(SetRef("SUPPLIER"), SetRef("MANDATORY"), 6, True),))
    assert s1.label == "a duty on the Supplier"
    assert s2.condition == Compare("duration", "<=", ParamRef("LIMIT"), (Phrase("transfer*"),), 30)
    assert s2.label is None
    assert s3.condition == AnyOf(
        (
            Compare("period", "<=", Quantity(3 * 30.4375, "duration", "3 months")),
            Compare("percentage", ">=", ParamRef("SHARE")),
        )
    )
    assert s4.condition == Count(">=", 3, "row", (Phrase("KPI"),))

    w1, w2 = rule.weak
    assert w1.condition == All(
        (
            Mentions((SetRef("HEDGES"),)),
            AnyOf(
                (
                    Mentions((Phrase("limited to"),), "section"),
                    Mentions((SetRef("DISCRETION"),), "next"),
                )
            ),
        )
    )
    assert w2.condition == Mentions((Near(Phrase("explain*"), Phrase("decision*"), 20, False),))

    (pro,) = rule.prohibitions
    assert pro.unit == "sentence" and pro.label == "supplier answers itself"
    (lim,) = rule.limits
    assert lim.condition == Compare("redacted", "<=", ParamRef("SHARE"))

    assert rule.citations == (
        Citation("FOIA 2000", "s.10", "https://www.legislation.gov.uk/ukpga/2000/36/section/10"),
        Citation("ICO guidance"),
    )
    assert rule.suggestion == "The Supplier shall transfer each request."
    outcomes = [e.outcome for e in rule.examples]
    assert outcomes == [Outcome.SATISFIED, Outcome.WEAK, Outcome.MISSING, Outcome.CONFLICT]
    weak = rule.examples[1]
    assert weak.doc_type is DocType.CONTRACT and weak.expects == ("hedge", "deadline")
    assert rule.examples[0].text.startswith("## Freedom of Information\nThe Supplier shall")
    assert rule.possible_outcomes() == {
        Outcome.SATISFIED,
        Outcome.MISSING,
        Outcome.WEAK,
        Outcome.CONFLICT,
    }


def test_applies_to_both_and_word_operators() -> None:
    rf = parse(
        """
        rule A-001 "t" {
          severity info
          applies to both
          require document mentions "x"
          strong when duration at most 2 weeks and percentage at least 10%
          example satisfied "x"
        }
        """
    )
    rule = rf.rules[0]
    assert rule.applies_to == frozenset({DocType.TENDER, DocType.CONTRACT})
    assert rule.strong[0].condition == All(
        (
            Compare("duration", "<=", Quantity(14.0, "duration", "2 weeks")),
            Compare("percentage", ">=", Quantity(10.0, "percentage", "10%")),
        )
    )


# -- syntax errors ---------------------------------------------------------------------------


def test_misspelt_keyword_gets_did_you_mean_with_caret() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse('rule A-001 "t" {\n  severty error\n}\n')
    (p,) = info.value.problems
    assert (p.source.line, p.source.column) == (2, 3)
    assert p.message.startswith('unknown keyword "severty": did you mean "severity"?')
    assert '"applies"' in p.message and '"require"' in p.message  # expected, in words
    assert str(p).splitlines() == [
        p.message.join(["f.tl:2:3: error: ", ""]),
        "      severty error",
        "      ^",
    ]


def test_unclosed_string() -> None:
    assert errors('rule A-001 "t {\n  severity error\n}\n') == [
        '1:12: unclosed string: a " opened here is not closed on the same line '
        '(use """...""" for text over several lines)'
    ]


def test_unclosed_text_block() -> None:
    assert errors('rule A-001 "t" {\n  suggest """abc\n}\n') == [
        '2:11: unclosed text block: """ is opened here but never closed'
    ]


def test_missing_brace_at_end_of_file() -> None:
    assert errors('rule A-001 "t" {\n  severity error\n  applies to contract\n') == [
        "3:22: missing '}': rule A-001 opened at line 1 is not closed"
    ]


def test_missing_brace_before_next_rule() -> None:
    assert errors('rule A-001 "t" {\n  severity error\nrule B-002 "x" {\n}\n') == [
        "3:1: missing '}': rule A-001 opened at line 1 is not closed before the next rule"
    ]


def test_keyword_in_capitals() -> None:
    assert errors('rule A-001 "t" {\n  Severity error\n}\n') == [
        '2:3: keywords are lower case: write "severity"'
    ]


def test_unexpected_token_says_what_was_expected_in_words() -> None:
    (msg,) = errors('rule A-001 "t" {\n  require clause mentions\n}\n')
    assert msg == (
        '3:1: unexpected "}"; expected a "quoted string", a /regular expression/, '
        "a NAME in capitals"
    )


def test_invalid_regex() -> None:
    assert errors("define X = /(abc/\n") == [
        "1:12: invalid regular expression /(abc/: missing ), unterminated subpattern at position 0"
    ]


# -- semantic errors: all of them, not only the first ---------------------------------------


def test_all_semantic_errors_are_reported_with_positions() -> None:
    got = errors(
        """
        rule A-001 "t" {
          severity critical
          applies to contrat
          require clause "x"
          strong when duration <= 5 fortnights
          strong when duration <= 10%
          strong when redactd > 0
          limit pagez <= 3
          example satisfied "x"
          example wek "y"
        }
        rule B-002 "no examples" {
          severity error
          applies to tender
          require clause "y"
        }
        """
    )
    assert got == [
        '3:12: unknown severity "critical" (expected error, warning or info)',
        '4:14: unknown document type "contrat" (expected tender, contract or both); '
        'did you mean "contract"?',
        '6:29: unknown unit "fortnights" in "5 fortnights" (expected hours, days, working '
        "days, calendar days, business days, weeks, months or years)",
        '7:15: duration is compared with "10%", which is a percentage, not a duration',
        '8:15: unknown quantity "redactd" (expected duration, period, percentage, money, count '
        'or a document measure); did you mean "redacted"?',
        '9:9: unknown document measure "pagez" (expected one of comments, contract_value, '
        "defined_terms, leaked_redactions, numbered_clauses, pages, redacted, redacted_pages, redactions, "
        "tracked_changes, undefined_terms, unlabelled_redactions, unresolved_references, "
        'words); did you mean "pages"?',
        '11:11: unknown outcome "wek" for an example (expected satisfied, weak, missing, '
        'conflict, not-applicable); did you mean "weak"?',
        "13:1: B-002: no examples; give one per outcome the rule can produce",
    ]


def test_missing_required_statements() -> None:
    got = errors('rule A-001 "t" {\n  example satisfied "x"\n}\n')
    assert got == [
        "1:1: A-001: no severity (error, warning or info)",
        "1:1: A-001: no 'applies to' (tender, contract, or both)",
        "1:1: A-001: nothing to check: add 'core', 'require', 'forbid' or 'limit'",
    ]


def test_duplicate_statements_and_two_requires() -> None:
    got = errors(
        """
        rule A-001 "t" {
          severity error
          severity info
          applies to both
          require clause "x"
          require clause "y"
          example satisfied "x"
        }
        """
    )
    assert got == [
        "4:3: A-001: 'severity' is given twice",
        "7:3: A-001: a rule has one 'require'; combine with 'and'",
    ]


def test_semantic_error_output_has_caret() -> None:
    with pytest.raises(RuleSyntaxError) as info:
        parse(
            'rule A-001 "t" {\n  severity loud\n  applies to both\n  require clause "x"\n'
            '  example satisfied "x"\n}\n'
        )
    assert str(info.value.problems[0]).splitlines() == [
        'f.tl:2:12: error: unknown severity "loud" (expected error, warning or info)',
        "      severity loud",
        "               ^",
    ]
