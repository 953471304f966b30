"""The namespaces and element names of WordprocessingML that tenderlint reads and writes."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
DC = "http://purl.org/dc/elements/1.1/"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
# ISO 29500 Strict documents use other namespace URIs for the same vocabulary: parts are read
# under the transitional URIs and a Strict package gets its own back when they are written.
STRICT = {
    W: "http://purl.oclc.org/ooxml/wordprocessingml/main",
    R: "http://purl.oclc.org/ooxml/officeDocument/relationships",
    M: "http://purl.oclc.org/ooxml/officeDocument/math",
}


def w(name: str) -> str:
    """The Clark name of WordprocessingML element or attribute ``name`` ("p" -> "{W}p")."""
    return f"{{{W}}}{name}"


# Block and run structure.
P, R_, T, TBL, TR, TC, BODY = map(w, ("p", "r", "t", "tbl", "tr", "tc", "body"))
SDT, SDT_CONTENT, CUSTOM_XML = map(w, ("sdt", "sdtContent", "customXml"))
SECT_PR, ALT_CHUNK, TXBX = map(w, ("sectPr", "altChunk", "txbxContent"))
# Properties.
PPR, RPR, TRPR, PSTYLE, RSTYLE = map(w, ("pPr", "rPr", "trPr", "pStyle", "rStyle"))
NUMPR, NUMID, ILVL, OUTLINE, IND = map(w, ("numPr", "numId", "ilvl", "outlineLvl", "ind"))
VANISH, SHD, HIGHLIGHT, COLOR = map(w, ("vanish", "shd", "highlight", "color"))
# Revisions.
INS, DEL, MOVE_FROM, MOVE_TO = map(w, ("ins", "del", "moveFrom", "moveTo"))
# Run content.
DEL_TEXT, INSTR = w("delText"), w("instrText")
TAB, PTAB, BR, CR, NB_HYPHEN, SYM = map(w, ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym"))
FLD_CHAR, FLD_SIMPLE, HYPERLINK, SMART_TAG, DIR, BDO = map(
    w, ("fldChar", "fldSimple", "hyperlink", "smartTag", "dir", "bdo")
)
FOOTNOTE_REF, ENDNOTE_REF = w("footnoteReference"), w("endnoteReference")
DRAWING, PICT, OBJECT, RUBY, RUBY_BASE = map(w, ("drawing", "pict", "object", "ruby", "rubyBase"))
# Comments.
COMMENT, RANGE_START, RANGE_END, REFERENCE = map(
    w, ("comment", "commentRangeStart", "commentRangeEnd", "commentReference")
)
# Attributes.
VAL, ID, TYPE, AUTHOR_ATTR = w("val"), w("id"), w("type"), w("author")
R_ID = f"{{{R}}}id"
# Markup compatibility and maths.
ALTERNATE, CHOICE = f"{{{MC}}}AlternateContent", f"{{{MC}}}Choice"
MATH, MATH_PARA, MATH_T = f"{{{M}}}oMath", f"{{{M}}}oMathPara", f"{{{M}}}t"
RELATIONSHIP = f"{{{PKG_REL}}}Relationship"
