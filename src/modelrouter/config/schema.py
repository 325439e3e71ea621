"""The typed settings: providers, the model catalog, task types and routes, routing knobs.

Built once at the edge by ``config.loader`` and passed down; nothing here reads files or
the environment. Cross-references (a route naming an unknown model, say) are checked in
``Settings`` so that a bad file fails at start-up with the field named.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator

from modelrouter.config.base import Strict
from modelrouter.config.checks import LearnedCheckSpec
from modelrouter.config.deployments import DeploymentRouting, DeploymentSpec, resolve_deployments
from modelrouter.config.judge import JudgeSpec
from modelrouter.config.learned import LearnedSpec
from modelrouter.config.limits import LimitsSpec, OperationsSpec
from modelrouter.config.loop import AdaptiveSpec, FeedbackSpec, QualitySpec
from modelrouter.config.price_spec import PriceSpec
from modelrouter.config.sim import SimSpec
from modelrouter.config.spending import BudgetSpec, PricingSpec
from modelrouter.config.storage import StorageSpec
from modelrouter.types import Capability

BudgetMode = Literal["normal", "economy", "quality"]


class Timeouts(Strict):
    """Seconds an attempt may take: to connect, to its first token (streams), in total.

    Unset fields fall back to the provider's, then to ``routing.timeouts``."""

    connect_s: float | None = Field(default=None, gt=0)
    first_token_s: float | None = Field(default=None, gt=0, description="streams only")
    total_s: float | None = Field(default=None, gt=0)

    def over(self, fallback: Timeouts) -> Timeouts:
        """These timeouts, with ``fallback``'s where these are unset."""
        return Timeouts(
            connect_s=self.connect_s or fallback.connect_s,
            first_token_s=self.first_token_s or fallback.first_token_s,
            total_s=self.total_s or fallback.total_s,
        )


DEFAULT_TIMEOUTS = Timeouts(connect_s=5.0, first_token_s=60.0, total_s=120.0)


class ModelSpec(Strict):
    """A catalog entry: where a model lives, what it can do, what it costs.

    ``kind: embedding`` entries serve ``/v1/embeddings`` only: ``Settings`` keeps them in
    ``embeddings``, apart from the chat catalog every planner and report reads. A model
    has one or more ``deployments``; ``provider`` (and ``upstream``) is the single form,
    one deployment, and otherwise names the first deployment's provider."""

    provider: str
    deployments: list[DeploymentSpec] = Field(
        default_factory=list, description="where it can be called; filled from provider"
    )
    kind: Literal["chat", "embedding"] = "chat"
    dimensions: int | None = Field(
        default=None, gt=0, description="embedding models: the vector's default length"
    )
    upstream: str | None = Field(default=None, description="name the provider knows it by")
    context_window: int = Field(gt=0)
    max_output: int = Field(gt=0)
    capabilities: frozenset[Capability] = frozenset()
    strength: int = Field(ge=0, le=100, description="relative capability, orders escalation")
    prices: list[PriceSpec] = Field(min_length=1)
    timeout: float | None = Field(default=None, gt=0, description="total seconds per attempt")
    timeouts: Timeouts = Field(
        default_factory=Timeouts, description="resolved at load: model, provider, routing"
    )

    @field_validator("prices")
    @classmethod
    def _sort_prices(cls, prices: list[PriceSpec]) -> list[PriceSpec]:
        return sorted(prices, key=lambda p: p.effective)

    @model_validator(mode="before")
    @classmethod
    def _one_or_many(cls, data: object) -> object:
        """``provider:`` is one deployment; with ``deployments``, a ``provider`` (say, one
        inherited from the defaults) must be one of them and the first is the model's."""
        if not isinstance(data, dict) or not data.get("deployments"):
            return data
        listed = [d if isinstance(d, dict) else dict(d) for d in data["deployments"]]
        providers = [d.get("provider") for d in listed]
        named = data.get("provider")
        if named is not None and named not in providers:
            raise ValueError(
                f"provider {named!r} is not one of its deployments "
                f"({', '.join(map(str, providers))}); drop provider (null removes an "
                "inherited one) or add it as a deployment"
            )
        return {**data, "provider": providers[0]}

    def deployment(self, label: str | None = None) -> DeploymentSpec:
        """The deployment named ``label`` (the part after '@'), else the first."""
        for deployment in self.deployments:
            if label is None or deployment.label == label:
                return deployment
        raise KeyError(label)

    def at(self, deployment: DeploymentSpec) -> ModelSpec:
        """This model as served by ``deployment``: its provider, upstream name and prices."""
        return self.model_copy(
            update={
                "provider": deployment.provider,
                "upstream": deployment.upstream or self.upstream,
                "prices": deployment.prices or self.prices,
                "deployments": [deployment],
            }
        )


