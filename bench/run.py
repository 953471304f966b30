"""The tenderlint benchmark: reading speed, lint time, rule scaling, start-up and cache.

Run by hand (not in CI): ``python bench/run.py [--pages 100 400] [--repeat 3]``. It generates
100- and 400-page DOCX and PDF contracts in bench/out/ (with bench/gen_docx.py and
bench/gen_pdf.py), then, each measurement in a fresh interpreter so imports and memory are
honest, reports:

* read: seconds, pages per second and peak RSS for ``extract``'s reader;
* lint: read + evaluate with the bundled pack, and the share of the time spent evaluating;
* scale: evaluation time with the pack as shipped and with ten times the rules (copies whose
  phrases and term sets are all distinct, so the automaton really grows);
* start-up: ``tenderlint --version``; and a cached ``check`` re-run of an unchanged document.

Figures are the best of ``--repeat`` runs, in seconds, on this machine (``os.cpu_count()``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

CHILD = r"""
import json, resource, sys, time
from dataclasses import replace
from pathlib import Path
t0 = time.perf_counter()
from tenderlint.read import read_document
from tenderlint.lang.packs import load_pack
from tenderlint.engine import compile_pack, evaluate, Context
from tenderlint.model import DocType
t_import = time.perf_counter() - t0
path, mode, scale = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.perf_counter(); doc = read_document(Path(path), Path(path).name); t_read = time.perf_counter() - t
out = {"read": t_read, "pages": doc.pages, "blocks": len(doc.blocks), "chars": sum(len(b.text) for b in doc.blocks), "import": t_import}
if mode == "lint":
    t = time.perf_counter(); pack = load_pack("uk-responsible-tech"); t_load = time.perf_counter() - t
    if scale > 1:
        sys.path.insert(0, sys.argv[4])
        from run import multiply
        pack = multiply(pack, scale)
    t = time.perf_counter(); compiled = compile_pack([pack]); t_compile = time.perf_counter() - t
    t = time.perf_counter(); results = evaluate(doc, compiled, Context(DocType.CONTRACT)); t_eval = time.perf_counter() - t
    out.update(load=t_load, compile=t_compile, evaluate=t_eval, rules=len(compiled.rules), atoms=len(compiled.index),
               outcomes={o: sum(1 for r in results if r.outcome.value == o) for o in ("satisfied", "weak", "missing", "conflict", "not-applicable")})
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def multiply(pack, times: int):  # type: ignore[no-untyped-def]
    """The pack with ``times`` copies of every rule and term set, all phrases distinct."""
    from dataclasses import replace

    from tenderlint.lang.nouns import (
        All,
        AnyOf,
        Check,
        Compare,
        Count,
        Mentions,
        Near,
        Not,
        Phrase,
        Prohibition,
        Regex,
        Requirement,
        SetRef,
        TermSet,
    )

    def pat(p, k):  # type: ignore[no-untyped-def]
        if k == 0:
            return p
        if isinstance(p, Phrase):
            return Phrase(f"{p.text} zq{k}")
        if isinstance(p, Regex):
            return Regex(f"{p.source}(?:zq{k})", p.flags)
        if isinstance(p, SetRef):
            return SetRef(f"{p.name}_{k}")
        return Near(pat(p.left, k), pat(p.right, k), p.words, p.ordered)

    def cond(c, k):  # type: ignore[no-untyped-def]
        if isinstance(c, Mentions):
            return Mentions(tuple(pat(p, k) for p in c.patterns), c.scope)
        if isinstance(c, Count):
            return replace(c, patterns=tuple(pat(p, k) for p in c.patterns))
        if isinstance(c, Compare):
            return replace(c, near=tuple(pat(p, k) for p in c.near))
        if isinstance(c, All | AnyOf):
            return type(c)(tuple(cond(x, k) for x in c.items))
        if isinstance(c, Not):
            return Not(cond(c.item, k))
        return c

    def check(ch, k):  # type: ignore[no-untyped-def]
        return Check(cond(ch.condition, k), ch.label, ch.source)

    rules = []
    sets = dict(pack.sets)
    for k in range(times):
        for name, ts in pack.sets.items():
            if k:
                sets[f"{name}_{k}"] = TermSet(
                    f"{name}_{k}", tuple(pat(p, k) for p in ts.patterns), ts.description, ts.source
                )
        for r in pack.rules:
            req = r.requirement
            rules.append(
                replace(
                    r,
                    id=f"{r.id}-X{k}" if k else r.id,
                    triggers=tuple(check(c, k) for c in r.triggers),
                    requirement=Requirement(
                        req.unit,
                        cond(req.condition, k),
                        tuple(pat(p, k) for p in req.sections),
                        req.source,
                    )
                    if req
                    else None,
                    strong=tuple(check(c, k) for c in r.strong),
                    weak=tuple(check(c, k) for c in r.weak),
                    prohibitions=tuple(
                        Prohibition(p.unit, cond(p.condition, k), p.label, p.source)
                        for p in r.prohibitions
                    ),
                )
            )
    return replace(pack, rules=tuple(rules), sets=sets)


