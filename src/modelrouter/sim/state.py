"""Run-time state of the simulated upstream: behaviour per model, the fault dice, counters,
billed usage and the memory of cached prompt prefixes.

Faults are reproducible: call number *n* of model *m* rolls a ``random.Random`` seeded with
``(settings.sim.seed, m, n)``, so a run repeats exactly whatever the interleaving of models.
Every call that passes validation advances *n*, also when a forced fault (the
``x-sim-fault`` header) or ``down`` decides the outcome instead of the dice.
Methods may be called from another thread than the server's (tests, the demo), so every
mutation holds one lock. This module must never know about wire formats.

A call whose prompt carries a bill tag (``[bill-to:ID]``, see ``bill_tag``) also gets a
bill of its own, kept under ID (``bills``): what that one call cost, so a caller that
tagged its requests can check its own accounts request by request. Untagged calls keep
only the per-model totals. The tag is text in the prompt, so it reaches the upstream
through any gateway without a header or field of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from modelrouter.config.deployments import deployment_id
from modelrouter.config.schema import ModelSpec, Settings
from modelrouter.config.sim import FaultKind, SimModelSpec
from modelrouter.errors import NotFound
from modelrouter.pricing import cost
from modelrouter.sim.model import Usage
from modelrouter.types import Usage as ChatUsage

_CACHE_ENTRIES = 4096
_BILLS_KEPT = 200_000  # per-call bills of tagged calls; the oldest are dropped beyond it
BILL_TAG = "[bill-to:"
_TAG_MAX = 64


@dataclass
class _Stats:
    calls: int = 0
    rolls: int = 0
    rejected: int = 0
    answered: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    billed_usd: float = 0.0
    clean_usd: float = 0.0
    faults: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "calls": self.calls,
            "answered": self.answered,
            "rejected": self.rejected,
            "faults": dict(sorted(self.faults.items())),
            "usage": {
                "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens,
            },
            "billed_usd": self.billed_usd,
            "clean_usd": self.clean_usd,
        }


@dataclass(frozen=True)
class Turn:
    """How one call to one model will go: its behaviour and the fault it drew, if any.

    ``repeat`` counts how often this model has now had this fault (1 the first time)."""

    model_id: str
    spec: SimModelSpec
    fault: FaultKind | None = None
    down: bool = False
    repeat: int = 0
    call: int = 0  # the call's number across models; its bill's key when tagged
    deployment: str | None = None  # ``model@provider``, when the caller said which provider
    quota_spent: int | None = None  # the daily quota this call went over, if it did

    @property
    def cache_key(self) -> str:
        """Whose prompt cache this call reads: one provider's copy of the model."""
        return self.deployment or self.model_id