class ProviderSpec(Strict):
    """An endpoint: one wire format at one base URL with one key."""

    format: Literal["openai", "anthropic", "replay"]
    base_url: str = Field(description="the endpoint; for replay, the outcome file's path")
    api_key_env: str | None = Field(default=None, description="variable holding the key")
    api_key: SecretStr | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    passthrough: bool = Field(
        default=False,
        description="send '<this provider>/<id>' for ids not in the catalog to it as they are",
    )
    drop_params: list[str] = Field(
        default_factory=lambda: ["top_k"],
        description="request fields this endpoint rejects (OpenAI format only)",
    )
    max_connections: int = Field(default=100, gt=0)
    forward_unknown_fields: bool = Field(
        default=False,
        description="forward request fields modelrouter cannot price (only where they are free)",
    )
    connect_timeout: float | None = Field(default=None, gt=0, description="default: routing")
    timeout: float | None = Field(default=None, gt=0, description="total seconds per attempt")
    first_token_timeout: float | None = Field(default=None, gt=0, description="streams")
    responses: Literal["translate", "native"] = Field(
        default="translate",
        description="/v1/responses: 'native' sends the Responses body to the upstream's "
        "/responses (OpenAI format only); 'translate' goes through /chat/completions",
    )

    @model_validator(mode="after")
    def _native_needs_openai(self) -> ProviderSpec:
        """Only an OpenAI-format endpoint can speak the Responses API."""
        if self.responses == "native" and self.format != "openai":
            raise ValueError(
                f"responses: 'native' needs format 'openai' (this provider is {self.format!r})"
            )
        return self

    def timeouts(self) -> Timeouts:
        """This endpoint's own timeouts (unset where the routing defaults apply)."""
        return Timeouts(
            connect_s=self.connect_timeout,
            first_token_s=self.first_token_timeout,
            total_s=self.timeout,
        )


class RouteSpec(Strict):
    primary: str
    fallbacks: list[str] = Field(default_factory=list)

    def models(self) -> list[str]:
        """Primary first, then the fallbacks in order."""
        return [self.primary, *self.fallbacks]


class TaskType(Strict):
    """A task type as data: what it is, how to recognise it, where to route it."""

    description: str
    examples: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(
        default_factory=list, description="case-insensitive regular expressions, any language"
    )
    route: RouteSpec
    min_strength: int = Field(
        default=0, ge=0, le=100, description="weakest model the economy mode may pick"
    )
    typical_output_tokens: int = Field(
        default=500, gt=0, description="expected answer length, for cost estimates"
    )


class CircuitSpec(Strict):
    """When a deployment (one catalog model at its provider) is taken out of rotation.

    The circuit opens after ``failures`` failures in a row, or when at least
    ``failure_share`` of the last ``window`` attempts failed (once ``min_calls`` were made);
    it stays open ``cooldown_s`` seconds (doubled on each failed probe, up to
    ``max_cooldown_s``), then lets ``half_open_probes`` requests through: as many successes
    close it, one failure opens it again."""

    enabled: bool = True
    failures: int = Field(default=5, ge=1)
    window: int = Field(default=20, ge=1)
    failure_share: float = Field(default=0.5, gt=0, le=1)
    min_calls: int = Field(default=10, ge=1)
    cooldown_s: float = Field(default=5.0, gt=0)
    max_cooldown_s: float = Field(default=60.0, gt=0)
    half_open_probes: int = Field(default=2, ge=1)
    rate_limit_cooldown_s: float = Field(
        default=1.0, ge=0, description="after a 429 without Retry-After"
    )


