"""The DOCX reader against bad and hostile input, and `extract` reporting it in one line."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenderlint.cli import main
from tenderlint.read import Limits, ReadFailure, read_document
from tenderlint.read import docx as reader
from tests.read.docx_helpers import (
    FIXTURES,
    NS,
    ROOT,
    failure,
    lvl,
    make_docx,
    numpr,
    p,
    r,
    read,
    texts,
)


def test_entity_declarations_are_refused_in_any_encoding() -> None:
    laughs = (FIXTURES / "billion-laughs.docx").read_bytes()
    assert failure(laughs) == (
        "word/document.xml declares a DTD or XML entities (entity-expansion attack?): refused"
    )
    utf16 = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
        f"<w:document {NS}><w:body>{p('&a;')}</w:body></w:document>"
    ).encode("utf-16")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx(p("x")))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, utf16 if info.filename == "word/document.xml" else src.read(info))
    assert "entity-expansion attack" in failure(out.getvalue())


def test_zip_problems() -> None:
    assert failure((FIXTURES / "truncated.docx").read_bytes()) == (
        "corrupt or truncated .docx (not a valid zip)"
    )
    assert failure((FIXTURES / "zip-bomb.docx").read_bytes()) == (
        "zip declares 1024 MB of content, over the 512 MB unzip limit "
        "(zip bomb?; [limits] inflate-mb in the config)"
    )
    small = Limits(max_unzipped_bytes=1000)
    message = "over the 0.00095 MB unzip limit (zip bomb?; [limits] inflate-mb in the config)"
    assert message in failure(make_docx(p("x" * 2000)), small)
    assert failure((FIXTURES / "not-word.docx").read_bytes()) == (
        "not a Word document (the zip has no word/document.xml)"
    )
    xlsx = io.BytesIO()
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert failure(xlsx.getvalue()) == (
        "content is an Excel workbook, not a Word document; is it misnamed?"
    )


def test_lying_and_damaged_entries() -> None:
    data = bytearray(make_docx(p("The Supplier shall " * 50)))
    # Understate document.xml's size in the central directory: the read stops there and
    # the CRC check fails, rather than trusting the data.
    pos = data.find(b"PK\x01\x02" + bytes(0))
    while pos >= 0:
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + n] == b"word/document.xml":
            struct.pack_into("<I", data, pos + 24, 10)
        pos = data.find(b"PK\x01\x02", pos + 4)
    assert failure(bytes(data)) == "corrupt or truncated .docx (word/document.xml is damaged)"
    # A zip entry flagged as password-encrypted.
    enc = bytearray(make_docx(p("x")))
    pos = enc.find(b"PK\x01\x02")
    while pos >= 0:
        struct.pack_into("<H", enc, pos + 8, struct.unpack_from("<H", enc, pos + 8)[0] | 1)
        pos = enc.find(b"PK\x01\x02", pos + 4)
    assert failure(bytes(enc)) == "the .docx zip is password-encrypted: save an unprotected copy"
    # A central directory claiming a huge number of entries is refused before it is listed.
    many = bytearray(make_docx(p("x")))
    eocd = many.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", many, eocd + 8, 60000, 60000)
    assert failure(bytes(many)) == "zip has 60000 entries: not a Word document"


def test_bounded_reader_stops_at_the_budget() -> None:
    pkg = reader._Package(make_docx(p("x" * 5000)), Limits())
    pkg._left = 100  # as if earlier parts had used the budget up
    with pytest.raises(ReadFailure, match=r"unzips to more than the 512 MB limit"):
        pkg.read("word/document.xml")


def test_malformed_xml_and_wrong_root() -> None:
    bad = io.BytesIO()
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("word/document.xml", "<w:document xmlns:w='x'><w:body>")
    assert failure(bad.getvalue()).startswith(
        "corrupt .docx: word/document.xml is not well-formed XML ("
    )
    wrong = io.BytesIO()
    with zipfile.ZipFile(wrong, "w") as z:
        z.writestr("word/document.xml", f"<w:styles {NS}/>")
    assert failure(wrong.getvalue()) == ("not a Word document (its main part is not a w:document)")


def test_input_file_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "c.docx"
    path.write_bytes((FIXTURES / "contract.docx").read_bytes())
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    doc = read_document(path, "c.docx")
    assert doc.blocks
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


# -- the command line -------------------------------------------------------------------------
def test_cli_extract_reports_each_bad_file_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    names = [
        "contract.docx",
        "billion-laughs.docx",
        "empty.docx",
        "encrypted.docx",
        "not-word.docx",
        "pdf-renamed.docx",
        "redacted.docx",
        "truncated.docx",
        "zip-bomb.docx",
    ]
    result = CliRunner().invoke(main, ["extract", *(f"fixtures/docx/{n}" for n in names)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "error: fixtures/docx/billion-laughs.docx: word/document.xml declares a DTD or XML "
        "entities (entity-expansion attack?): refused",
        "error: fixtures/docx/empty.docx: empty file",
        "error: fixtures/docx/encrypted.docx: encrypted (password-protected) or legacy Word "
        "file: save an unprotected .docx",
        "error: fixtures/docx/not-word.docx: not a Word document (the zip has no "
        "word/document.xml)",
        "error: fixtures/docx/pdf-renamed.docx: content is a PDF, not a Word document; is it "
        "misnamed?",
        "error: fixtures/docx/truncated.docx: corrupt or truncated .docx (not a valid zip)",
        "error: fixtures/docx/zip-bomb.docx: zip declares 1024 MB of content, over the 512 MB "
        "unzip limit (zip bomb?; [limits] inflate-mb in the config)",
    ]
    # The good files in the same command are still extracted.
    assert "fixtures/docx/contract.docx  (docx, 41 blocks)" in result.stdout
    assert "fixtures/docx/redacted.docx  (docx, 7 blocks)" in result.stdout
    assert "cl.1.2(a)(ii)" in result.stdout


def test_cli_extract_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["extract", "fixtures/docx/contract.docx", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    assert payload["errors"] == []
    (doc,) = payload["documents"]
    assert doc["format"] == "docx"
    assert doc["measures"] == {"comments": 1, "tracked_changes": 2}
    clause = next(b for b in doc["blocks"] if b["location"]["clause"] == "1.2(a)(ii)")
    assert clause["location"] == {
        "page": None,
        "block": 10,
        "clause": "1.2(a)(ii)",
        "heading": "1. Definitions and Interpretation",
    }
    assert clause["level"] == 4


def test_unclosed_fields_stay_linear() -> None:
    body = ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>' + r("code") + "</w:p>") * 20000
    doc = read(make_docx(body + '<w:p><w:r><w:fldChar w:fldCharType="separate"/></w:r></w:p>'))
    assert doc.blocks == ()


def test_excessive_nesting_is_one_clear_error() -> None:
    deep = "<w:customXml>" * 300 + p("x") + "</w:customXml>" * 300
    assert failure(make_docx(deep)) == "word/document.xml is nested too deeply to read"


def test_hostile_list_start_values_stay_small() -> None:
    numbering = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "lowerLetter", "(%1)", start=1_000_000_000)
        + "</w:abstractNum>"
        + '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    )
    doc = read(make_docx(p("Item", numpr(1, 0)), numbering=numbering))
    assert texts(doc) == ["(1000000000) Item"]
