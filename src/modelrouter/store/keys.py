"""Caller API keys: created once (the plaintext is shown once), stored as SHA-256 hashes.

Keys are 256-bit random tokens, so a fast hash is enough (no password stretching); the
lookup compares hashes with ``hmac.compare_digest``. Plaintext keys are never stored,
logged or returned again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, Row, select, update

from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.errors import InvalidRequest, NotFound
from modelrouter.store.tables import api_keys

KEY_PREFIX = "mr-"


@dataclass(frozen=True, slots=True)
class KeyRecord:
    """What the gateway knows about one caller key (never the key itself)."""

    id: str
    name: str
    key_hash: str
    prefix: str
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None
    allowed_providers: tuple[str, ...] | None = None
    allowed_models: tuple[str, ...] | None = None
    budget: BudgetMode | None = None
    rpm_limit: int | None = None
    allowed_regions: tuple[str, ...] | None = None  # its requests' deployments' regions

    @property
    def active(self) -> bool:
        """Not revoked."""
        return self.revoked_at is None

    def view(self) -> dict[str, Any]:
        """The record as shown to admins (hash and plaintext never included)."""
        return {
            "id": self.id,
            "name": self.name,
            "prefix": self.prefix,
            "created_at": self.created_at.isoformat(),
            "revoked_at": self.revoked_at.isoformat() if self.revoked_at else None,
            "allowed_providers": list(self.allowed_providers or []) or None,
            "allowed_models": list(self.allowed_models or []) or None,
            "budget": self.budget,
            "rpm_limit": self.rpm_limit,
            "allowed_regions": list(self.allowed_regions) if self.allowed_regions else None,
        }


def hash_key(key: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(key.encode()).hexdigest()


def same_hash(a: str, b: str) -> bool:
    """Constant-time comparison of two key hashes."""
    return hmac.compare_digest(a.encode(), b.encode())


def check_limits(settings: Settings, providers: list[str] | None, models: list[str] | None) -> None:
    """Refuse allow-lists that name providers or models the configuration does not have."""
    unknown = sorted(set(providers or ()) - set(settings.providers))
    if unknown:
        raise InvalidRequest(
            f"allowed_providers: unknown {', '.join(unknown)}", param="allowed_providers"
        )
    unknown = sorted(set(models or ()) - set(settings.models) - set(settings.embeddings))
    if unknown:
        raise InvalidRequest(
            f"allowed_models: unknown {', '.join(unknown)}", param="allowed_models"
        )


class KeyStore:
    """Create, list, revoke and look up caller keys in the database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(
        self,
        name: str,
        *,
        allowed_providers: Iterable[str] | None = None,
        allowed_models: Iterable[str] | None = None,
        budget: BudgetMode | None = None,
        rpm_limit: int | None = None,
        allowed_regions: Iterable[str] | None = None,
    ) -> tuple[str, KeyRecord]:
        """A new key: returns the plaintext (shown once) and its record."""
        if not 0 < len(name) <= 200:
            raise InvalidRequest("name: 1 to 200 characters", param="name")
        plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
        record = KeyRecord(
            id=uuid.uuid4().hex[:12],
            name=name,
            key_hash=hash_key(plaintext),
            prefix=plaintext[:10],
            created_at=dt.datetime.now(dt.UTC),
            allowed_providers=tuple(allowed_providers) if allowed_providers else None,
            allowed_models=tuple(allowed_models) if allowed_models else None,
            budget=budget,
            rpm_limit=rpm_limit,
            allowed_regions=tuple(allowed_regions) if allowed_regions else None,
        )
        with self.engine.begin() as conn:
            taken = conn.execute(
                select(api_keys.c.id).where(
                    api_keys.c.name == name, api_keys.c.revoked_at.is_(None)
                )
            ).first()
            if taken is not None:
                raise InvalidRequest(
                    f"name: a key named {name!r} already exists (id {taken.id}); choose "
                    "another name, or revoke that key first",
                    param="name",
                )
            conn.execute(
                api_keys.insert().values(
                    id=record.id,
                    name=record.name,
                    key_hash=record.key_hash,
                    prefix=record.prefix,
                    created_at=record.created_at,
                    allowed_providers=list(record.allowed_providers or []) or None,
                    allowed_models=list(record.allowed_models or []) or None,
                    budget=budget,
                    rpm_limit=rpm_limit,
                    allowed_regions=list(record.allowed_regions or []) or None,
                )
            )
        return plaintext, record

    def all(self) -> list[KeyRecord]:
        """Every key, revoked ones included, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at)).all()
        return [_record(row) for row in rows]

    def names(self) -> dict[str, str]:
        """Every key's name by its id (revoked keys included: their requests stay)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys.c.id, api_keys.c.name)).all()
        return {row.id: row.name for row in rows}

    def revoke(self, key_id: str) -> KeyRecord:
        """Revoke the key with this id (or unique id prefix)."""
        matches = [r for r in self.all() if r.id.startswith(key_id) and r.active]
        if len(matches) != 1:
            why = "no active key" if not matches else "several keys"
            raise NotFound(f"{why} with id {key_id!r}", param="id")
        with self.engine.begin() as conn:
            conn.execute(
                update(api_keys)
                .where(api_keys.c.id == matches[0].id)
                .values(revoked_at=dt.datetime.now(dt.UTC))
            )
        return matches[0]


def _record(row: Row[tuple[object, ...]]) -> KeyRecord:
    data = row._mapping
    return KeyRecord(
        id=data["id"],
        name=data["name"],
        key_hash=data["key_hash"],
        prefix=data["prefix"],
        created_at=data["created_at"],
        revoked_at=data["revoked_at"],
        allowed_providers=tuple(data["allowed_providers"]) if data["allowed_providers"] else None,
        allowed_models=tuple(data["allowed_models"]) if data["allowed_models"] else None,
        budget=data["budget"],
        rpm_limit=data["rpm_limit"],
        allowed_regions=tuple(data["allowed_regions"]) if data["allowed_regions"] else None,
    )
