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
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

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
        cmd = ["git", f"--git-dir={self.git_dir}", "cat-file", "--batch"]
        stdin = "".join(f"{self.commit}:{p}\n" for p in paths).encode()
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
    digest = int(
        hashlib.sha256((f"{source}:{group}" if group else rid).encode()).hexdigest()[:8], 16
    )
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
        for n, row in enumerate(questions[:4]):  # a few per table, for diversity of tables
            rng = rng_for("wtq", row["id"])
            text = render_table(table, rng.choice(TABLE_STYLES))
            if len(text) > 6000:
                continue
            prompt = with_material(rng, row["utterance"], text, TABLE_INTROS)
            first = record("wikitablequestions", row["id"], prompt, "data_analysis", "en", path)
            yield first
            if n + 1 < len(questions) and rng.random() < FOLLOW_UP_SHARE:
                answer = row["targetValue"].replace("|", ", ")
                yield follow_up(first, answer, questions[n + 1]["utterance"])


MEETING_INTROS = (
    "",
    "Meeting transcript:\n",
    "Here is the transcript of a meeting.\n\n",
    "Transcript:\n\n",
)


def qmsum_meetings(repo: Repo) -> list[dict[str, Any]]:
    """The train meetings: one file each in a mirror, or the release's train.jsonl (the same
    objects, one a line; it is over the mirror's 4 MB limit, so it is read only by URL)."""
    if repo.git_dir is not None:
        return [json.loads(repo.text(path)) for path in repo.listing("data/ALL/train")]
    lines = repo.text("data/ALL/jsonl/train.jsonl").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def qmsum(repo: Repo) -> Iterator[Record]:
    for meeting in qmsum_meetings(repo):
        turns = [f"{t['speaker']}: {t['content']}" for t in meeting["meeting_transcripts"]]
        # A key from the content, so both ways of reading give the same ids.
        name = hashlib.sha256("\n".join(turns[:5]).encode()).hexdigest()[:12]
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
            first = record("qmsum", f"{name}-{n}", prompt, "long_context", "en", name)
            yield first
            if n + 1 < len(queries) and rng.random() < FOLLOW_UP_SHARE:
                yield follow_up(first, query["answer"], queries[n + 1][0]["query"])


# Share of pasted-material prompts that also get a follow-up conversation: the source's
# next question about the same table or meeting, after the source's answer to the first.
FOLLOW_UP_SHARE = 0.2


def follow_up(first: Record, answer: str, question: str) -> Record:
    """A second turn about the same material: the label is the conversation's."""
    row = dict(first, id=f"{first['id']}-followup", prompt=question.strip())
    row["messages"] = [
        {"role": "user", "content": first["prompt"]},
        {"role": "assistant", "content": answer.strip()},
        {"role": "user", "content": question.strip()},
    ]
    return row


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


def conala(repo: Repo) -> Iterator[Record]:
    # `intent` is the Stack Overflow question title as its asker wrote it.
    for i, item in enumerate(json.loads(repo.text("conala-train.json"))):
        key = f"{item['question_id']}-{i}"
        yield record("conala", key, item["intent"], "code", "en", str(item["question_id"]))


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


def kdconv(repo: Repo) -> Iterator[Record]:
    # The train files are over the mirror's 4 MB limit; dev is a validation split.
    for domain in ("film", "music", "travel"):
        for i, dialogue in enumerate(json.loads(repo.text(f"data/{domain}/dev.json"))):
            turns = [m["message"] for m in dialogue["messages"]]
            yield chat_turn(
                "kdconv", f"{domain}-dev-{i}", turns, "zh", rng_for("kdconv", domain, str(i))
            )


def taskmaster4(repo: Repo) -> Iterator[Record]:
    for part in range(8):
        for dialogue in json.loads(repo.text(f"TM-4-2024/data/data_{part:02d}.json")):
            turns = merge_speakers([(u["speaker"], u["text"]) for u in dialogue["utterances"]])
            if turns:
                key = dialogue["conversation_id"]
                yield chat_turn("taskmaster4", key, turns, "en", rng_for("tm4", key))


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