class RoutingSpec(Strict):
    default_task: str = "simple"
    detector: str = "blend"
    policy: str = Field(default="table", description="table, learned or adaptive")
    learned: LearnedSpec | None = None
    adaptive: AdaptiveSpec = Field(default_factory=AdaptiveSpec)
    budget: BudgetMode = "normal"
    max_attempts: int = Field(default=4, ge=1, le=20)
    retries_per_model: int = Field(default=1, ge=0, le=10)
    backoff_base: float = Field(default=0.2, ge=0)
    backoff_max: float = Field(default=8.0, ge=0)
    checks: list[str] = Field(
        default_factory=lambda: ["empty", "refusal", "truncated", "json", "arithmetic"]
    )
    learned_check: LearnedCheckSpec = Field(default_factory=LearnedCheckSpec)
    aliases: dict[str, str] = Field(default_factory=dict)
    allowed_providers: list[str] | None = None
    allowed_regions: list[str] | None = Field(
        default=None, description="deployments in other (or no) regions are never called"
    )
    deployments: DeploymentRouting = Field(default_factory=DeploymentRouting)
    timeouts: Timeouts = Field(default_factory=lambda: DEFAULT_TIMEOUTS)
    circuit: CircuitSpec = Field(default_factory=CircuitSpec)
    stream_buffer_s: float = Field(
        default=0.0,
        ge=0,
        description="hold a stream's first content this long, so a cut can still fail over",
    )
    max_answers: int = Field(
        default=16, ge=1, le=128, description="the largest n (answers per request) accepted"
    )
    deadline_s: float = Field(
        default=30.0,
        gt=0,
        description="longest a request waits for an unavailable deployment to recover",
    )