def child(path: Path, mode: str, scale: int = 1) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode, str(scale), str(HERE)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def best(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
    return min(r[key] for r in runs)


def wall(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        times.append(time.perf_counter() - t)
    return min(times)


def generate(pages: list[int]) -> list[Path]:
    sys.path.insert(0, str(HERE))
    from gen_docx import make_contract_docx
    from gen_pdf import make_contract_pdf

    OUT.mkdir(exist_ok=True)
    files = []
    for n in pages:
        d = OUT / f"contract-{n}.docx"
        if not d.exists():
            make_contract_docx(d, n)
        p = OUT / f"contract-{n}.pdf"
        if not p.exists():
            make_contract_pdf(p, n)
        files += [d, p]
    return files


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[100, 400])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    files = generate(args.pages)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(
        f"{'file':<22}{'pages':>6}{'blocks':>8}{'read s':>8}{'pages/s':>9}{'RSS MB':>8}"
        f"{'eval s':>8}{'lint s':>8}{'eval %':>8}"
    )
    for f in files:
        runs = [child(f, "lint") for _ in range(args.repeat)]
        read, ev = best(runs, "read"), best(runs, "evaluate")
        pages = runs[0]["pages"] or int(f.stem.split("-")[1])
        print(
            f"{f.name:<22}{pages:>6}{runs[0]['blocks']:>8}{read:>8.2f}{pages / read:>9.0f}"
            f"{best(runs, 'rss_mb'):>8.0f}{ev:>8.2f}{read + ev:>8.2f}{100 * ev / (read + ev):>7.0f}%"
        )
    big = [f for f in files if f.suffix == ".docx"][-1]
    one = [child(big, "lint") for _ in range(args.repeat)]
    ten = [child(big, "lint", 10) for _ in range(args.repeat)]
    print(
        f"rule scaling on {big.name}: {one[0]['rules']} rules / {one[0]['atoms']} patterns "
        f"evaluate in {best(one, 'evaluate'):.2f} s (compile {best(one, 'compile'):.2f} s); "
        f"{ten[0]['rules']} rules / {ten[0]['atoms']} patterns in {best(ten, 'evaluate'):.2f} s "
        f"(compile {best(ten, 'compile'):.2f} s): x{best(ten, 'evaluate') / best(one, 'evaluate'):.1f}"
    )
    exe = str(Path(sys.executable).with_name("tenderlint"))
    print(
        f"start-up: tenderlint --version {wall([exe, '--version'], HERE, repeat=5) * 1000:.0f} ms"
    )
    env = {**os.environ, "TENDERLINT_CACHE_DIR": str(OUT / "cache")}
    cold = wall([exe, "check", str(big), "--no-cache"], HERE, env, repeat=1)
    subprocess.run([exe, "check", str(big)], cwd=HERE, env=env, capture_output=True, check=False)
    warm = wall([exe, "check", str(big)], HERE, env)
    print(f"check {big.name}: {cold:.2f} s without cache, {warm:.2f} s cached re-run")


if __name__ == "__main__":
    main()
