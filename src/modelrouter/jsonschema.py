"""A light check that a tool's parameters are JSON Schema: known types, keywords of the
right kinds, bounded depth. Not a validator of data; it must never import the package."""

from __future__ import annotations

from typing import Any

SCHEMA_TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
SUBSCHEMAS = ("not", "additionalProperties", "items", "contains", "propertyNames", "if", "then")
SCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions")
_MAX_SCHEMA_DEPTH = 64


def schema_problem(schema: Any, where: str = "", depth: int = 0) -> str | None:
    """Why ``schema`` is not a JSON Schema (a shaping keyword of the wrong type), or None.

    Upstreams refuse such schemas (or crash on them); catching them here makes them a 400
    that names the keyword instead of a failed attempt at every candidate."""
    if isinstance(schema, bool):
        return None
    if not isinstance(schema, dict):
        return f"{where or 'schema'} must be a JSON Schema (an object or a boolean)"
    if depth > _MAX_SCHEMA_DEPTH:
        return f"{where} is nested more than {_MAX_SCHEMA_DEPTH} levels deep"
    prefix = f"{where}." if where else ""
    problem = _keyword_problem(schema)
    if problem:
        return prefix + problem
    for name, child in _children(schema):
        problem = schema_problem(child, f"{prefix}{name}", depth + 1)
        if problem:
            return problem
    return None


def _keyword_problem(schema: dict[str, Any]) -> str | None:
    kinds = schema.get("type", [])
    if not all(k in SCHEMA_TYPES for k in (kinds if isinstance(kinds, list) else [kinds])):
        return f"type must be one of {', '.join(SCHEMA_TYPES)} (or a list of them)"
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        return "required must be a list of property names"
    if not isinstance(schema.get("enum", []), list):
        return "enum must be a list"
    for name in SCHEMA_LISTS:
        if not isinstance(schema.get(name, []), list):
            return f"{name} must be a list of schemas"
    for name in SCHEMA_MAPS:
        if not isinstance(schema.get(name, {}), dict):
            return f"{name} must map names to schemas"
    return None


def _children(schema: dict[str, Any]) -> list[tuple[str, Any]]:
    """The subschemas of a schema whose keywords are well typed, named by their path."""
    children = [(name, schema[name]) for name in SUBSCHEMAS if name in schema]
    if isinstance(schema.get("items"), list):  # the draft 4 tuple form
        children.remove(("items", schema["items"]))
        children += [(f"items.{i}", item) for i, item in enumerate(schema["items"])]
    for name in SCHEMA_LISTS:
        children += [(f"{name}.{i}", item) for i, item in enumerate(schema.get(name, []))]
    for name in SCHEMA_MAPS:
        children += [(f"{name}.{key}", item) for key, item in schema.get(name, {}).items()]
    return children
