"""What annotating gives back: the annotated copy and its counts, or a one-line error."""

from __future__ import annotations

from dataclasses import dataclass

AUTHOR = "tenderlint"
INITIALS = "TL"


class AnnotateError(Exception):
    """A problem that stops an annotated copy being written, in one line for the user."""


def plural(n: int, word: str) -> str:
    """ "1 comment", "2 comments"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Annotated:
    """The annotated copy's bytes and what went into it."""

    data: bytes
    weak: int
    conflict: int
    missing: int
    inserted: int

    @property
    def comments(self) -> int:
        """How many comments tenderlint added: one per weak or conflict, one for missing."""
        return self.weak + self.conflict + (1 if self.missing else 0)

    def summary(self, shown: str) -> str:
        """The one-line summary the command prints, naming the copy as ``shown``."""
        missing = f"1 listing {self.missing} missing" if self.missing else "0 missing"
        return (
            f"wrote {shown}: {plural(self.comments, 'comment')} ({self.weak} weak, "
            f"{self.conflict} conflict, {missing}), "
            f"{plural(self.inserted, 'suggestion')} inserted"
        )
