"""The one registry per kind: name -> implementation, imported lazily.

Adding an implementation is one line here. Names are what configuration files and CLI
flags use. Nothing is imported until it is asked for, so start-up stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any, Literal

from modelrouter.errors import ConfigError
from modelrouter.extras import missing_extra

Kind = Literal["detector", "check", "policy", "wire_format"]

_REGISTRY: dict[Kind, dict[str, str]] = {
    "detector": {
        "blend": "modelrouter.detect.blend:BlendDetector",
        "keywords": "modelrouter.detect.keywords:KeywordDetector",
        "learned": "modelrouter.detect.learned.detector:LearnedDetector",
        "rules": "modelrouter.detect.rules:RulesDetector",
    },
    "check": {
        "empty": "modelrouter.check.heuristics:EmptyCheck",
        "refusal": "modelrouter.check.heuristics:RefusalCheck",
        "truncated": "modelrouter.check.heuristics:TruncatedCheck",
        "json": "modelrouter.check.heuristics:JsonCheck",
        "code": "modelrouter.check.heuristics:CodeCheck",
        "arithmetic": "modelrouter.check.arithmetic:ArithmeticCheck",
        "learned": "modelrouter.check.learned:LearnedCheck",
    },
    "policy": {
        "adaptive": "modelrouter.policy.adaptive:AdaptivePolicy",
        "learned": "modelrouter.policy.learned:LearnedPolicy",
        "table": "modelrouter.policy.table:TablePolicy",
    },
    "wire_format": {
        "openai": "modelrouter.providers.openai:OpenAIProvider",
        "anthropic": "modelrouter.providers.anthropic:AnthropicProvider",
        "replay": "modelrouter.providers.replay:ReplayProvider",
    },
}


def names(kind: Kind) -> list[str]:
    """The registered names of one kind, sorted."""
    return sorted(_REGISTRY[kind])


def load(kind: Kind, name: str) -> Any:
    """The implementation registered as ``name`` for ``kind``."""
    try:
        target = _REGISTRY[kind][name]
    except KeyError:
        known = ", ".join(names(kind))
        raise ConfigError(f"unknown {kind} {name!r}; known: {known}") from None
    module_name, _, attribute = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        missing = missing_extra(exc)
        if missing is None:
            raise
        raise missing from None
    return getattr(module, attribute)
