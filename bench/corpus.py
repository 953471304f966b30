"""Agreement between tenderlint and the corpus labels: how a careful lawyer's reading compares
with the tool's on real published tenders and contracts.

Run by hand, never as a test: ``python bench/corpus.py [--split dev|check|all] [--batch uk]
[--record NAME] [--python PY] [--jobs N] [--detect-type]``. It reads ``tests/corpus/labels/*.toml`` (made from
the domain brief before the tool ran on each document; see tests/corpus/LABELLING.md), runs
``tenderlint check DOC --format json --no-cache`` on every labelled document of
``../shared/corpus/docs/`` with the manifest's document type, and prints, per batch and overall:

* agreement: the share of (document, rule) pairs whose outcome is one the label accepts;
* satisfied recall: of the pairs labelled satisfied first, the share graded satisfied;
* false assurance: of the pairs labelled weak, missing or conflict first, the share graded
  satisfied where the label does not accept satisfied;
* false alarms: of the pairs labelled satisfied first, the share graded weak, missing or
  conflict where the label does not accept it;
* wrong not-applicable: the tool said not-applicable where the label does not accept it, or
  the label says not-applicable (only) and the tool graded the rule;
* tool stronger / weaker: disagreements where the tool's grade is better / worse than the
  label's first choice (satisfied > weak > missing > conflict);
* reader failures: documents the tool could not read (every pair counts as a disagreement).

``--record NAME`` also writes ``tests/corpus/records/NAME.md`` (tables per batch, rule and
document) and ``NAME.json`` (every pair), so a batch's first-run agreement is on file before
any rule changes. ``--python`` runs another installation (e.g. an earlier checkout's venv).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "tests" / "corpus" / "labels"
RECORDS = REPO / "tests" / "corpus" / "records"
CORPUS = REPO.parent / "shared" / "corpus"
RANK = {"satisfied": 3, "weak": 2, "missing": 1, "conflict": 0}
FAILING = ("weak", "missing", "conflict")


@dataclass(frozen=True)
class Pair:
    document: str
    batch: str
    split: str
    rule: str
    accept: tuple[str, ...]
    got: str  # the tool's outcome, or "read-error"
    position: str | None = None  # the tool's position for satisfied results, when it gives one
    label_position: str | None = None

    @property
    def agree(self) -> bool:
        return self.got in self.accept

    @property
    def first(self) -> str:
        return self.accept[0]


def _batch(labeller: str) -> str:
    words = labeller.split()
    return words[1] if len(words) > 1 and words[0] == "labeller" else labeller


def load_labels(split: str, batch: str | None) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for f in sorted(LABELS.glob("*.toml")):
        data = tomllib.loads(f.read_text(encoding="utf-8"))
        data["batch"] = _batch(data.get("labeller", ""))
        if split != "all" and data["split"] != split:
            continue
        if batch and data["batch"] != batch:
            continue
        out.append(data)
    return out


def run_tool(
    python: str, doc: Path, doc_type: str | None
) -> tuple[dict[str, tuple[str, str | None]], str]:
    """Each rule's outcome (and position) for one document, or an empty map and the error;
    ``doc_type`` None lets tenderlint decide the type, as a user's run does."""
    cmd = [python, "-m", "tenderlint", "check", str(doc), "--format", "json", "--no-cache"]
    cmd += ["--doc-type", doc_type] if doc_type else []
    env = dict(os.environ, TENDERLINT_CACHE_DIR="/tmp/tenderlint-corpus-cache")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=CORPUS, check=False)
    if proc.returncode not in (0, 1):
        return {}, (proc.stderr.strip().splitlines() or ["exit 2"])[-1]
    report = json.loads(proc.stdout)
    if not report["documents"]:
        return {}, "; ".join(e["message"] for e in report.get("errors", [])) or "no document"
    out = {}
    for r in report["documents"][0]["results"]:
        out[r["rule"]] = (r["outcome"], r.get("position"))
    return out, ""


def score(
    labels: list[dict],  # type: ignore[type-arg]
    python: str,
    jobs: int,
    detect: bool = False,
) -> tuple[list[Pair], dict[str, str]]:
    def one(data: dict) -> tuple[dict, dict[str, tuple[str, str | None]], str]:  # type: ignore[type-arg]
        kind = None if detect else data["doc_type"]
        got, err = run_tool(python, CORPUS / data["document"], kind)
        return data, got, err

    pairs: list[Pair] = []
    errors: dict[str, str] = {}
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        for data, got, err in pool.map(one, labels):
            name = Path(data["document"]).name
            if err:
                errors[name] = err
            for lab in data["label"]:
                outcome, position = got.get(lab["rule"], ("read-error", None))
                pairs.append(
                    Pair(
                        name,
                        data["batch"],
                        data["split"],
                        lab["rule"],
                        tuple(lab["accept"]),
                        outcome,
                        position,
                        lab.get("position"),
                    )
                )
    return pairs, errors


