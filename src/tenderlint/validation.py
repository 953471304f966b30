"""Validation of data files (pack manifests, configs, reports) against shipped JSON Schemas,
with messages that name the file, the key and the allowed values."""

from __future__ import annotations

import functools
import json
from typing import Any

from tenderlint.data import schema_path


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path(name).read_text(encoding="utf-8"))
    return data


def _key(path: Any) -> str:
    parts = [str(p) if not isinstance(p, int) else f"[{p}]" for p in path]
    out = ""
    for p in parts:
        out += p if p.startswith("[") or not out else f".{p}"
    return out


def _message(error: Any) -> str:
    key = _key(error.absolute_path)
    where = f'key "{key}"' if key else "top level"
    v = error.validator
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        prefix = f"{key}." if key else ""
        return f'missing key "{prefix}{missing}"'
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(allowed))
        prefix = f"{key}." if key else ""
        names = ", ".join(f'"{prefix}{e}"' for e in extra)
        return f"unknown key {names} (allowed: {', '.join(allowed)})"
    if v == "enum":
        choices = ", ".join(str(x) for x in error.validator_value)
        return f"{where}: {json.dumps(error.instance)} is not allowed (allowed: {choices})"
    if v == "type":
        return f"{where}: expected {error.validator_value}, got {json.dumps(error.instance)}"
    if v == "pattern":
        hint = error.schema.get("description", f"it must match {error.validator_value}")
        return f"{where}: {json.dumps(error.instance)} is not valid ({hint})"
    if v in ("minItems", "minLength"):
        return f"{where}: must not be empty"
    if v == "format":
        return f"{where}: {json.dumps(error.instance)} is not a valid {error.validator_value}"
    return f"{where}: {error.message}"


def validate(instance: Any, schema: str) -> list[str]:
    """Every problem with ``instance`` under the named schema, as readable one-line messages."""
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(load_schema(schema))
    validator = validator_cls(load_schema(schema), format_checker=validator_cls.FORMAT_CHECKER)
    errors = sorted(
        validator.iter_errors(instance), key=lambda e: (list(e.absolute_path), e.message)
    )
    return [_message(e) for e in errors]
