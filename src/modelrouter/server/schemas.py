"""JSON Schemas the OpenAPI document adds to what the pydantic models generate.

The rules here are exactly the ones the validators apply (``jsonschema.schema_problem``, the
``ChatRequest`` validators, ``wire/anthropic/requests.py``): no looser, so generated valid
requests are accepted, and no stricter, so generated invalid ones are refused. This module
must never validate anything itself.
"""

from __future__ import annotations

from typing import Any

from modelrouter.jsonschema import SCHEMA_LISTS, SCHEMA_MAPS, SCHEMA_TYPES, SUBSCHEMAS
from modelrouter.types import MAX_TOKENS

REF = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": REF.format(model=name)}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    return {"anyOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
NAME = {"type": "string", "minLength": 1}
# Subschemas are described one level deep only: schemathesis cannot negate a recursive
# reference, so below the top level the document is looser than the check.
NODE = {"type": ["boolean", "object"]}
JSON_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "a JSON Schema: its shaping keywords well typed",
    "properties": {
        "type": {
            "anyOf": [
                {"enum": list(SCHEMA_TYPES)},
                {"type": "array", "items": {"enum": list(SCHEMA_TYPES)}},
            ]
        },
        "required": {"type": "array", "items": STRING},
        "enum": {"type": "array"},
        "items": {"anyOf": [NODE, {"type": "array", "items": NODE}]},
        **{name: NODE for name in SUBSCHEMAS if name != "items"},
        **{name: {"type": "array", "items": NODE} for name in SCHEMA_LISTS},
        **{name: {"type": "object", "additionalProperties": NODE} for name in SCHEMA_MAPS},
    },
}

# --- additions to the OpenAI request (the validators of ChatRequest and its parts) ----

TOOL_CHOICE = nullable(
    {
        "anyOf": [
            {"enum": ["none", "auto", "required"]},
            {
                "type": "object",
                "description": "a named function must be one of the request's tools",
                "required": ["type"],
                "properties": {
                    "type": STRING,
                    "function": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": STRING},
                    },
                },
            },
        ]
    }
)
RESPONSE_FORMAT = nullable(
    {
        "anyOf": [
            {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": ["text", "json_object"]}},
            },
            {
                "type": "object",
                "required": ["type", "json_schema"],
                "properties": {
                    "type": {"const": "json_schema"},
                    "json_schema": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {"name": STRING, "schema": NODE},
                    },
                },
            },
        ]
    }
)
# fields budgets can account for (billable.py); other unknown fields are refused unless a
# provider takes them, and audio, web search and predictions always are
PRICED_FIELDS: dict[str, Any] = {
    "n": nullable(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": 16,
            "description": "answers, each held and billed (at most routing.max_answers, 16)",
        }
    ),
    "service_tier": nullable(
        {"type": "string", "description": "'default', or a tier the catalog prices"}
    ),
    "modalities": nullable({"type": "array", "items": {"const": "text"}, "maxItems": 1}),
}
CONTENT_PART = {
    "anyOf": [
        {
            "type": "object",
            "required": ["type", "text"],
            "properties": {"type": {"const": "text"}, "text": STRING},
        },
        {
            "type": "object",
            "required": ["type", "image_url"],
            "properties": {
                "type": {"const": "image_url"},
                "image_url": {"type": "object", "required": ["url"], "properties": {"url": STRING}},
                "text": nullable(STRING),
            },
        },
        {
            # other part types pass through; "any type but text and image_url" would need
            # a `not`, which schemathesis cannot negate, so this branch is looser than the
            # check (a text part without text matches it, and is still refused)
            "type": "object",
            "required": ["type"],
            "properties": {"type": STRING, "text": nullable(STRING)},
        },
    ]
}


def split_message(message: dict[str, Any]) -> dict[str, Any]:
    """Message: only an assistant turn may leave ``content`` out or null."""
    properties = message["properties"]
    content = properties["content"]["anyOf"]
    assistant = {**message, "properties": {**properties, "role": {"const": "assistant"}}}
    others = {
        **message,
        "required": ["role", "content"],
        "properties": {
            **properties,
            "role": {"enum": [r for r in properties["role"]["enum"] if r != "assistant"]},
            "content": {"anyOf": [c for c in content if c.get("type") != "null"]},
        },
    }
    return {"anyOf": [assistant, others]}


