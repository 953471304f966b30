"""Obligation frames: who must (or may, or must not) do what, read from each sentence.

A frame is one modal verb phrase: its subject (resolved to the document's parties), its
modality ("shall", "must" and "will" bind; "should", "may", "will endeavour to" do not), its
polarity, whether it is passive ("records shall be retained"), and the words that can be its
action: the verb after the modal, verbs joined to it by "and"/"or", the noun after a light verb
("provide a copy", "ensure the return of"), and the start of each item of a lead-in ending with
a colon ("The Supplier shall: (a) return ...; (b) delete ..."). Rules test frames with
``SUPPLIER must RETURN BUYER_DATA``; this module only reads them. English grammar, not policy:
the modal words are the engine's, the parties and actions the pack's.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from tenderlint.engine.modality import (
    ASSURANCES,
    BOUNDARY,
    DETERMINERS,
    IRREGULAR_PARTICIPLES,
    JOINERS,
    LIGHT_VERBS,
    LIST_MARKS,
    LY_WORDS,
    MODALS_BY_FIRST,
    MUTUAL,
    PARTICIPLE_ENDINGS,
    PREPOSITIONS,
    PRONOUNS,
    ROMAN_NUMERALS,
    SEMI_MODALS,
    SKIP,
    THINGS,
    TIME_UNITS,
    Modality,
    modal_at,
)


@dataclass(frozen=True)
class Frame:
    """One modal verb phrase of a sentence, its parties and where its action may be."""

    modality: Modality
    modal: tuple[int, int]  # character span of the modal words
    roles: frozenset[str]  # parties the subject names (empty: no party, or agentless)
    subject: tuple[int, int] | None  # character span of the subject mention
    passive: bool
    agents: frozenset[str]  # parties named by "by the ..." in a passive
    span: tuple[int, int]  # from the subject (or clause start) to the end of the predicate
    predicate: tuple[int, int]  # after the modal, to the end of its clause
    actions: tuple[int, ...]  # token indices where the action can be
    named: bool = False  # the subject is a name no party set knows ("the Trust shall")
    # The words before the subject ("Where practicable, the Supplier shall test ..., shall
    # audit ... and shall share ..."): a hedge there qualifies every frame of that subject.
    opening: tuple[int, int] | None = None
    # An item of a lead-in ("If the Contractor receives a request, it shall: (a) send it"):
    # the lead-in up to the first item, where the item's object may also be.
    lead: tuple[int, int] | None = None

    @property
    def binding(self) -> bool:
        return self.modality in (Modality.MUST, Modality.MUST_NOT)


@dataclass(frozen=True)
class Sentence:
    """A stretch of text a frame is read from: token range and character span."""

    first: int  # first token index
    last: int  # one past the last token
    start: int
    end: int


_REQUIRED_BY = ("that", "for", "is")  # "requires that", "the requirement is for"


class FrameReader:
    """Reads frames from token streams; ``roles_at`` says which parties a token names."""

    def __init__(
        self,
        words: Sequence[str],
        starts: Sequence[int],
        ends: Sequence[int],
        text: str,
        roles_at: dict[int, tuple[frozenset[str], int]],
    ) -> None:
        self.words = words
        self.starts = starts
        self.ends = ends
        self.text = text
        # token index -> (parties named, first token of the mention), for every token of a
        # mention of a party ("the", "Contractor" both point at "the")
        self.roles_at = roles_at
        self._openers: list[int] | None = None

    def token_range(self, start: int, end: int) -> Sentence:
        first = bisect_left(self.starts, start)
        last = bisect_left(self.starts, end)
        return Sentence(first, last, start, end)

    def frames(self, s: Sentence, items: Sequence[Sentence] = ()) -> list[Frame]:
        """Every frame of sentence ``s``; ``items`` are the sub-items of a lead-in ending with
        a colon, each the continuation of the lead-in's first modal."""
        out: list[Frame] = []
        modals = self._modals(s)
        if not modals:
            implicit = self._implicit(s)
            return [implicit] if implicit else []
        head = 0  # the modal the items continue
        for k, (a, b, _mod) in enumerate(modals):
            limit = modals[k + 1][0] if k + 1 < len(modals) else s.last
            subject, roles, shared = self._frame_subject(s, a, out)
            end_tok = self._predicate_end(b, limit)
            if end_tok <= b and items and k + 1 == len(modals):
                head = k  # "... and agree that they shall: (a) ...": its verbs are the items'
                continue
            if self._denied(s.first, a):
                continue  # "... does not guarantee that it will not be disclosed": no promise
            out.append(self._frame(s, modals, k, end_tok, subject, roles, shared, out))
        if items and modals:
            # "The Supplier shall not, without the Buyer's consent: (a) sell ...; (b) mine ...":
            # every item continues the lead-in's first modal, whatever qualifies it before the
            # colon (the commonest way contracts list prohibitions and processor duties).
            a, b, mod = modals[head]
            subject, roles = self._subject(s.first, a)
            if head and not roles and out:
                # "The Parties agree ... and agree that they shall:": the pronoun is the
                # subject of the clause that governs it
                subject, roles = None, out[-1].roles
            nxt = modals[head + 1][0] if head + 1 < len(modals) else s.last
            mod = self._negated(mod, b, self._predicate_end(b, nxt))
            out.extend(self._item_frames(a, b, mod, subject, roles, items, s.start))
        return out

    def _implicit(self, s: Sentence) -> Frame | None:
        """A duty stated without a modal verb: specification shorthand ("Supplier to provide
        test reports"), a requirement ("The Trust requires that every output is reviewed", "The
        requirement is for WCAG 2.1 AA"), or a supplier's own terms in the present tense ("We run
        accessibility tests before every release", "Our service meets WCAG 2.2 AA")."""
        k = s.first
        while k < s.last and (self.words[k].isdigit() or self._marker(k)):
            k += 1
        mention = self.roles_at.get(k)
        if mention is not None:
            roles, _head = mention
            j = k
            while j < s.last and self.roles_at.get(j) is not None:
                j += 1
            if j < s.last and self.words[j] == "to":
                return self._statement(s, roles, j + 1)  # "Supplier to provide ..."
            we = self.words[k] == "we"
            if (
                "supplier" in roles
                and self.words[k] in ("we", "our")
                and j < s.last
                and (we or self.words[j] not in ("are", "is", "have", "has"))
            ):
                return self._statement(s, roles, j if we else j + 1)
        for j in range(k, min(k + 8, s.last - 1)):
            nxt = self.words[j + 1]
            if self.words[j] in ("requires", "require", "requirement") and nxt in _REQUIRED_BY:
                start = j + 2 if nxt != "is" else j + 3
                return self._statement(s, frozenset(), min(start, s.last - 1))
        return None

    def imperative(self, s: Sentence) -> Frame | None:
        """An item of a requirements list in the imperative ("Provide monthly reports", "Early
        in the project, spend time with users"): a duty on whoever delivers, no party named."""
        k = s.first
        while k < s.last and (self.words[k].isdigit() or self._marker(k)):
            k += 1
        if k >= s.last or self.text[s.start : s.end].rstrip().endswith("?"):
            return None
        w = self.words[k]
        if w in DETERMINERS or w in PRONOUNS or w in ("we", "you", "i") or self.roles_at.get(k):
            return None
        return self._statement(s, frozenset(), k)

    def _statement(self, s: Sentence, roles: frozenset[str], verb: int) -> Frame:
        actions = [self._verb_start(verb, s.last)]
        actions += [j for j in range(verb, min(verb + 12, s.last))]
        return Frame(
            modality=Modality.MUST,
            modal=(s.start, s.start),
            roles=roles,
            subject=None,
            passive=False,
            agents=frozenset(),
            span=(s.start, s.end),
            predicate=(self.starts[verb] if verb < s.last else s.end, s.end),
            actions=tuple(sorted({a for a in actions if a < s.last})),
        )

    def _modals(self, s: Sentence) -> list[tuple[int, int, Modality]]:
        # Only the tokens that can open a modal are tried, found once per document.
        if self._openers is None:
            self._openers = [i for i, w in enumerate(self.words) if w in MODALS_BY_FIRST]
        modals: list[tuple[int, int, Modality]] = []
        i = s.first
        for k in range(bisect_left(self._openers, s.first), len(self._openers)):
            j = self._openers[k]
            if j >= s.last:
                break
            if j >= i and (found := modal_at(self.words, j, s.last)) is not None:
                modals.append((j, j + found[0], found[1]))
                i = j + found[0]
        return modals

    def _frame_subject(
        self, s: Sentence, a: int, out: list[Frame]
    ) -> tuple[tuple[int, int] | None, frozenset[str], bool]:
        subject, roles = self._subject(s.first, a)
        if out and self._after_comma(a, s.first):
            # "The Supplier shall monitor ... where the Council holds the data, shall report
            # ...": a modal straight after a comma has no subject of its own either.
            return None, out[-1].roles, True
        if self._continues(a, s.first):
            if out:
                # "it will not respond ... and will transfer": the second modal has no subject
                # of its own; it shares the one before.
                return None, out[-1].roles, True
            # "The Contractor acknowledges that the Council is ... and shall provide": the
            # modal shares the subject that opens the clause, not a party in the that-clause.
            subject, roles = self._opening_subject(s.first, a) or (subject, roles)
        return subject, roles, False

    def _frame(
        self,
        s: Sentence,
        modals: list[tuple[int, int, Modality]],
        k: int,
        end_tok: int,
        subject: tuple[int, int] | None,
        roles: frozenset[str],
        shared: bool,
        out: list[Frame],
    ) -> Frame:
        a, b, mod = modals[k]
        predicate_end = self.ends[end_tok - 1] if end_tok > b else self.ends[b - 1]
        passive, agents = self._passive(b, end_tok)
        # A hedge anywhere in the modal's clause qualifies it ("Save as otherwise agreed, the
        # Authority shall publish ..."): the frame runs from the clause's start.
        start = self._clause_start(s.first, a)
        opening: tuple[int, int] | None = None
        if out and (shared or (k and subject and subject[0] < modals[k - 1][0])):
            # "X shall A, unless ..., and shall B": what qualifies A is not B's, but what stands
            # before X qualifies both.
            opening = out[-1].opening or (start, out[-1].subject[0] if out[-1].subject else start)
            start = max(start, out[-1].predicate[1])
        return Frame(
            modality=self._negated(mod, b, end_tok),
            modal=(self.starts[a], self.ends[b - 1]),
            roles=roles,
            subject=(self.starts[subject[0]], self.ends[subject[1] - 1]) if subject else None,
            passive=passive,
            agents=agents,
            span=(start, predicate_end),
            predicate=(self.ends[b - 1], predicate_end),
            actions=self._actions(b, end_tok, passive),
            named=(out[-1].named if shared else not roles and self._named_subject(s.first, a)),
            opening=opening,
        )

    # -- pieces ------------------------------------------------------------------------------
    def _clause_start(self, first: int, modal: int) -> int:
        """The start of the clause the modal is in: after the last ";" or ":" before it."""
        start = self.starts[first]
        lo = self.starts[first]
        hi = self.starts[modal]
        cut = max(self.text.rfind(";", lo, hi), self.text.rfind(":", lo, hi))
        return cut + 1 if cut >= 0 else start

    def _subject(self, first: int, modal: int) -> tuple[tuple[int, int] | None, frozenset[str]]:
        """The nearest party mention before the modal in its clause, not inside a phrase
        that starts with a preposition; a pronoun is resolved to an earlier mention."""
        clause_start = self._clause_start(first, modal)
        j = modal - 1
        while j >= first and self.starts[j] >= clause_start:
            if ")" in self.text[self.ends[j] : self.starts[j + 1]]:
                # "the proposed solution (customer and staff facing) shall": no subject inside
                j = self._before_parenthesis(j, first)
                continue
            w = self.words[j]
            if j + 1 < modal and (w, self.words[j + 1]) in MUTUAL:
                return (j, j + 2), frozenset({"buyer", "supplier"})
            mention = self.roles_at.get(j)
            if mention is not None:
                roles, head = mention
                if not self._after_preposition(head, first):
                    return (head, j + 1), roles
                j = head - 1
                continue
            if w in PRONOUNS:
                for k in range(j - 1, first - 1, -1):
                    earlier = self.roles_at.get(k)
                    if earlier is not None:
                        return (j, j + 1), earlier[0]
                return (j, j + 1), frozenset()
            j -= 1
        return None, frozenset()

    def _opening_subject(
        self, first: int, modal: int
    ) -> tuple[tuple[int, int], frozenset[str]] | None:
        """The party that opens the modal's clause, if one does."""
        clause_start = self._clause_start(first, modal)
        for j in range(first, modal):
            if self.starts[j] < clause_start or self._marker(j) or self.words[j].isdigit():
                continue
            mention = self.roles_at.get(j)
            if mention is not None and mention[1] == j:
                return (j, j + 1), mention[0]
            if self.words[j] not in DETERMINERS:
                return None
        return None

    def _denied(self, first: int, modal: int) -> bool:
        """Is the modal's clause the object of a denied assurance ("does not guarantee that",
        "is no guarantee that", "does not mean that")? What it says is then nobody's promise."""
        lo = max(first, modal - 8)
        for j in range(modal - 1, lo, -1):
            if self.words[j] == "that" and self.words[j - 1] in ASSURANCES:
                return any(w in ("not", "no", "never") for w in self.words[max(first, j - 4) : j])
        return False

    def _continues(self, modal: int, first: int) -> bool:
        """Is the modal joined to the one before by "and"/"or" with no subject between?"""
        j = modal - 1
        while j > first and self.words[j] in SKIP and self.words[j] not in ("and", "or"):
            j -= 1
        return j >= first and self.words[j] in ("and", "or", "but", "then")

    def _after_comma(self, modal: int, first: int) -> bool:
        """Does the modal (or an adverb before it: ", also shall") follow a comma directly?"""
        j = modal - 1
        while j > first and self.words[j] in SKIP and self.words[j] not in ("and", "or"):
            j -= 1
        return j >= first and "," in self.text[self.ends[j] : self.starts[j + 1]]

    def _named_subject(self, first: int, modal: int) -> bool:
        """Is the word before the modal a capitalised name ("the Trust shall", "GDS will")
        rather than a thing ("the system must") or the sentence's first word ("Bids must")?"""
        j = self._before_apposition(first, modal - 1)
        while j > first and self.words[j] in SKIP:
            j -= 1
        start = first
        while start < j and (self.words[start].isdigit() or self._marker(start)):
            start += 1  # "8.1 We will": the clause number is not the sentence's first word
        if self.words[j] in ("we", "you", "us", "our", "your"):
            return True  # "we" and "you" are parties only where the document says which
        if j <= start or self.words[j] in ("they", "it", "i") or self.words[j] in THINGS:
            return False  # "The System shall", "Authorised Users must": the supplier's side
        return self.text[self.starts[j]].isupper()

    def _before_apposition(self, first: int, j: int) -> int:
        """Skip back over a phrase set off by commas just before the modal ("Each deliverable,
        including the web application built under this Task Order, must meet")."""
        if j <= first or "," not in self.text[self.ends[j] : self.ends[j] + 2]:
            return j
        k = j
        while k > first:
            if "," in self.text[self.ends[k - 1] : self.starts[k]]:
                return k - 1
            k -= 1
        return j

    def _before_parenthesis(self, j: int, first: int) -> int:
        """The token before the "(" that opens the parenthesis token ``j`` closes."""
        k = j
        while k > first and "(" not in self.text[self.ends[k - 1] : self.starts[k]]:
            k -= 1
        return k - 1 if k > first else first - 1

    def _after_preposition(self, head: int, first: int) -> bool:
        """Is the mention starting at ``head`` the object of a preposition ("of the Council",
        "by the relevant Commissioner")? Looks back past its own determiner and adjectives;
        a noun before that ends another phrase ("on expiry of this Agreement the Processor
        shall") and the mention is the subject."""
        if self.words[head] in ("we", "they", "i"):
            return False  # a subject pronoun ("within 30 days of termination we will")
        k = head - 1
        while k >= first and not self.text[self.ends[k] : self.starts[k + 1]].strip():
            w = self.words[k]
            if w in PREPOSITIONS:
                return True
            if w in DETERMINERS:
                k -= 1
                return k >= first and self.words[k] in PREPOSITIONS
            if w in MODALS_BY_FIRST or w in ("and", "or", "that", "which", "who") or head - k > 3:
                return False
            if self.text[self.starts[k]].isupper():
                return False  # a capitalised word ends the phrase before the mention
            k -= 1
        return False

    def _predicate_end(self, b: int, limit: int) -> int:
        """The end of the modal's clause: a semicolon or colon, or the next modal."""
        if b < limit:  # the first boundary between two tokens (not inside one: "10:30")
            for m in BOUNDARY.finditer(self.text, self.ends[b - 1], self.starts[limit - 1]):
                k = bisect_right(self.starts, m.start(), b, limit)
                if m.start() >= self.ends[k - 1]:
                    return k
        return limit

    def _passive(self, b: int, end: int) -> tuple[bool, frozenset[str]]:
        """Is the verb phrase passive ("shall be returned"), and who is named as its agent?"""
        k = b
        while k < end and self.words[k] in SKIP and self.words[k] not in DETERMINERS:
            k += 1
        if not (k + 1 < end and self.words[k] in ("be", "been")):
            return False, frozenset()
        nxt = self.words[k + 1]
        if not (nxt.endswith(PARTICIPLE_ENDINGS) or nxt in IRREGULAR_PARTICIPLES):
            return False, frozenset()
        if nxt in SEMI_MODALS and k + 2 < end and self.words[k + 2] == "to":
            return False, frozenset()  # "be required to publish" is active: the party publishes
        agents: set[str] = set()
        for j in range(k + 2, end - 1):
            if self.words[j] != "by":
                continue
            m = j + 1
            while m < end and self.words[m] in DETERMINERS:
                m += 1
            mention = self.roles_at.get(m)
            if mention is not None:
                agents |= mention[0]
        return True, frozenset(agents)

    def _actions(self, b: int, end: int, passive: bool) -> tuple[int, ...]:
        """Token positions that can be the frame's action."""
        out: list[int] = []
        k = self._verb_start(self._past_inserted_phrase(b, end), end)
        if passive:
            while k < end and self.words[k] in ("be", "been"):
                k += 1
        k = self._past_semi_modal(k, end)
        if k < end:
            out.append(k)
            if self.words[k] in LIGHT_VERBS:
                # "provide a copy of", "ensure the return of": the noun is the action too.
                out.extend(range(k + 1, min(k + 5, end)))
        words, text, starts, ends = self.words, self.text, self.starts, self.ends
        joined = [j for j in range(k + 1, end) if words[j - 1] in JOINERS]
        if k + 1 < end:  # a verb after a lone "," or "/" between two tokens
            for m in LIST_MARKS.finditer(text, ends[k], starts[end - 1]):
                j = bisect_right(starts, m.start(), k + 1, end)
                if text[ends[j - 1] : starts[j]].strip() in (",", "/"):
                    joined.append(j)
        out.extend(self._verb_start(j, end) for j in joined)
        return tuple(sorted({j for j in out if j < end}))

    def _past_inserted_phrase(self, b: int, end: int) -> int:
        """ "shall, in providing the Services to the public, have due regard": a phrase set off
        by commas straight after the modal is not its verb."""
        if b >= end or "," not in self.text[self.ends[b - 1] : self.starts[b]]:
            return b
        if self.words[b] not in ("in", "by", "when", "while", "on", "upon", "at", "for", "where"):
            return b
        for j in range(b + 1, min(b + 16, end)):
            if "," in self.text[self.ends[j - 1] : self.starts[j]]:
                return j
        return b

    def _past_semi_modal(self, k: int, end: int) -> int:
        """After "be required to", "be obliged to", "be able to": the verb they govern."""
        j = k
        if j < end and self.words[j] in ("be", "been"):
            j += 1
        if j + 1 < end and self.words[j] in SEMI_MODALS and self.words[j + 1] == "to":
            return self._verb_start(j + 2, end)
        return k

    def _verb_start(self, k: int, end: int) -> int:
        """The first word from ``k`` that can be a verb: past adverbs ("promptly"), list
        markers ("(b)"), time phrases ("in any event within two (2) Working Days")."""
        while k < end:
            w = self.words[k]
            adverb = w.endswith("ly") and len(w) > 4 and w not in LY_WORDS
            if w in SKIP or adverb or self._marker(k) or w == "to":
                k += 1  # "..., to monitor take-up, to report ...": each item's verb follows "to"
            elif w in ("within", "by") and (after := self._time_phrase_end(k, end)) > k:
                k = after
            else:
                break
        return k

    def _marker(self, k: int) -> bool:
        """Is token ``k`` a list marker such as "(b)", "b)" or "2."?"""
        w = self.words[k]
        if len(w) > 4:
            return False
        before = self.text[self.starts[k] - 1 : self.starts[k]] if self.starts[k] else ""
        after = self.text[self.ends[k] : self.ends[k] + 1]
        if (before == "(" and after == ")") or (after in (")", ".") and w.isdigit()):
            return True
        # "b)", "iv)", and a letter in a dotted number ("8.18.b.")
        letter = w.isalpha() and (len(w) == 1 or w in ROMAN_NUMERALS)
        return letter and (after == ")" or (before == "." and after == "."))

    def _time_phrase_end(self, k: int, end: int) -> int:
        """After "within two (2) Working Days [of receipt]", or ``k`` if there is none."""
        for j in range(k + 1, min(k + 7, end)):
            if self.words[j] in TIME_UNITS:
                j += 1
                if j < end and self.words[j] == "of" and j + 1 < end:
                    j += 2  # "of receipt", "of the request" (one word after "of" is enough)
                return j
        return k

    def _negated(self, mod: Modality, b: int, end: int) -> Modality:
        """ "shall not" is read as one modal; "shall never", "shall ensure that no
        Subcontractor shall", "shall procure that it does not" likewise forbid."""
        if mod is not Modality.MUST or b >= end:
            return mod
        if self.words[b] in ("never", "not"):
            return Modality.MUST_NOT
        k = self._verb_start(b, end)
        if k < end and self.words[k] in ("ensure", "procure"):
            window = self.words[k + 1 : min(k + 10, end)]
            if any(w in ("not", "no", "never", "t") for w in window):
                return Modality.MUST_NOT
        return mod

    def _item_frames(
        self,
        a: int,
        b: int,
        mod: Modality,
        subject: tuple[int, int] | None,
        roles: frozenset[str],
        items: Sequence[Sentence],
        lead_start: int,
    ) -> list[Frame]:
        out = []
        lead = (lead_start, items[0].start) if items else None
        for item in items:
            if item.first >= item.last:
                continue
            passive, agents = self._passive(item.first, item.last)
            actions = self._actions(item.first, item.last, passive)
            start = self.starts[subject[0]] if subject else self.starts[a]
            out.append(
                Frame(
                    # "(f) ensure that no personnel publish ...": the item's own negation
                    modality=self._negated(mod, item.first, item.last),
                    modal=(self.starts[a], self.ends[b - 1]),
                    roles=roles,
                    subject=(self.starts[subject[0]], self.ends[subject[1] - 1])
                    if subject
                    else None,
                    passive=passive,
                    agents=agents,
                    span=(start, item.end),
                    predicate=(item.start, item.end),
                    actions=actions,
                    lead=lead,
                )
            )
        return out

    def row_frame(self, s: Sentence, modality: Modality) -> Frame:
        """A table row that states a requirement without a modal verb ("Notify the Trust of
        any request | Provider | 48 hours"): each cell can start the action, the row's party
        mentions are its subject."""
        roles: set[str] = set()
        actions: list[int] = []
        for k in range(s.first, s.last):
            mention = self.roles_at.get(k)
            if mention is not None:
                roles |= mention[0]
            gap = self.text[self.ends[k - 1] : self.starts[k]] if k > s.first else "|"
            if "|" in gap:
                actions.append(self._verb_start(k, s.last))
        return Frame(
            modality=modality,
            modal=(s.start, s.start),
            roles=frozenset(roles),
            subject=None,
            passive=False,
            agents=frozenset(),
            span=(s.start, s.end),
            predicate=(s.start, s.end),
            actions=tuple(sorted({a for a in actions if a < s.last})),
        )
