"""A large document's freed reading memory is handed back to the system once it is read, so
checking it does not pile on top of reading it; small ones are not worth the call."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from tenderlint.read import heap, read_document

REPO = Path(__file__).resolve().parents[2]


def _calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    monkeypatch.setattr(heap, "hand_back_freed_memory", lambda: calls.append(1))
    return calls


def test_a_large_document_hands_back_its_reading_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location("gen_docx", REPO / "bench" / "gen_docx.py")
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    big = tmp_path / "big.docx"
    gen.make_contract_docx(big, 60)
    assert big.stat().st_size >= heap.TRIM_BYTES
    calls = _calls(monkeypatch)
    read_document(big, "big.docx")
    assert calls == [1]


def test_a_small_document_does_not(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small = tmp_path / "small.md"
    small.write_text("# Terms\n\nThe Supplier shall return the data.\n", encoding="utf-8")
    calls = _calls(monkeypatch)
    read_document(small, "small.md")
    assert calls == []


def test_without_glibc_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    heap.hand_back_freed_memory()  # glibc here, or nothing: never an error
    monkeypatch.setattr(heap, "_trim", lambda: None)
    heap.hand_back_freed_memory()


@pytest.mark.parametrize(
    "name", ["examples/call-off-contract.pdf", "pdf/redacted_leaky.pdf", "pdf/two_column.pdf"]
)
def test_reading_a_pdf_leaves_nothing_for_the_cycle_collector(name: str) -> None:
    """The collector is paused while a document is checked: what its reading made must be
    freed as soon as it is dropped (no reference cycles: ``ctypes.cast``'s result and its
    pointer, a builder and its rows), or every page and line stays in memory."""
    import gc

    read_document(REPO / "fixtures" / "pdf" / "hyphens.pdf", "warm-up.pdf")  # first imports
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        read_document(REPO / "fixtures" / name, name)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was:
            gc.enable()
    ours = {"Line", "Page", "Seg", "Box", "TableRow", "_Builder", "Rows", "Item", "Number"}
    assert not left & ours
    assert not any(n.startswith("LP_") for n in left)  # PDFium handles
