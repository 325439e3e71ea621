"""Every regular expression in the package runs in time linear in its input.

Python's ``re`` backtracks: two quantifiers that can match the same text make a pattern
take polynomial or exponential time on a crafted input (issue 11: 60 underscores froze
the gateway). This file finds every compiled pattern in every module of the package and
throws adversarial strings at it, built from the characters the pattern itself repeats
(hypothesis draws runs of them, thousands long, glued with the pattern's literals). Each
call runs in a worker process with a timeout, so a regression fails the test instead of
hanging it. A linear pattern takes milliseconds on these strings; a quadratic one takes
seconds, an exponential one forever.

Patterns the code only ever applies with ``match`` (at the start of a line) are checked
with ``match``; all others with ``search`` as well, which also tries every start.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import get_context
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import modelrouter

LONG = 20_000  # characters in one run: quadratic time is seconds here, linear milliseconds
BOUND_S = 0.5  # generous: linear patterns take about a millisecond on these strings

# Applied only with .match (each at the start of a line or of a known position).
MATCH_ONLY = {
    "modelrouter.detect.scan._FENCE",
    "modelrouter.detect.scan._CODE_START",
    "modelrouter.detect.scan._ASSIGNMENT",
    "modelrouter.detect.scan._CONTINUATION",
    "modelrouter.detect.scan._LOG_LINE",
    "modelrouter.detect.tables._JSON_LINE",
}


def _patterns() -> dict[str, re.Pattern[Any]]:
    found: dict[str, re.Pattern[Any]] = {}
    for info in pkgutil.walk_packages(modelrouter.__path__, "modelrouter."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            for index, pattern in enumerate(_held(value)):
                suffix = f"[{index}]" if not isinstance(value, re.Pattern) else ""
                found.setdefault(f"{info.name}.{name}{suffix}", pattern)
    return {name: found[name] for name in dict.fromkeys(found)}


def _held(value: Any) -> list[re.Pattern[Any]]:
    """The patterns a module-level value is or holds (in a list, tuple or dict, two deep)."""
    if isinstance(value, re.Pattern):
        return [value]
    items = value.values() if isinstance(value, dict) else value
    if not isinstance(value, (list, tuple, dict)):
        return []
    held: list[re.Pattern[Any]] = []
    for item in items:
        inner = item if isinstance(item, (list, tuple)) else (item,)
        held += [part for part in inner if isinstance(part, re.Pattern)]
    return held


PATTERNS = _patterns()

_CATEGORY_CHARS = {
    sre.CATEGORY_DIGIT: "7٣",
    sre.CATEGORY_NOT_DIGIT: "a-",
    sre.CATEGORY_SPACE: " \t\n",
    sre.CATEGORY_NOT_SPACE: "a_=",
    sre.CATEGORY_WORD: "a_9é中",
    sre.CATEGORY_NOT_WORD: " -=.",
}
_PROBES = " \t\n_=-.:;,'\"()[]{}<>|/\\#*+$aZ09é中\x01"


def _class_chars(items: list[tuple[Any, Any]]) -> str:
    """Characters a character class accepts (or, negated, some it does not forbid)."""
    if items and items[0][0] is sre.NEGATE:
        members = set()
        for op, arg in items[1:]:
            if op is sre.LITERAL:
                members.add(chr(arg))
            elif op is sre.RANGE:
                members.update(c for c in _PROBES if arg[0] <= ord(c) <= arg[1])
            elif op is sre.CATEGORY:
                members.update(_CATEGORY_CHARS.get(arg, ""))
        return "".join(c for c in _PROBES if c not in members)[:6]
    chars = []
    for op, arg in items:
        if op is sre.LITERAL:
            chars.append(chr(arg))
        elif op is sre.RANGE:
            chars += [chr(arg[0]), chr(arg[1])]
        elif op is sre.CATEGORY:
            chars.append(_CATEGORY_CHARS.get(arg, "a"))
    return "".join(chars)


def _alphabet(tree: Any, out: dict[str, set[str]]) -> None:
    """Fill ``out['repeated']`` with characters under quantifiers, ``out['glue']`` the rest."""
    for op, arg in tree:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            inner: dict[str, set[str]] = {"repeated": set(), "glue": set()}
            _alphabet(arg[2], inner)
            out["repeated"] |= inner["repeated"] | inner["glue"]
        elif op is sre.LITERAL:
            out["glue"].add(chr(arg))
        elif op is sre.NOT_LITERAL:
            out["glue"].update(c for c in "a " if c != chr(arg))
        elif op is sre.IN:
            out["glue"].update(_class_chars(arg))
        elif op is sre.ANY:
            out["glue"].update("a\n")
        elif op is sre.SUBPATTERN:
            _alphabet(arg[3], out)
        elif op is sre.BRANCH:
            for branch in arg[1]:
                _alphabet(branch, out)
        elif op in (sre.ASSERT, sre.ASSERT_NOT, sre.ATOMIC_GROUP):
            _alphabet(arg[1] if op is not sre.ATOMIC_GROUP else arg, out)


def _runs_for(pattern: re.Pattern[Any]) -> tuple[list[str], list[str]]:
    """(characters the pattern repeats, characters and literals it needs elsewhere)."""
    tree = _parser.parse(pattern.pattern, pattern.flags)
    out: dict[str, set[str]] = {"repeated": set(), "glue": set()}
    _alphabet(tree, out)
    repeated = sorted(out["repeated"]) or ["a"]
    return repeated, sorted(out["glue"] | set(" \n="))


def _time_call(pattern: re.Pattern[Any], text: Any, how: str) -> float:
    started = time.perf_counter()
    if how == "match":
        pattern.match(text)
    else:
        pattern.search(text)
        for _ in zip(range(50), pattern.finditer(text), strict=False):
            pass
    return time.perf_counter() - started


class Worker:
    """One worker process that runs the timed calls; replaced when a call overruns."""

    def __init__(self) -> None:
        self.pool = self._start()

    @staticmethod
    def _start() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"))

    def time(self, pattern: re.Pattern[Any], subject: Any, how: str) -> float | None:
        """Seconds the call took, or None when it overran five bounds (then restart)."""
        future = self.pool.submit(_time_call, pattern, subject, how)
        try:
            return float(future.result(timeout=BOUND_S * 5))
        except FutureTimeout:
            for process in list(getattr(self.pool, "_processes", {}).values()):
                process.kill()
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._start()
            return None


@pytest.fixture(scope="module")
def worker() -> Any:
    runner = Worker()
    yield runner
    runner.pool.shutdown(wait=False, cancel_futures=True)


def _check(worker: Worker, name: str, text: str) -> None:
    pattern = PATTERNS[name]
    subject: Any = text.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else text
    for how in ("match",) if name in MATCH_ONLY else ("match", "search"):
        elapsed = worker.time(pattern, subject, how)
        shown = f"{text[:60]!r}... ({len(text)} chars)"
        assert elapsed is not None, f"{name}.{how} did not finish on {shown}"
        assert elapsed < BOUND_S, f"{name}.{how}: {elapsed:.2f} s on {shown}"


def test_the_package_has_patterns_to_check() -> None:
    assert "modelrouter.detect.scan._ASSIGNMENT" in PATTERNS
    assert len(PATTERNS) > 30
    assert set(PATTERNS) >= MATCH_ONLY


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_long_runs_of_each_repeated_character(worker: Any, name: str) -> None:
    """One run per repeated character, each between the pattern's literals and a breaker."""
    repeated, glue = _runs_for(PATTERNS[name])
    for char in repeated:
        for lead in ("", "a = 1\n", "".join(glue)[:20]):
            _check(worker, name, lead + char * LONG + "\x01")


@pytest.mark.parametrize("name", sorted(PATTERNS))
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_interleaved_runs_of_repeated_characters(worker: Any, name: str, data: Any) -> None:
    """Hypothesis: runs of several repeated characters and literals, alternating."""
    repeated, glue = _runs_for(PATTERNS[name])
    piece = st.tuples(st.sampled_from(repeated + glue), st.integers(1, 4))
    unit = "".join(c * n for c, n in data.draw(st.lists(piece, min_size=1, max_size=5)))
    runs = data.draw(st.lists(st.sampled_from(repeated), min_size=1, max_size=3))
    text = unit * max(1, LONG // (4 * len(unit))) + "".join(c * (LONG // 4) for c in runs)
    _check(worker, name, text + data.draw(st.sampled_from([*glue, "\x01"])))
