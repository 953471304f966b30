"""Seeded mutations of documents, rule files and configs, and the checks every run of the CLI on
them must pass; shared by the short fuzz test and the long run in ``bench/fuzz.py``."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = {
    "call-off-contract.docx": REPO / "fixtures" / "examples" / "call-off-contract.docx",
    "call-off-contract.pdf": REPO / "fixtures" / "examples" / "call-off-contract.pdf",
    "contract.pdf": REPO / "fixtures" / "pdf" / "contract.pdf",
    "contract.md": REPO / "fixtures" / "examples" / "README.md",
}
# Documents whose damage can be detected (zip CRCs; the checksums of compressed PDF streams): a
# damaged copy read without a warning must give the intact copy's findings. Text, and a PDF
# whose page content is not compressed, have no checksum: a changed byte there is simply a
# different document.
CHECKSUMMED = ("call-off-contract.docx", "call-off-contract.pdf")


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` with one to three random edits: bit flips, overwritten, deleted, duplicated or
    inserted bytes, or a truncation."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        if not out:
            break
        i = rng.randrange(len(out))
        op = rng.randrange(6)
        if op == 0:
            out[i] ^= 1 << rng.randrange(8)
        elif op == 1:
            out[i] = rng.randrange(256)
        elif op == 2:
            del out[i : i + rng.randint(1, 64)]
        elif op == 3:
            out[i:i] = out[i : i + rng.randint(1, 64)]
        elif op == 4:
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            del out[i:]
    return bytes(out)


HOSTILE_VALUES = (
    '"2024-02-30"', '"0000-00-00"', "-1", "0", "1e309", "99999999999999999999", '""',
    '"../../etc/passwd"', '"/etc/*"', '"**/["', '"[!]"', '"*"', "[]", '["FOI", 3]', "true",
    '"FOI-001"', '"never"', '"£-5m"', '"15 %%"', "{}", '"\\u0000"', '"' + "a" * 5000 + '"',
)  # fmt: skip


def mutate_text(text: str, rng: random.Random) -> str:
    """Rule or config text with a few edits that keep it mostly readable: characters deleted,
    doubled, swapped for punctuation, or lines duplicated or dropped."""
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        line = lines[i]
        op = rng.randrange(8)
        j = rng.randrange(max(len(line), 1))
        if op >= 5 and "=" in line:  # a hostile value in a valid place
            key = line.split("=", 1)[0]
            lines[i] = f"{key}= {rng.choice(HOSTILE_VALUES)}\n"
        elif op == 0:
            lines[i] = line[:j] + line[j + 1 :]
        elif op == 1:
            lines[i] = line[:j] + rng.choice('"{}()[]/\\=*+?,#<>%£0123456789') + line[j:]
        elif op == 2:
            lines.insert(i, line)
        elif op == 3:
            del lines[i]
        else:
            lines[i] = line[:j] + line[j:][::-1]
    return "".join(lines)


@dataclass
class Tally:
    """What a fuzz run saw: runs by exit code, documents read, refused and warned about, and
    every broken promise (which must stay empty)."""

    runs: int = 0
    exits: dict[int, int] = field(default_factory=dict)
    documents: int = 0
    refused: int = 0
    warned: int = 0
    same: int = 0
    broken: list[str] = field(default_factory=list)

    def add_exit(self, code: int, output: str, what: str) -> None:
        self.runs += 1
        self.exits[code] = self.exits.get(code, 0) + 1
        if code not in (0, 1, 2):
            self.broken.append(f"{what}: exit code {code}")
        if "Traceback" in output or "internal error" in output:
            self.broken.append(f"{what}: {output.strip().splitlines()[-1]}")


def findings(report: dict[str, object], path: str) -> list[tuple[str, str]] | None:
    """(rule, outcome) of every result for ``path`` in a JSON report, or None if not read."""
    for d in report["documents"]:  # type: ignore[attr-defined]
        if d["path"] == path:
            return sorted((r["rule"], r["outcome"]) for r in d["results"])
    return None


def judge(
    tally: Tally, report: dict[str, object], intact: dict[str, list[tuple[str, str]]]
) -> None:
    """Compare each mutated document (``m<seed>-<n>-<name>``) with its intact original."""
    errors = {e["path"] for e in report["errors"]}  # type: ignore[attr-defined]
    for d in report["documents"]:  # type: ignore[attr-defined]
        tally.documents += 1
        name = d["path"].split("-", 2)[-1]
        if d["warnings"]:
            tally.warned += 1
            continue
        got = findings(report, d["path"])
        if got == intact.get(name):
            tally.same += 1
        elif name.endswith(CHECKSUMMED):
            tally.broken.append(f"{d['path']}: damaged, read without a warning, other findings")
    tally.refused += len(errors)


def dump(tally: Tally) -> str:
    return json.dumps(tally.__dict__, indent=1, sort_keys=True)
