"""The base of every settings model: unknown fields are errors, values never change."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A settings model that refuses unknown fields and is frozen once built."""

    model_config = ConfigDict(extra="forbid", frozen=True)
