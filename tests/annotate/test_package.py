"""The annotated copy as a package: parts beside an unusual main part, unchanged members, Strict."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from tenderlint.read import read_document
from tests.annotate.helpers import (
    body_texts,
    comments,
    part,
    setup,
)


def test_main_part_elsewhere_gets_its_comments_beside_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """A draft whose main part is not word/document.xml still gets its comments part next to
    it, related and typed, and Word's reader (python-docx) opens it."""
    src = setup(tmp_path)
    moved = tmp_path / "moved.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(moved, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            name = info.filename.replace("word/", "doc/")
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = data.replace(b"word/", b"doc/")
            zout.writestr(name, data)
    r = cli("annotate", "moved.docx", "--pack", "test-pack")
    assert r.exit_code == 0, r.output
    out = tmp_path / "moved.reviewed.docx"
    with zipfile.ZipFile(out) as z:
        assert "doc/comments.xml" in z.namelist()
    assert len(comments(out)) == 4


def test_copy_of_input_members_is_unchanged_when_no_results(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    setup(
        tmp_path,
        [
            ("Title", "Call-off Contract"),
            (None, "The Authority owns all Authority Data."),
            (
                None,
                "The Supplier shall transfer each request for information within 2 working days.",
            ),
            (None, "The Supplier shall meet each key performance indicator."),
        ],
    )
    r = cli("annotate", "draft.docx", "--pack", "test-pack")
    assert r.exit_code == 0, r.output
    assert r.output == (
        "wrote draft.reviewed.docx: 0 comments (0 weak, 0 conflict, 0 missing, 0 with advice), "
        "0 suggestions inserted\n"
    )
    out = tmp_path / "draft.reviewed.docx"
    with zipfile.ZipFile(tmp_path / "draft.docx") as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()  # no empty comments part is added
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name)
    assert comments(out) == []
    assert body_texts(out) == body_texts(tmp_path / "draft.docx")


STRICT = (
    (
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    ),
)


def test_strict_package_keeps_its_namespaces(cli: Callable[..., Result], tmp_path: Path) -> None:
    """An ISO 29500 Strict document is read under the transitional names; the copy is
    written back in Strict, comments part and relationship included."""
    src = setup(tmp_path)
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(strict, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            for old, new in STRICT:
                data = data.replace(old, new)
            zout.writestr(info, data)
    r = cli("annotate", "strict.docx", "--pack", "test-pack", "--insert-suggestions")
    assert r.exit_code == 0, r.output
    out = tmp_path / "strict.reviewed.docx"
    with zipfile.ZipFile(out) as z:
        for name in ("word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels"):
            data = z.read(name)
            assert b"purl.oclc.org/ooxml" in data, name
            assert b"schemas.openxmlformats.org/wordprocessingml" not in data, name
    types = {rel.get("Type") for rel in part(out, "word/_rels/document.xml.rels")}
    assert "http://purl.oclc.org/ooxml/officeDocument/relationships/comments" in types
    doc = read_document(out, "out")
    assert doc.measures["comments"] == 4
    assert (
        "1.1.1 The Supplier shall transfer each request for information to the Authority "
        "within two (2) working days of receipt." in [b.text for b in doc.blocks]
    )
