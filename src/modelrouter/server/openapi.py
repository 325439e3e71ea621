"""The OpenAPI document of the gateway, built from the same pydantic models that validate
requests, so the document and the validation cannot drift apart."""

from __future__ import annotations

from typing import Any

from modelrouter.embeddings import EmbeddingRequest
from modelrouter.server.loop_api import FeedbackBody
from modelrouter.server.openapi_admin import admin_paths, admin_schemas
from modelrouter.server.schemas import (
    ANTHROPIC_REQUEST,
    CONTENT_PART,
    JSON_SCHEMA,
    PRICED_FIELDS,
    REF,
    RESPONSE_FORMAT,
    TOOL_CHOICE,
    nullable,
    ref,
    split_message,
)
from modelrouter.types import ChatRequest, ChatResponse

_OPENAI_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["message", "type", "param", "code"],
            "properties": {
                "message": {"type": "string"},
                "type": {"type": "string"},
                "param": nullable({"type": "string"}),
                "code": nullable({"type": "string"}),
            },
        }
    },
}
_ANTHROPIC_ERROR = {
    "type": "object",
    "required": ["type", "error"],
    "properties": {
        "type": {"const": "error"},
        "error": {
            "type": "object",
            "required": ["type", "message"],
            "properties": {"type": {"type": "string"}, "message": {"type": "string"}},
        },
    },
}
_ERROR = {
    "description": "OpenAI: {error: {message, type, param, code}}; "
    "Anthropic (/v1/messages): {type: error, error: {type, message}}",
    "anyOf": [_OPENAI_ERROR, _ANTHROPIC_ERROR],
}
_SSE = {"text/event-stream": {"schema": {"type": "object"}}}


def _errors(*statuses: int) -> dict[str, Any]:
    return {
        str(status): {
            "description": "error in the API's own format",
            "content": {"application/json": {"schema": ref("Error")}},
        }
        for status in statuses
    }


def _json(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": ref(name)}}


def _schemas() -> dict[str, Any]:
    """The pydantic models' schemas, with what their validators check added."""
    schemas: dict[str, Any] = {
        "Error": _ERROR,
        "AnthropicMessagesRequest": ANTHROPIC_REQUEST,
        "JsonSchema": JSON_SCHEMA,
        "ResponsesRequest": RESPONSES_REQUEST,
    }
    for model in (ChatRequest, ChatResponse, FeedbackBody, EmbeddingRequest):
        schema = model.model_json_schema(ref_template=REF)
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    schemas |= admin_schemas()
    # a body without ``model`` is refused (unless gateway.default_model is set), as OpenAI does
    schemas["ChatRequest"]["required"] = sorted({*schemas["ChatRequest"]["required"], "model"})
    request = schemas["ChatRequest"]["properties"]
    request["tool_choice"] = TOOL_CHOICE
    request["response_format"] = RESPONSE_FORMAT
    request |= PRICED_FIELDS
    schemas["FunctionDef"]["properties"]["parameters"] = nullable(ref("JsonSchema"))
    schemas["ContentPart"] = CONTENT_PART
    schemas["Message"] = split_message(schemas["Message"])
    return schemas


# The fields /v1/responses reads (wire/responses/requests.py checks them as it translates).
RESPONSES_REQUEST: dict[str, Any] = {
    "type": "object",
    "required": ["input"],
    "properties": {
        "model": {"type": "string"},
        "input": {
            "oneOf": [
                {"type": "string"},
                {"type": "array", "minItems": 1, "items": {"type": "object"}},
            ]
        },
        "instructions": {"type": "string"},
        "tools": {"type": "array", "items": {"type": "object"}},
        "max_output_tokens": {"type": "integer", "minimum": 1},
        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
        "previous_response_id": {"type": "string"},
        "store": {"type": "boolean"},
        "stream": {"type": "boolean"},
    },
}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "modelrouter gateway", "version": "1"},
        "paths": {
            **_chat_paths(),
            **_agent_paths(),
            **_service_paths(),
            **admin_paths(_errors(400, 401, 403, 404, 503)),
        },
        "components": {"schemas": _schemas()},
    }


def _post(summary: str, body: str, described: str, answer: dict[str, Any]) -> dict[str, Any]:
    """A routed POST: its body schema, its answer (JSON or SSE) and the error statuses."""
    failures = _errors(400, 401, 403, 404, 413, 429, 502, 503, 504)
    return {
        "post": {
            "summary": summary,
            "requestBody": {"required": True, "content": _json(body)},
            "responses": {
                "200": {"description": described, "content": {**answer, **_SSE}},
                **failures,
            },
        }
    }


