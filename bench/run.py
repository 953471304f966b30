"""The tenderlint benchmark: end to end beside raw text extraction, the stage split, fixed
costs, rule scaling, a folder with workers, and peak memory, each against issue 13's target.

Run by hand (not in CI): ``python bench/run.py [--pages 100 400] [--repeat 3] [--folder 50]``.
It generates 100- and 400-page DOCX and PDF contracts and a folder of 10-page contracts in
bench/out/ (bench/gen_docx.py, bench/gen_pdf.py), then measures, each in a fresh process:

* end to end: ``tenderlint check FILE --no-cache --doc-type contract`` (wall seconds; packs
  stay cached, results do not), beside raw text extraction of the same file (lxml over the
  DOCX's document.xml; pypdfium2's text page for the PDF);
* the stage split in one interpreter, in the order ``check`` works: imports, pack load,
  compile, read, index (pattern finding), rules, and the peak resident memory of that
  interpreter; a long document's pages and rules are shared with forked children on every
  core, as ``check`` of one document does;
* fixed cost: ``check`` of a one-line document, ``rules list`` and ``--version``;
* rule scaling: evaluation with the pack as shipped, twice and ten times over (copies whose
  phrases, term sets and frames are all distinct, so the automaton really grows);
* a folder: ``--jobs 1`` against ``--jobs 2`` (wall and CPU time, children included), and a
  cached re-run after one file changed;
* peak memory: the largest process of ``check`` of each 400-page document.

Figures are the best of ``--repeat`` runs on this machine (``os.cpu_count()`` cores).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"

CHILD = r"""
import gc, json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from tenderlint.read import Limits, read_document
import tenderlint.read.docx, tenderlint.read.pdf, tenderlint.read.text  # imported lazily by read_document: counted as imports, not reading
from tenderlint.lang.packs import load_pack
from tenderlint.engine import compile_pack, Context, Index
from tenderlint.engine.grade import evaluate_index
from tenderlint.model import DocType
t_import = time.perf_counter() - t0
path, mode, scale, procs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[5])
out = {"import": t_import}
if mode == "lint":  # as check does: the packs first (in the run's parent, collector on)
    t = time.perf_counter(); pack = load_pack("uk-responsible-tech"); t_load = time.perf_counter() - t
    if scale > 1:
        sys.path.insert(0, sys.argv[4])
        from run import multiply
        pack = multiply(pack, scale)
    t = time.perf_counter(); compiled = compile_pack([pack]); t_compile = time.perf_counter() - t
    out.update(load=t_load, compile=t_compile)
gc.disable()  # as check's worker reads and evaluates a document (workers.paused_collector)
t = time.perf_counter(); doc = read_document(Path(path), Path(path).name, Limits(page_processes=procs)); t_read = time.perf_counter() - t
out.update(read=t_read, pages=doc.pages, blocks=len(doc.blocks))
if mode == "lint":
    t = time.perf_counter(); index = Index(doc, compiled, DocType.CONTRACT); t_index = time.perf_counter() - t
    t = time.perf_counter()
    results = evaluate_index(index, Context(DocType.CONTRACT), compiled.rules, procs)
    t_rules = time.perf_counter() - t
    out.update(index=t_index, rules_s=t_rules, evaluate=t_index + t_rules,
               rules=len(compiled.rules), atoms=len(compiled.index))
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def multiply(pack, times: int):  # type: ignore[no-untyped-def]
    """The pack with ``times`` copies of every rule and term set, all phrases distinct: every
    pattern of a copy (topic, core, preferred, weak, conflict, trigger, frame) is its own."""
    from dataclasses import replace

    from tenderlint.lang.nouns import (
        All,
        AnyOf,
        Compare,
        Count,
        Frame,
        Mentions,
        Near,
        Not,
        Phrase,
        Regex,
        SetRef,
    )

    def pat(p, k):  # type: ignore[no-untyped-def]
        if k == 0 or p is None:
            return p
        if isinstance(p, Phrase):
            return Phrase(f"{p.text} zq{k}")
        if isinstance(p, Regex):
            return Regex(f"{p.source}(?:zq{k})", p.flags)
        if isinstance(p, SetRef):
            return replace(p, name=f"{p.name}_{k}")
        if isinstance(p, Near):
            return Near(pat(p.left, k), pat(p.right, k), p.words, p.ordered)
        return p

    def pats(ps, k):  # type: ignore[no-untyped-def]
        return tuple(pat(p, k) for p in ps)

    def cond(c, k):  # type: ignore[no-untyped-def]
        if isinstance(c, Mentions | Count):
            return replace(c, patterns=pats(c.patterns, k))
        if isinstance(c, Compare):
            return replace(c, near=pats(c.near, k))
        if isinstance(c, Frame):
            limit = cond(c.limit, k) if c.limit is not None else None
            return replace(
                c,
                who=pat(c.who, k),
                action=pat(c.action, k),
                objects=pats(c.objects, k),
                to=pat(c.to, k),
                limit=limit,
            )
        if isinstance(c, All | AnyOf):
            return type(c)(tuple(cond(x, k) for x in c.items))
        if isinstance(c, Not):
            return Not(cond(c.item, k))
        return c

    def checks(cs, k):  # type: ignore[no-untyped-def]
        return tuple(replace(c, condition=cond(c.condition, k)) for c in cs)

    rules = []
    sets = dict(pack.sets)
    for k in range(times):
        for name, ts in pack.sets.items():
            if k:
                sets[f"{name}_{k}"] = replace(ts, name=f"{name}_{k}", patterns=pats(ts.patterns, k))
        for r in pack.rules:
            req = r.requirement
            rules.append(
                replace(
                    r,
                    id=f"{r.id}-X{k}" if k else r.id,
                    triggers=checks(r.triggers, k),
                    requirement=replace(
                        req, condition=cond(req.condition, k), sections=pats(req.sections, k)
                    )
                    if req
                    else None,
                    strong=checks(r.strong, k),
                    weak=checks(r.weak, k),
                    prohibitions=tuple(
                        replace(p, condition=cond(p.condition, k)) for p in r.prohibitions
                    ),
                    limits=checks(r.limits, k),
                    topic=pats(r.topic, k),
                    core=checks(r.core, k),
                    preferred=checks(r.preferred, k),
                    conflicts=checks(r.conflicts, k),
                    mandatory=checks(r.mandatory, k),
                )
            )
    return replace(pack, rules=tuple(rules), sets=sets)


