"""Sets of documents checked together: a tender pack, or a contract with its schedules.

``spec`` says what a set is (its name, type and paths), ``find`` which sets a run checks and
which documents are in them, ``combine`` reads the members as one document in which each is a
part, ``parts`` finds the schedules a set refers to but does not hold, ``evaluate`` grades the
rules on a set and ``store`` keeps a set's report in the results cache.
"""

from __future__ import annotations

from tenderlint.sets.spec import Member, SetSpec

__all__ = ["Member", "SetSpec"]