class SimState:
    """The simulated upstream's mutable state; one per app, at ``app.state.sim``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._overrides: dict[str, SimModelSpec] = {}
        self._stats: dict[str, _Stats] = {}
        self._prefixes: dict[str, OrderedDict[str, None]] = {}
        self._calls = 0
        self._bills: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._quota: dict[str, tuple[dt.date, int]] = {}  # who -> (UTC day, calls)

    def resolve(self, name: str, wire: str | None = None) -> str | None:
        """The catalog id a request's ``model`` names (a catalog id or an upstream name).

        When several catalog entries share an upstream name, the one whose provider speaks
        ``wire`` wins, then the first in the catalog."""
        if name in self.settings.models:
            return name
        matches = [
            mid
            for mid, spec in self.settings.models.items()
            if spec.upstream == name or any(d.upstream == name for d in spec.deployments)
        ]
        same_wire = [mid for mid in matches if self._format(mid) == wire]
        return next(iter(same_wire or matches), None)

    def model(self, model_id: str) -> ModelSpec:
        """The catalog entry of ``model_id``."""
        return self.settings.models[model_id]

    def deployment(self, model_id: str, provider: str | None, upstream: str) -> str | None:
        """The id of the deployment of ``model_id`` at ``provider`` called as ``upstream``
        (``kimi-k2.6@moonshot``); None when the caller did not say which provider."""
        if provider is None:
            return None
        spec = self.settings.models[model_id]
        found = [d for d in spec.deployments if d.provider == provider]
        exact = [d for d in found if d.upstream == upstream]
        chosen = next(iter(exact or found), None)
        return deployment_id(model_id, chosen) if chosen is not None else None

    def spec(self, model_id: str, deployment: str | None = None) -> SimModelSpec:
        """The behaviour in force for ``model_id`` (at ``deployment``): run-time override,
        then settings; a deployment's own entry wins over its model's."""
        if deployment is not None and deployment in self._overrides:
            return self._overrides[deployment]
        if deployment is not None and deployment in self.settings.sim.models:
            return self.settings.sim.models[deployment]
        if model_id in self._overrides:
            return self._overrides[model_id]
        sim = self.settings.sim
        upstream = self.settings.models[model_id].upstream
        if model_id not in sim.models and upstream in sim.models:
            return sim.for_model(upstream)
        return sim.for_model(model_id)

    def configure(self, model_id: str, spec: SimModelSpec) -> None:
        """Replace the behaviour of one model (catalog id or upstream name) or one
        deployment (``kimi-k2.6@moonshot``) from now on."""
        resolved = model_id if self._is_deployment(model_id) else self._known(model_id)
        with self._lock:
            self._overrides[resolved] = spec

    def set_down(self, model_ids: Iterable[str], down: bool) -> None:
        """Take models down (every call answers 503) or bring them back up."""
        resolved = [self._known(model_id) for model_id in model_ids]
        with self._lock:
            for model_id in resolved:
                self._overrides[model_id] = self.spec(model_id).model_copy(update={"down": down})

    def reset(self) -> None:
        """Forget overrides, counters, billed usage and cached prefixes."""
        with self._lock:
            self._overrides.clear()
            self._stats.clear()
            self._prefixes.clear()
            self._bills.clear()
            self._quota.clear()

    def begin(
        self,
        model_id: str,
        forced: FaultKind | None = None,
        *,
        tag: str = "",
        stream: bool = False,
        deployment: str | None = None,
    ) -> Turn:
        """Count a valid call and roll its fault (``forced`` overrides the dice; a model
        that is down answers 503 whatever was forced, and one whose simulated daily quota
        is spent 429); a ``tag`` opens the call's bill."""
        with self._lock:
            stats = self._stats_of(model_id)
            stats.calls += 1
            stats.rolls += 1
            self._calls += 1
            spec = self.spec(model_id, deployment)
            rolled = _roll(self.settings.sim.seed, model_id, stats.rolls, spec)
            fault = forced or rolled
            turn = Turn(model_id, spec, call=self._calls, deployment=deployment)
            if self._over_quota(deployment or model_id, spec):
                turn = replace(turn, quota_spent=spec.daily_quota)
            elif spec.down:
                stats.faults["down"] += 1
                turn = replace(turn, down=True, repeat=stats.faults["down"])
            elif fault is not None:
                stats.faults[fault] += 1
                turn = replace(turn, fault=fault, repeat=stats.faults[fault])
            if tag:
                self._open_bill(turn, tag, stream)
            return turn

    def _open_bill(self, turn: Turn, tag: str, stream: bool) -> None:
        self._bills[turn.call] = {
            "call": turn.call,
            "tag": tag,
            "model": turn.model_id,
            "stream": stream,
            "fault": "down" if turn.down else turn.fault,
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "billed_usd": 0.0,
            "uncached_usd": 0.0,  # the same tokens, had none been read from the cache
            "clean": False,
        }
        if len(self._bills) > _BILLS_KEPT:
            self._bills.popitem(last=False)

    def reject(self, model_id: str) -> None:
        """Count a call refused for the request itself (context length, bad limits)."""
        with self._lock:
            stats = self._stats_of(model_id)
            stats.calls += 1
            stats.rejected += 1

    def bill(self, model_id: str, prompt: int, completion: int, *, answered: bool) -> None:
        """Add tokens the upstream charged for; ``answered`` counts one 200 response."""
        with self._lock:
            stats = self._stats_of(model_id)
            stats.prompt_tokens += prompt
            stats.completion_tokens += completion
            stats.answered += int(answered)

    def charge(self, turn: Turn, billed: Usage, reported: Usage, *, clean: bool) -> None:
        """Add the USD price of one call's ``billed`` tokens at catalog prices. ``clean``
        calls delivered their whole answer, usage (``reported``) included, in good form:
        a client that parsed it knows exactly what it cost."""
        model = self.settings.models[turn.model_id]
        if turn.deployment is not None:
            model = model.at(model.deployment(turn.deployment.partition("@")[2]))
        now = dt.datetime.now(dt.UTC)
        usd = cost(model, _as_usage(billed), now)
        uncached = cost(model, _as_usage(replace(billed, cache_read=0, cache_write=0)), now)
        with self._lock:
            stats = self._stats_of(turn.model_id)
            stats.billed_usd += usd
            if clean:
                stats.clean_usd += cost(model, _as_usage(reported), now)
            bill = self._bills.get(turn.call)
            if bill is not None:
                bill["prompt_tokens"] += billed.prompt
                bill["completion_tokens"] += billed.completion
                bill["billed_usd"] += usd
                bill["uncached_usd"] += uncached
                bill["clean"] = clean

    def bills(self) -> list[dict[str, Any]]:
        """The bill of every tagged call still kept, oldest first: its tag, model, fault,
        the tokens and USD charged for it, and whether it was delivered whole."""
        with self._lock:
            return [dict(bill) for bill in self._bills.values()]

    def seen_prefix(self, model_id: str, key: str) -> bool:
        """Whether this model has seen the prompt prefix ``key`` before; remembers it."""
        with self._lock:
            seen = self._prefixes.setdefault(model_id, OrderedDict())
            known = key in seen
            seen[key] = None
            seen.move_to_end(key)
            if len(seen) > _CACHE_ENTRIES:
                seen.popitem(last=False)
            return known

    def snapshot(self) -> dict[str, Any]:
        """Counters, faults and billed usage per model, with the behaviour in force."""
        with self._lock:
            models = {
                model_id: {
                    **self._stats.get(model_id, _Stats()).as_dict(),
                    "spec": self.spec(model_id).model_dump(mode="json"),
                }
                for model_id in self.settings.models
            }
        return {"seed": self.settings.sim.seed, "models": models}

    def _over_quota(self, who: str, spec: SimModelSpec) -> bool:
        """Count one call against ``who``'s simulated daily quota; True past it (the lock
        is held)."""
        if spec.daily_quota is None:
            return False
        today = dt.datetime.now(dt.UTC).date()
        day, calls = self._quota.get(who, (today, 0))
        calls = calls + 1 if day == today else 1
        self._quota[who] = (today, calls)
        return calls > spec.daily_quota

    def _is_deployment(self, name: str) -> bool:
        model_id, _, label = name.partition("@")
        spec = self.settings.models.get(model_id)
        return spec is not None and any(d.label == label for d in spec.deployments)

    def _stats_of(self, model_id: str) -> _Stats:
        return self._stats.setdefault(model_id, _Stats())

    def _known(self, name: str) -> str:
        resolved = self.resolve(name)
        if resolved is None:
            raise NotFound(f"unknown model {name!r}; known: {', '.join(self.settings.models)}")
        return resolved

    def _format(self, model_id: str) -> str:
        return self.settings.providers[self.settings.models[model_id].provider].format


def _as_usage(usage: Usage) -> ChatUsage:
    return ChatUsage.of(
        usage.prompt,
        usage.completion,
        cached=usage.cache_read,
        cache_write=usage.cache_write,
        reasoning=usage.reasoning,
    )


def bill_tag(texts: Iterable[str]) -> str:
    """The ID of the first ``[bill-to:ID]`` in ``texts`` ("" when none): at most 64
    characters, and no ``]`` or whitespace."""
    for text in texts:
        start = text.find(BILL_TAG)
        if start < 0:
            continue
        start += len(BILL_TAG)
        end = text.find("]", start, start + _TAG_MAX + 1)
        tag = text[start:end] if end > start else ""
        if tag and not any(c.isspace() for c in tag):
            return tag
    return ""


def _roll(seed: int, model_id: str, number: int, spec: SimModelSpec) -> FaultKind | None:
    """The fault call ``number`` of ``model_id`` draws under ``spec``, or None."""
    dice = random.Random(f"{seed}/{model_id}/{number}")
    if dice.random() >= spec.error_rate or not spec.faults:
        return None
    return dice.choice(spec.faults)
