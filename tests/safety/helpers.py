"""Hostile inputs for the safety tests, made at test time: a small rule pack, contracts, a zip
bomb, an inflating PDF stream, a planted pickle."""

from __future__ import annotations

import io
import os
import pickle
import zipfile
import zlib
from pathlib import Path

from tests.conftest import write, write_pack

RULES = """
rule FOI-001 "Requests passed on within 2 working days" {
  severity error
  applies to contract
  require clause mentions "request for information"
  strong when mentions "transfer" as "a duty to transfer requests"
  example satisfied "The Supplier shall transfer each request for information."
  example weak "The Supplier may pass on a request for information."
  example missing "The Supplier shall provide the Services."
}
"""

CONTRACT = """
# Call-off Contract

14.1 The Supplier shall pass on any request for information within 2 working days.
"""


def pack(root: Path, rules: str = RULES) -> Path:
    return write_pack(root, rules, name="pack")


def contract(path: Path) -> Path:
    return write(path, CONTRACT)


class Planted:
    """A pickle that would create ``target`` if it were ever loaded."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.target),))


def planted_pickle(target: Path) -> bytes:
    return pickle.dumps(Planted(target))


def docx_bomb(path: Path, megabytes: int) -> Path:
    """A Word file whose document.xml is valid XML inflating to ``megabytes`` MB."""
    para = b"<w:p><w:r><w:t>The Supplier shall comply.</w:t></w:r></w:p>" * 1000
    body = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(body)
            for _ in range(megabytes * 1024 * 1024 // len(para) + 1):
                fh.write(para)
            fh.write(b"</w:body></w:document>")
    path.write_bytes(out.getvalue())
    return path


def pdf_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of spaces."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path
