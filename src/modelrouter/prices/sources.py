"""Read price lists: our YAML, or LiteLLM's ``model_prices_and_context_window.json``.

A URL source is fetched with a short timeout; every good copy is kept in the cache
directory and used when the next fetch fails, so the book never starts empty or goes
back to stale built-in prices because a server was down. Sources come only from the
operator's configuration, never from a caller; a URL (or a redirect) that resolves to a
loopback, private, link-local or otherwise non-public address is refused unless the
source says ``allow_private`` (a price server on this host or network).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx2
import orjson
import yaml
from pydantic import ValidationError

from modelrouter.config.loader import describe
from modelrouter.config.price_spec import LongContextTier, PriceSpec
from modelrouter.config.schema import ModelSpec
from modelrouter.config.spending import PriceSource
from modelrouter.errors import ConfigError

PER_MILLION = 1_000_000
FETCH_TIMEOUT = 10.0
MAX_REDIRECTS = 3


def parse(
    source: PriceSource, text: str, models: Mapping[str, ModelSpec], today: dt.date
) -> dict[str, list[PriceSpec]]:
    """The entries ``text`` gives per catalog model (entries without a date take ``today``)."""
    where = source.path or source.url or "price source"
    try:
        data = orjson.loads(text) if source.format == "litellm" else yaml.safe_load(text)
    except (orjson.JSONDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"{where}: cannot parse {source.format} prices: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a mapping of model names to prices")
    index = _names(models, source.names)
    if source.format == "litellm":
        return _from_litellm(data, index, where, today)
    return _from_yaml(data, index, where, today)


def _names(models: Mapping[str, ModelSpec], extra: Mapping[str, str]) -> dict[str, str]:
    """Every name a source may use for a catalog model: its id, its upstream name, and
    ``provider/upstream`` (LiteLLM's style), plus the configured mapping."""
    index: dict[str, str] = {}
    for model_id, spec in models.items():
        upstream = spec.upstream or model_id
        for name in (model_id, upstream, f"{spec.provider}/{upstream}"):
            index.setdefault(name.lower(), model_id)
    index.update({k.lower(): v for k, v in extra.items()})
    return index


def _from_yaml(
    data: dict[str, Any], index: Mapping[str, str], where: str, today: dt.date
) -> dict[str, list[PriceSpec]]:
    """Our format: ``model: [{effective, source, input, output, ...}, ...]`` (or one entry)."""
    result: dict[str, list[PriceSpec]] = {}
    for name, entries in data.get("prices", data).items():
        model_id = index.get(str(name).lower())
        if model_id is None:
            continue
        listed = entries if isinstance(entries, list) else [entries]
        try:
            result[model_id] = [
                PriceSpec.model_validate({"effective": today, "source": where, **entry})
                for entry in listed
            ]
        except (ValidationError, TypeError) as exc:
            detail = describe(exc) if isinstance(exc, ValidationError) else str(exc)
            raise ConfigError(f"{where}: prices of {name}:\n{detail}") from None
    return result


def _from_litellm(
    data: dict[str, Any], index: Mapping[str, str], where: str, today: dt.date
) -> dict[str, list[PriceSpec]]:
    """LiteLLM's per-token costs, as per-million entries dated ``today``."""
    result: dict[str, list[PriceSpec]] = {}
    for name, entry in data.items():
        model_id = index.get(str(name).lower())
        if model_id is None or not isinstance(entry, dict):
            continue
        if "input_cost_per_token" not in entry or "output_cost_per_token" not in entry:
            continue
        result[model_id] = [_litellm_entry(entry, f"{where} ({name})", today)]
    return result


def _litellm_entry(entry: dict[str, Any], source: str, today: dt.date) -> PriceSpec:
    def per_million(key: str) -> float | None:
        value = entry.get(key)
        return round(float(value) * PER_MILLION, 6) if value is not None else None

    tier = None
    for key in entry:
        if key.startswith("input_cost_per_token_above_") and key.endswith("k_tokens"):
            threshold = (
                int(key.removeprefix("input_cost_per_token_above_").removesuffix("k_tokens")) * 1000
            )
            suffix = key.removeprefix("input_cost_per_token")
            tier = LongContextTier(
                threshold=threshold,
                input=per_million(key) or 0.0,
                output=per_million(f"output_cost_per_token{suffix}")
                or per_million("output_cost_per_token")
                or 0.0,
                cached_input=per_million(f"cache_read_input_token_cost{suffix}"),
            )
    return PriceSpec(
        effective=today,
        source=source,
        input=per_million("input_cost_per_token") or 0.0,
        output=per_million("output_cost_per_token") or 0.0,
        cached_input=per_million("cache_read_input_token_cost"),
        cache_write_5m=per_million("cache_creation_input_token_cost"),
        cache_write_1h=per_million("cache_creation_input_token_cost_above_1hr"),
        long_context=tier,
    )


def read_text(source: PriceSource, cache: Path) -> tuple[str | None, str, bool]:
    """The source's text, where it came from, and whether it is fresh from its URL. A
    failing URL falls back to the last good copy in ``cache``, else gives no text (the
    prices already in force stay)."""
    if source.path is not None:
        try:
            return Path(source.path).read_text("utf-8"), source.path, False
        except OSError as exc:
            raise ConfigError(f"{source.path}: cannot read prices: {exc.strerror}") from None
    assert source.url is not None
    try:
        response = fetch(source.url, allow_private=source.allow_private)
    except httpx2.HTTPError as exc:
        if cache.is_file():
            return cache.read_text("utf-8"), f"{cache} (last good copy; fetch failed: {exc})", False
        return None, f"{source.url}: unavailable and no copy kept ({exc}); prices unchanged", False
    return response.text, source.url, True


def fetch(url: str, *, allow_private: bool) -> httpx2.Response:
    """GET ``url``, following up to ``MAX_REDIRECTS`` redirects, each hop checked first."""
    with httpx2.Client(timeout=FETCH_TIMEOUT) as client:
        for _ in range(MAX_REDIRECTS + 1):
            if not allow_private:
                refuse_local(url)
            response = client.get(url)
            if not response.is_redirect:
                response.raise_for_status()
                return response
            url = str(response.url.join(response.headers["location"]))
    raise httpx2.TooManyRedirects(f"more than {MAX_REDIRECTS} redirects", request=response.request)


def refuse_local(url: str) -> None:
    """Raise ``ConfigError`` if ``url``'s host resolves to a non-public address."""
    parsed = httpx2.URL(url)
    if parsed.scheme not in ("http", "https"):
        raise ConfigError(f"{url}: price sources must be http(s)")
    try:
        infos = socket.getaddrinfo(parsed.host, parsed.port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise httpx2.ConnectError(f"cannot resolve {parsed.host}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise ConfigError(
                f"{url}: {parsed.host} resolves to {address}, not a public address; "
                "set allow_private on the price source if it is meant to be local"
            )


def cache_file(source: PriceSource, cache_dir: Path) -> Path:
    """Where the last good copy of a URL source is kept."""
    digest = hashlib.sha256((source.url or source.path or "").encode()).hexdigest()[:16]
    return cache_dir / f"prices-{digest}.txt"


def load_overlay(
    sources: list[PriceSource], models: Mapping[str, ModelSpec], cache_dir: Path, today: dt.date
) -> tuple[dict[str, list[PriceSpec]], list[str]]:
    """Every source's entries per catalog model, and a line per source saying what it gave.

    A fresh URL copy replaces the kept one only once it has parsed."""
    overlay: dict[str, list[PriceSpec]] = {}
    notes = []
    for source in sources:
        cache = cache_file(source, cache_dir)
        text, origin, fresh = read_text(source, cache)
        if text is None:
            notes.append(origin)
            continue
        entries = parse(source, text, models, today)
        if fresh:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(text, "utf-8")
        for model_id, items in entries.items():
            overlay.setdefault(model_id, []).extend(items)
        notes.append(f"{origin}: prices for {len(entries)} catalog models")
    return overlay, notes
