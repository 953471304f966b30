"""The engine: compiled rule packs evaluated on one document, one result per rule."""

from __future__ import annotations

from tenderlint.engine.compile import Compiled, compile_pack
from tenderlint.engine.grade import Context, evaluate
from tenderlint.engine.index import Index

__all__ = ["Compiled", "Context", "Index", "compile_pack", "evaluate"]
