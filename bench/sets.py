"""Sets against single documents: the bundled call-off contract split into core terms and
schedules (tests/sets/split.py), checked as three documents and as one set, uncached and
cached, each in a fresh ``tenderlint check`` process with its own cache folder.

Run by hand (not in CI): ``python bench/sets.py [--repeat 5]``. Figures are the best of
``--repeat`` runs, wall seconds, on this machine. The claim it measures: a cached re-run of an
unchanged set costs what a cached re-run of the same documents does (both hash the files and
read one cache entry per document or set; neither reads a document).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _time(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tenderlint", *args], cwd=cwd, env=env, capture_output=True
    )
    took = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"tenderlint {' '.join(args)} failed:\n{done.stderr.decode()}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.sets.split import build_contract

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_contract(work / "contract")
        runs = {
            "documents": ["check", "contract/", "--format", "json"],
            "set": ["check", "--set", "call-off", "contract/", "--format", "json"],
        }
        print(f"{'':10} {'uncached':>9} {'cached':>8}   (best of {args.repeat}, wall s)")
        for name, cmd in runs.items():
            uncached, cached = [], []
            for i in range(args.repeat):
                env = {**os.environ, "TENDERLINT_CACHE_DIR": str(work / f"cache-{name}-{i}")}
                uncached.append(_time(cmd, work, env))
                cached.append(_time(cmd, work, env))
            print(f"{name:10} {min(uncached):9.2f} {min(cached):8.2f}")


if __name__ == "__main__":
    main()
