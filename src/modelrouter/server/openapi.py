"""The OpenAPI document of the gateway, built from the same pydantic models that validate
requests, so the document and the validation cannot drift apart."""

from __future__ import annotations

from typing import Any

from modelrouter.types import ChatRequest, ChatResponse

_REF = "#/components/schemas/{model}"

ANTHROPIC_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["model", "max_tokens", "messages"],
    "properties": {
        "model": {"type": "string", "description": "auto, route:<task>, a model id or an alias"},
        "max_tokens": {"type": "integer", "minimum": 1},
        "system": {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}]},
        "messages": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["role", "content"],
                "properties": {
                    "role": {"type": "string", "enum": ["user", "assistant"]},
                    "content": {
                        "anyOf": [
                            {"type": "string"},
                            {"type": "array", "items": {"type": "object", "required": ["type"]}},
                        ]
                    },
                },
            },
        },
        "tools": {"type": "array", "items": {"type": "object"}},
        "tool_choice": {"type": "object"},
        "stop_sequences": {"type": "array", "items": {"type": "string"}},
        "temperature": {"type": "number", "minimum": 0, "maximum": 1},
        "top_p": {"type": "number", "minimum": 0, "maximum": 1},
        "stream": {"type": "boolean"},
    },
}

_ERROR = {
    "type": "object",
    "description": "OpenAI: {error: {message, type, param, code}}; "
    "Anthropic: {type: error, error: {type, message}}",
}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {
            "description": "error in the API's own format",
            "content": {"application/json": {"schema": {"$ref": _REF.format(model="Error")}}},
        }
        for status in statuses
    }


def _json(ref: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": _REF.format(model=ref)}}}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    schemas: dict[str, Any] = {"Error": _ERROR, "AnthropicMessagesRequest": ANTHROPIC_REQUEST}
    for model in (ChatRequest, ChatResponse):
        schema = model.model_json_schema(ref_template=_REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    failures = _errors(400, 401, 403, 404, 413, 429, 502, 503, 504)
    return {
        "openapi": "3.1.0",
        "info": {"title": "modelrouter gateway", "version": "1"},
        "paths": {
            "/v1/chat/completions": {
                "post": {
                    "summary": "OpenAI-compatible chat completion, routed",
                    "requestBody": {"required": True, "content": _json("ChatRequest")},
                    "responses": {
                        "200": {
                            "description": "completion (or SSE stream)",
                            "content": _json("ChatResponse"),
                        },
                        **failures,
                    },
                }
            },
            "/v1/messages": {
                "post": {
                    "summary": "Anthropic-compatible Messages, routed",
                    "requestBody": {"required": True, "content": _json("AnthropicMessagesRequest")},
                    "responses": {"200": {"description": "message (or SSE stream)"}, **failures},
                }
            },
            "/v1/models": {
                "get": {
                    "summary": "routes, aliases and models",
                    "responses": {"200": {"description": "model list"}, **_errors(401)},
                }
            },
            "/healthz": {
                "get": {"summary": "liveness", "responses": {"200": {"description": "ok"}}}
            },
            "/readyz": {
                "get": {
                    "summary": "readiness: storage writable, providers reachable",
                    "responses": {
                        "200": {"description": "ready"},
                        "503": {"description": "not ready"},
                    },
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics",
                    "responses": {"200": {"description": "text exposition"}},
                }
            },
        },
        "components": {"schemas": schemas},
    }
