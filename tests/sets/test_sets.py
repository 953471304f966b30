"""Sets of documents through the CLI, on the bundled examples split as a repository holds them:
the call-off contract as core terms and schedules, the invitation to tender with its award
criteria in an annex, and an OCDS notice. A requirement met in one member is met for the set
with evidence from that member; a schedule referred to but missing is reported once; a
conflict in one member is the set's conflict; the notice's award criteria give EVAL-001 its
weighting; an unchanged set is answered from the cache without reading its documents."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import write, write_pack
from tests.sets.split import REPO, build_contract, build_tender

Cli = Callable[..., Result]

RULES = """
define BAN "a ban" = "must not", "shall not"
rule TEST-TRAIN "Council Data is not used to train AI models" {
  severity error, weak warning
  applies to tender, contract
  topic "Council Data"
  core "a ban on training AI models on Council Data" when BAN within 30 words of "train"
  conflict "the Supplier may train its models on Council Data"
    when "may use Council Data" within 12 words of "train"
  example satisfied \"\"\"The Supplier must not use Council Data to train any AI model.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
  example conflict \"\"\"The Supplier may use Council Data to train its models.\"\"\"
}
rule TEST-PROC "The processing is described" {
  severity error, weak warning
  applies to contract
  topic "processor"
  core "the subject matter and duration of the processing" when "subject matter and duration"
  core "the categories of data subjects" when "categories of data subjects"
  example satisfied \"\"\"The Supplier is the processor. Subject matter and duration: casework
    for the Term. Categories of data subjects: applicants.\"\"\"
  example missing \"\"\"Nothing here.\"\"\"
}
"""


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The split documents, built once for the module."""
    root = tmp_path_factory.mktemp("split")
    build_contract(root / "contract")
    build_tender(root / "tender")
    return root


@pytest.fixture
def work(split: Path, tmp_path: Path) -> Path:
    """A copy of the split documents in the test's folder (where ``cli`` runs)."""
    for sub in ("contract", "tender"):
        shutil.copytree(split / sub, tmp_path / sub)
    return tmp_path


def _json(r: Result) -> dict[str, Any]:
    assert r.exit_code in (0, 1), r.output + r.stderr
    data: dict[str, Any] = json.loads(r.stdout)
    return data


