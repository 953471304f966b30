"""Temporary: the old import path, until annotate moves to the new layout (issue 9)."""
from tenderlint.engine.matcher import *  # noqa
from tenderlint.engine.matcher import Atom, compile_atom  # noqa