def _chat_paths() -> dict[str, Any]:
    """The two chat APIs."""
    return {
        "/v1/chat/completions": _post(
            "OpenAI-compatible chat completion, routed",
            "ChatRequest",
            "completion (or SSE stream)",
            _json("ChatResponse"),
        ),
        "/v1/messages": _post(
            "Anthropic-compatible Messages, routed",
            "AnthropicMessagesRequest",
            "message (or SSE stream)",
            {"application/json": {"schema": {"type": "object"}}},
        ),
        "/v1/responses": _post(
            "OpenAI Responses API, routed (translated to the chat path)",
            "ResponsesRequest",
            "response object (or SSE stream of response.* events)",
            {"application/json": {"schema": {"type": "object"}}},
        ),
    }


def _agent_paths() -> dict[str, Any]:
    """What agent clients call beside chat: embeddings, token counts, one model."""
    obj = {"application/json": {"schema": {"type": "object"}}}
    counted = {
        "type": "object",
        "required": ["input_tokens"],
        "properties": {"input_tokens": {"type": "integer", "minimum": 0}},
    }
    model_id = {"name": "model_id", "in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "/v1/embeddings": {
            "post": {
                "summary": "OpenAI-compatible embeddings on the named embedding model",
                "requestBody": {"required": True, "content": _json("EmbeddingRequest")},
                "responses": {
                    "200": {"description": "embedding list", "content": obj},
                    **_errors(400, 401, 403, 404, 413, 429, 502, 503, 504),
                },
            }
        },
        "/v1/messages/count_tokens": {
            "post": {
                "summary": "input tokens on the model the request would be routed to "
                "(header x-modelrouter-estimate: true when estimated)",
                "requestBody": {"required": True, "content": _json("AnthropicMessagesRequest")},
                "responses": {
                    "200": {
                        "description": "count",
                        "content": {"application/json": {"schema": counted}},
                    },
                    **_errors(400, 401, 403, 404, 413, 429),
                },
            }
        },
        "/v1/models/{model_id}": {
            "get": {
                "summary": "one model, route or alias (Anthropic's shape with anthropic-version)",
                "parameters": [model_id],
                "responses": {
                    "200": {"description": "model", "content": obj},
                    **_errors(401, 404),
                },
            }
        },
    }


_EXPOSED = (
    "Exposed as gateway.operations.access says: admin (the default: the admin key once "
    "callers need keys), open, or listen (only on gateway.operations.listen; 404 here). "
    "The same holds for /openapi.json."
)


def _service_paths() -> dict[str, Any]:
    """Model list, health, readiness and metrics."""
    listing = {"application/json": {"schema": {"type": "object"}}}
    ready = {"200": {"description": "ready"}, "503": {"description": "not ready"}}
    return {
        "/v1/models": {
            "get": {
                "summary": "routes, aliases and models",
                "responses": {
                    "200": {"description": "model list", "content": listing},
                    **_errors(401),
                },
            }
        },
        "/v1/feedback": _feedback(),
        "/healthz": {"get": {"summary": "liveness", "responses": {"200": {"description": "ok"}}}},
        "/readyz": {
            "get": {
                "summary": "readiness: storage writable, providers reachable",
                "description": _EXPOSED,
                "responses": ready | _errors(401, 403, 404),
            }
        },
        "/metrics": {
            "get": {
                "summary": "Prometheus metrics",
                "description": _EXPOSED,
                "responses": {"200": {"description": "text exposition"}, **_errors(401, 403, 404)},
            }
        },
    }


def _feedback() -> dict[str, Any]:
    """Feedback on an answer, by the request id the gateway returned."""
    stored = {
        "type": "object",
        "required": ["request_id", "metric", "value", "replaced"],
        "properties": {
            "request_id": {"type": "string"},
            "metric": {"type": "string"},
            "value": {"type": "number"},
            "replaced": {"type": "boolean"},
        },
    }
    content = {"application/json": {"schema": stored}}
    return {
        "post": {
            "summary": "rate an answer (the key that made the request, or the admin key)",
            "requestBody": {"required": True, "content": _json("FeedbackBody")},
            "responses": {
                "200": {"description": "replaced an earlier rating", "content": content},
                "201": {"description": "stored", "content": content},
                **_errors(400, 401, 403, 404, 413, 503),
            },
        }
    }
