"""Values that satisfy a JSON schema, for simulated tool arguments and structured output.

Covers what tool and response schemas use in practice: types (also as lists), enum, const,
default, anyOf/oneOf/allOf, local ``$ref``, string formats, numeric bounds, minItems and
minLength. Values are taken from the prompt where a property's name suggests it (a city,
a query, a number), so the same prompt always gives the same arguments. It must never
produce a value of the wrong type for the schema it was given.
"""

from __future__ import annotations

import re
from typing import Any

from modelrouter.sim.writers import topic

_MAX_DEPTH = 8
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?")
_PLACE_RE = re.compile(
    r"\b(?:in|at|for|to|from|near|of)\s+([A-Z][\w-]+(?:\s[A-Z][\w-]+)?)"
    r"|(?<=[a-z,] )([A-Z][a-z]{2,})"
)
_FORMATS = {
    "date": "2025-01-15",
    "date-time": "2025-01-15T09:30:00Z",
    "time": "09:30:00",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
}
_PLACE_KEYS = ("city", "location", "place", "country", "destination", "origin", "region")
_ADDRESS_KEYS = ("to", "cc", "bcc", "recipient", "sender", "from")
_TEXT_KEYS = ("query", "question", "text", "prompt", "search", "q", "input", "message")
# A shell tool's command: the prompt's first `quoted` span (coding agents run it).
_COMMAND_KEYS = ("cmd", "command", "script", "shell")
_QUOTED_RE = re.compile(r"`([^`\n]+)`")


def fill(schema: dict[str, Any], prompt: str) -> Any:
    """A value valid for ``schema``, taken from ``prompt`` where sensible."""
    return _Filler(schema, prompt).value(schema, "", 0)


class _Filler:
    def __init__(self, root: dict[str, Any], prompt: str) -> None:
        self.root = root
        self.prompt = " ".join(prompt.split())

    def value(self, schema: dict[str, Any], key: str, depth: int) -> Any:
        schema = self._resolve(schema)
        for word in ("const", "default"):
            if word in schema:
                return schema[word]
        if schema.get("enum"):
            return schema["enum"][0]
        for word in ("anyOf", "oneOf", "allOf"):
            options = [self._resolve(o) for o in schema.get(word) or ()]
            usable = [o for o in options if o.get("type") != "null"]
            if usable:
                return self.value(usable[0], key, depth)
        kind = _type_of(schema)
        if kind == "object" and depth < _MAX_DEPTH:
            return self._object(schema, depth)
        if kind == "array" and depth < _MAX_DEPTH:
            count = max(1, int(schema.get("minItems", 1)))
            item = schema.get("items") if isinstance(schema.get("items"), dict) else {}
            return [self.value(item or {"type": "string"}, key, depth + 1) for _ in range(count)]
        if kind in ("integer", "number"):
            return self._number(schema, integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        if kind in ("object", "array"):
            return {} if kind == "object" else []
        return self._string(schema, key)

    def _resolve(self, schema: Any) -> dict[str, Any]:
        if not isinstance(schema, dict):  # a boolean schema: anything (true) or nothing
            return {}
        ref = schema.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return schema
        target: Any = self.root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        return target if isinstance(target, dict) else {}

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties: dict[str, Any] = schema.get("properties") or {}
        wanted = schema.get("required", list(properties))
        return {
            name: self.value(properties.get(name) or {"type": "string"}, name, depth + 1)
            for name in wanted
        }

    def _number(self, schema: dict[str, Any], *, integer: bool) -> int | float:
        found = _NUMBER_RE.search(self.prompt)
        value = float(found.group()) if found else 1.0
        low, high = schema.get("minimum"), schema.get("maximum")
        if isinstance(low, int | float) and value < low:
            value = float(low)
        if isinstance(high, int | float) and value > high:
            value = float(high)
        return int(value) if integer else value

    def _string(self, schema: dict[str, Any], key: str) -> str:
        text = _FORMATS.get(str(schema.get("format")), "") or self._guess(key.lower())
        min_length = int(schema.get("minLength", 0))
        max_length = schema.get("maxLength")
        text = text.ljust(min_length, "x")
        return text[: int(max_length)] if isinstance(max_length, int) else text

    def _guess(self, key: str) -> str:
        if "path" in key or key in ("file", "filename"):
            return _file_name(self.prompt) or "README.md"
        if any(word in key for word in _PLACE_KEYS) or key.endswith("name"):
            found = _PLACE_RE.search(self.prompt)
            return next((g for g in found.groups() if g), "Paris") if found else "Paris"
        if key in _COMMAND_KEYS:
            quoted = _QUOTED_RE.search(self.prompt)
            return quoted.group(1) if quoted else self.prompt[:80] or "true"
        if key in _TEXT_KEYS or not key:
            return self.prompt[:80] or "example"
        if key.endswith("id"):
            return "1"
        if "email" in key or key in _ADDRESS_KEYS:
            return _FORMATS["email"]
        if "unit" in key:
            return "celsius"
        if "lang" in key:
            return "en"
        return topic(self.prompt) or "example"


def _file_name(prompt: str) -> str | None:
    """The last word of ``prompt`` that looks like a file name (``notes.txt``, ``src/a.py``):
    agents put the request after their own context, so the last one is the user's."""
    for word in reversed(prompt.split()):
        name = word.strip("`'\"()[]{}<>,;:!?.")
        stem, dot, suffix = name.rpartition(".")
        if dot and stem and suffix.isalnum() and not name.startswith("http"):
            return name
    return None


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return "string"
