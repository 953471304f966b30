"""Temporary: the old import path, until annotate moves to the new layout (issue 9)."""
from tenderlint.lang.packs import *  # noqa
from tenderlint.lang.walk import flatten  # noqa