def child(path: Path, mode: str, scale: int = 1, procs: int | None = None) -> dict:  # type: ignore[type-arg]
    """One stage-split run in a fresh interpreter; ``procs`` processes share a long document's
    pages and rules (default: every core, as ``check`` of one document does)."""
    procs = procs or os.cpu_count() or 1
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode, str(scale), str(HERE), str(procs)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)  # type: ignore[no-any-return]


def best(runs: list[dict], key: str) -> float:  # type: ignore[type-arg]
    return min(r[key] for r in runs)


def wall(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, repeat: int = 3) -> float:
    return min(timed(cmd, cwd, env)[0] for _ in range(repeat))


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``, its worker processes included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


RAW = r"""
import sys, time, zipfile
t = time.perf_counter()
path = sys.argv[1]
if path.endswith(".docx"):
    from lxml import etree
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    with zipfile.ZipFile(path) as z, z.open("word/document.xml") as f:
        text = [el.text or "" for _, el in etree.iterparse(f, tag=W)]
else:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(path)
    text = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
print(time.perf_counter() - t)
"""


PEAK = r"""
import resource, subprocess, sys
subprocess.run(sys.argv[1:], capture_output=True, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def peak(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """The peak resident memory (MB) of the largest process ``cmd`` runs (its workers and
    their children included), measured from a fresh parent."""
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *cmd], cwd=cwd, env=env, capture_output=True, text=True
    )
    return float(out.stdout)


def raw_extraction(path: Path, repeat: int) -> float:
    """Seconds to pull the plain text out of ``path`` with the libraries tenderlint reads with."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", RAW, str(path)], capture_output=True, text=True, check=True
        )
        runs.append(float(out.stdout))
    return min(runs)


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


def folder(n: int) -> Path:
    """``n`` different 10-page contracts in bench/out/folder-N/."""
    sys.path.insert(0, str(HERE))
    from gen_docx import make_contract_docx

    d = OUT / f"folder-{n}"
    d.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        f = d / f"contract-{i:02d}.docx"
        if not f.exists():
            make_contract_docx(f, 10, seed=100 + i)
    return d


