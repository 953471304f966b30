"""Annotating a draft: comments for the results and, if asked, their wording inserted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tenderlint.annotate.comments import Comments, Ids
from tenderlint.annotate.insert import Inserter
from tenderlint.annotate.language import language_of
from tenderlint.annotate.locate import paragraphs_of
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
        """A comment on the first evidence of a result (weak, conflict, or satisfied with
        advice), else on the title with the evidence quoted."""
        ev = result.evidence[0] if result.evidence else None
        anchor = self.target.element(ev.location.block if ev and ev.location else None)
        body = self.messages.comment(result, plan, ev if anchor is None else None)
        cid = self.ids.new()
        self.comments.mark(
            anchor if anchor is not None else self.target.title_element(),
            ev.quote if ev and anchor is not None else None,
            cid,
        )
        self.comments.add(cid, body)

    def missing_comment(self, result: Result, plan: Plan | None) -> None:
        """A comment on where a missing requirement belongs: the paragraph its wording
        follows (the end of the most relevant section), else the title."""
        rule = self.messages.rules.get(result.rule)
        where = plan if plan is not None or rule is None else self.planner.section_plan(rule)
        paras = paragraphs_of(where.after) if where is not None and where.after is not None else []
        anchor = paras[-1] if paras else self.target.title_element()
        cid = self.ids.new()
        self.comments.mark(anchor, None, cid)
        self.comments.add(cid, self.messages.comment(result, plan))

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

    A comment for every weak and conflict result, anchored on its evidence; one for each
    missing requirement, where its wording belongs; one for each satisfied result with
    advice; with ``insert_suggestions``, the model wording of weak and missing requirements
    as tracked insertions, in the draft's names for the parties and its defined terms.
    ``elements`` (from ``read_docx_elements``) are modified in place. Every other part is
    copied unchanged.
    """
    try:
        ann = _Annotator(data, doc, elements, compiled, packs, doc_type)
        weak = [r for r in results if r.outcome is Outcome.WEAK]
        conflict = [r for r in results if r.outcome is Outcome.CONFLICT]
        missing = [r for r in results if r.outcome is Outcome.MISSING]
        advised = [r for r in results if r.outcome is Outcome.SATISFIED and r.advice]
        # Plans are made before anything changes, so comments and insertions cannot move
        # each other; insertions go in last, after the comments' markers are in place.
        plans = ann.plans([*weak, *missing]) if insert_suggestions else {}
        for r in sorted([*weak, *conflict], key=lambda r: r.rule):
            ann.finding_comment(r, plans.get(r.rule))
        for r in sorted(missing, key=lambda r: r.rule):
            ann.missing_comment(r, plans.get(r.rule))
        for r in sorted(advised, key=lambda r: r.rule):
            ann.finding_comment(r, None)
        words = language_of(doc)
        for r in [*weak, *missing]:
            plan = plans.get(r.rule)
            if plan is not None and r.suggestion:
                ann.inserter.insert(plan, words.localise(variant(r.suggestion, doc_type)))
        data = ann.finish()
    except ReadFailure as exc:  # a damaged part of the copy, in the reader's words
        raise AnnotateError(str(exc)) from None
    return Annotated(
        data=data,
        weak=len(weak),
        conflict=len(conflict),
        missing=len(missing),
        inserted=len(plans),
        advised=len(advised),
    )
