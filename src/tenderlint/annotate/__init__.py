"""Annotated Word copies: results as comments anchored on the evidence, model wording as
tracked insertions.

``files`` reads the draft and writes the copy, ``annotator`` composes the rest: ``target``
(the copy's main and related parts), ``locate`` (quoted evidence in the runs), ``comments``
and ``messages`` (comment anchors, parts and text), ``placement`` and ``insert`` (where
wording goes and the tracked insertions), ``wording`` and ``formatting`` (helpers).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenderlint.annotate.annotator import annotate
from tenderlint.annotate.files import load_docx, output_path, write_output
from tenderlint.annotate.result import AUTHOR, Annotated, AnnotateError
from tenderlint.annotate.wording import variant as _variant  # noqa: F401  (tests use it)
from tenderlint.annotate.wording import wording as _wording  # noqa: F401  (tests use it)
from tenderlint.model import Document

if TYPE_CHECKING:
    from tenderlint.model import Result
    from tenderlint.report import SetReport
    from tenderlint.run import Session

__all__ = [
    "AUTHOR",
    "AnnotateError",
    "Annotated",
    "annotate",
    "load_docx",
    "output_path",
    "review",
    "review_set",
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


def member_results(checked: SetReport, path: str) -> list[Result]:
    """The set's results that belong in one member's copy: each with only the quotations in
    that member; a result with no quotation (a missing requirement, a rule that does not
    apply) in the main document's copy alone."""
    out = []
    for r in checked.results:
        mine = tuple(e for e in r.evidence if e.location and e.location.document == path)
        if mine:
            out.append(replace(r, evidence=mine))
        elif not r.evidence and path == checked.main:
            out.append(r)
    return out


def review_set(
    checked: SetReport,
    *,
    session: Session,
    output: Path | None,
    force: bool,
    insert_suggestions: bool,
) -> list[str]:
    """A reviewed copy of each Word document of a checked set, with the set's results on the
    clauses they quote; one line per copy written. ``output`` is a folder for the copies
    (default: beside each document, as DOCUMENT.reviewed.docx)."""
    written = []
    for member in checked.members:
        src = Path(member.path)
        if src.suffix.lower() != ".docx":
            continue
        target = output / f"{src.stem}.reviewed.docx" if output is not None else None
        out = output_path(src, target, force)
        data, doc, elements = load_docx(src, member.path, session.limits)
        try:
            done = annotate(
                data,
                doc,
                elements,
                member_results(checked, member.path),
                compiled=session.compiled,
                packs=session.packs,
                doc_type=member.doc_type,
                insert_suggestions=insert_suggestions,
            )
        except AnnotateError as exc:
            raise AnnotateError(f"{doc.path}: {exc}") from None
        except Exception as exc:  # a bug must give the one-line error and exit 2, not a trace
            raise AnnotateError(
                f"{doc.path}: could not annotate ({type(exc).__name__}: {exc})"
            ) from None
        write_output(out, done.data, src)
        written.append(done.summary(str(out.as_posix())))
    return written
