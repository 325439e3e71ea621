"""``modelrouter chat``: call the router and print the answer; a REPL when interactive.

Every call is written to the ledger (``api = "cli"``, no key) so ``report`` sees CLI usage
beside the gateway's; ``--no-record`` leaves it out. An empty prompt is refused before any
call: nothing is sent and nothing billed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from collections.abc import Callable
from typing import Any

import click
import orjson

from modelrouter.cli.common import (
    budget_option,
    json_option,
    read_prompt,
    reported_errors,
    settings_for,
    sim_option,
    task_option,
)
from modelrouter.cli.route_cmd import allow_option, allowed, model_option
from modelrouter.config.schema import BudgetMode, Settings
from modelrouter.errors import ModelRouterError
from modelrouter.reports.baselines import pricer
from modelrouter.router import Router, build_request
from modelrouter.store.db import connect, default_url
from modelrouter.store.ledger import Ledger, rows_of
from modelrouter.trace import Trace
from modelrouter.types import ChatRequest

CLI_API = "cli"  # the ledger's ``api`` of requests made from the command line
EXIT_WORDS = {"/exit", "/quit", "exit", "quit"}


@click.command()
@click.argument("prompt", required=False)
@task_option
@budget_option
@model_option
@allow_option
@sim_option
@click.option("--max-tokens", type=int, help="Cap on the answer's tokens.")
@click.option("--stream", is_flag=True, help="Print the answer as it streams.")
@click.option(
    "-i",
    "--interactive",
    is_flag=True,
    help="A conversation: one prompt per line, the history kept (default when no PROMPT is "
    "given on a terminal). /exit or end of input stops.",
)
@click.option("--no-record", is_flag=True, help="Do not write the call to the ledger.")
@json_option
@click.pass_context
def chat(
    ctx: click.Context,
    prompt: str | None,
    task: str | None,
    budget: BudgetMode | None,
    model: str,
    allow: str | None,
    sim: bool,
    max_tokens: int | None,
    stream: bool,
    interactive: bool,
    no_record: bool,
    as_json: bool,
) -> None:
    """Send PROMPT through the router; print the answer, the decision and the cost."""
    interactive = interactive or (prompt is None and sys.stdin.isatty())
    text = "" if interactive else nonempty(read_prompt(prompt))
    settings = settings_for(ctx, sim=sim)
    router = Router(settings, env=os.environ)
    ledger = None if no_record else _ledger(settings)
    params: dict[str, Any] = {"task": task, "stream": stream, "model": model}
    params["max_tokens"] = max_tokens
    turn = _Turn(router, ledger, budget, allowed(allow), as_json)
    with reported_errors():
        if interactive:
            asyncio.run(_conversation(turn, params))
            return
        trace = asyncio.run(turn.closing(build_request(text, **params)))
    if not as_json:
        if sim:
            click.echo("(answer simulated: no real model was called)", err=True)
        click.echo(summary(trace), err=True)


def nonempty(text: str) -> str:
    """``text``, refused when it holds nothing to send."""
    if not text.strip():
        raise click.UsageError("the prompt is empty: nothing was sent")
    return text


def _ledger(settings: Settings) -> Ledger:
    with reported_errors():
        ledger = Ledger(connect(settings.storage.url or default_url(os.environ)))
    ledger.baselines = pricer(lambda: settings)  # the dashboard's rollups price baselines
    return ledger


class _Turn:
    """One call through the router, printed and recorded."""

    def __init__(
        self,
        router: Router,
        ledger: Ledger | None,
        budget: BudgetMode | None,
        allowed: list[str] | None,
        as_json: bool,
    ) -> None:
        self.router, self.ledger, self.budget = router, ledger, budget
        self.allowed, self.as_json = allowed, as_json

    async def closing(self, request: ChatRequest) -> Trace:
        """One call, then the router closed."""
        try:
            trace, _ = await self(request)
        finally:
            await self.router.aclose()
        return trace

    async def __call__(self, request: ChatRequest) -> tuple[Trace, str]:
        """Call, print the answer, record it; the trace and the answer's text."""
        received = dt.datetime.now(dt.UTC)
        try:
            trace, answer = await self._call(request)
        except ModelRouterError as exc:
            if exc.trace is not None:
                self._record(exc.trace, received, exc.status, exc.message, request.model)
            raise
        self._record(trace, received, 200, None, request.model)
        return trace, answer

    async def _call(self, request: ChatRequest) -> tuple[Trace, str]:
        kwargs: dict[str, Any] = {"budget": self.budget, "allowed_providers": self.allowed}
        if request.stream and not self.as_json:
            parts: list[str] = []
            answer = await self.router.stream(request, **kwargs)
            async for chunk in answer:
                for choice in chunk.choices:
                    parts.append(choice.delta.content or "")
                    sys.stdout.write(parts[-1])
                    sys.stdout.flush()
            sys.stdout.write("\n")
            return answer.trace, "".join(parts)
        result = await self.router.complete(request, **kwargs)
        if self.as_json:
            payload = {"response": result.response.model_dump(), "trace": result.trace.to_dict()}
            click.echo(orjson.dumps(payload, option=orjson.OPT_INDENT_2))
        else:
            click.echo(result.response.text or _tool_calls(result.response.model_dump()))
        return result.trace, result.response.text or ""

    def _record(
        self, trace: Trace, received: dt.datetime, status: int, error: str | None, model: str
    ) -> None:
        if self.ledger is None:
            return
        upstream = sum(a.latency_ms for a in trace.attempts)
        self.ledger.write(
            [
                rows_of(
                    request_id=trace.request_id,
                    received_at=received,
                    api=CLI_API,
                    key_id=None,
                    selector=model,
                    status=status,
                    error=error,
                    trace=trace,
                    latency_ms=trace.latency_ms,
                    overhead_ms=max(trace.latency_ms - upstream, 0.0),
                )
            ]
        )


async def _conversation(turn: _Turn, params: dict[str, Any]) -> None:
    """The REPL: each line a user turn, every answer kept in the history sent next."""
    history: list[dict[str, Any]] = []
    ask: Callable[[], str] = sys.stdin.readline
    try:
        while True:
            if sys.stdin.isatty():
                click.echo("> ", nl=False, err=True)
            line = ask()
            if not line or line.strip() in EXIT_WORDS:
                return
            if not line.strip():
                continue
            history.append({"role": "user", "content": line.rstrip("\n")})
            try:
                trace, answer = await turn(build_request(history, **params))
            except ModelRouterError as exc:
                history.pop()  # the failed turn is not part of the conversation
                click.echo(f"error: {exc.message}", err=True)
                continue
            history.append({"role": "assistant", "content": answer})
            if not turn.as_json:
                click.echo(summary(trace), err=True)
    finally:
        await turn.router.aclose()


def _tool_calls(response: dict[str, object]) -> str:
    return orjson.dumps(response["choices"], option=orjson.OPT_INDENT_2).decode()


def summary(trace: Trace) -> str:
    """One line: the decision, the outcome, cost, latency and every attempt."""
    attempts = ", ".join(
        f"{a.model} {a.outcome}{f' ({a.error})' if a.error else ''}" for a in trace.attempts
    )
    return (
        f"task={trace.task} ({trace.confidence:.2f}) model={trace.model} outcome={trace.outcome} "
        f"cost=${trace.cost_usd:.6f} latency={trace.latency_ms:.0f}ms attempts: {attempts}"
    )
