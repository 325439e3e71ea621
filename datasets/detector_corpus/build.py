"""Build the labelled prompt corpus the learned task detector trains on (issue 11).

Every record comes from a public source whose own structure (split, category, kind of
data) gives its label, mapped to our six task types by the per-source table in
README.md. Nothing here labels a prompt by reading its text: no keyword rules and no
call to the project's detectors, which would only distil the current rules.

Sources (sources.yaml) are read at pinned commits, from a local bare mirror when one
exists (``--mirror DIR``, layout ``DIR/<owner>+<name>/repo``) or else from GitHub's raw
URLs, by the readers in corpus_readers.py; templated wording is in templates.yaml. The
output is deterministic: same sources, same ``corpus.jsonl.gz`` byte for byte.

Usage: python datasets/detector_corpus/build.py [--mirror DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
from pathlib import Path
from typing import Any

import yaml
from corpus_common import HERE, Record, Repo, rng_for
from corpus_readers import READERS

LABELS = {"code", "long_context", "reasoning", "simple", "creative", "data_analysis"}


def load_sources() -> list[dict[str, Any]]:
    sources: list[dict[str, Any]] = yaml.safe_load((HERE / "sources.yaml").read_text("utf-8"))
    for source in sources:
        if source["name"] not in READERS:
            raise SystemExit(f"sources.yaml: no reader for {source['name']!r}")
    return sources


def sample(rows: list[Record], cap: int, source: str) -> list[Record]:
    """At most `cap` rows, chosen by a seeded shuffle so reruns agree."""
    rows = sorted(rows, key=lambda r: str(r["id"]))
    rng_for("cap", source).shuffle(rows)
    return sorted(rows[:cap], key=lambda r: str(r["id"]))


def build(mirror: Path | None) -> list[Record]:
    corpus: list[Record] = []
    seen: set[str] = set()
    for source in load_sources():
        repo = Repo(source["repo"], source["commit"], mirror)
        rows = []
        for row in READERS[source["name"]](repo):
            key = " ".join(str(row["prompt"]).split()).lower()
            if row["prompt"] and key not in seen:  # drop exact duplicates across sources
                seen.add(key)
                rows.append(row)
        corpus += sample(rows, source["cap"], source["name"])
    return corpus


def problem(row: Record, ids: set[str]) -> str:
    """What is wrong with a row, or "" (a reader's bug must not reach a trainer)."""
    if row["label"] not in LABELS or row["split"] not in {"train", "test"}:
        return "unknown label or split"
    if not str(row["prompt"]).strip() or row["id"] in ids:
        return "empty prompt or repeated id"
    messages = row.get("messages")
    if messages is not None and (
        messages[-1]["role"] != "user" or messages[-1]["content"].strip() != row["prompt"]
    ):
        return "messages do not end with the prompt as the user's turn"
    return ""


def check(corpus: list[Record]) -> None:
    ids: set[str] = set()
    for row in corpus:
        if reason := problem(row, ids):
            raise SystemExit(f"{row['id']}: {reason}")
        ids.add(str(row["id"]))


def write(corpus: list[Record], out: Path) -> None:
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        for row in corpus:
            gz.write(json.dumps(row, ensure_ascii=False, sort_keys=True).encode() + b"\n")


def report(corpus: list[Record]) -> None:
    for field in ("source", "label", "lang", "split"):
        counts = collections.Counter(str(r[field]) for r in corpus)
        print(f"{field}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    table = collections.Counter(
        (str(r["source"]), str(r["label"]), str(r["split"])) for r in corpus
    )
    print("\nsource / label: train test")
    for source, label in sorted({(s, lab) for s, lab, _ in table}):
        train, test = table[source, label, "train"], table[source, label, "test"]
        print(f"  {source:28} {label:14} {train:6} {test:5}")
    langs = collections.Counter((str(r["label"]), str(r["lang"])) for r in corpus)
    print("\nlabel / lang")
    for label in sorted({lab for lab, _ in langs}):
        row = sorted(((n, lang) for (lab, lang), n in langs.items() if lab == label), reverse=True)
        print(f"  {label:14} " + ", ".join(f"{lang} {n}" for n, lang in row))
    print(f"\ntotal {len(corpus)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mirror",
        type=Path,
        default=Path("/work/.mirror"),
        help="bare mirrors: <owner>+<name>/repo",
    )
    parser.add_argument("--out", type=Path, default=HERE / "corpus.jsonl.gz")
    args = parser.parse_args()
    mirror = args.mirror if args.mirror.is_dir() else None
    corpus = build(mirror)
    check(corpus)
    write(corpus, args.out)
    report(corpus)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
