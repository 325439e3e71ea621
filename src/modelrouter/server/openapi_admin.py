"""The admin API's part of the OpenAPI document: keys (list, create, revoke) and the
quality estimates. The create body's schema comes from ``KeyCreate``, the model that
validates it; a key's view is written out here and a test holds it to what the API returns."""

from __future__ import annotations

from typing import Any

from modelrouter.server.admin_api import KeyCreate
from modelrouter.server.schemas import REF, nullable, ref

_ADMIN = (
    "Admin key only (gateway.admin_key_env, MODELROUTER_ADMIN_KEY), as `Authorization: "
    "Bearer` or `x-api-key`. Errors in OpenAI's format."
)
_STRINGS = nullable({"type": "array", "items": {"type": "string"}})
KEY_VIEW: dict[str, Any] = {
    "type": "object",
    "description": "A caller key as admins see it: never the key itself nor its hash.",
    "properties": {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "prefix": {"type": "string", "description": "the key's first characters"},
        "created_at": {"type": "string", "format": "date-time"},
        "revoked_at": nullable({"type": "string", "format": "date-time"}),
        "allowed_providers": _STRINGS,
        "allowed_models": _STRINGS,
        "budget": nullable({"enum": ["normal", "economy", "quality"]}),
        "rpm_limit": nullable({"type": "integer", "minimum": 1}),
        "allowed_regions": _STRINGS,
    },
}
KEY_VIEW["required"] = list(KEY_VIEW["properties"])
_CREATED = {
    "allOf": [
        ref("KeyView"),
        {
            "type": "object",
            "required": ["key"],
            "properties": {"key": {"type": "string", "description": "shown this once only"}},
        },
    ]
}


def admin_schemas() -> dict[str, Any]:
    """``KeyCreate`` (from the validating model) and ``KeyView``."""
    create = KeyCreate.model_json_schema(ref_template=REF)
    return {"KeyCreate": create, "KeyView": KEY_VIEW}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _answer(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": _json(schema)}


def admin_paths(errors: dict[str, Any]) -> dict[str, Any]:
    """``/admin/keys``, ``/admin/keys/{key_id}`` and ``/admin/quality``; ``errors`` maps
    each error status to its response."""
    listing = {"type": "object", "properties": {"data": {"type": "array", "items": ref("KeyView")}}}
    key_id = {"name": "key_id", "in": "path", "required": True, "schema": {"type": "string"}}
    revoked = {"type": "object", "properties": {"revoked": {"type": "string"}}}
    denied = {s: errors[s] for s in ("401", "403")}
    return {
        "/admin/keys": {
            "get": {
                "summary": "list caller keys, revoked ones included",
                "description": _ADMIN,
                "responses": {"200": _answer("the keys", listing), **denied},
            },
            "post": {
                "summary": "create a caller key (its name unique among active keys)",
                "description": _ADMIN,
                "requestBody": {"required": True, "content": _json(ref("KeyCreate"))},
                "responses": {
                    "201": _answer("created; the key is in `key`", _CREATED),
                    "400": errors["400"],
                    **denied,
                },
            },
        },
        "/admin/keys/{key_id}": {
            "delete": {
                "summary": "revoke a key by its id (or a unique prefix of it)",
                "description": _ADMIN,
                "parameters": [key_id],
                "responses": {
                    "200": _answer("revoked", revoked),
                    "404": errors["404"],
                    **denied,
                },
            }
        },
        "/admin/quality": {
            "get": {
                "summary": "quality estimates per (task, model), and per key where it has its own",
                "description": _ADMIN,
                "responses": {
                    "200": _answer("estimates", {"type": "object"}),
                    "503": errors["503"],
                    **denied,
                },
            }
        },
    }