# Translation requests. The sentences are Tatoeba's; the instruction wording around them is
# templated by us (README: "templated text"), in the user's language, naming a target.
LANGS = ("en", "zh", "es", "fr", "de", "ja", "ru", "pt", "it", "ko")
LANG_NAMES = {
    "en": "English Chinese Spanish French German Japanese Russian Portuguese Italian Korean",
    "zh": "英文 中文 西班牙语 法语 德语 日语 俄语 葡萄牙语 意大利语 韩语",
    "es": "inglés chino español francés alemán japonés ruso portugués italiano coreano",
    "fr": "anglais chinois espagnol français allemand japonais russe portugais italien coréen",
    "de": "Englische Chinesische Spanische Französische Deutsche Japanische Russische "
    "Portugiesische Italienische Koreanische",
    "ja": "英語 中国語 スペイン語 フランス語 ドイツ語 日本語 ロシア語 "
    "ポルトガル語 イタリア語 韓国語",
    "ru": "английский китайский испанский французский немецкий японский русский португальский "
    "итальянский корейский",
    "pt": "inglês chinês espanhol francês alemão japonês russo português italiano coreano",
    "it": "inglese cinese spagnolo francese tedesco giapponese russo portoghese italiano coreano",
    "ko": "영어 중국어 스페인어 프랑스어 독일어 일본어 러시아어 포르투갈어 이탈리아어 한국어",
}
TRANSLATE_TEMPLATES = {
    "en": (
        "Translate into {tgt}: {text}",
        "Translate this to {tgt}:\n\n{text}",
        'How do you say "{text}" in {tgt}?',
        'Can you translate "{text}" into {tgt}?',
        "{text}\n\nTranslate the above into {tgt}.",
        "translate to {tgt} pls: {text}",
        "Please translate the following sentence into {tgt}, keeping the tone natural.\n{text}",
    ),
    "zh": (
        "把这句话翻译成{tgt}：{text}",
        "翻译成{tgt}：{text}",
        "请将下面的句子翻译成{tgt}。\n{text}",
        "“{text}”用{tgt}怎么说？",
        "{text}\n帮我翻译成{tgt}",
    ),
    "es": (
        "Traduce al {tgt}: {text}",
        '¿Cómo se dice "{text}" en {tgt}?',
        "Tradúceme esto al {tgt}:\n{text}",
        "Por favor, traduce la siguiente frase al {tgt}: {text}",
    ),
    "fr": (
        "Traduis en {tgt} : {text}",
        "Comment dit-on « {text} » en {tgt} ?",
        "Peux-tu traduire cette phrase en {tgt} ?\n{text}",
    ),
    "de": (
        "Übersetze ins {tgt}: {text}",
        "Kannst du das ins {tgt} übersetzen?\n{text}",
        "Bitte ins {tgt} übersetzen: {text}",
    ),
    "ja": (
        "{tgt}に翻訳してください：{text}",
        "「{text}」は{tgt}で何と言いますか？",
        "次の文を{tgt}に訳して。\n{text}",
    ),
    "ru": (
        "Переведи на {tgt}: {text}",
        "Переведи, пожалуйста, на {tgt} язык:\n{text}",
        "Помоги перевести на {tgt}: {text}",
    ),
    "pt": (
        "Traduza para o {tgt}: {text}",
        'Como se diz "{text}" em {tgt}?',
        "Pode traduzir isto para o {tgt}?\n{text}",
    ),
    "it": (
        "Traduci in {tgt}: {text}",
        'Come si dice "{text}" in {tgt}?',
        "Puoi tradurre questa frase in {tgt}?\n{text}",
    ),
    "ko": ("{tgt}로 번역해 줘: {text}", "{text}\n이 문장을 {tgt}로 번역해 주세요."),
}
# Instruction languages, weighted roughly like a multilingual user base.
INSTRUCTION_LANGS = ("en",) * 8 + ("zh",) * 4 + ("es", "fr", "de", "ja", "ru", "pt", "it", "ko") * 1
# Tatoeba languages read (ISO 639-3 as LASER names its files); 40 sentences of each side.
TATOEBA_LANGS = (
    "ara",
    "ben",
    "bul",
    "ces",
    "cmn",
    "dan",
    "deu",
    "ell",
    "fin",
    "fra",
    "heb",
    "hin",
    "hun",
    "ind",
    "ita",
    "jpn",
    "kor",
    "nld",
    "pes",
    "pol",
    "por",
    "ron",
    "rus",
    "spa",
    "swe",
    "tha",
    "tur",
    "ukr",
    "urd",
    "vie",
    "tgl",
    "tam",
    "mar",
    "kat",
    "hye",
    "kaz",
    "lit",
    "slk",
    "srp",
    "zsm",
)


