"""Shared pieces of the detector-corpus build: pinned repositories, rows, seeded choices.

Reads third-party sources; it must never label a prompt from its text (labels are given
by each reader from the source's structure) and never reach anything but the pinned
commits (a local mirror or GitHub's raw URLs).
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TEST_PERCENT = 12  # share of each source kept as its own test split, by hash of the id
LONG_MIN_CHARS = 20_000  # long_context documents are at least this long (English)
LONG_MAX_CHARS = 32_000  # and cut to at most this, to keep the corpus small
# Chinese and Japanese carry about as many tokens in a quarter of the characters.
LONG_CJK_MIN_CHARS = 5_000
LONG_CJK_MAX_CHARS = 12_000
FOLLOW_UP_SHARE = 0.2  # pasted-material prompts that also get a follow-up conversation

# Wording templated by us around source text, as data (README: "Templated text").
TEMPLATES: dict[str, Any] = yaml.safe_load((HERE / "templates.yaml").read_text("utf-8"))

Record = dict[str, Any]


class Repo:
    """One public repository at one pinned commit: a local bare mirror or raw URLs."""

    def __init__(self, name: str, commit: str, mirror: Path | None) -> None:
        self.name = name
        self.commit = commit
        self.git_dir: Path | None = None
        if mirror is not None:
            base = mirror / name.replace("/", "+") / "repo"
            for candidate in (base / ".git", base):
                if (candidate / "HEAD").exists():
                    self.git_dir = candidate
                    break

    def read(self, path: str) -> bytes:
        """The bytes of one file at the pinned commit."""
        if self.git_dir is not None:
            spec = f"{self.commit}:{path}"
            cmd = ["git", f"--git-dir={self.git_dir}", "cat-file", "blob", spec]
            return subprocess.run(cmd, check=True, capture_output=True).stdout
        quoted = urllib.parse.quote(path)
        url = f"https://raw.githubusercontent.com/{self.name}/{self.commit}/{quoted}"
        with urllib.request.urlopen(url, timeout=60) as response:
            return bytes(response.read())

    def text(self, path: str) -> str:
        return self.read(path).decode("utf-8")

    def listing(self, folder: str) -> list[str]:
        """File paths under a folder (mirror only; raw URLs cannot list)."""
        if self.git_dir is None:
            raise SystemExit(f"{self.name}: listing {folder} needs a local mirror (--mirror)")
        cmd = ["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "--name-only"]
        out = subprocess.run([*cmd, self.commit, folder], check=True, capture_output=True)
        return sorted(out.stdout.decode().splitlines())

    def batch(self, paths: list[str]) -> dict[str, bytes]:
        """Many small files at once (one git process instead of one per file)."""
        if self.git_dir is None:
            return {p: self.read(p) for p in paths}
        # Blob ids from one ls-tree: "<commit>:<path>" lookups are quadratic in a large folder.
        folders = sorted({p.rsplit("/", 1)[0] if "/" in p else "." for p in paths})
        tree = ["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "-z", self.commit, "--"]
        out = subprocess.run([*tree, *folders], check=True, capture_output=True).stdout
        blobs = {}
        for entry in out.decode().split("\0"):
            if entry:
                meta, path = entry.split("\t", 1)
                blobs[path] = meta.split()[2]
        missing = [p for p in paths if p not in blobs]
        if missing:
            raise SystemExit(f"{self.name}@{self.commit}: no file {missing[0]}")
        cmd = ["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"]
        stdin = "".join(f"{blobs[p]}\n" for p in paths).encode()
        out = subprocess.run(cmd, input=stdin, check=True, capture_output=True).stdout
        result: dict[str, bytes] = {}
        pos = 0
        for path in paths:
            header_end = out.index(b"\n", pos)
            header = out[pos:header_end].split()
            if header[-1] == b"missing":
                raise SystemExit(f"{self.name}@{self.commit}: no file {path}")
            size = int(header[2])
            result[path] = out[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return result


def record(source: str, key: str, prompt: str, label: str, lang: str, group: str = "") -> Record:
    """One corpus row; the split is a stable function of the id, or of `group` when
    several prompts share one document or table (so none of them leaks across splits)."""
    rid = f"{source}:{key}"
    basis = f"{source}:{group}" if group else rid
    digest = int(hashlib.sha256(basis.encode()).hexdigest()[:8], 16)
    split = "test" if digest % 100 < TEST_PERCENT else "train"
    return {
        "id": rid,
        "prompt": prompt.strip(),
        "label": label,
        "source": source,
        "lang": lang,
        "split": split,
    }


def rng_for(*parts: str) -> random.Random:
    return random.Random(hashlib.sha256("|".join(parts).encode()).hexdigest())


def render_table(rows: list[list[str]], style: str) -> str:
    """A table as users paste it: markdown, CSV, TSV or space-aligned text."""
    if style == "markdown":
        head, *body = rows
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in body]
        return "\n".join(lines)
    if style == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue().rstrip("\n")
    if style == "tsv":
        return "\n".join("\t".join(r) for r in rows)
    widths = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows
    )


def with_material(rng: random.Random, question: str, material: str, intros: Sequence[str]) -> str:
    """Put the question before or after the pasted material, as users do."""
    intro = rng.choice(intros)
    if rng.random() < 0.5:
        return f"{question}\n\n{intro}{material}"
    return f"{intro}{material}\n\n{question}"


def excerpt(lines: list[str], start: int, limit: int) -> str:
    """Consecutive lines from `start` (moved back if needed) up to `limit` characters."""
    total = sum(len(line) + 1 for line in lines[start:])
    while start > 0 and total < limit:
        start -= 1
        total += len(lines[start]) + 1
    out: list[str] = []
    size = 0
    for line in lines[start:]:
        if size + len(line) > limit:
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def follow_up(first: Record, answer: str, question: str) -> Record:
    """A second turn about the same material: the label is the conversation's."""
    row = dict(first, id=f"{first['id']}-followup", prompt=question.strip())
    row["messages"] = [
        {"role": "user", "content": first["prompt"]},
        {"role": "assistant", "content": answer.strip()},
        {"role": "user", "content": question.strip()},
    ]
    return row


def chat_turn(source: str, key: str, turns: list[str], lang: str, rng: random.Random) -> Record:
    """A conversation cut after one of the user's turns (even positions are the user's)."""
    cut = rng.randrange(0, len(turns), 2)
    row = record(source, key, turns[cut], "simple", lang)
    if cut:
        roles = ("user", "assistant")
        row["messages"] = [
            {"role": roles[i % 2], "content": t} for i, t in enumerate(turns[: cut + 1])
        ]
    return row


def merge_speakers(utterances: list[tuple[str, str]]) -> list[str]:
    """Turns that alternate user, assistant, ... (consecutive lines of one speaker joined)."""
    turns: list[str] = []
    last = ""
    for speaker, text in utterances:
        if not turns and speaker != "user":
            continue
        if speaker == last:
            turns[-1] += " " + text
        else:
            turns.append(text)
        last = speaker
    return turns
