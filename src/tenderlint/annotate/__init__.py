"""Annotated Word copies: results as comments anchored on the evidence, model wording as
tracked insertions.

``files`` reads the draft and writes the copy, ``annotator`` composes the rest: ``target``
(the copy's main and related parts), ``locate`` (quoted evidence in the runs), ``comments``
and ``messages`` (comment anchors, parts and text), ``placement`` and ``insert`` (where
wording goes and the tracked insertions), ``wording`` and ``formatting`` (helpers).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tenderlint.annotate.annotator import annotate
from tenderlint.annotate.files import load_docx, output_path, write_output
from tenderlint.annotate.result import AUTHOR, Annotated, AnnotateError
from tenderlint.annotate.wording import variant as _variant  # noqa: F401  (tests use it)
from tenderlint.annotate.wording import wording as _wording  # noqa: F401  (tests use it)
from tenderlint.model import DocType, Document

if TYPE_CHECKING:
    from tenderlint.config import Config
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack, Rule

__all__ = [
    "AUTHOR",
    "AnnotateError",
    "Annotated",
    "annotate",
    "load_docx",
    "output_path",
    "review",
    "write_output",
]


def review(
    draft: tuple[bytes, Document, list[Any]],
    *,
    rel_path: str,
    config: Config,
    packs: Sequence[Pack],
    compiled: Compiled,
    rules: Sequence[Rule],
    doc_type: str | None,
    insert_suggestions: bool,
    today: _dt.date,
) -> Annotated:
    """Evaluate and annotate a draft read by ``load_docx``: with the config's doc types,
    severities and waivers, as ``check`` does, so the copy agrees with the report."""
    from tenderlint import waivers
    from tenderlint.doctype import detect_doc_type
    from tenderlint.engine import Context, evaluate

    data, doc, elements = draft
    kind = config.doc_type_for(rel_path)
    reason = "set in the config"
    if kind is None and doc_type:
        kind, reason = DocType(doc_type), "set by --doc-type"
    if kind is None:
        kind, reason = detect_doc_type(doc)
    results = evaluate(doc, compiled, Context(kind, reason), rules)
    results = waivers.apply(results, rel_path, config.waivers, config.severity, today, set())
    try:
        return annotate(
            data,
            doc,
            elements,
            results,
            compiled=compiled,
            packs=packs,
            doc_type=kind,
            insert_suggestions=insert_suggestions,
        )
    except AnnotateError as exc:
        raise AnnotateError(f"{doc.path}: {exc}") from None
    except RecursionError:
        raise AnnotateError(f"{doc.path}: document structure is nested too deeply") from None
    except Exception as exc:  # a bug must give the one-line error and exit 2, not a trace
        raise AnnotateError(
            f"{doc.path}: could not annotate ({type(exc).__name__}: {exc})"
        ) from None
