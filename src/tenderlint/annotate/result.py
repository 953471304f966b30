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
    advised: int = 0  # satisfied results with good practice to add

    @property
    def comments(self) -> int:
        """How many comments tenderlint added: one per weak, conflict, missing or advised."""
        return self.weak + self.conflict + self.missing + self.advised

    def summary(self, shown: str) -> str:
        """The one-line summary the command prints, naming the copy as ``shown``."""
        return (
            f"wrote {shown}: {plural(self.comments, 'comment')} ({self.weak} weak, "
            f"{self.conflict} conflict, {self.missing} missing, {self.advised} with advice), "
            f"{plural(self.inserted, 'suggestion')} inserted"
        )
