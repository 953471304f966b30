"""The files annotate touches: the draft read once and never written, the copy written safely."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from tenderlint.annotate.result import AnnotateError
from tenderlint.model import Document
from tenderlint.read import Limits, ReadFailure


def output_path(src: Path, output: Path | None, force: bool) -> Path:
    """Where the copy of ``src`` goes; refuses the input itself and, without ``force``, any
    existing file, so a lawyer's draft is never overwritten by a review."""
    if src.suffix.lower() != ".docx":
        raise AnnotateError(
            f"{src}: annotate adds Word comments, so it needs a .docx file"
            f" (got {src.suffix or 'no extension'}; save the draft as .docx)"
        )
    if not src.exists():
        raise AnnotateError(f"{src}: no such file")
    out = output if output is not None else src.with_name(f"{src.stem}.reviewed.docx")
    if out.suffix.lower() != ".docx":
        raise AnnotateError(f"{out}: the annotated copy must be named .docx")
    if _same_file(src, out):
        raise AnnotateError(f"{out}: is the input file; annotate never overwrites the draft")
    if out.is_dir():
        raise AnnotateError(f"{out}: is a directory")
    if (out.exists() or out.is_symlink()) and not force:
        raise AnnotateError(f"{out}: already exists (use --force to overwrite it)")
    return out


def _same_file(a: Path, b: Path) -> bool:
    # samefile sees through symlinks, hard links and case-insensitive file systems; the
    # resolved-path comparison covers an output that does not exist yet.
    try:
        if b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def write_output(out: Path, data: bytes, src: Path) -> None:
    """Write the copy through a temporary file in the same directory, then rename it into
    place, so an interrupted run never leaves half a .docx where the copy should be."""
    if _same_file(src, out):  # checked again: the file system may have changed meanwhile
        raise AnnotateError(f"{out}: is the input file; annotate never overwrites the draft")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tenderlint-", suffix=".docx", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 would hide the copy from others
            os.replace(tmp, out)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise AnnotateError(f"{out}: cannot write: {exc.strerror or exc}") from None


def _read_draft(path: Path, shown: str, limits: Limits) -> tuple[bytes, Document, list[Any]]:
    from tenderlint.read import sniff
    from tenderlint.read.docx import read_docx_elements

    size = path.stat().st_size
    if not path.is_file():
        raise ReadFailure("not a regular file")
    if size == 0:
        raise ReadFailure("empty file")
    if size > limits.max_bytes:
        raise ReadFailure(
            f"file is {size / 1048576:.1f} MB, over the {limits.max_bytes / 1048576:.0f} MB limit"
        )
    with open(path, "rb") as fh:
        data = fh.read()
    kind = sniff(data)
    if kind == "ole":
        raise ReadFailure(
            "encrypted (password-protected) or legacy Word file: save an unprotected .docx"
        )
    if kind != "zip":
        what = {"pdf": "a PDF", "rtf": "an RTF document"}.get(kind or "", "text")
        raise ReadFailure(f"content is {what}, not a Word document; is it misnamed?")
    sha = hashlib.sha256(data).hexdigest()
    from tenderlint.read.parties import find_parties

    doc, elements = read_docx_elements(data, shown, sha, limits)
    if not any(b.kind.is_body and b.text for b in doc.blocks):
        raise ReadFailure("no text found in the document")
    # The parties as the draft names them, as check reads them: the inserted wording uses them.
    return data, replace(doc, parties=find_parties(doc)), elements


def load_docx(path: Path, shown: str, limits: Limits) -> tuple[bytes, Document, list[Any]]:
    """The bytes of ``path`` (read once, never written), its Document and block elements."""
    try:
        return _read_draft(path, shown, limits)
    except ReadFailure as exc:
        raise AnnotateError(f"{shown}: {exc}") from None
    except FileNotFoundError:
        raise AnnotateError(f"{shown}: no such file") from None
    except OSError as exc:
        raise AnnotateError(f"{shown}: cannot open: {exc.strerror or exc}") from None
    except RecursionError:
        raise AnnotateError(f"{shown}: document structure is nested too deeply to read") from None
