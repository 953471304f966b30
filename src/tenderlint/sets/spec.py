"""What a set of documents is: its name, its type, the paths of its members and its main
document; and a member as read, with the type it was given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from tenderlint.model import DocType, Document

SET_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"  # shown in reports and cache keys


@dataclass(frozen=True)
class SetSpec:
    """A set as configured: ``[[sets]]`` in the config, ``--set NAME``, or a folder whose
    ``tenderlint.toml`` has a ``[set]`` table. ``paths`` are globs relative to ``root`` (the
    config's folder), or files and folders as given on the command line."""

    name: str
    doc_type: DocType | None = None  # None: a tender if any member is one, else a contract
    paths: tuple[str, ...] = ()
    main: str | None = None  # the member a finding with no evidence belongs to
    source: str = ""  # where it was defined, for messages


@dataclass(frozen=True)
class Member:
    """One document of a set as read, with its path relative to the config's folder and its
    type (decided as for a document checked on its own; a notice has the set's type)."""

    rel: str
    document: Document
    doc_type: DocType
    type_reason: str = ""
    notice: bool = False  # OCDS notice data: read by every rule, whatever its type
    facts: Mapping[str, str] = field(default_factory=dict)  # what a notice states
    value: float | None = None  # the contract's value a notice states, in pounds
    titles: tuple[str, ...] = ()  # documents a notice lists
