"""Temporary: the old import path, until annotate moves to the new layout (issue 9)."""
from tenderlint.lang.nouns import *  # noqa: F403
