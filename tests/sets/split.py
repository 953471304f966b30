"""The bundled example documents split as a procurement team's repository holds them: the
call-off contract as core terms and schedules, the invitation to tender with its evaluation
criteria in an annex. Built from ``fixtures/examples/build.py``'s content, with every
cross-reference resolved as in the whole document, so "Schedule 6" still says Schedule 6 in
the core terms when the schedules are another file."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parents[2]


@functools.cache
def _build() -> ModuleType:
    path = REPO / "fixtures" / "examples" / "build.py"
    spec = importlib.util.spec_from_file_location("tenderlint_examples_build", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _resolved(elements: Sequence[Any]) -> list[Any]:
    """Every element with its "{label}" references resolved against the whole document."""
    b = _build()
    _numbered, refs = b.number(elements)
    out = []
    for el in elements:
        if isinstance(el, b.Table):
            rows = tuple(tuple(b.resolve(c, refs) for c in row) for row in el.rows)
            el = dataclasses.replace(el, rows=rows)
        elif hasattr(el, "text"):
            el = dataclasses.replace(el, text=b.resolve(el.text, refs))
        out.append(el)
    return out


def _index(elements: Sequence[Any], text: str) -> int:
    return next(i for i, el in enumerate(elements) if getattr(el, "text", "").startswith(text))


def _docx(out: Path, stem: str, title: str, elements: Sequence[Any]) -> Path:
    b = _build()
    spec = b.Spec(stem=stem, title=title, subject=title, header=title, elements=tuple(elements))
    b.build_docx(spec, out)
    return out / f"{stem}.docx"


def build_contract(out: Path) -> dict[str, Path]:
    """core-terms.docx (clauses 1 to 30), schedules-1-5.docx and schedule-6.docx."""
    b = _build()
    e = _resolved(b.contract().elements)
    s1, s6 = _index(e, "Schedule 1:"), _index(e, "Schedule 6:")
    out.mkdir(parents=True, exist_ok=True)
    return {
        "core": _docx(out, "core-terms", "Call-off Contract: Core Terms", e[:s1]),
        "schedules": _docx(out, "schedules-1-5", "Call-off Contract: Schedules 1 to 5", e[s1:s6]),
        "schedule6": _docx(out, "schedule-6", "Schedule 6: Data processing", e[s6:]),
    }


def build_tender(out: Path) -> dict[str, Path]:
    """invitation-to-tender.docx without its award criteria, which refers to
    annex-b-evaluation.docx, the award criteria and their weightings."""
    b = _build()
    e = _resolved(b.itt().elements)
    start, end = _index(e, "Evaluation and award criteria"), _index(e, "Pricing")
    pointer = [
        b.Heading("Evaluation and award criteria"),
        b.Clause(
            "The Council will award the Call-off Contract to the most advantageous tender. "
            "The award criteria and their weightings are set out in Annex B (Evaluation and "
            "award criteria)."
        ),
    ]
    annex = [b.Cover("Annex B: Evaluation and award criteria", 20), *e[start:end]]
    out.mkdir(parents=True, exist_ok=True)
    return {
        "itt": _docx(
            out, "invitation-to-tender", "Invitation to Tender", [*e[:start], *pointer, *e[end:]]
        ),
        "annex": _docx(out, "annex-b-evaluation", "Annex B: Evaluation and award criteria", annex),
    }