# --- the Anthropic Messages request (wire/anthropic/requests.py); null counts as absent --

_NUMBER_0_1 = nullable({"type": "number", "minimum": 0, "maximum": 1})
_TEXT_BLOCK = {
    "type": "object",
    "required": ["type", "text"],
    "properties": {"type": {"const": "text"}, "text": STRING},
}
_IMAGE_BLOCK = {
    "type": "object",
    "required": ["type", "source"],
    "properties": {
        "type": {"const": "image"},
        "source": {
            "anyOf": [
                {
                    "type": "object",
                    "required": ["type", "media_type", "data"],
                    "properties": {"type": {"const": "base64"}, "media_type": NAME, "data": NAME},
                },
                {
                    "type": "object",
                    "required": ["type", "url"],
                    "properties": {"type": {"const": "url"}, "url": NAME},
                },
            ]
        },
    },
}
_TOOL_RESULT = {
    "type": "object",
    "required": ["type", "tool_use_id"],
    "properties": {
        "type": {"const": "tool_result"},
        "tool_use_id": NAME,
        "is_error": nullable({"type": "boolean"}),
        "content": {
            "anyOf": [
                {"type": "null"},
                STRING,
                {"type": "array", "items": {"anyOf": [_TEXT_BLOCK, _IMAGE_BLOCK]}},
            ]
        },
    },
}
_TOOL_USE = {
    "type": "object",
    "required": ["type", "id", "name"],
    "properties": {
        "type": {"const": "tool_use"},
        "id": NAME,
        "name": NAME,
        "input": nullable({"type": "object"}),
    },
}
_THINKING = {
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"enum": ["thinking", "redacted_thinking"]}},
}


def _turn(role: str, *blocks: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["role", "content"],
        "properties": {
            "role": {"const": role},
            "content": {
                "anyOf": [
                    STRING,
                    {"type": "array", "minItems": 1, "items": {"anyOf": list(blocks)}},
                ]
            },
        },
    }


_TOOL = {
    "type": "object",
    "required": ["name", "input_schema"],
    "properties": {
        "type": nullable({"const": "custom"}),
        "name": {"type": "string", "minLength": 1, "maxLength": 128},
        "description": nullable(STRING),
        "input_schema": ref("JsonSchema"),
    },
}
_CHOICE_FLAGS = {"disable_parallel_tool_use": nullable({"type": "boolean"})}
_TOOL_CHOICE = nullable(
    {
        "anyOf": [
            {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": ["auto", "any", "none"]}, **_CHOICE_FLAGS},
            },
            {
                "type": "object",
                "required": ["type", "name"],
                "description": "the name must be one of the request's tools",
                "properties": {"type": {"const": "tool"}, "name": NAME, **_CHOICE_FLAGS},
            },
        ]
    }
)
ANTHROPIC_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["model", "max_tokens", "messages"],
    "properties": {
        "model": {
            "type": "string",
            "minLength": 1,
            "description": "auto, route:<task>, an alias or a model id (required unless "
            "gateway.default_model is set)",
        },
        "max_tokens": {"type": "integer", "minimum": 1, "maximum": MAX_TOKENS},
        "system": {"anyOf": [{"type": "null"}, STRING, {"type": "array", "items": _TEXT_BLOCK}]},
        "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "anyOf": [
                    _turn("user", _TEXT_BLOCK, _IMAGE_BLOCK, _TOOL_RESULT),
                    _turn("assistant", _TEXT_BLOCK, _TOOL_USE, _THINKING),
                ]
            },
        },
        "metadata": nullable({"type": "object", "properties": {"user_id": nullable(STRING)}}),
        "tools": nullable({"type": "array", "items": _TOOL}),
        "tool_choice": _TOOL_CHOICE,
        "stop_sequences": nullable({"type": "array", "items": STRING}),
        "temperature": _NUMBER_0_1,
        "top_p": _NUMBER_0_1,
        "top_k": nullable({"type": "integer", "minimum": 0, "maximum": MAX_TOKENS}),
        "stream": nullable({"type": "boolean"}),
    },
}
