"""Annotated Word copies: results as comments anchored on the evidence, model wording as
tracked insertions.

``files`` reads the draft and writes the copy, ``annotator`` composes the rest: ``target``
(the copy's main and related parts), ``locate`` (quoted evidence in the runs), ``comments``
and ``messages`` (comment anchors, parts and text), ``placement`` and ``insert`` (where
wording goes and the tracked insertions), ``wording`` and ``formatting`` (helpers).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenderlint.annotate.annotator import annotate
from tenderlint.annotate.files import load_docx, output_path, write_output
from tenderlint.annotate.result import AUTHOR, Annotated, AnnotateError
from tenderlint.annotate.wording import variant as _variant  # noqa: F401  (tests use it)
from tenderlint.annotate.wording import wording as _wording  # noqa: F401  (tests use it)
from tenderlint.model import Document

if TYPE_CHECKING:
    from tenderlint.run import Session

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
    session: Session,
    insert_suggestions: bool,
) -> Annotated:
    """Check a draft read by ``load_docx`` through the same pipeline as ``check`` (type,
    rules, the config's waivers and severities), then annotate it with the results."""
    from tenderlint.run import check_document

    data, doc, elements = draft
    report = check_document(doc, rel_path, session, set())
    try:
        return annotate(
            data,
            doc,
            elements,
            list(report.results),
            compiled=session.compiled,
            packs=session.packs,
            doc_type=report.doc_type,
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
