"""The ledger's journal: what is recorded but not yet in the database survives a crash.

Each record is appended to a per-process file with one ``write`` (it reaches the kernel
before the request is answered, so killing the process loses nothing answered). Before
the writer sends a batch to the database it seals the current file and starts a new
one; the sealed file is deleted once its batch is committed. Every file is held under an
exclusive ``flock`` while its process lives, so at start-up any file that can be locked
belongs to a dead process and is replayed (records already in the database skipped).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import orjson

Item = tuple[dict[str, Any], list[dict[str, Any]]]
PATTERN = "ledger-*.jsonl*"


def _open_locked(path: Path) -> int:
    fd = os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


class Journal:
    """This process's append-only journal."""

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.path = directory / f"ledger-{os.getpid()}-{uuid.uuid4().hex[:8]}.jsonl"
        self._fd = _open_locked(self.path)
        self._sealed = 0

    def append(self, item: Item) -> None:
        """Write one record (request row and attempt rows) as one line."""
        os.write(self._fd, orjson.dumps(item) + b"\n")

    def seal(self) -> tuple[Path, int]:
        """Set the current file aside (still locked) and start a new one."""
        self._sealed += 1
        sealed = self.path.with_name(f"{self.path.name}.{self._sealed}")
        self.path.rename(sealed)
        fd, self._fd = self._fd, _open_locked(self.path)
        return sealed, fd

    @staticmethod
    def release(sealed: tuple[Path, int]) -> None:
        """Delete a sealed file whose records are committed."""
        path, fd = sealed
        with suppress(FileNotFoundError):
            path.unlink()
        os.close(fd)

    def close(self) -> None:
        """Delete the (empty) current file and release it."""
        self.release((self.path, self._fd))


def orphans(directory: Path) -> Iterator[tuple[Path, int, list[Item]]]:
    """Journals left by dead processes: (path, locked fd, records). Release each after use."""
    for path in sorted(directory.glob(PATTERN)):
        try:
            fd = _open_locked(path)
        except (BlockingIOError, FileNotFoundError):
            continue  # a live process holds it, or it was just released
        items = [_item(line) for line in path.read_bytes().splitlines() if line.strip()]
        yield path, fd, items


def _item(line: bytes) -> Item:
    request, attempts = orjson.loads(line)
    request["ts"] = dt.datetime.fromisoformat(request["ts"])
    return request, attempts
