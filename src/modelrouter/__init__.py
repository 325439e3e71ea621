"""modelrouter: send each LLM request to the model with the best price-performance for it.

The public surface is what ``__all__`` lists; everything else may change.
"""

from modelrouter.config.loader import load_settings
from modelrouter.config.schema import Settings
from modelrouter.detect.base import TaskChoice
from modelrouter.errors import (
    AllAttemptsFailed,
    ConfigError,
    ModelRouterError,
    NoCandidates,
    NotFound,
    ProviderError,
    RequestError,
)
from modelrouter.routed import RouteResult, RouteStream
from modelrouter.router import Router
from modelrouter.trace import Attempt, Trace
from modelrouter.types import ChatChunk, ChatRequest, ChatResponse, Usage

__all__ = [
    "AllAttemptsFailed",
    "Attempt",
    "ChatChunk",
    "ChatRequest",
    "ChatResponse",
    "ConfigError",
    "ModelRouterError",
    "NoCandidates",
    "NotFound",
    "ProviderError",
    "RequestError",
    "RouteResult",
    "RouteStream",
    "Router",
    "Settings",
    "TaskChoice",
    "Trace",
    "Usage",
    "load_settings",
]
