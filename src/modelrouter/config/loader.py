"""Load the effective settings: built-in defaults, a user file over them, ``${VAR}`` secrets.

Mappings merge key by key, lists replace, and ``null`` removes an inherited entry. Every
failure becomes a ``ConfigError`` that names the file and the field (or variable) to fix.
The environment is passed in by the caller; this module never reads ``os.environ``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from modelrouter.config.schema import Settings
from modelrouter.errors import ConfigError

_DEFAULT_FILES = ("defaults.yaml", "default_tasks.yaml")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


def default_data() -> dict[str, Any]:
    """The built-in defaults as plain data, before any user file."""
    merged: dict[str, Any] = {}
    for name in _DEFAULT_FILES:
        text = resources.files("modelrouter.config").joinpath(name).read_text("utf-8")
        merged = merge(merged, yaml.safe_load(text) or {})
    return merged


def load_settings(path: str | Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """The effective settings: defaults, merged with the file at ``path`` when given."""
    data = default_data()
    source = "built-in defaults"
    if path is not None:
        source = str(path)
        data = merge(data, read_file(Path(path), env or {}))
    return build_settings(data, source)


def build_settings(data: Mapping[str, Any], source: str = "settings") -> Settings:
    """Validate plain data into ``Settings``, naming the failing fields on error."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: invalid configuration\n{describe(exc)}") from None


def read_file(path: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """Read one YAML file and interpolate ``${VAR}`` / ``${VAR:-default}`` from ``env``."""
    try:
        raw = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping, not {type(raw).__name__}")
    return _relative_to(dict(_interpolate(raw, env, f"{path}")), path.parent)


def _relative_to(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """File paths in the file are relative to its folder (so a config and its router or
    answer check can move together)."""
    routing = data.get("routing") or {}
    for section, key in (("learned", "router"), ("learned_check", "file")):
        spec = routing.get(section)
        if isinstance(spec, dict) and isinstance(spec.get(key), str):
            spec[key] = str(folder / Path(spec[key]).expanduser())
    quality = data.get("quality")
    if isinstance(quality, dict) and isinstance(quality.get("priors"), str):
        quality["priors"] = str(folder / Path(quality["priors"]).expanduser())
    return data


def _interpolate(value: Any, env: Mapping[str, str], where: str) -> Any:
    if isinstance(value, str):
        return _substitute(value, env, where)
    if isinstance(value, dict):
        return {k: _interpolate(v, env, f"{where}:{k}") for k, v in value.items()}
    if isinstance(value, list):
        return [_interpolate(v, env, f"{where}[{i}]") for i, v in enumerate(value)]
    return value


def _substitute(text: str, env: Mapping[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        if name in env:
            return env[name]
        if default is not None:
            return default
        raise ConfigError(f"{where}: environment variable {name} is not set")

    return _VAR.sub(replace, text)


def merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` over ``base``: mappings recurse, lists replace, None deletes."""
    merged = dict(base)
    for key, value in override.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def describe(exc: ValidationError) -> str:
    """One line per validation error: the dotted field path and what is wrong."""
    lines = []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(top level)"
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)
