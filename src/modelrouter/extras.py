"""The optional extras: which libraries the core install leaves out, and the one message
that names the extra to install when a command or configured feature needs one.

The serving path (gateway, router, detection with the default ``blend`` detector) needs
only the core dependencies (numpy included: the blend detector's classifier). Training,
the learned policy and answer check need ``learn``; charts need ``plots``.
"""

from __future__ import annotations

import importlib.util

from modelrouter.errors import MissingExtra

# top-level module -> (distribution, extra)
EXTRAS: dict[str, tuple[str, str]] = {
    "sklearn": ("scikit-learn", "learn"),
    "scipy": ("scipy", "learn"),
    "matplotlib": ("matplotlib", "plots"),
}


def missing_extra(exc: ImportError) -> MissingExtra | None:
    """The error naming the extra to install, when ``exc`` is a missing optional library."""
    top = (exc.name or "").partition(".")[0]
    if not isinstance(exc, ModuleNotFoundError) or top not in EXTRAS:
        return None
    distribution, extra = EXTRAS[top]
    return MissingExtra(
        f"this needs {distribution}, which the core install leaves out: "
        f"pip install 'modelrouter[{extra}]'"
    )


def require(extra: str) -> None:
    """Fail at once, naming ``extra``, when one of its libraries is not installed: a long
    job checks before it starts, not when it reaches its chart."""
    for module, (_, name) in EXTRAS.items():
        if name == extra and importlib.util.find_spec(module) is None:
            raise missing_extra(ModuleNotFoundError(name=module)) or MissingExtra(extra)
