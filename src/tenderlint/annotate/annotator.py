"""Annotating a draft: comments for the results and, if asked, their wording inserted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tenderlint.annotate.comments import Comments, Ids
from tenderlint.annotate.insert import Inserter
from tenderlint.annotate.messages import Messages
from tenderlint.annotate.placement import Plan, Planner
from tenderlint.annotate.result import Annotated, AnnotateError
from tenderlint.annotate.target import Target
from tenderlint.annotate.wording import is_wording, variant
from tenderlint.model import DocType, Document, Outcome, Result
from tenderlint.read import ReadFailure
from tenderlint.read.ooxml.package import PackageCopy

if TYPE_CHECKING:
    from tenderlint.engine import Compiled
    from tenderlint.lang.nouns import Pack


class _Annotator:
    """The draft's copy with the collaborators that comment on it and insert into it."""

    def __init__(
        self,
        data: bytes,
        doc: Document,
        elements: Sequence[Any],
        compiled: Compiled,
        packs: Sequence[Pack],
        doc_type: DocType,
    ) -> None:
        self.target = Target(PackageCopy(data), doc, elements)
        self.comments = Comments(self.target)
        self.ids = Ids(self.target, self.comments.root)
        self.messages = Messages(compiled, packs, doc_type)
        self.planner = Planner(self.target, compiled)
        self.inserter = Inserter(self.target, self.ids)

    def plans(self, results: Sequence[Result]) -> dict[str, Plan]:
        """Where the wording of each weak or missing result goes, when it is wording."""
        plans: dict[str, Plan] = {}
        for r in results:
            rule = self.messages.rules.get(r.rule)
            if rule is None or not r.suggestion or not is_wording(rule, r.suggestion):
                continue
            plan = self.planner.weak_plan(r) if r.outcome is Outcome.WEAK else None
            plans[r.rule] = plan if plan is not None else self.planner.section_plan(rule)
        return plans

    def finding_comment(self, result: Result, plan: Plan | None) -> None:
        """A comment on the first evidence of a weak or conflict result, else on the title."""
        ev = result.evidence[0] if result.evidence else None
        anchor = self.target.element(ev.location.block if ev and ev.location else None)
        body = self.messages.finding(result, plan, ev if anchor is None else None)
        cid = self.ids.new()
        self.comments.mark(
            anchor if anchor is not None else self.target.title_element(),
            ev.quote if ev and anchor is not None else None,
            cid,
        )
        self.comments.add(cid, body)

    def missing_comment(self, missing: Sequence[Result], plans: dict[str, Plan]) -> None:
        """One comment on the title listing every missing requirement."""
        body = self.messages.missing(missing, plans)
        cid = self.ids.new()
        self.comments.mark(self.target.title_element(), None, cid)
        self.comments.add(cid, body)

    def finish(self) -> bytes:
        """The bytes of the copy: the main part and comments part written back."""
        self.target.write(self.target.main, self.target.root)
        self.comments.write()
        return self.target.pkg.build()


def annotate(
    data: bytes,
    doc: Document,
    elements: Sequence[Any],
    results: Sequence[Result],
    *,
    compiled: Compiled,
    packs: Sequence[Pack],
    doc_type: DocType,
    insert_suggestions: bool = False,
) -> Annotated:
    """The annotated copy of the .docx ``data`` that ``doc`` and ``elements`` were read from.

    A comment for every weak and conflict result, anchored on its evidence; one comment on
    the title listing the missing requirements; with ``insert_suggestions``, the model
    wording of weak and missing requirements as tracked insertions. ``elements`` (from
    ``read_docx_elements``) are modified in place. Every other part is copied unchanged.
    """
    try:
        ann = _Annotator(data, doc, elements, compiled, packs, doc_type)
        weak = [r for r in results if r.outcome is Outcome.WEAK]
        conflict = [r for r in results if r.outcome is Outcome.CONFLICT]
        missing = [r for r in results if r.outcome is Outcome.MISSING]
        # Plans are made before anything changes, so comments and insertions cannot move
        # each other; insertions go in last, after the comments' markers are in place.
        plans = ann.plans([*weak, *missing]) if insert_suggestions else {}
        for r in sorted([*weak, *conflict], key=lambda r: r.rule):
            ann.finding_comment(r, plans.get(r.rule))
        if missing:
            ann.missing_comment(missing, plans)
        for r in [*weak, *missing]:
            plan = plans.get(r.rule)
            if plan is not None and r.suggestion:
                ann.inserter.insert(plan, variant(r.suggestion, doc_type))
        data = ann.finish()
    except ReadFailure as exc:  # a damaged part of the copy, in the reader's words
        raise AnnotateError(str(exc)) from None
    return Annotated(
        data=data,
        weak=len(weak),
        conflict=len(conflict),
        missing=len(missing),
        inserted=len(plans),
    )
