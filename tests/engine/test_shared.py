"""A long document's rules shared among processes give exactly the results one process gives,
also when a child fails or answers garbage; ``check`` shares them on the cores it leaves idle."""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tenderlint import forked, run
from tenderlint.engine import Compiled, Context, compile_pack, evaluate
from tenderlint.lang.packs import load_pack
from tenderlint.model import DocType, Document
from tenderlint.read import read_document

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def long_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("gen_docx", REPO / "bench" / "gen_docx.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    path = tmp_path_factory.mktemp("long") / "long.docx"
    gen.make_contract_docx(path, 70)
    return path


@pytest.fixture(scope="module")
def doc(long_docx: Path) -> Document:
    got = read_document(long_docx, "long.docx")
    assert sum(len(b.text) for b in got.blocks) > 150_000  # long enough to be shared out
    return got


@functools.cache
def _compiled() -> Compiled:
    return compile_pack([load_pack("uk-responsible-tech")])


def _results(doc: Document, processes: int) -> list[object]:
    return list(evaluate(doc, _compiled(), Context(DocType.CONTRACT), None, processes))


def test_shared_rules_give_the_results_one_process_gives(doc: Document) -> None:
    one = _results(doc, 1)
    assert len(one) == 31
    assert _results(doc, 2) == one
    assert _results(doc, 3) == one


def test_a_failing_child_leaves_its_rules_to_the_parent(
    doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _results(doc, 1)

    def broken(*_a: object, **_k: object) -> bytes:
        raise RuntimeError("the child cannot answer")

    monkeypatch.setattr(forked, "encode", broken)  # only a child encodes its answer
    assert _results(doc, 2) == one


def test_an_answer_of_the_wrong_type_is_refused_and_redone(
    doc: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child's answer is decoded as the declared type (never unpickled): anything else is
    refused, and the parent does the child's rules itself."""
    one = _results(doc, 1)
    monkeypatch.setattr(forked, "encode", lambda _value: {"$": "Evil", "run": "os.system"})
    assert _results(doc, 2) == one


def test_check_shares_a_long_document_on_idle_cores(
    cli: Callable[..., Result], long_docx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outputs = []
    for cores in (1, 2):
        monkeypatch.setattr(run.os, "cpu_count", lambda cores=cores: cores)
        r = cli("check", str(long_docx), "--doc-type", "contract", "--format", "json",
                "--no-cache", "--jobs", "0")  # fmt: skip
        assert r.exit_code in (0, 1), r.output
        outputs.append(json.loads(r.output))
    assert outputs[0] == outputs[1]
    assert len(outputs[0]["documents"][0]["results"]) == 31


def test_share_keeps_order_and_survives_children_that_fail(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parent = os.getpid()
    assert forked.share(10, lambda i: i * i, 3, int) == [i * i for i in range(10)]
    assert forked.share(1, lambda i: i + 1, 4, int) == [1]
    assert forked.share(0, lambda i: i, 4, int) == []

    def dies_in_a_child(i: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # a crash: the child's pieces are done here instead
        return -i

    assert forked.share(6, dies_in_a_child, 2, int) == [0, -1, -2, -3, -4, -5]

    done_here: list[int] = []

    def slow(i: int) -> int:
        if os.getpid() == parent:
            done_here.append(i)  # a child's own copy of the list is not this one
        time.sleep(0.05)
        return i * 10

    # The children's answers are used, not silently done again here.
    assert forked.share(8, slow, 2, int) == [i * 10 for i in range(8)]
    assert 0 < len(done_here) < 8

    def no_fork() -> int:
        raise OSError("no more processes")

    monkeypatch.setattr(forked.os, "fork", no_fork)
    assert forked.share(5, lambda i: str(i), 2, str) == ["0", "1", "2", "3", "4"]


def test_pieces_that_need_no_preparation_are_taken_while_this_process_prepares() -> None:
    """Children forked before ``prepare`` take only the pieces before ``unprepared``; those
    after are done where ``prepare`` ran first (here or in a child forked after it)."""
    parent = os.getpid()
    prepared: list[int] = []

    def work(i: int) -> tuple[int, bool, bool]:
        return i, os.getpid() != parent, bool(prepared)  # a child sees its own copy

    def prepare() -> None:
        time.sleep(1.0)  # long enough for the early child to take the first pieces
        prepared.append(os.getpid())

    got = forked.share(8, work, 2, tuple[int, bool, bool], prepare=prepare, unprepared=3)
    assert [i for i, _child, _ready in got] == list(range(8))
    assert prepared == [parent]  # once, here
    assert all(child for _i, child, _ready in got[:3])  # the child forked before preparing
    assert all(ready for _i, _child, ready in got[3:])


def test_no_child_is_forked_for_pieces_that_do_not_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a preparation (a PDF's pages) every child forked has pieces to take: none is
    started early only to find nothing, and so none is left unwaited for."""
    counts: list[int] = []
    fork = forked._fork

    def counted(work: Callable[[int], object], count: int, counter: object) -> object:
        counts.append(count)
        return fork(work, count, counter)  # type: ignore[arg-type]

    monkeypatch.setattr(forked, "_fork", counted)
    assert forked.share(6, lambda i: i, 3, int) == list(range(6))
    assert counts == [6, 6]
    counts.clear()
    got = forked.share(6, lambda i: i, 2, int, prepare=lambda: None, unprepared=2)
    assert got == list(range(6))
    assert counts == [2, 6]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            state = next((ln.split()[1] for ln in fh if ln.startswith("State:")), "X")
    except OSError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its exit status is left


CHILDREN = """
import os, sys, time
from tenderlint import forked

def work(i):
    with open(sys.argv[1], "a") as fh:
        fh.write(f"{os.getpid()}\\n")
    time.sleep(60)
    return i

forked.share(4, work, 2, int)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_child_ends_when_its_worker_is_stopped(tmp_path: Path) -> None:
    """A worker stopped at its time budget (killed) leaves no child working on."""
    pids = tmp_path / "pids"
    proc = subprocess.Popen([sys.executable, "-c", CHILDREN, str(pids)])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            seen = set(pids.read_text().split()) if pids.exists() else set()
            if len(seen) >= 2:
                break
            time.sleep(0.05)
        children = [int(p) for p in seen if int(p) != proc.pid]
        assert children, "the work was never shared"
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(c) for c in children)