def tatoeba_translation(repo: Repo) -> Iterator[Record]:
    for code in TATOEBA_LANGS:
        for side in (code, "eng"):
            path = f"data/tatoeba/v1/tatoeba.{code}-eng.{side}"
            lines = repo.text(path).splitlines()
            rng = rng_for("tatoeba", code, side)
            for i in sorted(rng.sample(range(len(lines)), min(40, len(lines)))):
                instr = rng.choice(INSTRUCTION_LANGS)
                names = dict(zip(LANGS, LANG_NAMES[instr].split(), strict=True))
                src = "en" if side == "eng" else code
                tgt = rng.choice([lang for lang in LANGS if lang != src and lang != ISO1.get(src)])
                prompt = rng.choice(TRANSLATE_TEMPLATES[instr]).format(
                    tgt=names[tgt], text=lines[i].strip()
                )
                yield record("tatoeba_translate", f"{code}-{side}-{i}", prompt, "simple", instr)


# Creative-writing requests around a Tatoeba sentence in the user's own language: the
# sentence is Tatoeba's, the request wording is templated by us (README: "templated text").
CREATIVE_TEMPLATES = {
    "en": (
        'Write a short story that begins with: "{text}"',
        "Write a poem inspired by this line: {text}",
        "Continue this story in about 300 words: {text}",
        'Write a haiku based on "{text}"',
        'Use "{text}" as the first line of a song and write the lyrics.',
        "Write a funny dialogue between two friends that starts with: {text}",
    ),
    "zh": (
        "以“{text}”开头，写一篇短篇小说。",
        "以这句话为灵感写一首诗：{text}",
        "续写这个故事，三百字左右：{text}",
        "用“{text}”作为第一句，写一首歌词。",
    ),
    "es": (
        'Escribe un cuento corto que empiece con: "{text}"',
        "Escribe un poema inspirado en esta frase: {text}",
        "Continúa esta historia: {text}",
    ),
    "fr": (
        "Écris une courte histoire qui commence par : « {text} »",
        "Écris un poème inspiré de cette phrase : {text}",
        "Continue cette histoire : {text}",
    ),
    "de": (
        "Schreib eine Kurzgeschichte, die mit „{text}“ beginnt.",
        "Schreibe ein Gedicht, inspiriert von diesem Satz: {text}",
        "Setze diese Geschichte fort: {text}",
    ),
    "ja": (
        "「{text}」で始まる短い物語を書いてください。",
        "この文をテーマに詩を書いて：{text}",
        "この続きを物語として書いてください：{text}",
    ),
    "ru": (
        "Напиши короткий рассказ, который начинается со слов: «{text}»",
        "Сочини стихотворение по мотивам этой фразы: {text}",
        "Продолжи эту историю: {text}",
    ),
    "pt": (
        'Escreva um conto curto que comece com: "{text}"',
        "Escreva um poema inspirado nesta frase: {text}",
        "Continue esta história: {text}",
    ),
    "it": (
        'Scrivi un racconto breve che inizi con: "{text}"',
        "Scrivi una poesia ispirata a questa frase: {text}",
        "Continua questa storia: {text}",
    ),
    "ko": (
        "다음 문장으로 시작하는 짧은 이야기를 써 줘: {text}",
        "이 문장에서 영감을 받은 시를 써 주세요: {text}",
    ),
}
# Which Tatoeba file gives sentences in each request language, and how many to take.
CREATIVE_SOURCES = {
    "en": ("data/tatoeba/v1/tatoeba.fra-eng.eng", 200),
    "zh": ("data/tatoeba/v1/tatoeba.cmn-eng.cmn", 250),
    "es": ("data/tatoeba/v1/tatoeba.spa-eng.spa", 100),
    "fr": ("data/tatoeba/v1/tatoeba.fra-eng.fra", 100),
    "de": ("data/tatoeba/v1/tatoeba.deu-eng.deu", 100),
    "ja": ("data/tatoeba/v1/tatoeba.jpn-eng.jpn", 100),
    "ru": ("data/tatoeba/v1/tatoeba.rus-eng.rus", 100),
    "pt": ("data/tatoeba/v1/tatoeba.por-eng.por", 100),
    "it": ("data/tatoeba/v1/tatoeba.ita-eng.ita", 100),
    "ko": ("data/tatoeba/v1/tatoeba.kor-eng.kor", 100),
}
CREATIVE_EXTRA_EN = ("data/tatoeba/v1/tatoeba.deu-eng.eng", 200)


