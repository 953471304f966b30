"""What each block of a document is, before and after its clause tree is built: its number
(typed or from a list), contents entries and drafting notes, numbered clause titles and bold
sub-headings, the document's title, and, once the tree says what sits in what, definition
entries and the text under a guidance heading.

``Item`` is a block as a reader gave it, with the hints its format has; ``tree`` places it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderlint.model import BlockKind
from tenderlint.read import roles
from tenderlint.read.numbers import Number, part_name, typed_number


@dataclass(slots=True)
class Item:
    """One block as a reader gave it, with the hints its format has; filled in by ``build``."""

    text: str
    kind: BlockKind
    page: int | None = None
    line: int | None = None
    redacted: bool = False
    heading: int = 0  # heading level the source gives (0: not a heading)
    title: bool = False  # the source marks it as the document's title
    number: Number | None = None  # an automatic (list) number the source rendered
    depth: int | None = None  # list level the source gives (1 = outermost)
    bold: bool = False  # the whole line is bold
    contents: bool = False  # the source marks it as a table-of-contents entry
    note: bool = False  # the source marks it as a drafting note or guidance
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    role: str = ""  # title | part | clause-title | pseudo (decided by classify)
    typed: bool = False  # the number was typed in the text, not rendered by a list
    read_number: bool = True  # False: the reader found the text opens with no clause number
    term: str | None = None


_NUMBERED_KINDS = (
    BlockKind.PARAGRAPH,
    BlockKind.HEADING,
    BlockKind.LIST_ITEM,
    BlockKind.DEFINITION,
)


def introduces(text: str) -> bool:
    """A line that ends by introducing what follows: "The Supplier shall:"."""
    return text.rstrip().endswith((":", ":-", ": -", "\u2014"))


_HEADER, _FOOTER, _FOOTNOTE = BlockKind.HEADER, BlockKind.FOOTER, BlockKind.FOOTNOTE


def in_tree(item: Item) -> bool:
    """Body text, which the tree holds (running headers, footers and notes sit outside)."""
    # Identity tests: hashing an enum member runs Python code, and this runs per block.
    kind = item.kind
    return kind is not _HEADER and kind is not _FOOTER and kind is not _FOOTNOTE


def _typed(item: Item) -> None:
    """Give the item the number typed at the start of its text, if no list gave it one."""
    if item.number is not None or item.cells or item.contents or not item.read_number:
        return
    if item.kind is BlockKind.HEADING or item.kind is BlockKind.PARAGRAPH:
        part = part_name(item.text)
        if part and (item.kind is BlockKind.HEADING or _part_line(item.text)):
            item.number = Number(part, "part")
            return
    if item.kind in _NUMBERED_KINDS:
        item.number = typed_number(item.text)[0]
        item.typed = item.number is not None


def _part_line(text: str) -> bool:
    """A paragraph that is only a schedule or annex heading ("ANNEX A: Subprocessors")."""
    return len(text) <= 120 and len(text.split()) <= 14 and text[-1] not in ".;,"


def classify(items: list[Item]) -> None:
    """Numbers, contents entries, notes, numbered titles and the document's title."""
    for it in items:
        if not in_tree(it):
            continue
        if it.contents or (it.kind is not BlockKind.HEADING and roles.leader_line(it.text)):
            it.kind, it.contents = BlockKind.CONTENTS, True
            continue
        _typed(it)
        if it.note or (it.kind is not BlockKind.HEADING and roles.note_text(it.text)):
            it.kind = BlockKind.NOTE
    _contents_runs(items)
    _promote(items)
    _document_title(items)


def _contents_runs(items: list[Item]) -> None:
    """Lines under a "Contents" heading that repeat later headings, or end in a page number."""
    starts = [i for i, it in enumerate(items) if in_tree(it) and roles.contents_heading(it.text)]
    if not starts:
        return
    last: dict[str, int] = {}
    for i, it in enumerate(items):
        if i > starts[0] and in_tree(it) and len(it.text) <= 160:
            last[roles.key(it.text)] = i
    i = starts[0]
    while i < len(items):
        it = items[i]
        if not (in_tree(it) and roles.contents_heading(it.text)):
            i += 1
            continue
        if it.kind is BlockKind.PARAGRAPH:
            it.kind, it.heading = BlockKind.HEADING, 1
        j = i + 1
        while j < len(items):
            nxt = items[j]
            if not in_tree(nxt) or nxt.kind is BlockKind.CONTENTS:
                j += 1
                continue
            k = roles.key(nxt.text)
            if not k or (last.get(k, -1) <= j and not roles.page_at_end(nxt.text)):
                break
            nxt.kind, nxt.contents, nxt.number = BlockKind.CONTENTS, True, None
            j += 1
        i = j


def _next_in_tree(items: list[Item], i: int) -> Item | None:
    for j in range(i + 1, min(i + 8, len(items))):
        it = items[j]
        if in_tree(it) and it.kind not in (BlockKind.CONTENTS, BlockKind.NOTE):
            return it
    return None


