"""Progress of long commands, on stderr only: a bar on a terminal, one line per stage
otherwise (a log gets ``labelling 400 prompts…``, never a bar's carriage returns).

stdout stays the command's result (tables, JSON), so piping it is unaffected.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

import click

Advance = Callable[[int], None]
T = TypeVar("T")


def _ignore(_count: int) -> None:
    """Progress within a stage is not shown off a terminal."""


class Progress:
    """Stages of one command, shown on ``stream`` (stderr by default)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._in_bar = False

    @contextmanager
    def stage(self, name: str, total: int | None = None, *, line: bool = True) -> Iterator[Advance]:
        """One stage; yields ``advance(n)``. On a terminal: a bar when ``total`` is known,
        else the name and, when done, its time. Off one: the name once, as it starts
        (``line=False``: nothing, when the command already said it)."""
        if not self.tty:
            if line:
                click.echo(f"{name}…", file=self.stream)
            yield _ignore
            return
        started = time.perf_counter()
        if total:
            with click.progressbar(length=total, label=name, file=self.stream) as bar:
                self._in_bar = True
                try:
                    yield bar.update
                finally:
                    self._in_bar = False
            return
        click.echo(f"{name}… ", file=self.stream, nl=False)
        yield _ignore
        click.echo(f"done ({time.perf_counter() - started:.1f}s)", file=self.stream)

    def say(self, message: str, to: TextIO | None = None) -> None:
        """A message between or during stages, on ``to`` (default: the progress stream),
        on its own line: under a bar, after a line break; off a terminal, as it is."""
        click.echo(("\n" if self._in_bar else "") + message, file=to or self.stream)


def counted(items: Iterable[T], advance: Advance) -> Iterator[T]:
    """``items``, calling ``advance(1)`` as each is taken."""
    for item in items:
        yield item
        advance(1)