def tatoeba_creative(repo: Repo) -> Iterator[Record]:
    parts = [(lang, path, n) for lang, (path, n) in CREATIVE_SOURCES.items()]
    parts.append(("en", *CREATIVE_EXTRA_EN))
    for lang, path, count in parts:
        lines = repo.text(path).splitlines()
        rng = rng_for("tatoeba-creative", path)
        # The translation requests take 40 lines per file with another seed; skip none,
        # a shared sentence with another request and another label is a useful contrast.
        for i in sorted(rng.sample(range(len(lines)), min(count, len(lines)))):
            prompt = rng.choice(CREATIVE_TEMPLATES[lang]).format(text=lines[i].strip())
            yield record("tatoeba_creative", f"{Path(path).name}-{i}", prompt, "creative", lang)


ISO1 = {"cmn": "zh", "deu": "de", "fra": "fr", "ita": "it", "jpn": "ja", "kor": "ko", "por": "pt"}
ISO1 |= {"rus": "ru", "spa": "es"}


def strategyqa(repo: Repo) -> Iterator[Record]:
    for item in json.loads(repo.text("data/strategyqa/train.json")):
        yield record("strategyqa", item["qid"], item["question"], "reasoning", "en")


def tal_scq5k(repo: Repo) -> Iterator[Record]:
    parts = (("en", "en_single_choice_constructed_5K/en_single_choice_train_3K.jsonl"),)
    parts += (("zh", "ch_single_choice_constructed_5K/ch_single_choice_train_3K.jsonl"),)
    for lang, path in parts:
        for line in repo.text(path).splitlines():
            item = json.loads(line)
            options = [
                f"{o['aoVal']}. {o['content'].strip()}" for (o,) in item["answer_option_list"]
            ]
            prompt = item["problem"].strip() + "\n" + "\n".join(options)
            yield record("tal_scq5k", f"{lang}-{item['queId']}", prompt, "reasoning", lang)


STORY_INTROS = ("", "", "Story:\n\n", "Here is a short story.\n\n", "Read this story:\n\n")


def squality(repo: Repo) -> Iterator[Record]:
    for line in repo.text("data/v1-3/txt/train.jsonl").splitlines():
        item = json.loads(line)
        story = item["document"].strip()
        if len(story) < LONG_MIN_CHARS:
            continue
        pid = item["metadata"]["passage_id"]
        for n, question in enumerate(item["questions"]):
            rng = rng_for("squality", pid, str(n))
            limit = rng.randint(LONG_MIN_CHARS + 4000, LONG_MAX_CHARS + 8000)
            doc = story[:limit]  # the question may be about the part cut off; the kind holds
            prompt = with_material(rng, question["question_text"], doc, STORY_INTROS)
            yield record("squality", f"{pid}-{n}", prompt, "long_context", "en", pid)


TABFACT_QUESTIONS = (  # templated by us: TabFact gives statements, not questions
    "Is this statement true according to the table? {s}",
    "Based on the table, is the following claim correct: {s}",
    "True or false: {s}",
    "Check this claim against the data: {s}",
    "Does the table support the statement below?\n{s}",
)


def tabfact(repo: Repo) -> Iterator[Record]:
    train_tables = set(json.loads(repo.text("data/train_id.json")))
    pairs = [p for p in json.loads(repo.text("pairwise_data/all_positive_negative_pairs.json"))]
    pairs = [p for p in pairs if p[0] in train_tables]
    tables = repo.batch(sorted({f"data/all_csv/{p[0]}" for p in pairs}))
    for n, (table_id, positive, negative) in enumerate(pairs):
        rng = rng_for("tabfact", str(n))
        rows = [
            line.split("#")
            for line in tables[f"data/all_csv/{table_id}"].decode().splitlines()
            if line
        ]
        if not 2 <= len(rows) <= 40:
            continue
        statement = positive if rng.random() < 0.5 else negative
        question = rng.choice(TABFACT_QUESTIONS).format(s=statement)
        prompt = with_material(
            rng, question, render_table(rows, rng.choice(TABLE_STYLES)), TABLE_INTROS
        )
        yield record("tabfact", f"{table_id}-{n}", prompt, "data_analysis", "en", table_id)