def _promote(items: list[Item]) -> None:
    """Numbered clause titles ("1. Definitions", "L.3 GENERAL INSTRUCTIONS") and bold
    sub-headings open what follows them; schedule and annex lines open a part."""
    previous: Item | None = None
    front = True  # the cover page, before any heading or numbered clause
    for i, it in enumerate(items):
        if not in_tree(it) or it.kind is BlockKind.CONTENTS:
            continue
        num = it.number
        front = front and it.kind is not BlockKind.HEADING and num is None
        if it.kind is BlockKind.HEADING:
            if num is not None and num.kind == "part":
                it.role = "part"
        elif it.kind is BlockKind.PARAGRAPH:
            if num is not None and num.kind == "part":
                it.role = "part"
            elif num is not None and num.kind == "dotted" and _clause_title(it, previous, items, i):
                it.role = "clause-title"
            elif (
                num is None and it.bold and not front and roles.pseudo_heading(it.text.rstrip(":"))
            ):
                nxt = _next_in_tree(items, i)
                if nxt is not None and not nxt.bold and nxt.kind is not BlockKind.HEADING:
                    # "Product Lead:" over a paragraph is a sub-heading; over a list it is
                    # the list's lead-in.
                    plain = nxt.kind is BlockKind.PARAGRAPH and nxt.number is None
                    if not it.text.endswith(":") or plain:
                        it.role = "pseudo"
            if it.role:
                it.kind = BlockKind.HEADING
        previous = it


def _clause_title(it: Item, previous: Item | None, items: list[Item], i: int) -> bool:
    num = it.number
    assert num is not None
    rest = roles.after_number(it.text, num)
    if not roles.title_words(rest):
        return False
    nxt = _next_in_tree(items, i)
    nnum = nxt.number if nxt is not None else None
    if nnum is not None and nnum.kind == "dotted":
        if nnum.depth > num.depth and nnum.parts[: num.depth] == num.parts:
            return True  # "1. Definitions" then "1.1 ..."
        if nnum.depth == num.depth:
            return False  # one of a list of short numbered lines
    if nnum is not None and nnum.kind == "item":
        return True  # "8.5 Security of processing" then "(a) The data importer shall ..."
    if it.bold or roles.caps_title(rest):
        return nxt is not None
    if nxt is None or nxt.kind is not BlockKind.PARAGRAPH or nnum is not None:
        return False
    # A short numbered line with no full stop, then running text: a title, unless it is one
    # of a run of short numbered lines.
    pnum = previous.number if previous is not None else None
    sibling = (
        previous is not None
        and pnum is not None
        and pnum.kind == "dotted"
        and pnum.depth == num.depth
        and previous.kind is not BlockKind.HEADING
        and roles.title_words(roles.after_number(previous.text, pnum))
    )
    return len(rest.split()) <= 8 and len(nxt.text.split()) >= 8 and not sibling


def _document_title(items: list[Item]) -> None:
    """The document's own title is a leaf: it is not the parent of every section."""
    headings = [it for it in items if it.kind is BlockKind.HEADING or it.role]
    if any(it.title for it in items):
        for it in items:
            # "Attachment F" as a title still opens the part its paragraphs are cited in.
            if it.title and it.kind is BlockKind.HEADING and it.role != "part":
                it.role = "title"
        return
    if len(headings) < 3:
        return
    first = headings[0]
    if first.kind is not BlockKind.HEADING or first.number is not None or first.role:
        return
    level = first.heading or 1
    # Schedules and annexes sit at the top beside the title; other headings sit below it.
    if all(not h.heading or h.heading > level or h.role == "part" for h in headings[1:]):
        first.role = "title"


def roles_after(items: list[Item], parents: list[int]) -> None:
    """Definition entries (in a definitions clause, or a quoted term that "means"), and the
    blocks under a "Guidance" heading, once the tree says what sits in what."""
    n = len(items)
    in_defs = [False] * n
    in_notes = [False] * n
    opens: dict[int, tuple[bool, bool]] = {}  # parent -> (opens definitions, guidance)
    for i, it in enumerate(items):
        p = parents[i]
        if p >= 0:
            got = opens.get(p)
            if got is None:
                q = items[p]
                got = opens[p] = (
                    _opens_definitions(q),
                    q.kind is BlockKind.HEADING and roles.note_heading(q.text),
                )
            in_defs[i] = in_defs[p] or got[0]
            in_notes[i] = in_notes[p] or got[1]
        if in_notes[i] and it.kind.is_operative:
            it.kind = BlockKind.NOTE
        if it.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM, BlockKind.TABLE_ROW):
            continue
        term = _term(it, in_defs[i])
        parent = items[p] if p >= 0 else None
        sub_item = it.kind is not BlockKind.TABLE_ROW and it.number is not None
        if term is None and sub_item and parent and parent.kind is BlockKind.DEFINITION:
            term = parent.term  # "(a)" of '"Services" means:'
        if term:
            it.kind, it.term = BlockKind.DEFINITION, term


def _opens_definitions(it: Item) -> bool:
    if it.kind is BlockKind.HEADING:
        return roles.definitions_heading(roles.after_number(it.text, it.number))
    return it.kind is BlockKind.PARAGRAPH and roles.definitions_leadin(it.text)


def _term(it: Item, in_defs: bool) -> str | None:
    if it.kind is BlockKind.TABLE_ROW:
        if not in_defs or not it.cells or it.cells == it.header:
            return None
        if it.header and roles.question_header(it.header):
            return None  # "Question | Answer": a supplier's answers, operative text
        return roles.cell_term(it.cells)
    if not in_defs and not roles.may_quote(it.text):
        return None
    text = roles.after_number(it.text, it.number)
    if in_defs and not roles.definitions_leadin(text):
        return roles.entry_term(text)
    return roles.quoted_term(text)