def _target(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[100, 400])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--folder", type=int, default=50, help="documents in the folder run")
    args = ap.parse_args()
    files = generate(args.pages)
    exe = str(Path(sys.executable).with_name("tenderlint"))
    env = {**os.environ, "TENDERLINT_CACHE_DIR": str(OUT / "cache")}
    check = [exe, "check", "--no-cache", "--doc-type", "contract"]
    subprocess.run([*check, str(files[0])], cwd=HERE, env=env, capture_output=True)  # packs
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; best of {args.repeat}"
    )
    print("\nend to end (wall s) beside raw text extraction")
    print(f"{'file':<20}{'pages':>6}{'raw s':>8}{'lint s':>8}{'ratio':>7}  target")
    for f in files:
        raw = raw_extraction(f, args.repeat)
        lint = wall([*check, str(f)], HERE, env, args.repeat)
        pages = int(f.stem.split("-")[1])
        if f.suffix == ".pdf" and pages >= 400:
            goal, ok = "<= 2.5x raw", lint <= 2.5 * raw
        else:
            limit = 1.5 if pages >= 400 else 0.8
            goal, ok = f"<= {limit} s", lint <= limit
        print(
            f"{f.name:<20}{pages:>6}{raw:>8.2f}{lint:>8.2f}{lint / raw:>6.1f}x  {goal}: {_target(ok)}"
        )
    print(
        f"\nstage split (wall s, one interpreter and its forked children on {os.cpu_count()} "
        "cores; evaluation = index + rules)"
    )
    print(
        f"{'file':<20}{'import':>7}{'load':>6}{'compile':>8}{'read':>6}{'index':>6}{'rules':>6}"
        f"{'eval/read':>10}{'RSS MB':>8}"
    )
    for f in files:
        runs = [child(f, "lint") for _ in range(args.repeat)]
        b = {k: best(runs, k) for k in ("import", "load", "compile", "read", "index", "rules_s")}
        print(
            f"{f.name:<20}{b['import']:>7.2f}{b['load']:>6.2f}{b['compile']:>8.2f}"
            f"{b['read']:>6.2f}{b['index']:>6.2f}{b['rules_s']:>6.2f}"
            f"{(b['index'] + b['rules_s']) / b['read']:>10.1f}{best(runs, 'rss_mb'):>8.0f}"
        )
    tiny = OUT / "one-line.md"
    tiny.write_text("The Supplier shall return all Authority Data within 30 days.\n")
    fixed = wall([*check, str(tiny)], HERE, env, 5)
    listed = wall([exe, "rules", "list"], HERE, env, 5)
    version = wall([exe, "--version"], HERE, env, 5)
    print(
        f"\nfixed cost: check of a one-line document {fixed:.2f} s (<= 0.3 s: {_target(fixed <= 0.3)}); "
        f"rules list {listed:.2f} s (<= 0.2 s: {_target(listed <= 0.2)}); "
        f"--version {version * 1000:.0f} ms (<= 100 ms: {_target(version <= 0.1)})"
    )
    big = [f for f in files if f.suffix == ".docx"][-1]
    scaled = {k: [child(big, "lint", k) for _ in range(args.repeat)] for k in (1, 2, 10)}
    base = best(scaled[1], "evaluate")
    print(f"\nrule scaling on {big.name} (evaluation s):")
    for k, runs in scaled.items():
        ev = best(runs, "evaluate")
        note = (
            f" ({100 * (ev / base - 1):+.0f}%; doubling <= +30%: {_target(ev <= 1.3 * base)})"
            if k == 2
            else ""
        )
        print(
            f"  x{k:<3}{runs[0]['rules']:>5} rules {runs[0]['atoms']:>7} patterns  {ev:6.2f} s"
            f"  compile {best(runs, 'compile'):.2f} s{note}"
        )
    d = folder(args.folder)
    one = min(timed([*check, "--jobs", "1", str(d)], HERE, env) for _ in range(args.repeat))
    two = min(timed([*check, "--jobs", "2", str(d)], HERE, env) for _ in range(args.repeat))
    print(
        f"\nfolder of {args.folder} 10-page documents: --jobs 1 {one[0]:.2f} s wall; "
        f"--jobs 2 {two[0]:.2f} s wall, {two[1]:.2f} s CPU, wall/CPU {two[0] / two[1]:.2f} "
        f"(<= 0.6: {_target(two[0] <= 0.6 * two[1])})"
    )
    cached = [exe, "check", "--doc-type", "contract", str(d)]
    subprocess.run(cached, cwd=HERE, env=env, capture_output=True)
    changed = d / "contract-00.docx"
    sys.path.insert(0, str(HERE))
    from gen_docx import make_contract_docx

    make_contract_docx(changed, 10, seed=999)
    again = timed(cached, HERE, env)[0]
    make_contract_docx(changed, 10, seed=100)
    print(
        f"cached re-run with one file changed: {again:.2f} s = {100 * again / two[0]:.0f}% of the "
        f"cold run (<= 10%: {_target(again <= 0.1 * two[0])})"
    )
    for f in [f for f in files if "-400." in f.name] or files[-1:]:
        rss = min(peak([*check, str(f)], HERE, env) for _ in range(args.repeat))
        print(
            f"peak memory checking {f.name}: {rss:.0f} MB, its largest process "
            f"(<= 150 MB: {_target(rss <= 150)})"
        )


if __name__ == "__main__":
    main()
