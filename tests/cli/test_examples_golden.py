"""The bundled examples in fixtures/examples/ give the outcomes they were written to give.

* The golden test runs ``tenderlint check fixtures/examples/ --format json --no-cache`` from the
  repository root, as the README's set-up command does, and compares it with expected.json.
  When outcomes change on purpose, run ``python fixtures/examples/build.py --golden``.
* The build test rebuilds the documents into a temporary folder and checks that the linter reads
  the same text from them as from the committed files, and that each PDF has at least 8 pages.
* The intended-outcome tests check, rule by rule, the table in fixtures/examples/README.md.
  Where a rule currently disagrees with clear drafting, the case is listed in ``RULE_ISSUES``
  with the clause text; it is a strict expected failure, so fixing the rule makes the test
  fail (XPASS) until the entry is removed. The key findings must also cite the right clause
  (``KEY_PLACES``; known misplacements in ``PLACE_ISSUES``).
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from tenderlint.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "fixtures" / "examples"
ITT = "invitation-to-tender"
CONTRACT = "call-off-contract"
DOCUMENTS = (f"{ITT}.docx", f"{ITT}.pdf", f"{CONTRACT}.docx", f"{CONTRACT}.pdf")
REGENERATE = "If the change is intended, run: python fixtures/examples/build.py --golden"
MIN_PAGES = 8

# Fields that change when a rule file or the version changes but no outcome does.
VOLATILE = {"tenderlint", "sha256"}

# The intended outcome of each rule: (ITT docx and pdf, contract docx, contract pdf).
# Keep in step with the table in fixtures/examples/README.md.
NA = "not-applicable"
INTENDED: dict[str, tuple[str, str, str]] = {
    "EVAL-001": ("satisfied", NA, NA),
    "IMPACT-001": ("satisfied", "satisfied", "satisfied"),
    "IMPACT-002": ("satisfied", "weak", "weak"),
    "AI-001": ("satisfied", "satisfied", "satisfied"),
    "ADM-001": ("satisfied", "weak", "weak"),
    "ADM-002": ("satisfied", "satisfied", "satisfied"),
    "ADM-003": ("satisfied", "weak", "weak"),
    "ADM-004": ("satisfied", "missing", "missing"),
    "ADM-005": ("missing", "weak", "weak"),
    "AUDIT-001": (NA, "satisfied", "satisfied"),
    "FOI-001": (NA, "weak", "weak"),
    "FOI-002": ("satisfied", "satisfied", "satisfied"),
    "TRANSP-001": ("satisfied", "conflict", "conflict"),
    "REDACT-001": ("weak", "weak", "weak"),
    "REDACT-002": (NA, "weak", "weak"),
    "REDACT-003": (NA, NA, "weak"),
    "KPI-001": ("satisfied", "satisfied", "satisfied"),
    "KPI-002": ("satisfied", "weak", "weak"),
    "DATA-001": (NA, "satisfied", "satisfied"),
    "DATA-002": ("satisfied", "weak", "weak"),
    "DATA-003": (NA, "weak", "weak"),
    "DATA-004": ("satisfied", "weak", "weak"),
    "DATA-005": ("satisfied", "conflict", "conflict"),
    "DATA-006": (NA, "weak", "weak"),
    "DATA-007": ("satisfied", "weak", "weak"),
    "PRIV-001": ("satisfied", "satisfied", "satisfied"),
    "EQUAL-001": ("satisfied", "satisfied", "satisfied"),
    "ACCESS-001": ("satisfied", "weak", "weak"),
    "INCL-001": ("satisfied", "weak", "weak"),
    "DRAFT-001": ("weak", "satisfied", "satisfied"),
    "DRAFT-002": ("weak", "satisfied", "satisfied"),
}
KEY_RULES = ("FOI-001", "ADM-001", "DATA-001", "KPI-002", "REDACT-003", "DRAFT-001")

# (rule, document stem) -> why the current rule disagrees with the intended outcome.
RULE_ISSUES: dict[tuple[str, str], str] = {}


def intended(rule: str, document: str) -> str:
    itt, contract_docx, contract_pdf = INTENDED[rule]
    if document.startswith(ITT):
        return itt
    return contract_docx if document.endswith(".docx") else contract_pdf


def _invoke(*args: str) -> Any:
    """Run the CLI from the repository root, as the README's command does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(REPO)
        return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    result = _invoke("check", "fixtures/examples/", "--format", "json", "--no-cache")
    assert result.exit_code == 1, result.output  # the examples deliberately have findings
    data: dict[str, Any] = json.loads(result.output)
    return data


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _outcome_lines(report: dict[str, Any]) -> list[str]:
    """One line per document and rule: what changed, readably."""
    lines = []
    for doc in report.get("documents", []):
        for r in doc["results"]:
            reasons = "; ".join(r["reasons"])
            lines.append(f"{doc['path']}  {r['rule']}  {r['outcome']}  {r['severity']}  {reasons}")
    return lines