def _by_rule(results: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {x["rule"]: x for x in results}


def _documents(result: dict[str, Any]) -> set[str]:
    return {e["location"]["document"] for e in result["evidence"] if e["location"]}


def test_contract_split_gives_the_whole_contracts_results(cli: Cli, work: Path) -> None:
    """Core terms plus every schedule, as a set, give each rule the outcome the whole
    contract gives as one file, with every quotation naming the member it is in."""
    whole = _json(cli("check", str(REPO / "fixtures/examples/call-off-contract.docx"),
                      "--format", "json", "--no-cache"))  # fmt: skip
    got = _json(cli("check", "--set", "call-off", "contract/", "--format", "json", "--no-cache"))
    assert got["documents"] == [] and got["summary"]["sets"] == 1
    (s,) = got["sets"]
    assert [m["path"] for m in s["documents"]] == [
        "contract/core-terms.docx",
        "contract/schedule-6.docx",
        "contract/schedules-1-5.docx",
    ]
    assert s["main"] == "contract/core-terms.docx" and s["type"] == "contract"
    alone = _by_rule(whole["documents"][0]["results"])
    together = _by_rule(s["results"])
    assert "SET-PART" not in together  # every schedule referred to is in the set
    assert {k: v["outcome"] for k, v in together.items()} == {
        k: v["outcome"] for k, v in alone.items()
    }
    # FOI-001 is in the core terms: the set's evidence comes from there (each schedule on its
    # own has no FOI clause at all).
    assert _documents(together["FOI-001"]) == {"contract/core-terms.docx"}
    assert together["FOI-001"]["evidence"][0]["location"]["clause"].startswith("19.")
    schedules = _json(cli("check", "contract/schedules-1-5.docx", "--select", "FOI-001",
                          "--format", "json", "--no-cache"))  # fmt: skip
    assert schedules["documents"][0]["results"][0]["outcome"] == "missing"


def test_a_requirement_met_in_one_member_is_met_for_the_set(cli: Cli, work: Path) -> None:
    """The ITT refers to its award criteria in Annex B: EVAL-001 is missing or weak on the
    ITT alone, satisfied for the set with the weighting quoted from the annex."""
    itt = _json(cli("check", "tender/invitation-to-tender.docx", "--select", "EVAL-001",
                    "--format", "json", "--no-cache"))  # fmt: skip
    assert itt["documents"][0]["results"][0]["outcome"] != "satisfied"
    got = _json(cli("check", "--set", "tender-pack", "tender/", "--select", "EVAL-001",
                    "--format", "json", "--no-cache"))  # fmt: skip
    (s,) = got["sets"]
    assert s["type"] == "tender" and s["main"] == "tender/invitation-to-tender.docx"
    eval001 = _by_rule(s["results"])["EVAL-001"]
    assert eval001["outcome"] == "satisfied"
    assert _documents(eval001) == {"tender/annex-b-evaluation.docx"}
    assert any("15%" in e["quote"] or "10%" in e["quote"] for e in eval001["evidence"])


def test_elements_in_a_referenced_schedule_of_another_file(
    cli: Cli, work: Path, tmp_path: Path
) -> None:
    """Clause 8 of the core terms sets its processing out in Schedule 6: with Schedule 6 in
    the set the rule is met from it; without it, Schedule 6 is reported once as not in the set
    and the rule is not an error but advice that says where its elements may be."""
    pack = write_pack(tmp_path / "packs", RULES)
    full = _json(cli("check", "--set", "c", "contract/", "--pack", str(pack), "--format", "json",
                     "--no-cache"))  # fmt: skip
    proc = _by_rule(full["sets"][0]["results"])["TEST-PROC"]
    assert proc["outcome"] == "satisfied"
    assert "contract/schedule-6.docx" in _documents(proc)

    args = ["contract/core-terms.docx", "contract/schedules-1-5.docx", "--pack", str(pack)]
    got = _json(cli("check", "--set", "c", *args, "--format", "json", "--no-cache"))
    results = got["sets"][0]["results"]
    parts = [r for r in results if r["rule"] == "SET-PART"]
    assert [p["message"] for p in parts] == ["Schedule 6 is referred to but not in the set"]
    assert parts[0]["severity"] == "warning"
    assert _documents(parts[0]) == {"contract/core-terms.docx"}
    proc = _by_rule(results)["TEST-PROC"]
    assert proc["outcome"] == "missing" and proc["severity"] == "info"
    assert any("refers to Schedule 6, which is not in the set" in x for x in proc["reasons"])
    text = cli("check", "--set", "c", *args, "--select", "TEST-PROC", "--no-cache")
    assert text.stdout.count("Schedule 6 is referred to but not in the set") == 1
    assert text.exit_code == 0  # a warning and advice: nothing at the default fail-on (error)


def test_a_conflict_in_one_member_is_the_sets_conflict(
    cli: Cli, work: Path, tmp_path: Path
) -> None:
    """The ITT forbids training on Council Data; the draft contract's clause 15.1 allows it.
    Each alone: satisfied and conflict. As one tender pack: conflict, quoting the contract."""
    pack = str(write_pack(tmp_path / "packs", RULES))
    common = ["--pack", pack, "--select", "TEST-TRAIN", "--format", "json", "--no-cache"]
    itt = _json(cli("check", "tender/invitation-to-tender.docx", *common))
    assert itt["documents"][0]["results"][0]["outcome"] == "satisfied"
    pack_set = ["tender/invitation-to-tender.docx", "contract/core-terms.docx"]
    got = _json(cli("check", "--set", "pack", *pack_set, *common))
    (s,) = got["sets"]
    assert {m["path"]: m["doc_type"] for m in s["documents"]} == {
        "tender/invitation-to-tender.docx": "tender",
        "contract/core-terms.docx": "contract",
    }
    train = _by_rule(s["results"])["TEST-TRAIN"]
    assert train["outcome"] == "conflict" and train["severity"] == "error"
    assert train["evidence"][0]["location"]["document"] == "contract/core-terms.docx"
    assert train["evidence"][0]["location"]["clause"] == "15.1"


def _notice(path: Path, social_value: int, buyer_type: str) -> Path:
    """An OCDS release package for the tender: award criteria with weights, a value."""
    release = {
        "ocid": "ocds-h6vhtk-04a1b2",
        "id": "ocds-h6vhtk-04a1b2-tender-1",
        "date": "2026-01-12T09:00:00Z",
        "tag": ["tender"],
        "initiationType": "tender",
        "parties": [
            {
                "id": "GB-ALD",
                "name": "Aldermere Borough Council",
                "roles": ["buyer"],
                "details": {"classifications": [{"scheme": "UK_CA_TYPE", "id": buyer_type}]},
            }
        ],
        "buyer": {"id": "GB-ALD", "name": "Aldermere Borough Council"},
        "tender": {
            "id": "ABC-DIG-2026-014",
            "title": "Household Support Eligibility and Case Management Service",
            "value": {"amount": 6200000, "currency": "GBP"},
            "awardCriteria": {
                "criteria": [
                    {
                        "type": "price",
                        "name": "Price",
                        "numbers": [{"number": 40, "weight": "percentageExact"}],
                    },
                    {
                        "type": "quality",
                        "name": "Technical solution and delivery",
                        "numbers": [{"number": 60 - social_value, "weight": "percentageExact"}],
                    },
                    {
                        "type": "quality",
                        "name": "Social value",
                        "description": "Digital inclusion, local skills and employment",
                        "numbers": [{"number": social_value, "weight": "percentageExact"}],
                    },
                ]
            },
            "documents": [{"id": "1", "title": "Invitation to Tender"}],
        },
    }
    package = {"uri": "https://example.org/1", "version": "1.1", "releases": [release],
               "publishedDate": "2026-01-12T09:00:00Z", "publisher": {"name": "Council"}}  # fmt: skip
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


def test_an_ocds_notice_gives_eval_001_its_weighting(cli: Cli, work: Path) -> None:
    """The ITT without its annex has no weighting; with the notice's award criteria in the set,
    EVAL-001 is met and quotes the notice, located by its place in the JSON."""
    notice = _notice(work / "tender" / "notice.json", 10, "ministry")
    args = ["tender/invitation-to-tender.docx", str(notice.relative_to(work))]
    got = _json(cli("check", "--set", "t", *args, "--select", "EVAL-001", "--format", "json",
                    "--no-cache"))  # fmt: skip
    (s,) = got["sets"]
    formats = {m["path"]: m["format"] for m in s["documents"]}
    assert formats["tender/notice.json"] == "ocds"
    eval001 = _by_rule(s["results"])["EVAL-001"]
    assert eval001["outcome"] == "satisfied"
    loc = eval001["evidence"][0]["location"]
    assert loc["document"] == "tender/notice.json"
    assert loc["clause"] == "tender.awardCriteria.criteria[2]"
    assert eval001["evidence"][0]["quote"].startswith("Social value | 10%")


def test_the_notices_buyer_type_and_value_reach_the_rules(cli: Cli, work: Path) -> None:
    """A 5% social-value weighting is weak. The notice says the buyer is a ministry and the
    value £6.2m: EVAL-001 is mandatory (PPN 002), so weak is a warning; for a council it is a
    recommendation (info)."""
    severities = {}
    for kind in ("ministry", "regional-authority"):
        notice = _notice(work / "tender" / f"{kind}.json", 5, kind)
        args = ["tender/invitation-to-tender.docx", str(notice.relative_to(work))]
        got = _json(cli("check", "--set", "t", *args, "--select", "EVAL-001", "--format",
                        "json", "--no-cache"))  # fmt: skip
        eval001 = _by_rule(got["sets"][0]["results"])["EVAL-001"]
        assert eval001["outcome"] == "weak", eval001
        severities[kind] = eval001["severity"]
    assert severities == {"ministry": "warning", "regional-authority": "info"}


def test_invalid_ocds_is_one_clear_line(cli: Cli, work: Path) -> None:
    """A notice that breaks the OCDS release schema, or is not JSON, is an error naming the
    file and the problem (exit 2); the set is still checked with its other documents."""
    bad = work / "tender" / "bad.json"
    bad.write_text(json.dumps({"releases": [{"ocid": "x", "id": "1", "date": "2026-01-01",
                                             "tag": ["tender"], "initiationType": "tender",
                                             "tender": {"value": {"amount": "6m"}}}]}),
                   encoding="utf-8")  # fmt: skip
    broken = write(work / "tender" / "broken.json", '{"releases": [')
    r = cli("check", "--set", "t", "tender/invitation-to-tender.docx", "tender/bad.json",
            "tender/broken.json", "--select", "EVAL-001", "--no-cache", "--format", "json")  # fmt: skip
    assert r.exit_code == 2
    errors = {e["path"]: e["message"] for e in json.loads(r.stdout)["errors"]}
    assert errors["tender/bad.json"].startswith("not a valid OCDS release (releases[0]")
    assert "tender.value.amount: '6m' is not of type 'number', 'null'" in errors["tender/bad.json"]
    assert errors[f"tender/{broken.name}"] == "not valid JSON: Expecting value (line 1)"
    assert "tender/bad.json: not a valid OCDS release" in r.stderr  # one line each, on stderr
    assert json.loads(r.stdout)["sets"][0]["name"] == "t"  # still checked, with the ITT
    alone = cli("check", "tender/bad.json", "--no-cache")
    assert alone.exit_code == 2 and "read as a member of a set" in alone.stdout


def test_config_sets_and_folder_sets(cli: Cli, work: Path) -> None:
    """[[sets]] in the config: giving one member (as a hook does) checks the whole set. A
    folder whose tenderlint.toml has [set] is one set."""
    write(work / "tenderlint.toml", """
        [[sets]]
        name = "call-off"
        type = "contract"
        paths = ["contract/*.docx"]
        main = "contract/core-terms.docx"
    """)  # fmt: skip
    got = _json(cli("check", "contract/schedules-1-5.docx", "--select", "FOI-001", "--format",
                    "json", "--no-cache"))  # fmt: skip
    assert got["documents"] == []
    (s,) = got["sets"]
    assert s["name"] == "call-off" and len(s["documents"]) == 3
    assert _documents(s["results"][0]) == {"contract/core-terms.docx"}
    # --set NAME with no paths checks the config's set.
    named = _json(cli("check", "--set", "call-off", "--select", "FOI-001", "--format", "json",
                      "--no-cache"))  # fmt: skip
    assert [m["path"] for m in named["sets"][0]["documents"]] == [m["path"] for m in s["documents"]]
    write(work / "tender" / "tenderlint.toml", '[set]\nname = "itt"\ntype = "tender"\n')
    got = _json(cli("check", "tender/", "--select", "EVAL-001", "--format", "json", "--no-cache"))
    (t,) = got["sets"]
    assert t["name"] == "itt" and t["results"][0]["outcome"] == "satisfied"
    # --per-document adds each member's own results.
    per = _json(cli("check", "tender/", "--select", "EVAL-001", "--per-document", "--format",
                    "json", "--no-cache"))  # fmt: skip
    assert sorted(d["path"] for d in per["documents"]) == [
        "tender/annex-b-evaluation.docx",
        "tender/invitation-to-tender.docx",
    ]


def test_bad_set_config_names_the_key(cli: Cli, work: Path) -> None:
    write(work / "tenderlint.toml", """
        [[sets]]
        name = "a b"
        paths = []
        type = "framework"
    """)  # fmt: skip
    r = cli("check", "contract/")
    assert r.exit_code == 2
    assert 'key "sets[0].name"' in r.stderr
    assert 'key "sets[0].paths": must not be empty' in r.stderr
    assert 'key "sets[0].type": "framework" is not allowed (allowed: tender, contract)' in r.stderr


def test_every_format_places_set_findings_on_their_member(
    cli: Cli, work: Path, tmp_path: Path
) -> None:
    """SARIF and Code Quality put each finding on the member that holds its evidence; the
    JSON validates against the shipped schema; HTML and Markdown have a section for the set."""
    from tenderlint.validation import validate

    pack = str(write_pack(tmp_path / "packs", RULES))
    args = ["check", "--set", "c", "contract/core-terms.docx", "contract/schedules-1-5.docx",
            "--pack", pack, "--no-cache"]  # fmt: skip
    assert validate(_json(cli(*args, "--format", "json")), "report") == []
    sarif = _json(cli(*args, "--format", "sarif"))["runs"][0]
    uris = [a["location"]["uri"] for a in sarif["artifacts"]]
    assert uris == ["contract/core-terms.docx", "contract/schedules-1-5.docx"]
    placed = {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
              for r in sarif["results"]}  # fmt: skip
    assert placed["SET-PART"] == "contract/core-terms.docx"
    assert all(r["properties"]["set"] == "c" for r in sarif["results"])
    quality = json.loads(cli(*args, "--format", "codeclimate").stdout)
    assert {i["check_name"]: i["location"]["path"] for i in quality}["TEST-PROC"] == (
        "contract/core-terms.docx"
    )
    html = cli(*args, "--format", "html").stdout
    assert '<h2 id="doc-1-h">Set: c</h2>' in html and "contract/schedules-1-5.docx" in html
    markdown = cli(*args, "--format", "markdown").stdout
    assert "### set c" in markdown and "- contract/core-terms.docx (main document)" in markdown


def test_annotate_writes_a_reviewed_copy_of_each_member(
    cli: Cli, work: Path, tmp_path: Path
) -> None:
    import zipfile

    pack = str(write_pack(tmp_path / "packs", RULES))
    r = cli("annotate", "--set", "pack", "tender/invitation-to-tender.docx",
            "contract/core-terms.docx", "--pack", pack, "-o", "reviewed")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in (work / "reviewed").iterdir()) == [
        "core-terms.reviewed.docx",
        "invitation-to-tender.reviewed.docx",
    ]
    with zipfile.ZipFile(work / "reviewed" / "core-terms.reviewed.docx") as z:
        comments = z.read("word/comments.xml").decode()
    assert "TEST-TRAIN" in comments  # the conflict, on the contract's clause 15.1
    with zipfile.ZipFile(work / "reviewed" / "invitation-to-tender.reviewed.docx") as z:
        names = z.namelist()
        itt_comments = z.read("word/comments.xml").decode() if "word/comments.xml" in names else ""
    assert "TEST-TRAIN" not in itt_comments  # its evidence is in the contract
    assert not (work / "tender" / "invitation-to-tender.reviewed.docx").exists()


