"""The simulated provider: a stand-in upstream for real LLM APIs on machines without keys.

It speaks OpenAI Chat Completions (``POST /v1/chat/completions``) and Anthropic Messages
(``POST /v1/messages``) over HTTP, plain and streamed, with deterministic answers shaped
by the request, realistic token usage, latency and reproducible faults. It is an upstream
like any other and knows nothing about routing.

Run it over loopback (``serve``, ``running_sim``, ``serving``) or in process
(``sim_transport(build_app(settings))`` as an httpx2 transport).
"""

from modelrouter.sim.app import FAULT_HEADER, build_app
from modelrouter.sim.server import running_sim, serve, serving
from modelrouter.sim.state import SimState
from modelrouter.sim.transport import SimTransport, sim_transport

__all__ = [
    "FAULT_HEADER",
    "SimState",
    "SimTransport",
    "build_app",
    "running_sim",
    "serve",
    "serving",
    "sim_transport",
]