class GatewaySpec(Strict):
    """The HTTP gateway: where it listens, how much it accepts, how callers authenticate."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    max_body_bytes: int = Field(default=16 * 1024 * 1024, gt=0)
    admin_key_env: str = Field(default="MODELROUTER_ADMIN_KEY", description="admin key variable")
    require_keys: bool | None = Field(
        default=None, description="None: required as soon as one key exists"
    )
    default_model: str | None = Field(
        default=None,
        description="the model of a body without one (e.g. auto); unset: 400, as OpenAI and "
        "Anthropic answer",
    )
    keys_refresh_seconds: float = Field(default=5.0, gt=0)
    ledger_flush_seconds: float = Field(
        default=0.2, gt=0, description="how often queued ledger records are written"
    )
    stream_stall_s: float = Field(
        default=30.0,
        gt=0,
        description="a stream whose caller reads nothing this long is stopped and billed",
    )
    shutdown_grace_s: int = Field(
        default=30,
        ge=0,
        description="on SIGTERM, how long in-flight requests and streams may take to finish",
    )
    limits: LimitsSpec = Field(default_factory=LimitsSpec)
    operations: OperationsSpec = Field(default_factory=OperationsSpec)

    @model_validator(mode="after")
    def _check_operations(self) -> GatewaySpec:
        if self.operations.listen is not None and self.operations.address()[1] == self.port:
            raise ValueError("operations.listen: must be another port than gateway.port")
        return self


class Settings(Strict):
    """The whole effective configuration."""

    providers: dict[str, ProviderSpec]
    models: dict[str, ModelSpec]
    tasks: dict[str, TaskType]
    embeddings: dict[str, ModelSpec] = Field(
        default_factory=dict, description="filled at load from models of kind embedding"
    )
    routing: RoutingSpec = Field(default_factory=RoutingSpec)
    sim: SimSpec = Field(default_factory=SimSpec)
    gateway: GatewaySpec = Field(default_factory=GatewaySpec)
    storage: StorageSpec = Field(default_factory=StorageSpec)
    pricing: PricingSpec = Field(default_factory=PricingSpec)
    budgets: BudgetSpec = Field(default_factory=BudgetSpec)
    feedback: FeedbackSpec = Field(default_factory=FeedbackSpec)
    quality: QualitySpec = Field(default_factory=QualitySpec)
    judge: JudgeSpec = Field(default_factory=JudgeSpec)

    @model_validator(mode="after")
    def _check_references(self) -> Settings:
        for name, model in list(self.models.items()):
            if model.provider not in self.providers:
                raise ValueError(f"models.{name}.provider: unknown provider {model.provider!r}")
            self.models[name] = self._resolved(name, model)
        self._split_embeddings()
        for name, task in self.tasks.items():
            for model_id in task.route.models():
                if model_id in self.embeddings:
                    raise ValueError(f"tasks.{name}.route: {model_id!r} is an embedding model")
                if model_id not in self.models:
                    raise ValueError(f"tasks.{name}.route: unknown model {model_id!r}")
        if self.routing.default_task not in self.tasks:
            raise ValueError(f"routing.default_task: unknown task {self.routing.default_task!r}")
        for alias, target in self.routing.aliases.items():
            routed = target.removeprefix("route:")
            if target not in self.models and not (
                target.startswith("route:") and routed in self.tasks
            ):
                raise ValueError(f"routing.aliases.{alias}: unknown model or route {target!r}")
        for name in self.routing.allowed_providers or ():
            if name not in self.providers:
                raise ValueError(f"routing.allowed_providers: unknown provider {name!r}")
        self._check_learned()
        self.judge.check(set(self.models), set(self.tasks))
        return self

    def _split_embeddings(self) -> None:
        """Move ``kind: embedding`` entries out of the chat catalog, so no planner, walk or
        report (all of which read ``models``) can ever pick one for a chat request."""
        for name, model in list(self.models.items()):
            if model.kind == "embedding":
                self.embeddings[name] = self.models.pop(name)
        for name, model in list(self.embeddings.items()):
            if model.kind != "embedding":
                raise ValueError(f"embeddings.{name}.kind: must be 'embedding'")
            if model.provider not in self.providers:
                raise ValueError(f"embeddings.{name}.provider: unknown provider {model.provider!r}")
            self.embeddings[name] = self._resolved(name, model)

    def catalog_entry(self, model_id: str) -> ModelSpec | None:
        """The chat or embedding model ``model_id``, or None."""
        return self.models.get(model_id) or self.embeddings.get(model_id)

    def _check_learned(self) -> None:
        learned = self.routing.learned
        if self.routing.policy == "learned" and learned is None:
            raise ValueError("routing.learned: policy 'learned' needs routing.learned.router")
        for name, model_id in (learned.models if learned else {}).items():
            if model_id not in self.models:
                raise ValueError(f"routing.learned.models.{name}: unknown model {model_id!r}")
        for task in self.routing.learned_check.tasks or ():
            if task not in self.tasks:
                raise ValueError(f"routing.learned_check.tasks: unknown task {task!r}")
        for model_id in self.routing.learned_check.models or ():
            if model_id not in self.models:
                raise ValueError(f"routing.learned_check.models: unknown model {model_id!r}")

    def _resolved(self, name: str, model: ModelSpec) -> ModelSpec:
        """``model`` with its upstream name, its deployments and every timeout filled in."""
        own = model.timeouts
        if model.timeout is not None and own.total_s is None:
            own = own.model_copy(update={"total_s": model.timeout})
        provider = self.providers[model.provider].timeouts()
        timeouts = own.over(provider).over(self.routing.timeouts).over(DEFAULT_TIMEOUTS)
        upstream = model.upstream or name
        return model.model_copy(
            update={
                "upstream": upstream,
                "timeouts": timeouts,
                "deployments": resolve_deployments(
                    name, model.deployments, model.provider, upstream, self.providers
                ),
            }
        )

    def provider_timeouts(self, name: str) -> Timeouts:
        """Provider ``name``'s timeouts, the routing defaults where it sets none."""
        own = self.providers[name].timeouts()
        return own.over(self.routing.timeouts).over(DEFAULT_TIMEOUTS)