def test_golden_report(report: dict[str, Any]) -> None:
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    if _strip(report) == _strip(expected):
        return
    diff = list(
        difflib.unified_diff(
            _outcome_lines(expected), _outcome_lines(report), "expected.json", "now", lineterm=""
        )
    )
    if not diff:  # outcomes agree; something else (evidence, messages, summary) changed
        diff = list(
            difflib.unified_diff(
                json.dumps(_strip(expected), indent=1, sort_keys=True).splitlines(),
                json.dumps(_strip(report), indent=1, sort_keys=True).splitlines(),
                "expected.json",
                "now",
                lineterm="",
            )
        )
    pytest.fail(
        "tenderlint check fixtures/examples/ no longer matches expected.json:\n"
        + "\n".join(diff[:200])
        + f"\n{REGENERATE}",
        pytrace=False,
    )


def _cases() -> list[Any]:
    cases = []
    for document in DOCUMENTS:
        for rule in sorted(INTENDED):
            issue = RULE_ISSUES.get((rule, document.rsplit(".", 1)[0]))
            marks = [pytest.mark.xfail(strict=True, reason=issue)] if issue else []
            cases.append(pytest.param(document, rule, marks=marks, id=f"{document}-{rule}"))
    return cases


@pytest.mark.parametrize(("document", "rule"), _cases())
def test_intended_outcome(report: dict[str, Any], document: str, rule: str) -> None:
    doc = next(d for d in report["documents"] if Path(d["path"]).name == document)
    result = next(r for r in doc["results"] if r["rule"] == rule)
    want = intended(rule, document)
    assert result["outcome"] == want, (
        f"{document}: {rule} is {result['outcome']}, intended {want} "
        f"(fixtures/examples/README.md): {'; '.join(result['reasons'])}"
    )


def test_key_rules_have_no_known_issues() -> None:
    """The rules the README leads with must give their intended outcome outright."""
    assert not {rule for rule, _stem in RULE_ISSUES} & set(KEY_RULES)


# Where the key findings must point (the first evidence: what the text report shows): a clause
# number or heading prefix, or a page for the published PDF.
KEY_PLACES: dict[tuple[str, str], str | int] = {
    (f"{ITT}.docx", "ADM-001"): "11.",
    (f"{ITT}.pdf", "KPI-002"): "21.",
    (f"{CONTRACT}.docx", "FOI-001"): "19.2",
    (f"{CONTRACT}.pdf", "FOI-001"): "19.2",
    (f"{CONTRACT}.docx", "ADM-001"): "12.1",
    (f"{CONTRACT}.docx", "DATA-001"): "7.",
    (f"{CONTRACT}.docx", "KPI-002"): "Schedule 3",
    (f"{CONTRACT}.pdf", "REDACT-003"): 9,
}
# (document, rule) -> why the finding currently points elsewhere.
PLACE_ISSUES: dict[tuple[str, str], str] = {}


def _place_cases() -> list[Any]:
    out = []
    for (document, rule), place in sorted(KEY_PLACES.items(), key=str):
        issue = PLACE_ISSUES.get((document, rule))
        marks = [pytest.mark.xfail(strict=True, reason=issue)] if issue else []
        out.append(pytest.param(document, rule, place, marks=marks, id=f"{document}-{rule}"))
    return out


@pytest.mark.parametrize(("document", "rule", "place"), _place_cases())
def test_key_findings_point_at_the_clause(
    report: dict[str, Any], document: str, rule: str, place: str | int
) -> None:
    doc = next(d for d in report["documents"] if Path(d["path"]).name == document)
    result = next(r for r in doc["results"] if r["rule"] == rule)
    assert result["evidence"], f"{document}: {rule} gives no evidence"
    where = result["evidence"][0]["location"]
    if isinstance(place, int):
        assert where["page"] == place, where
    else:
        # A table row has no clause number: its heading names the schedule.
        cited = (where["clause"] or "", where["heading"] or "")
        assert any(c.startswith(place) for c in cited), where


