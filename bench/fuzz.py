"""The long fuzz run, by hand: ``python bench/fuzz.py [--rounds 20] [--per-seed 25] [--seed N]``.

Each round writes ``--per-seed`` mutated copies of each seed document (DOCX, PDF, Markdown) and
checks them in one ``tenderlint check`` run with the bundled pack (workers, the time budget),
then mutates the rule file and the config of a small pack ``--per-seed`` times each. It prints
the tally: runs by exit code, documents read, refused and warned about, documents whose
findings equal the intact copy's, the slowest run, and every broken promise (a traceback or
internal error, an exit code outside 0/1/2, a damaged checksummed document read without a
warning with other findings). Exit 1 if anything broke.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fuzz.mutate import SEEDS, Tally, dump, findings, judge, mutate, mutate_text  # noqa: E402
from tests.fuzz.test_fuzz import CONFIG  # noqa: E402
from tests.safety.helpers import CONTRACT, RULES  # noqa: E402

EXE = str(Path(sys.executable).parent / "tenderlint")


def tl(cwd: Path, *args: str) -> tuple[int, str, str, float]:
    env = {**os.environ, "TENDERLINT_CACHE_DIR": str(cwd / ".cache")}
    t = time.perf_counter()
    r = subprocess.run([EXE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    return r.returncode, r.stdout, r.stderr, time.perf_counter() - t


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--per-seed", type=int, default=25)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    tally = Tally()
    slowest = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rnd in range(args.rounds):
            docs = root / f"r{rnd}"
            docs.mkdir()
            # The intact copies are checked in the same run, so that the code they are compared
            # with is the same (the tree may change while a long run goes on).
            (docs / "intact").mkdir()
            for name, src in SEEDS.items():
                (docs / "intact" / name).write_bytes(src.read_bytes())
                for n in range(args.per_seed):
                    (docs / f"m{rnd}-{n}-{name}").write_bytes(mutate(src.read_bytes(), rng))
            code, out, err, took = tl(root, "check", docs.name, "--format", "json", "--no-cache")
            slowest = max(slowest, took)
            tally.add_exit(code, err, f"round {rnd}")
            report = json.loads(out)
            intact = {n: findings(report, f"{docs.name}/intact/{n}") for n in SEEDS}
            report["documents"] = [
                d for d in report["documents"] if not d["path"].startswith(f"{docs.name}/intact/")
            ]
            judge(tally, report, intact)  # type: ignore[arg-type]
            small = root / f"p{rnd}"
            (small / "pack").mkdir(parents=True)
            (small / "c.md").write_text(CONTRACT, encoding="utf-8")
            manifest = (REPO / "tests" / "fuzz" / "pack.toml.in").read_text(encoding="utf-8")
            (small / "pack" / "pack.toml").write_text(manifest, encoding="utf-8")
            for n in range(args.per_seed):
                (small / "pack" / "rules.tl").write_text(mutate_text(RULES, rng), encoding="utf-8")
                code, out, err, _ = tl(small, "rules", "validate", "pack")
                tally.add_exit(code, out + err, f"round {rnd} rules {n}")
            (small / "pack" / "rules.tl").write_text(RULES, encoding="utf-8")
            for n in range(args.per_seed):
                (small / "tenderlint.toml").write_text(mutate_text(CONFIG, rng), encoding="utf-8")
                code, out, err, _ = tl(small, "check", "c.md", "--no-cache", "--jobs", "0")
                tally.add_exit(code, out + err, f"round {rnd} config {n}")
            print(f"round {rnd}: {tally.runs} runs, {len(tally.broken)} broken", file=sys.stderr)
    print(dump(tally))
    print(f"slowest document run: {slowest:.1f} s")
    return 1 if tally.broken else 0


if __name__ == "__main__":
    sys.exit(main())
