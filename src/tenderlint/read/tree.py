"""The clause tree of a document: each block's parent, clause path, depth and heading path.

Readers give ``Item``s in reading order with what their format knows (a heading level, a list
label, a bold face, table cells); ``build`` decides the rest in three passes: what each item is
(``classify``: contents, notes, numbered titles, the document's title), where it sits (``_Walk``:
a stack of open headings, clauses, lead-ins and list items), then definition entries and notes
that depend on the tree (``roles_after``). The tree must be right more than clever: when unsure,
a block belongs to the nearest preceding block it clearly sits in.
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderlint.model import Block, BlockKind, Location
from tenderlint.read import roles
from tenderlint.read.kinds import Item, classify, in_tree, introduces, roles_after
from tenderlint.read.numbers import Number, item_style

_HEADLIKE = ("part", "heading", "pseudo")
_FIRST_TOKENS = frozenset({"a", "A", "i", "I", "1"})
# Lists nest this deep at most, so clause paths stay short whatever a file holds.
_MAX_NESTED_ITEMS = 6
_MAX_BULLET_DEPTH = 12


@dataclass(slots=True)
class _Open:
    """A block that later blocks can sit in."""

    index: int
    kind: str  # part | heading | pseudo | dotted | item | leadin | bullet
    hlevel: int = 0  # heading level when it is a heading (a numbered title too)
    ctx: int = 0  # depth of the innermost dotted clause at or above it
    depth: int = 0  # dotted depth, or bullet depth
    style: str = ""  # item numbering style
    agreed: bool = False  # a lead-in "IT IS AGREED as follows:"
    used: bool = False  # some block already sits in it


def build(items: list[Item]) -> tuple[Block, ...]:
    """The blocks of ``items``, each with its parent, number, clause path and heading path."""
    classify(items)
    walk = _Walk(items)
    walk.run()
    roles_after(items, walk.parents)
    return walk.blocks()


class _Walk:
    """Reading order, with a stack of the blocks still open for later blocks to sit in."""

    def __init__(self, items: list[Item]) -> None:
        self.items = items
        n = len(items)
        self.parents = [-1] * n
        self.paths: list[str | None] = [None] * n  # clause path without the part
        self.parts: list[str | None] = [None] * n  # the schedule or annex it is in
        self.levels = [0] * n
        self.nlevels = [0] * n  # the depth of the nearest numbered block at or above
        self.hlevels = [0] * n
        self.numbers: list[str | None] = [None] * n
        self.stack: list[_Open] = []
        self.last_top = 0  # the last top-level clause number of the current part
        self.last_alpha: str | None = None
        self.row_parent: tuple[int, int] | None = None  # (last row read, its parent)

    # -- the stack ------------------------------------------------------------------------
    def _top(self) -> _Open | None:
        return self.stack[-1] if self.stack else None

    def _attach(self, i: int) -> None:
        """Block ``i`` sits in the block on top of the stack."""
        top = self._top()
        p = top.index if top else -1
        if top:
            top.used = True
        self.parents[i] = p
        if p >= 0:
            self.paths[i] = self.paths[p]
            self.parts[i] = self.parts[p]
            self.nlevels[i] = self.nlevels[p]

    def _hlevel(self) -> int:
        for o in reversed(self.stack):
            if o.hlevel:
                return o.hlevel
        return 0

    def _ctx(self) -> int:
        top = self._top()
        return top.ctx if top else 0

    # -- the walk -------------------------------------------------------------------------
    def run(self) -> None:
        for i, it in enumerate(self.items):
            if not in_tree(it):
                continue  # running headers, footers and notes sit outside the tree
            if it.kind in (BlockKind.CONTENTS, BlockKind.NOTE):
                self._attach(i)
            elif it.role == "title":
                self.hlevels[i] = it.heading or 1
            elif it.role == "part":
                self._part(i, it)
            elif it.kind is BlockKind.HEADING or it.role in ("clause-title", "pseudo"):
                self._heading(i, it)
            elif it.cells:
                self._row(i)
            else:
                self._body(i, it)

    def _row(self, i: int) -> None:
        """A table sits in the block that introduces it ("the following service levels:"),
        else in the heading or titled clause it is under, not in the list item before it."""
        last = self.row_parent
        if last is not None and last[0] == i - 1:
            self.row_parent = (i, last[1])  # the next row of the same table
            p = last[1]
            self.parents[i] = p
            if p >= 0:
                self.paths[i], self.parts[i] = self.paths[p], self.parts[p]
            return
        while self.stack:
            top = self.stack[-1]
            if top.kind in _HEADLIKE or top.hlevel:
                break
            if not top.used and introduces(self.items[top.index].text):
                break
            self.stack.pop()
        self._attach(i)
        self.row_parent = (i, self.parents[i])

    def _part(self, i: int, it: Item) -> None:
        level = it.heading or 1
        while self.stack and (
            self.stack[-1].kind not in _HEADLIKE or self.stack[-1].hlevel >= level
        ):
            self.stack.pop()
        self._attach(i)
        assert it.number is not None
        # "Schedule 6, paragraph 3"; a US solicitation's "Section L" numbers its own
        # paragraphs "L.3", so it needs no prefix.
        printed = it.number.printed
        self.parts[i] = None if printed.startswith("Section ") else printed
        self.paths[i] = None
        self.numbers[i] = it.number.printed
        self.hlevels[i] = level
        self.last_top = 0
        self.stack.append(_Open(i, "part", hlevel=level))

    def _heading(self, i: int, it: Item) -> None:
        num = self._usable(it)
        if it.role == "pseudo":
            while self.stack and self.stack[-1].kind not in ("part", "heading", "dotted"):
                self.stack.pop()
            while self.stack and self.stack[-1].kind == "dotted" and not self.stack[-1].hlevel:
                self.stack.pop()  # a sub-heading closes the running clause before it
            level = self._hlevel() + 1
        elif num is not None and num.kind == "dotted":
            d = num.depth
            level = it.heading
            while self.stack and self._closes_numbered_heading(self.stack[-1], d, level):
                self.stack.pop()
            if not level:  # a numbered title found in the text
                level = self._hlevel() + 1
        else:
            level = it.heading or self._hlevel() + 1
            while self.stack and self._closes_heading(self.stack[-1], level):
                self.stack.pop()
        self._attach(i)
        self.hlevels[i] = level
        if num is not None and num.kind == "dotted":
            self._number(i, num)
            self.stack.append(_Open(i, "dotted", hlevel=level, ctx=num.depth, depth=num.depth))
        else:
            if num is not None:
                self._number(i, num)
            kind = "pseudo" if it.role == "pseudo" else "heading"
            self.stack.append(_Open(i, kind, hlevel=level, ctx=self._ctx()))

    @staticmethod
    def _closes_heading(top: _Open, level: int) -> bool:
        """Whether an unnumbered heading at ``level`` closes ``top``."""
        if top.kind == "part":
            return top.hlevel > level
        if top.hlevel:
            return top.hlevel >= level
        return True  # running clauses, items, lead-ins and bullets end at a heading

    @staticmethod
    def _closes_numbered_heading(top: _Open, depth: int, level: int) -> bool:
        """Whether a heading numbered at ``depth`` (and at ``level``, if a style gives one)
        closes ``top``."""
        if top.kind in ("item", "leadin", "bullet", "pseudo"):
            return True
        if top.kind == "part":
            return False  # numbering restarts inside a schedule
        if top.ctx >= depth and top.kind in ("dotted", "heading"):
            return True
        return bool(level) and bool(top.hlevel) and top.hlevel >= level

    def _usable(self, it: Item) -> Number | None:
        """The item's number, unless a typed top-level number is implausible ("255")."""
        num = it.number
        if num is None or num.kind != "dotted" or num.depth != 1 or not it.typed or it.heading:
            return num
        n = num.first()
        if n is not None and n != 1 and n > self.last_top + 5:
            return None
        return num

    def _number(self, i: int, num: Number) -> None:
        """Give block ``i`` its own number and the clause path it makes."""
        self.numbers[i] = num.printed
        if num.kind == "dotted":
            self.paths[i] = num.printed
            self.levels[i] = self.nlevels[i] = num.depth
            n = num.first()
            if num.depth == 1 and n is not None:
                self.last_top = n
        else:
            p = self.parents[i]
            base = self.paths[p] if p >= 0 else None
            self.paths[i] = f"{base or ''}{num.cite}"
            self.levels[i] = self.nlevels[i] = (self.nlevels[p] if p >= 0 else 0) + 1

    def _as_item(self, it: Item, num: Number) -> bool:
        """Whether a one-part number ("1.") is a list item here rather than a clause."""
        if num.depth != 1:
            return False
        if (it.depth or 1) > 1:
            return True  # "1." at the second level of a Word list
        n = num.first()
        inner = None
        for o in reversed(self.stack):
            if o.kind == "leadin" and not o.agreed:
                return True
            if o.kind == "item" and o.style == "digit":
                got = self.items[o.index].number
                if got is not None and got.token.isdigit() and int(got.token) + 1 == n:
                    return True  # the next of a numbered list inside a clause
            if o.kind in ("dotted", "part", "heading"):
                inner = o
                break
        if inner is None or inner.kind != "dotted" or n is None:
            return False
        got = self.items[inner.index].number
        top = got.first() if got is not None else None
        # "1." inside clause 9.5.1 (or L.3) starts a list; "3." after 2.4 is clause 3.
        return top is None or n <= top

    def _body(self, i: int, it: Item) -> None:
        num = self._usable(it)
        if num is not None and num.kind == "dotted" and self._as_item(it, num):
            num = Number(num.printed + ".", "item", token=num.parts[0], style="digit")
        if num is not None and num.kind == "dotted":
            while self.stack and (
                self.stack[-1].kind in ("item", "leadin", "bullet")
                or (self.stack[-1].kind != "part" and self.stack[-1].ctx >= num.depth)
            ):
                self.stack.pop()
            self._attach(i)
            self._number(i, num)
            self.stack.append(_Open(i, "dotted", ctx=num.depth, depth=num.depth))
            self.last_alpha = None
        elif num is not None and num.kind == "item":
            self._item(i, it, num)
        elif it.kind is BlockKind.LIST_ITEM:
            k = min(it.depth or 1, _MAX_BULLET_DEPTH)
            while self.stack and self.stack[-1].kind == "bullet" and self.stack[-1].depth >= k:
                self.stack.pop()
            self._attach(i)
            self.levels[i] = k
            self.stack.append(_Open(i, "bullet", ctx=self._ctx(), depth=k))
        else:
            while self.stack and self.stack[-1].kind in ("item", "leadin", "bullet"):
                self.stack.pop()
            self._attach(i)
            if introduces(it.text):
                agreed = roles.agreed_leadin(it.text)
                self.stack.append(_Open(i, "leadin", ctx=self._ctx(), agreed=agreed))

    def _item(self, i: int, it: Item, num: Number) -> None:
        style = num.style or item_style(num.token, self.last_alpha)
        while self.stack and self.stack[-1].kind == "bullet":
            self.stack.pop()
        # A sibling of an open item of the same style closes it and what is below it; but a
        # list that starts again ("a)") right after an item that introduces it ("h) ... the
        # following:") is that item's own list.
        top = self._top()
        open_items = 0
        for o in reversed(self.stack):
            if o.kind != "item":
                break
            open_items += 1
        nested = (
            open_items < _MAX_NESTED_ITEMS  # a hostile "a) ...:" x 10,000 stays shallow
            and top is not None
            and num.token in _FIRST_TOKENS
            and top.kind == "item"
            and not top.used
            and introduces(self.items[top.index].text)
        )
        for k in range(len(self.stack) - 1, -1, -1):
            o = self.stack[k]
            if o.kind != "item" or nested:
                break
            if o.style == style:
                del self.stack[k:]
                break
        self._attach(i)
        self._number(i, num)
        if style in ("alpha", "upper"):
            self.last_alpha = num.token
        self.stack.append(_Open(i, "item", ctx=self._ctx(), style=style))

    # -- out ------------------------------------------------------------------------------
    def _heading_paths(self) -> list[str | None]:
        out: list[str | None] = [None] * len(self.items)
        for i, it in enumerate(self.items):
            p = self.parents[i]
            base = out[p] if p >= 0 else None
            if it.kind is BlockKind.HEADING and it.role != "title":
                out[i] = f"{base} > {it.text}" if base else it.text
            elif it.role == "title":
                out[i] = it.text
            else:
                out[i] = base
        return out

    def blocks(self) -> tuple[Block, ...]:
        heads = self._heading_paths()
        out = []
        for i, it in enumerate(self.items):
            clause = None
            if in_tree(it) and it.role != "title":
                path, part = self.paths[i], self.parts[i]
                clause = f"{part}, paragraph {path}" if part and path else (part or path)
            loc = Location(block=i + 1, page=it.page, clause=clause, heading=heads[i], line=it.line)
            out.append(
                Block(
                    it.text,
                    it.kind,
                    loc,
                    self.levels[i],
                    heading_level=self.hlevels[i] if it.kind is BlockKind.HEADING else 0,
                    redacted=it.redacted,
                    parent=self.parents[i],
                    number=self.numbers[i] if it.kind is not BlockKind.CONTENTS else None,
                    cells=it.cells,
                    header=it.header,
                    term=it.term,
                )
            )
        return tuple(out)