def test_placeholders_are_quoted(report: dict[str, Any]) -> None:
    """DRAFT-001 on the ITT quotes both placeholders, in Word and PDF alike."""
    for document in (f"{ITT}.docx", f"{ITT}.pdf"):
        doc = next(d for d in report["documents"] if Path(d["path"]).name == document)
        result = next(r for r in doc["results"] if r["rule"] == "DRAFT-001")
        text = " ".join(result["reasons"])
        assert "[Enter text]" in text and "Schedule XX" in text, text


def test_every_rule_has_an_intended_outcome(report: dict[str, Any]) -> None:
    rules = {r["rule"] for d in report["documents"] for r in d["results"]}
    assert rules == set(INTENDED), "update INTENDED and the README table for new or removed rules"


def test_documents_are_typed_and_checked(report: dict[str, Any]) -> None:
    types = {Path(d["path"]).name: d["doc_type"] for d in report["documents"]}
    for name in DOCUMENTS:
        assert types[name] == ("tender" if name.startswith(ITT) else "contract"), name
    assert not report["errors"]


# -- the documents themselves --------------------------------------------------------------------
def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("examples_build", EXAMPLES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def _extract(path: Path) -> dict[str, Any]:
    result = _invoke("extract", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.output)["documents"]
    return dict(doc)


def _texts(doc: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [(b["kind"], b["text"], b["location"]["clause"]) for b in doc["blocks"]]


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("examples")
    _load_build().build(out)
    yield out


@pytest.mark.parametrize("document", DOCUMENTS)
def test_rebuild_gives_the_same_text(rebuilt: Path, document: str) -> None:
    committed = _extract(EXAMPLES / document)
    fresh = _extract(rebuilt / document)
    assert _texts(fresh) == _texts(committed), (
        f"{document} is out of date with build.py. {REGENERATE}"
    )
    assert fresh["pages"] == committed["pages"]
    assert fresh["redaction"] == committed["redaction"]


@pytest.mark.parametrize("stem", (ITT, CONTRACT))
def test_page_counts_and_twins(stem: str) -> None:
    """Each PDF has at least 8 pages; the Word twin carries the same text."""
    pdf = _extract(EXAMPLES / f"{stem}.pdf")
    word = _extract(EXAMPLES / f"{stem}.docx")
    assert pdf["pages"] >= MIN_PAGES
    body = ("header", "footer")
    pdf_texts = [b["text"] for b in pdf["blocks"] if b["kind"] not in body]
    word_texts = [b["text"] for b in word["blocks"] if b["kind"] not in body]
    only_word = [t for t in word_texts if t not in pdf_texts]
    only_pdf = [t for t in pdf_texts if t not in word_texts]
    if stem == ITT:
        assert only_word == only_pdf == []
        assert pdf["redaction"] is None
        return
    # The published contract differs only where text was removed under a box, and in the
    # note on its cover saying so.
    assert len(only_word) == 3, only_word
    for text in only_pdf:
        visible = text.split("\u2588")[0].strip()
        assert (
            text.startswith("Published version")
            or "\u2588" in text
            or any(w.startswith(visible) for w in only_word)
        ), text
    words = sum(len(t.split()) for t in word_texts)
    assert words >= 0.95 * sum(len(t.split()) for t in pdf_texts)
    assert word["redaction"] is None


def test_published_contract_redactions() -> None:
    """Three boxes over removed text: two labelled with their FOIA exemption, one not."""
    red = _extract(EXAMPLES / f"{CONTRACT}.pdf")["redaction"]
    assert (red["markers"], red["labelled"], red["unlabelled"]) == (3, 2, 1)
    assert red["leaked"] == 0
    assert 0 < red["share"] < 0.10


def test_contract_clause_numbers_are_automatic() -> None:
    """The Word contract numbers its clauses with numbering.xml, and references resolve."""
    import zipfile

    with zipfile.ZipFile(EXAMPLES / f"{CONTRACT}.docx") as z:
        body = z.read("word/document.xml").decode("utf-8")
        assert "<w:numPr>" in body and "word/numbering.xml" in z.namelist()
    assert ">19.2 " not in body  # not typed
    blocks = {
        b["location"]["clause"]: b["text"]
        for b in _extract(EXAMPLES / f"{CONTRACT}.docx")["blocks"]
    }
    assert blocks["19.2"].startswith("19.2 The Supplier shall pass to the Council each Request")
    assert blocks["Schedule 2, paragraph 4"].startswith("4. Volume discount.")
