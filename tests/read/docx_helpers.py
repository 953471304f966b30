"""Building small .docx files for the DOCX reader's tests, and reading them back."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from tenderlint.model import Document
from tenderlint.read import Limits, ReadFailure
from tenderlint.read.docx import read_docx
from tests.conftest import REPO

ROOT = REPO
FIXTURES = ROOT / "fixtures" / "docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


# -- helpers ----------------------------------------------------------------------------------
def make_docx(
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    parts: dict[str, tuple[str, str]] | None = None,
    core_title: str | None = None,
    main: str = "word/document.xml",
) -> bytes:
    """A minimal .docx: ``body`` is the inner XML of w:body; ``parts`` maps a part name in
    word/ to (relationship type, root element XML) for headers, notes and comments."""
    rels: list[tuple[str, str, str]] = []
    files: dict[str, str] = {}
    if styles is not None:
        rels.append(("rIdS", "styles", "styles.xml"))
        files["word/styles.xml"] = f"<w:styles {NS}>{styles}</w:styles>"
    if numbering is not None:
        rels.append(("rIdN", "numbering", "numbering.xml"))
        files["word/numbering.xml"] = f"<w:numbering {NS}>{numbering}</w:numbering>"
    for i, (name, (typ, xml)) in enumerate((parts or {}).items()):
        rels.append((f"rId{i + 1}", typ, name))
        files[f"word/{name}"] = xml
    package_rels = [("rIdD", "officeDocument", main)]
    if core_title is not None:
        package_rels.append(
            (
                "rIdC",
                "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties",
                "docProps/core.xml",
            )
        )
        files["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{core_title}</dc:title></cp:coreProperties>"
        )
    files["_rels/.rels"] = (
        f'<Relationships xmlns="{PKG}">'
        + "".join(
            f'<Relationship Id="{i}" Type="{t if "/" in t else f"{REL}/{t}"}" Target="{g}"/>'
            for i, t, g in package_rels
        )
        + "</Relationships>"
    )
    base = main.rsplit("/", 1)[-1]
    files[f"word/_rels/{base}.rels"] = (
        f'<Relationships xmlns="{PKG}">'
        + "".join(f'<Relationship Id="{i}" Type="{REL}/{t}" Target="{g}"/>' for i, t, g in rels)
        + "</Relationships>"
    )
    files[main] = f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        for name, text in files.items():
            z.writestr(name, text.encode())
    return out.getvalue()


def read(data: bytes, limits: Limits | None = None) -> Document:
    return read_docx(data, "t.docx", hashlib.sha256(data).hexdigest(), limits or Limits())


def rows(doc: Document) -> list[tuple[str, str | None, str]]:
    return [(b.kind.value, b.location.clause, b.text) for b in doc.blocks]


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def p(text: str, ppr: str = "", rpr: str = "") -> str:
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def numpr(num: int, ilvl: int | None = None) -> str:
    lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
    return f'<w:pPr><w:numPr>{lvl}<w:numId w:val="{num}"/></w:numPr></w:pPr>'


def style_ppr(style: str) -> str:
    return f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>'


def lvl(ilvl: int, fmt: str, text: str, extra: str = "", start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


HEADINGS = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/>'
    '<w:basedOn w:val="Normal"/></w:style>'
)


# -- bad input --------------------------------------------------------------------------------
def failure(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ReadFailure) as exc:
        read(data, limits)
    message = str(exc.value)
    assert "\n" not in message
    return message