# Poem-writing requests in Chinese: titles, authors and ci tune names are the corpus's;
# the request wording is templated by us (README: "templated text").
POEM_BY_TITLE = (
    "以《{title}》为题，写一首七言绝句。",
    "请以“{title}”为题目写一首古体诗",
    "帮我写一首诗，题目叫《{title}》",
    "仿照{author}的风格，写一首题为《{title}》的五言律诗。",
    "写一首现代诗，灵感来自古诗《{title}》",
)
POEM_BY_TUNE = (
    "用《{tune}》的词牌填一首词，写{theme}。",
    "请按{tune}的格律写一首关于{theme}的词",
    "以{tune}为词牌，填一首词，主题是{theme}",
)
POEM_THEMES = ("思乡", "送别", "秋夜", "春景", "边塞", "爱情", "怀古", "雨后", "中秋", "登高")


def chinese_poetry(repo: Repo) -> Iterator[Record]:
    for n in range(0, 58000, 1000):
        path = f"全唐诗/poet.tang.{n}.json"
        for i, poem in enumerate(json.loads(repo.text(path))[:40]):
            rng = rng_for("poetry", path, str(i))
            prompt = rng.choice(POEM_BY_TITLE).format(title=poem["title"], author=poem["author"])
            yield record("chinese_poetry", f"tang-{n + i}", prompt, "creative", "zh")
    for n in range(0, 22000, 1000):
        path = f"宋词/ci.song.{n}.json"
        for i, ci in enumerate(json.loads(repo.text(path))[:30]):
            rng = rng_for("poetry", path, str(i))
            template = rng.choice(POEM_BY_TUNE)
            prompt = template.format(tune=ci["rhythmic"], theme=rng.choice(POEM_THEMES))
            yield record("chinese_poetry", f"ci-{n + i}", prompt, "creative", "zh")


FOLIO_QUESTIONS = (  # templated by us: FOLIO gives premises and a conclusion to judge
    "Is the conclusion true, false, or uncertain?",
    "Based on the premises above, does the conclusion follow? Answer True, False or Uncertain.",
    "Given these premises, decide whether the conclusion is true, false, or cannot be determined.",
    "Can the conclusion be derived from the premises? Explain step by step.",
)


def folio(repo: Repo) -> Iterator[Record]:
    for line in repo.text("data/v0.0/folio-train.jsonl").splitlines():
        item = json.loads(line)
        rng = rng_for("folio", str(item["example_id"]))
        premises = [p.strip() for p in item["premises"]]
        if rng.random() < 0.5:
            body = "Premises:\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(premises, 1))
        else:
            body = " ".join(premises)
        prompt = (
            f"{body}\n\nConclusion: {item['conclusion'].strip()}\n\n{rng.choice(FOLIO_QUESTIONS)}"
        )
        story = str(item["story_id"])
        yield record("folio", str(item["example_id"]), prompt, "reasoning", "en", story)


def mbpp(repo: Repo) -> Iterator[Record]:
    # MBPP's own split: task ids 601-974 are train (11-510 test, 511-600 validation).
    for line in repo.text("mbpp.jsonl").splitlines():
        item = json.loads(line)
        if not 601 <= item["task_id"] <= 974:
            continue
        prompt = item["text"]
        if rng_for("mbpp", str(item["task_id"])).random() < 0.5:  # the paper's prompt format
            prompt += " Your code should pass these tests:\n\n" + "\n".join(item["test_list"])
        yield record("mbpp", str(item["task_id"]), prompt, "code", "en")


class Source(NamedTuple):
    """One public source: where it is pinned, its licence, how to read it, how many to keep."""

    name: str
    repo: str
    commit: str
    licence: str
    builder: Callable[[Repo], Iterator[Record]]
    cap: int


GPTEACHER = ("teknium1/GPTeacher", "481075123c29854bddb82655badeef6a438f2436", "MIT")
CODEGEN = gpteacher("Codegen/codegen-instruct.json", "gpteacher_codegen", "code")
ROLEPLAY_PATH = "Roleplay/roleplay-simple-deduped-roleplay-instruct.json"
ROLEPLAY = gpteacher(ROLEPLAY_PATH, "gpteacher_roleplay", "creative")