def test_an_unchanged_set_is_answered_from_the_cache(
    cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second run reads no member: the set's report is found by the members' sha256."""
    args = ["check", "--set", "c", "contract/", "--select", "FOI,TRANSP", "--format", "json"]
    first = cli(*args)
    from tenderlint.sets import runner

    def fail(*_a: object, **_k: object) -> None:
        raise AssertionError("a member was read again")

    with monkeypatch.context() as m:
        m.setattr(runner, "read_member", fail)
        m.setattr("tenderlint.run.check_set_job", fail)
        second = cli(*args, "-j", "0")
    assert second.stdout == first.stdout
    # A set whose members changed is read again.
    (work / "contract" / "schedule-6.docx").unlink()
    third = _json(cli(*args))
    assert "contract/schedule-6.docx" not in [m["path"] for m in third["sets"][0]["documents"]]


def test_waivers_match_the_member_a_finding_is_placed_on(
    cli: Cli, work: Path, tmp_path: Path
) -> None:
    """A waiver's path is a document path: it covers a set's finding placed on that member."""
    pack = str(write_pack(tmp_path / "packs", RULES))
    write(work / "tenderlint.toml", """
        [[waivers]]
        rule = "TEST-TRAIN"
        path = "contract/core-terms.docx"
        reason = "Accepted: anonymised data only, agreed with the DPO"

        [[waivers]]
        rule = "TEST-TRAIN"
        path = "tender/*.docx"
        reason = "Not used: the finding is on the contract"
    """)  # fmt: skip
    got = _json(cli("check", "--set", "pack", "tender/invitation-to-tender.docx",
                    "contract/core-terms.docx", "--pack", pack, "--select", "TEST-TRAIN",
                    "--format", "json", "--no-cache"))  # fmt: skip
    train = _by_rule(got["sets"][0]["results"])["TEST-TRAIN"]
    assert train["outcome"] == "waived" and train["waiver"]["outcome"] == "conflict"
    assert got["summary"]["warnings"] == [
        'waiver for TEST-TRAIN on "tender/*.docx" matched nothing: remove it or correct its '
        "rule, path or clause"
    ]


def test_a_set_name_is_checked(cli: Cli, work: Path) -> None:
    r = cli("check", "--set", "call off", "contract/")
    assert r.exit_code == 2
    assert r.stderr.startswith("error: --set 'call off': a set's name is letters, digits")


def test_a_record_package_is_read_from_its_compiled_release(cli: Cli, work: Path) -> None:
    """A record's compiledRelease is read; a record of links only would need a download, and
    a file about two procurements is not one notice: each is one clear error."""
    package = json.loads(_notice(work / "tender" / "n.json", 15, "ministry").read_text())
    release = package["releases"][0]
    head = {k: package[k] for k in ("uri", "version", "publishedDate", "publisher")}
    link = {"url": "https://example.org/r1", "date": release["date"]}
    record = {**head, "records": [{"ocid": release["ocid"], "releases": [link],
                                   "compiledRelease": release}]}  # fmt: skip
    links = {**head, "records": [{"ocid": release["ocid"], "releases": [link]}]}
    other = {**release, "ocid": "ocds-other", "id": "other-1"}
    two = {**package, "releases": [release, other]}
    for name, data in (("record", record), ("links", links), ("two", two)):
        (work / "tender" / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    got = _json(cli("check", "--set", "t", "tender/invitation-to-tender.docx", "tender/record.json",
                    "--select", "EVAL-001", "--format", "json", "--no-cache"))  # fmt: skip
    eval001 = _by_rule(got["sets"][0]["results"])["EVAL-001"]
    assert eval001["outcome"] == "satisfied"
    assert eval001["evidence"][0]["location"]["document"] == "tender/record.json"
    r = cli("check", "--set", "t", "tender/invitation-to-tender.docx", "tender/links.json",
            "tender/two.json", "--select", "EVAL-001", "--format", "json", "--no-cache")  # fmt: skip
    assert r.exit_code == 2
    errors = {e["path"]: e["message"] for e in json.loads(r.stdout)["errors"]}
    assert "only links" in errors["tender/links.json"]
    assert errors["tender/two.json"].startswith("holds 2 contracting processes")


def test_extract_shows_what_a_notice_gives_the_rules(cli: Cli, work: Path) -> None:
    notice = _notice(work / "tender" / "notice.json", 10, "ministry")
    r = cli("extract", str(notice.relative_to(work)))
    assert r.exit_code == 0
    assert (
        "cl.tender.awardCriteria.criteria[2] table-row    Social value | 10% | quality" in r.stdout
    )
    assert "Estimated value of the contract: £6,200,000" in r.stdout


def test_a_member_named_in_a_clause_is_read_with_it(cli: Cli, tmp_path: Path) -> None:
    """'as described in the Specification' reads the member titled Specification, as
    'Schedule 6' reads the member that is Schedule 6."""
    pack = write_pack(tmp_path / "packs", RULES)
    write(tmp_path / "core-terms.md", """
        # Call-off Contract

        ## 8. Data processing

        8.1 The Supplier is the processor and shall process the data as described in the
        Specification.
    """)  # fmt: skip
    write(tmp_path / "specification.md", """
        # Specification

        ## 1. Casework

        1.1 Subject matter and duration: casework for the Term.

        1.2 Categories of data subjects: applicants.
    """)  # fmt: skip
    args = ["--pack", str(pack), "--doc-type", "contract", "--format", "json", "--no-cache"]
    got = _json(cli("check", "--set", "c", "core-terms.md", "specification.md", *args))
    proc = _by_rule(got["sets"][0]["results"])["TEST-PROC"]
    assert proc["outcome"] == "satisfied", proc["reasons"]
    assert _documents(proc) == {"specification.md"}
    (tmp_path / "core-terms.md").write_text(
        (tmp_path / "core-terms.md").read_text().replace("the\nSpecification", "our notes")
    )
    got = _json(cli("check", "--set", "c", "core-terms.md", "specification.md", *args))
    assert _by_rule(got["sets"][0]["results"])["TEST-PROC"]["outcome"] != "satisfied"
