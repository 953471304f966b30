"""Builds english-words.txt.gz, the English word list that repairs damaged PDF text layers.

It is made once, by hand, from SCOWL as Debian packages it (``apt-get install wamerican-large
wbritish-large``), and committed: tenderlint downloads nothing at run time. Only the entries
written all in lower case are kept (no names, no abbreviations, no possessives), from the
American and British lists together, so "organisation" and "organization" are both words.
SCOWL's copyright and permission notice is english-words.LICENSE beside it.

Run: ``python src/tenderlint/read/pdf/data/build_words.py``.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path

SOURCES = (
    Path("/usr/share/dict/american-english-large"),
    Path("/usr/share/dict/british-english-large"),
)
OUT = Path(__file__).resolve().parent / "english-words.txt.gz"


def main() -> None:
    words: set[str] = set()
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            if re.fullmatch(r"[a-z]+", line):
                words.add(line)
    data = "\n".join(sorted(words)).encode("ascii") + b"\n"
    # mtime=0: the same list gives the same bytes, so a rebuild makes no change to commit.
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{len(words)} words, {OUT.stat().st_size} bytes: {OUT}")


if __name__ == "__main__":
    main()