# The caps keep any one source from dominating its label (see README, "Balance").
SOURCES = [
    # reasoning
    Source(
        "gsm8k",
        "openai/grade-school-math",
        "3101c7d5072418e28b9008a6636bde82a006892c",
        "MIT",
        gsm8k,
        1500,
    ),
    Source(
        "ape210k",
        "Chenny0808/ape210k",
        "52c52ebb517fdcd3dc69e908cc45f8bb0a121094",
        "MIT",
        ape210k,
        1300,
    ),
    Source(
        "strategyqa",
        "eladsegal/strategyqa",
        "1ba1e97452e189569357876f2854b01357ffbe37",
        "MIT",
        strategyqa,
        1300,
    ),
    Source(
        "tal_scq5k",
        "math-eval/TAL-SCQ5K",
        "8a66d6e14c65ba002beda39747e6b7c43bd2d472",
        "MIT",
        tal_scq5k,
        1400,
    ),
    Source(
        "folio",
        "Yale-LILY/FOLIO",
        "5d7bb84c7edab3fb358e057d2807f19cf5cf5e2d",
        "CC BY-SA 4.0",
        folio,
        800,
    ),
    # data_analysis
    Source(
        "wikitablequestions",
        "ppasupat/WikiTableQuestions",
        "7d455a5a707b96341ef72aff9428749d443d8aa9",
        "CC BY-SA 4.0",
        wikitablequestions,
        3000,
    ),
    Source(
        "tabfact",
        "wenhuchen/Table-Fact-Checking",
        "2ab782ba42b5808076ac91fec846473aa5315a79",
        "MIT (data CC BY 4.0)",
        tabfact,
        1200,
    ),
    # long_context
    Source(
        "qmsum", "Yale-LILY/QMSum", "83d7768c1f2b4dfeb091385d3dc7e239b8e5bb7e", "MIT", qmsum, 2000
    ),
    Source(
        "squality",
        "nyu-mll/SQuALITY",
        "dc08d4f574639d773bc64ef3ab3527043108fb4e",
        "CC BY 4.0 (stories: Project Gutenberg)",
        squality,
        500,
    ),
    # code
    Source(
        "nl2bash",
        "TellinaTool/nl2bash",
        "466c5fe873ab08c7cc0112ea1521cc6ad9c20992",
        "MIT",
        nl2bash,
        1500,
    ),
    Source(
        "conala",
        "shilliscmu/TranxConalaBaseline",
        "5520285387d946e826f4cc5a4a0a1bf7361355e5",
        "CC BY-SA 4.0",
        conala,
        2400,
    ),
    Source("gpteacher_codegen", *GPTEACHER, CODEGEN, 2000),
    # a copy of google-research/google-research's mbpp/mbpp.jsonl (that repository is too large)
    Source(
        "mbpp",
        "muitiiifruckt/ASE",
        "83fa3f7963561b898623e8ade6e017d448ddca98",
        "CC BY 4.0",
        mbpp,
        400,
    ),
    # creative
    Source("gpteacher_roleplay", *GPTEACHER, ROLEPLAY, 2000),
    Source(
        "chinese_poetry",
        "chinese-poetry/chinese-poetry",
        "99ebbef7e1345c0985c44b9fd96a3f9e776f117b",
        "MIT",
        chinese_poetry,
        800,
    ),
    Source(
        "tatoeba_creative",
        "facebookresearch/LASER",
        "74bc6ae7ffb7cba670fe0f428d0ede9f666fb821",
        "CC BY 2.0 FR",
        tatoeba_creative,
        1500,
    ),
    # simple
    Source(
        "webquestions",
        "brmson/dataset-factoid-webquestions",
        "668890853388010fe6ae9a5eb035a7917b88933b",
        "CC BY 4.0",
        webquestions,
        2000,
    ),
    Source(
        "tatoeba_translate",
        "facebookresearch/LASER",
        "74bc6ae7ffb7cba670fe0f428d0ede9f666fb821",
        "CC BY 2.0 FR",
        tatoeba_translation,
        2500,
    ),
    Source(
        "kdconv",
        "thu-coai/KdConv",
        "653db76432de09a004ba708a68f8bbd5500e6bec",
        "Apache-2.0",
        kdconv,
        1000,
    ),
    Source(
        "taskmaster4",
        "google-research-datasets/Taskmaster",
        "d92cb6af3005f1dc09c39e75e7daf4a04905e00b",
        "CC BY 4.0",
        taskmaster4,
        500,
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


LABELS = {"code", "long_context", "reasoning", "simple", "creative", "data_analysis"}


def check(corpus: list[Record]) -> None:
    """Fail loudly on a malformed row rather than hand a trainer bad data."""
    ids: set[str] = set()
    for row in corpus:
        assert row["label"] in LABELS and row["split"] in {"train", "test"}, row["id"]
        assert str(row["prompt"]).strip() and row["id"] not in ids, row["id"]
        ids.add(str(row["id"]))
        messages = row.get("messages")
        if messages is not None:
            assert isinstance(messages, list) and messages[-1]["role"] == "user", row["id"]
            assert messages[-1]["content"].strip() == row["prompt"], row["id"]


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
