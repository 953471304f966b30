"""The rule language's vocabulary: the words its statements, units, outcomes and measures use."""

from __future__ import annotations

from tenderlint.model import DocType, Outcome

# Units of text a rule can look in (``require clause ...``, ``section mentions ...``).
UNITS = ("sentence", "clause", "paragraph", "section", "row", "document")

# What ``at least N <unit> mention ...`` counts, by the plural a rule writes.
COUNT_UNITS = {
    "sentences": "sentence",
    "clauses": "clause",
    "paragraphs": "paragraph",
    "sections": "section",
    "rows": "row",
    "blocks": "block",
    "items": "block",
}

# Document measures a rule may test with ``limit`` or in a condition, with the dimension of
# their value. The engine's measure registry computes exactly these (it checks on import).
MEASURES = {
    "redacted": "percentage",  # share of the text redacted
    "redactions": "count",
    "unlabelled_redactions": "count",
    "leaked_redactions": "count",
    "redacted_pages": "count",
    "tracked_changes": "count",
    "comments": "count",
    "undefined_terms": "count",
    "unresolved_references": "count",
    "defined_terms": "count",
    "numbered_clauses": "count",
    "pages": "count",
    "words": "count",
    "contract_value": "money",  # the estimated value of this contract ([facts] or the text)
}

# The parties a role set can name (``role SUPPLIER for supplier``), as documents resolve them.
PARTIES = ("buyer", "supplier")

# Facts about the procurement outside the text (brief 1.4 point 5), set in the config's
# [facts] or inferred from the document where that is safe.
FACTS = {
    "buyer-type": "central government, council, nhs, devolved, other",
    "status": "template, draft, issued",
    "regime": "pa2023, pcr2015",
    "date": 'the document\'s date, yyyy-mm-dd (fact date before "2024-10-01")',
}

# What a frame's "with a ... of" limits, by the word a rule writes.
FRAME_LIMITS = {
    "deadline": "duration",
    "duration": "duration",  # "with a duration of at least 7 years" (a retention period)
    "frequency": "period",
    "period": "period",
}

STATEMENTS = (
    "severity", "applies", "theme", "tags", "rationale", "message", "when", "require", "strong",
    "weak", "forbid", "limit", "cite", "suggest", "example", "topic", "core", "preferred",
    "conflict", "mandatory",
)  # fmt: skip
TOP_LEVEL = ("pack", "import", "define", "role", "hedge", "param", "rule")
OUTCOME_WORDS = {o.value: o for o in Outcome if o is not Outcome.WAIVED}
DOC_TYPES = {"tender": DocType.TENDER, "contract": DocType.CONTRACT}

# Grammar terminals in words, for syntax errors ("expected a NAME in capitals").
TOKEN_WORDS = {
    "STRING": 'a "quoted string"',
    "LONG_STRING": 'a """text block"""',
    "SETNAME": "a NAME in capitals",
    "RULE_ID": "a rule id such as FOI-001",
    "WORD": "a word in lower case",
    "NUMBER": "a number",
    "INT": "a whole number",
    "PERCENT": "a percentage such as 10%",
    "MONEY": "an amount such as £5m",
    "REGEX": "a /regular expression/",
    "$END": "the end of the file",
}


def measure_dimension(subject: str) -> str:
    """The dimension a threshold compared with ``subject`` must have (a period is a duration)."""
    return MEASURES.get(subject) or ("duration" if subject == "period" else subject)
