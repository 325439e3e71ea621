"""Deployments on the simulator, in process (issue 17's figures):

1. A provider outage: ``moonshot`` down for the whole run, 200 simple-route requests
   (``route:simple``, whose primary is ``kimi-k2.6``). Today's catalog (kimi at moonshot
   only) against kimi with a second deployment at openrouter: success rate, and the share
   of requests answered by the model the plan chose (kimi) rather than another model.
2. Prompt caching: 30 conversations (a long system prompt, a first turn, then six
   follow-ups on the same history) over two deployments of kimi chosen at random
   (strategy ``weighted``), with and without stickiness: the share of the follow-ups'
   prompt tokens read from the simulated provider cache. 5 repeats; medians.

Usage (from the repository root): PYTHONPATH=src python3 bench/deployments.py
"""

from __future__ import annotations

import asyncio
import statistics
from typing import Any

from modelrouter.config.loader import build_settings, default_data, merge
from modelrouter.router import Router

KIMI = "kimi-k2.6"
OPENROUTER = {"format": "openai", "base_url": "https://openrouter.ai/api/v1"}
TWO = [{"provider": "moonshot"}, {"provider": "openrouter", "upstream": "moonshotai/kimi-k2.6"}]


def settings(deployments: list[dict[str, Any]] | None, **extra: Any) -> Any:
    data: dict[str, Any] = {"providers": {"openrouter": OPENROUTER}, "sim": {"enabled": True}}
    if deployments:
        data["models"] = {KIMI: {"deployments": deployments}}
    return build_settings(merge(merge(default_data(), data), extra))


async def outage(deployments: list[dict[str, Any]] | None, n: int = 200) -> tuple[float, float]:
    """Success rate and same-model share with moonshot down."""
    down = {"sim": {"models": {f"{KIMI}@moonshot": {"down": True}, KIMI: {"down": True}}}}
    if deployments:  # the model-level entry would take every deployment down
        down = {"sim": {"models": {f"{KIMI}@moonshot": {"down": True}}}}
    ok = same = 0
    async with Router(settings(deployments, **down)) as router:
        for i in range(n):
            try:
                result = await router.complete(f"translate 'hello {i}' to French", task="simple")
            except Exception:  # noqa: BLE001 - a failed request is what is counted here
                continue
            ok += 1
            same += result.trace.model == KIMI
    return ok / n, same / n


async def cached_share(sticky: bool, conversations: int = 30) -> float:
    """Share of follow-up prompt tokens read from the cache."""
    routing = {"routing": {"deployments": {"strategy": "weighted", "sticky": sticky}}}
    cached = prompt = 0
    async with Router(settings(TWO, **routing)) as router:
        for c in range(conversations):
            system = f"You are assistant number {c}, careful and brief. " * 150
            head: list[dict[str, Any]] = [
                {"role": "system", "content": system},
                {"role": "user", "content": f"question {c}"},
            ]
            opening = await router.complete(head, model=KIMI)
            head.append({"role": "assistant", "content": opening.response.text})
            for turn in range(6):
                ask = [*head, {"role": "user", "content": f"follow-up {turn}"}]
                usage = (await router.complete(ask, model=KIMI)).response.usage
                assert usage is not None
                cached += usage.prompt_tokens_details.cached_tokens or 0
                prompt += usage.prompt_tokens
    return cached / prompt


async def main() -> None:
    for label, deployments in (("kimi at moonshot only (today)", None), ("two deployments", TWO)):
        success, same = await outage(deployments)
        print(f"outage, {label}: success {success:.1%}, answered by kimi {same:.1%}")
    for sticky in (False, True):
        shares = [await cached_share(sticky) for _ in range(5)]
        print(f"cached share, sticky={sticky}: median {statistics.median(shares):.1%}")


if __name__ == "__main__":
    asyncio.run(main())