@dataclass(frozen=True)
class Figures:
    pairs: int
    agree: int
    sat_labelled: int
    sat_graded: int
    fail_labelled: int
    false_assurance: int
    false_alarms: int
    wrong_na: int
    stronger: int
    weaker: int
    false_missing: int
    read_errors: int

    def row(self) -> list[str]:
        def pct(n: int, d: int) -> str:
            return f"{100 * n / d:.0f}% ({n}/{d})" if d else "-"

        return [
            pct(self.agree, self.pairs),
            pct(self.sat_graded, self.sat_labelled),
            pct(self.false_assurance, self.fail_labelled),
            pct(self.false_alarms, self.sat_labelled),
            str(self.wrong_na),
            str(self.stronger),
            str(self.weaker),
            str(self.false_missing),
            str(self.read_errors),
        ]


HEADER = [
    "agreement",
    "satisfied graded satisfied",
    "false assurance",
    "false alarms",
    "wrong n/a",
    "tool stronger",
    "tool weaker",
    "false missing",
    "read-error pairs",
]


def figures(pairs: Iterable[Pair]) -> Figures:
    ps = list(pairs)
    c: Counter[str] = Counter()
    for p in ps:
        c["agree"] += p.agree
        if p.first == "satisfied":
            c["sat_labelled"] += 1
            c["sat_graded"] += p.got == "satisfied"
            c["false_alarms"] += p.got in FAILING and not p.agree
        if p.first in FAILING:
            c["fail_labelled"] += 1
            c["false_assurance"] += p.got == "satisfied" and "satisfied" not in p.accept
        if not p.agree:
            na_got = p.got == "not-applicable"
            c["wrong_na"] += na_got or p.first == "not-applicable"
            if p.got in RANK and p.first in RANK:
                c["stronger"] += RANK[p.got] > RANK[p.first]
                c["weaker"] += RANK[p.got] < RANK[p.first]
            c["false_missing"] += p.got == "missing"
            c["read_errors"] += p.got == "read-error"
    return Figures(
        len(ps),
        c["agree"],
        c["sat_labelled"],
        c["sat_graded"],
        c["fail_labelled"],
        c["false_assurance"],
        c["false_alarms"],
        c["wrong_na"],
        c["stronger"],
        c["weaker"],
        c["false_missing"],
        c["read_errors"],
    )


def table(title: str, groups: dict[str, list[Pair]]) -> list[str]:
    lines = [f"### {title}", "", "| | " + " | ".join(HEADER) + " |"]
    lines.append("|---" * (len(HEADER) + 1) + "|")
    for name in sorted(groups):
        lines.append(f"| {name} | " + " | ".join(figures(groups[name]).row()) + " |")
    return [*lines, ""]


def report(pairs: list[Pair], errors: dict[str, str], title: str) -> str:
    by_batch: dict[str, list[Pair]] = defaultdict(list)
    by_rule: dict[str, list[Pair]] = defaultdict(list)
    by_doc: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        by_batch[p.batch].append(p)
        by_rule[p.rule].append(p)
        by_doc[p.document].append(p)
    by_batch["ALL"] = pairs
    lines = [f"# {title}", ""]
    lines += table("By batch", by_batch)
    lines += table("By document", by_doc)
    lines += table("By rule", by_rule)
    if errors:
        lines += ["### Reader failures", ""]
        lines += [f"- `{d}`: {e}" for d, e in sorted(errors.items())]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--split", default="dev", choices=["dev", "check", "all"])
    ap.add_argument("--batch", help="only this labelling batch (uk, us1, us2, intl, checkA ...)")
    ap.add_argument("--record", help="write tests/corpus/records/NAME.md and NAME.json")
    ap.add_argument("--python", default=sys.executable, help="the Python that runs tenderlint")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--title", default="")
    ap.add_argument(
        "--rules", help="only these rule ids or prefixes, comma-separated (FOI,DATA-001)"
    )
    ap.add_argument("--pairs", action="store_true", help="list every disagreeing pair")
    ap.add_argument(
        "--detect-type",
        action="store_true",
        help="let tenderlint decide each document's type, as a user's run does (by default the "
        "manifest's type is given with --doc-type, so grading is measured apart from typing)",
    )
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"no corpus at {CORPUS}")
    labels = load_labels(args.split, args.batch)
    pairs, errors = score(labels, args.python, args.jobs, args.detect_type)
    if args.rules:
        wanted = [r.strip().upper() for r in args.rules.split(",") if r.strip()]
        pairs = [p for p in pairs if any(p.rule == w or p.rule.startswith(w + "-") for w in wanted)]
    text = report(pairs, errors, args.title or f"Corpus agreement ({args.split})")
    print(text)
    if args.pairs:
        for p in sorted(pairs, key=lambda p: (p.rule, p.document)):
            if not p.agree:
                print(f"{p.rule:11} {p.document:60} got {p.got:15} label {'/'.join(p.accept)}")
    if args.record:
        RECORDS.mkdir(parents=True, exist_ok=True)
        (RECORDS / f"{args.record}.md").write_text(text, encoding="utf-8")
        rows = [p.__dict__ | {"accept": list(p.accept)} for p in pairs]
        (RECORDS / f"{args.record}.json").write_text(
            json.dumps({"errors": errors, "pairs": rows}, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
