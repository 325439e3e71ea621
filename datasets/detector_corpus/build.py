"""Build the labelled prompt corpus the learned task detector trains on (issue 11).

Every record comes from a public source whose own structure (split, category, kind of
data) gives its label, mapped to our six task types by the per-source table in
README.md. Nothing here labels a prompt by reading its text: no keyword rules and no
call to the project's detectors, which would only distil the current rules.

Sources are read at pinned commits, from a local bare mirror when one exists
(``--mirror DIR``, layout ``DIR/<owner>+<name>/repo``) or else from GitHub's raw URLs.
The output is deterministic: same sources, same ``corpus.jsonl.gz`` byte for byte.

Usage: python datasets/detector_corpus/build.py [--mirror DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import io
import json
import random
import subprocess
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEST_PERCENT = 12  # share of each source kept as its own test split, by hash of the id
LONG_MIN_CHARS = 20_000  # long_context documents are at least this long (English)
LONG_MAX_CHARS = 32_000  # and cut to at most this, to keep the corpus small

Record = dict[str, object]


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
        url = f"https://raw.githubusercontent.com/{self.name}/{self.commit}/{path}"
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
        cmd = ["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"]
        stdin = "".join(f"{self.commit}:{p}\n" for p in paths).encode()
        out = subprocess.run(cmd, input=stdin, check=True, capture_output=True).stdout
        result: dict[str, bytes] = {}
        pos = 0
        for path in paths:
            header_end = out.index(b"\n", pos)
            size = int(out[pos:header_end].split()[2])
            result[path] = out[header_end + 1 : header_end + 1 + size]
            pos = header_end + 1 + size + 1
        return result


def record(source: str, key: str, prompt: str, label: str, lang: str) -> Record:
    """One corpus row; the split is a stable function of the id."""
    rid = f"{source}:{key}"
    digest = int(hashlib.sha256(rid.encode()).hexdigest()[:8], 16)
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


def sample(rows: list[Record], cap: int, source: str) -> list[Record]:
    """At most `cap` rows, chosen by a seeded shuffle so reruns agree."""
    rows = sorted(rows, key=lambda r: str(r["id"]))
    rng_for("cap", source).shuffle(rows)
    return sorted(rows[:cap], key=lambda r: str(r["id"]))


# ---------------------------------------------------------------- table rendering


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


TABLE_STYLES = ("markdown", "csv", "tsv", "aligned")
# Connective text around a pasted table or document: templated by us (see README).
TABLE_INTROS = ("", "", "Here is the table:\n", "Table:\n", "Given this data:\n", "Data:\n")


def with_material(rng: random.Random, question: str, material: str, intros: tuple[str, ...]) -> str:
    """Put the question before or after the pasted material, as users do."""
    intro = rng.choice(intros)
    if rng.random() < 0.5:
        return f"{question}\n\n{intro}{material}"
    return f"{intro}{material}\n\n{question}"


# ---------------------------------------------------------------- sources


def gsm8k(repo: Repo) -> Iterator[Record]:
    for i, line in enumerate(repo.text("grade_school_math/data/train.jsonl").splitlines()):
        item = json.loads(line)
        yield record("gsm8k", f"train-{i}", item["question"], "reasoning", "en")


def ape210k(repo: Repo) -> Iterator[Record]:
    for line in repo.text("data/valid.ape.json").splitlines():
        if line.strip():
            item = json.loads(line)
            yield record("ape210k", f"valid-{item['id']}", item["original_text"], "reasoning", "zh")


def wikitablequestions(repo: Repo) -> Iterator[Record]:
    rows = list(
        csv.DictReader(
            io.StringIO(repo.text("data/training.tsv")), delimiter="\t", quoting=csv.QUOTE_NONE
        )
    )
    per_table: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for row in rows:
        per_table[row["context"]].append(row)
    tables = repo.batch(sorted(per_table))
    for path, questions in sorted(per_table.items()):
        table = list(csv.reader(io.StringIO(tables[path].decode("utf-8", "replace"))))
        if len(table) < 2 or len(table) > 60:
            continue
        for row in questions[:4]:  # a few questions per table, for diversity of tables
            rng = rng_for("wtq", row["id"])
            text = render_table(table, rng.choice(TABLE_STYLES))
            if len(text) > 6000:
                continue
            prompt = with_material(rng, row["utterance"], text, TABLE_INTROS)
            yield record("wikitablequestions", row["id"], prompt, "data_analysis", "en")


MEETING_INTROS = (
    "",
    "Meeting transcript:\n",
    "Here is the transcript of a meeting.\n\n",
    "Transcript:\n\n",
)


def qmsum(repo: Repo) -> Iterator[Record]:
    for path in repo.listing("data/ALL/train"):
        meeting = json.loads(repo.text(path))
        turns = [f"{t['speaker']}: {t['content']}" for t in meeting["meeting_transcripts"]]
        name = Path(path).stem
        queries = [(q, None) for q in meeting["general_query_list"]]
        queries += [(q, q.get("relevant_text_span")) for q in meeting["specific_query_list"]]
        for n, (query, spans) in enumerate(queries):
            rng = rng_for("qmsum", name, str(n))
            start = 0
            if spans:  # centre the excerpt on the part the question is about
                start = max(0, int(spans[0][0]) - 40)
            doc = excerpt(turns, start, rng.randint(LONG_MIN_CHARS, LONG_MAX_CHARS))
            if len(doc) < LONG_MIN_CHARS:
                continue
            prompt = with_material(rng, query["query"], doc, MEETING_INTROS)
            yield record("qmsum", f"{name}-{n}", prompt, "long_context", "en")


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


def nl2bash(repo: Repo) -> Iterator[Record]:
    for i, line in enumerate(repo.text("data/bash/all.nl").splitlines()):
        if line.strip():
            yield record("nl2bash", str(i), line, "code", "en")


def gpteacher(path: str, source: str, label: str) -> Callable[[Repo], Iterator[Record]]:
    def build(repo: Repo) -> Iterator[Record]:
        for i, item in enumerate(json.loads(repo.text(path))):
            prompt = item["instruction"]
            if item.get("input"):
                prompt = f"{prompt}\n\n{item['input']}"
            yield record(source, str(i), prompt, label, "en")

    return build


def webquestions(repo: Repo) -> Iterator[Record]:
    # trainmodel, val and devtest together are the original WebQuestions train split.
    for part in ("trainmodel", "val", "devtest"):
        for item in json.loads(repo.text(f"main/{part}.json")):
            yield record("webquestions", item["qId"], item["qText"], "simple", "en")


# name, repository, commit, licence, builder, cap
SOURCES: list[tuple[str, str, str, str, Callable[[Repo], Iterator[Record]], int]] = [
    (
        "gsm8k",
        "openai/grade-school-math",
        "3101c7d5072418e28b9008a6636bde82a006892c",
        "MIT",
        gsm8k,
        2500,
    ),
    (
        "ape210k",
        "Chenny0808/ape210k",
        "52c52ebb517fdcd3dc69e908cc45f8bb0a121094",
        "MIT",
        ape210k,
        2000,
    ),
    (
        "wikitablequestions",
        "ppasupat/WikiTableQuestions",
        "7d455a5a707b96341ef72aff9428749d443d8aa9",
        "CC BY-SA 4.0",
        wikitablequestions,
        3000,
    ),
    ("qmsum", "Yale-LILY/QMSum", "83d7768c1f2b4dfeb091385d3dc7e239b8e5bb7e", "MIT", qmsum, 2000),
    (
        "nl2bash",
        "TellinaTool/nl2bash",
        "466c5fe873ab08c7cc0112ea1521cc6ad9c20992",
        "MIT",
        nl2bash,
        1500,
    ),
    (
        "gpteacher_codegen",
        "teknium1/GPTeacher",
        "481075123c29854bddb82655badeef6a438f2436",
        "MIT",
        gpteacher("Codegen/codegen-instruct.json", "gpteacher_codegen", "code"),
        2000,
    ),
    (
        "gpteacher_roleplay",
        "teknium1/GPTeacher",
        "481075123c29854bddb82655badeef6a438f2436",
        "MIT",
        gpteacher(
            "Roleplay/roleplay-simple-deduped-roleplay-instruct.json",
            "gpteacher_roleplay",
            "creative",
        ),
        2000,
    ),
    (
        "webquestions",
        "brmson/dataset-factoid-webquestions",
        "668890853388010fe6ae9a5eb035a7917b88933b",
        "CC BY 4.0",
        webquestions,
        3000,
    ),
]


def build(mirror: Path | None) -> list[Record]:
    corpus: list[Record] = []
    seen: set[str] = set()
    for name, repo_name, commit, _licence, builder, cap in SOURCES:
        rows = []
        for row in builder(Repo(repo_name, commit, mirror)):
            key = " ".join(str(row["prompt"]).split()).lower()
            if row["prompt"] and key not in seen:  # drop exact duplicates across sources
                seen.add(key)
                rows.append(row)
        corpus += sample(rows, cap, name)
    return corpus


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
    write(corpus, args.out)
    report(corpus)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
