"""One reader per public source: the source's files in, labelled prompts out.

Each reader gives every prompt of its source one label, fixed by what the source is
(its split, category or kind of data; see README.md). A reader must never choose a label
by looking at the prompt's text. Templated wording comes from templates.yaml.
"""

from __future__ import annotations

import collections
import csv
import hashlib
import html
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from corpus_common import (
    FOLLOW_UP_SHARE,
    LONG_CJK_MAX_CHARS,
    LONG_CJK_MIN_CHARS,
    LONG_MAX_CHARS,
    LONG_MIN_CHARS,
    TEMPLATES,
    Record,
    Repo,
    chat_turn,
    excerpt,
    follow_up,
    merge_speakers,
    record,
    render_table,
    rng_for,
    with_material,
)

T = TEMPLATES

# ---------------------------------------------------------------- reasoning


def gsm8k(repo: Repo) -> Iterator[Record]:
    for i, line in enumerate(repo.text("grade_school_math/data/train.jsonl").splitlines()):
        item = json.loads(line)
        yield record("gsm8k", f"train-{i}", item["question"], "reasoning", "en")


def ape210k(repo: Repo) -> Iterator[Record]:
    for line in repo.text("data/valid.ape.json").splitlines():
        if line.strip():
            item = json.loads(line)
            yield record("ape210k", f"valid-{item['id']}", item["original_text"], "reasoning", "zh")


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


def folio(repo: Repo) -> Iterator[Record]:
    for line in repo.text("data/v0.0/folio-train.jsonl").splitlines():
        item = json.loads(line)
        rng = rng_for("folio", str(item["example_id"]))
        premises = [p.strip() for p in item["premises"]]
        if rng.random() < 0.5:
            body = "Premises:\n" + "\n".join(f"{i}. {p}" for i, p in enumerate(premises, 1))
        else:
            body = " ".join(premises)
        question = rng.choice(T["folio_questions"])
        prompt = f"{body}\n\nConclusion: {item['conclusion'].strip()}\n\n{question}"
        story = str(item["story_id"])
        yield record("folio", str(item["example_id"]), prompt, "reasoning", "en", story)


# ---------------------------------------------------------------- data_analysis


def wikitablequestions(repo: Repo) -> Iterator[Record]:
    tsv = io.StringIO(repo.text("data/training.tsv"))
    per_table: dict[str, list[dict[str, str]]] = collections.defaultdict(list)
    for row in csv.DictReader(tsv, delimiter="\t", quoting=csv.QUOTE_NONE):
        per_table[row["context"]].append(row)
    tables = repo.batch(sorted(per_table))
    for path, questions in sorted(per_table.items()):
        table = list(csv.reader(io.StringIO(tables[path].decode("utf-8", "replace"))))
        if len(table) < 2 or len(table) > 60:
            continue
        for n, row in enumerate(questions[:4]):  # a few per table, for diversity of tables
            rng = rng_for("wtq", row["id"])
            text = render_table(table, rng.choice(T["table_styles"]))
            if len(text) > 6000:
                continue
            prompt = with_material(rng, row["utterance"], text, T["table_intros"])
            first = record("wikitablequestions", row["id"], prompt, "data_analysis", "en", path)
            yield first
            if n + 1 < len(questions) and rng.random() < FOLLOW_UP_SHARE:
                answer = row["targetValue"].replace("|", ", ")
                yield follow_up(first, answer, questions[n + 1]["utterance"])


def tabfact(repo: Repo) -> Iterator[Record]:
    train_tables = set(json.loads(repo.text("data/train_id.json")))
    pairs = json.loads(repo.text("pairwise_data/all_positive_negative_pairs.json"))
    pairs = [p for p in pairs if p[0] in train_tables]
    tables = repo.batch(sorted({f"data/all_csv/{p[0]}" for p in pairs}))
    for n, (table_id, positive, negative) in enumerate(pairs):
        rng = rng_for("tabfact", str(n))
        lines = tables[f"data/all_csv/{table_id}"].decode().splitlines()
        rows = [line.split("#") for line in lines if line]
        if not 2 <= len(rows) <= 40:
            continue
        statement = positive if rng.random() < 0.5 else negative
        question = rng.choice(T["tabfact_questions"]).format(s=statement)
        table = render_table(rows, rng.choice(T["table_styles"]))
        prompt = with_material(rng, question, table, T["table_intros"])
        yield record("tabfact", f"{table_id}-{n}", prompt, "data_analysis", "en", table_id)


# RETQA's tables are linearized as "<table_name> NAME col : h1 | h2 row 1 : v1 | v2 row 2 : ...".
RETQA_ROW = re.compile(r" row \d+ : ")


def retqa_table(linear: str) -> list[list[str]]:
    body = linear.split(" col : ", 1)[-1]
    rows = [[cell.strip() for cell in part.split(" | ")] for part in RETQA_ROW.split(body)]
    width = len(rows[0])
    return [row for row in rows if len(row) == width]


def retqa(repo: Repo) -> Iterator[Record]:
    """Chinese real-estate questions (RETQA's train split) with the tables they are about."""
    tables_zip = zipfile.ZipFile(
        io.BytesIO(repo.read("database/markdown_tables/all_markdown_table.json.zip"))
    )
    tables = {
        t["table_name"]: retqa_table(t["markdown_table"])
        for t in json.loads(tables_zip.read("all_markdown_table.json"))
    }
    data_zip = zipfile.ZipFile(io.BytesIO(repo.read("datasets/datasets.zip")))
    per_tables: dict[str, int] = collections.Counter()
    for i, item in enumerate(json.loads(data_zip.read("datasets/train.json"))):
        names = item["table_caption_label"]
        names = [names] if isinstance(names, str) else list(names)
        if not names or any(n not in tables or len(tables[n]) < 2 for n in names):
            continue
        group = "|".join(sorted(names))
        per_tables[group] += 1
        if per_tables[group] > 4:  # a few questions per table, for diversity of tables
            continue
        rng = rng_for("retqa", str(i))
        style = rng.choice(T["table_styles"])
        parts = [
            f"{n}\n{render_table(tables[n], style)}"
            if len(names) > 1
            else render_table(tables[n], style)
            for n in names
        ]
        material = "\n\n".join(parts)
        if len(material) > 6000:
            continue
        prompt = with_material(rng, item["query"], material, T["zh_table_intros"])
        yield record("retqa", f"train-{i}", prompt, "data_analysis", "zh", group)


# ---------------------------------------------------------------- long_context


def qmsum_meetings(repo: Repo) -> list[dict[str, Any]]:
    """The train meetings: one file each in a mirror, or the release's train.jsonl (the same
    objects, one a line; it is over the mirror's 4 MB limit, so it is read only by URL)."""
    if repo.git_dir is not None:
        return [json.loads(repo.text(path)) for path in repo.listing("data/ALL/train")]
    lines = repo.text("data/ALL/jsonl/train.jsonl").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# QMSum's transcription markers ({disfmarker}, {vocalsound}, {pause}, ...): no one pastes
# these, and a model should not learn them as the sign of a long document.
MARKER = re.compile(r" ?\{[a-z]+\}")


def clean_transcript(turn: str) -> str:
    return MARKER.sub("", turn).replace(" ,", ",").replace(" .", ".").replace(" ?", "?")


def qmsum(repo: Repo) -> Iterator[Record]:
    for meeting in qmsum_meetings(repo):
        turns = [f"{t['speaker']}: {t['content']}" for t in meeting["meeting_transcripts"]]
        # A key from the content, so both ways of reading give the same ids.
        name = hashlib.sha256("\n".join(turns[:5]).encode()).hexdigest()[:12]
        turns = [clean_transcript(turn) for turn in turns]
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
            prompt = with_material(rng, query["query"], doc, T["meeting_intros"])
            first = record("qmsum", f"{name}-{n}", prompt, "long_context", "en", name)
            yield first
            if n + 1 < len(queries) and rng.random() < FOLLOW_UP_SHARE:
                yield follow_up(first, query["answer"], queries[n + 1][0]["query"])


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
            prompt = with_material(rng, question["question_text"], doc, T["story_intros"])
            yield record("squality", f"{pid}-{n}", prompt, "long_context", "en", pid)


def whole_articles(
    data: list[dict[str, Any]], source: str, lang: str, intros: list[str]
) -> Iterator[Record]:
    """SQuAD-style questions, each with its whole Wikipedia article (the source's own
    paragraphs of that article, in order) instead of the one paragraph: long-document
    questions in the source's language. At most 60 questions per article."""
    for article in data:
        title = article["title"]
        # JSQuAD starts each context with "<title> [SEP] "; the article is the paragraphs.
        paragraphs = [p["context"].split(" [SEP] ", 1)[-1].strip() for p in article["paragraphs"]]
        if sum(len(p) for p in paragraphs) < LONG_CJK_MIN_CHARS:
            continue
        rng = rng_for(source, title)
        questions = [(n, qa) for n, p in enumerate(article["paragraphs"]) for qa in p["qas"]]
        for n, qa in sorted(
            rng.sample(questions, min(60, len(questions))), key=lambda x: x[1]["id"]
        ):
            qrng = rng_for(source, qa["id"])
            start = max(0, n - qrng.randint(0, 12))
            doc = excerpt(paragraphs, start, qrng.randint(LONG_CJK_MIN_CHARS, LONG_CJK_MAX_CHARS))
            if len(doc) < LONG_CJK_MIN_CHARS or paragraphs[n] not in doc:
                continue
            prompt = with_material(qrng, qa["question"], doc, intros)
            yield record(source, qa["id"], prompt, "long_context", lang, title)


def jsquad_long(repo: Repo) -> Iterator[Record]:
    # JSQuAD's train file is over the mirror's 4 MB limit; this is its validation split
    # (JGLUE's test split is a separate file, never read).
    data = json.loads(repo.text("datasets/jsquad-v1.3/valid-v1.3.json"))["data"]
    yield from whole_articles(data, "jsquad_long", "ja", T["ja_document_intros"])


def drcd_long(repo: Repo) -> Iterator[Record]:
    # DRCD (Traditional Chinese): the training file is over the 4 MB limit; this is its
    # dev split (DRCD_test.json is never read).
    data = json.loads(repo.text("DRCD_dev.json"))["data"]
    yield from whole_articles(data, "drcd_long", "zh", T["zh_document_intros"])


# ---------------------------------------------------------------- code


def nl2bash(repo: Repo) -> Iterator[Record]:
    for i, line in enumerate(repo.text("data/bash/all.nl").splitlines()):
        if line.strip():
            yield record("nl2bash", str(i), line, "code", "en")


def conala(repo: Repo) -> Iterator[Record]:
    # `intent` is the Stack Overflow question title as its asker wrote it.
    for i, item in enumerate(json.loads(repo.text("conala-train.json"))):
        key = f"{item['question_id']}-{i}"
        yield record("conala", key, item["intent"], "code", "en", str(item["question_id"]))


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


# LeetCode problem statements in Chinese as doocs/leetcode keeps them (HTML in Markdown).
DESCRIPTION = re.compile(r"<!-- description:start -->(.*?)<!-- description:end -->", re.S)
BLOCK_END = re.compile(r"</(p|li|pre|ul|ol|div|h\d)>|<br\s*/?>", re.I)


def html_to_text(fragment: str) -> str:
    """Statement HTML as the text a user pastes: block ends as newlines, tags dropped."""
    text = re.sub(r"<sup>(.*?)</sup>", r"^\1", fragment, flags=re.S)
    text = re.sub(r"\s*<li>\s*", "\n- ", text)
    text = BLOCK_END.sub("\n", text)
    text = html.unescape(re.sub(r"</?[a-zA-Z][^>]*>", "", text)).replace("\xa0", " ")
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def leetcode_zh(repo: Repo) -> Iterator[Record]:
    paths = [
        p
        for folder in ("solution", "lcci")
        for p in repo.listing(folder)
        if p.endswith("/README.md") and p.count("/") >= 2
    ]
    files = repo.batch(paths)
    for path in paths:
        match = DESCRIPTION.search(files[path].decode("utf-8", "replace"))
        if not match:
            continue
        prompt = html_to_text(match.group(1))
        if 40 <= len(prompt) <= 6000:
            key = path.rsplit("/", 2)[-2]
            yield record("leetcode_zh", key, prompt, "code", "zh")


def gpteacher(path: str, source: str, label: str) -> Callable[[Repo], Iterator[Record]]:
    def read(repo: Repo) -> Iterator[Record]:
        for i, item in enumerate(json.loads(repo.text(path))):
            prompt = item["instruction"]
            if item.get("input"):
                prompt = f"{prompt}\n\n{item['input']}"
            yield record(source, str(i), prompt, label, "en")

    return read


# ---------------------------------------------------------------- creative


def chinese_poetry(repo: Repo) -> Iterator[Record]:
    for n in range(0, 58000, 1000):
        path = f"全唐诗/poet.tang.{n}.json"
        for i, poem in enumerate(json.loads(repo.text(path))[:40]):
            rng = rng_for("poetry", path, str(i))
            template = rng.choice(T["poem_by_title"])
            prompt = template.format(title=poem["title"], author=poem["author"])
            yield record("chinese_poetry", f"tang-{n + i}", prompt, "creative", "zh")
    for n in range(0, 22000, 1000):
        path = f"宋词/ci.song.{n}.json"
        for i, ci in enumerate(json.loads(repo.text(path))[:30]):
            rng = rng_for("poetry", path, str(i))
            template = rng.choice(T["poem_by_tune"])
            prompt = template.format(tune=ci["rhythmic"], theme=rng.choice(T["poem_themes"]))
            yield record("chinese_poetry", f"ci-{n + i}", prompt, "creative", "zh")


TATOEBA = "data/tatoeba/v1/tatoeba"
# Which Tatoeba file gives sentences in each request language, and how many to take.
CREATIVE_SOURCES = (
    ("en", f"{TATOEBA}.fra-eng.eng", 200),
    ("zh", f"{TATOEBA}.cmn-eng.cmn", 250),
    ("es", f"{TATOEBA}.spa-eng.spa", 100),
    ("fr", f"{TATOEBA}.fra-eng.fra", 100),
    ("de", f"{TATOEBA}.deu-eng.deu", 100),
    ("ja", f"{TATOEBA}.jpn-eng.jpn", 100),
    ("ru", f"{TATOEBA}.rus-eng.rus", 100),
    ("pt", f"{TATOEBA}.por-eng.por", 100),
    ("it", f"{TATOEBA}.ita-eng.ita", 100),
    ("ko", f"{TATOEBA}.kor-eng.kor", 100),
    ("en", f"{TATOEBA}.deu-eng.eng", 200),
)


def tatoeba_creative(repo: Repo) -> Iterator[Record]:
    for lang, path, count in CREATIVE_SOURCES:
        lines = repo.text(path).splitlines()
        rng = rng_for("tatoeba-creative", path)
        # The translation requests sample these files with another seed; a sentence shared
        # with a request of another label is a useful contrast, so none is excluded.
        for i in sorted(rng.sample(range(len(lines)), min(count, len(lines)))):
            prompt = rng.choice(T["creative"][lang]).format(text=lines[i].strip())
            yield record("tatoeba_creative", f"{Path(path).name}-{i}", prompt, "creative", lang)


# Dolly's own categories, for its Japanese translation (kunishou/databricks-dolly-15k-ja).
# brainstorming, closed_qa, information_extraction and summarization are left out: ideas
# lists and questions about a pasted paragraph fit none of our labels cleanly.
DOLLY_LABELS = {
    "creative_writing": "creative",
    "open_qa": "simple",
    "general_qa": "simple",
    "classification": "simple",
}


def dolly_ja(label: str) -> Callable[[Repo], Iterator[Record]]:
    def read(repo: Repo) -> Iterator[Record]:
        files = repo.batch([p for p in repo.listing("data") if p.endswith(".jsonl")])
        for blob in files.values():
            for line in blob.decode("utf-8").splitlines():
                item = json.loads(line) if line.strip() else None
                if not item or DOLLY_LABELS.get(item["category"]) != label:
                    continue
                prompt = item["instruction"].strip()
                if item.get("input", "").strip():
                    prompt = f"{prompt}\n\n{item['input'].strip()}"
                yield record(f"dolly_ja_{label}", str(item["index"]), prompt, label, "ja")

    return read


# ---------------------------------------------------------------- simple


def webquestions(repo: Repo) -> Iterator[Record]:
    # trainmodel, val and devtest together are the original WebQuestions train split.
    for part in ("trainmodel", "val", "devtest"):
        for item in json.loads(repo.text(f"main/{part}.json")):
            yield record("webquestions", item["qId"], item["qText"], "simple", "en")


# Tatoeba languages read (ISO 639-3, as LASER names its files); 40 sentences of each side.
TATOEBA_LANGS = (  # noqa: SIM905 (40 codes read better as one string than as 40 lines)
    "ara ben bul ces cmn dan deu ell fin fra heb hin hun ind ita jpn kor nld pes pol por ron rus "
    "spa swe tha tur ukr urd vie tgl tam mar kat hye kaz lit slk srp zsm"
).split()
ISO1 = {"cmn": "zh", "deu": "de", "fra": "fr", "ita": "it", "jpn": "ja", "kor": "ko", "por": "pt"}
ISO1 |= {"rus": "ru", "spa": "es"}
INSTRUCTION_LANGS = tuple(
    lang for lang, weight in T["instruction_language_weights"].items() for _ in range(weight)
)


def tatoeba_translation(repo: Repo) -> Iterator[Record]:
    langs = T["languages"]
    for code in TATOEBA_LANGS:
        for side in (code, "eng"):
            path = f"{TATOEBA}.{code}-eng.{side}"
            lines = repo.text(path).splitlines()
            rng = rng_for("tatoeba", code, side)
            for i in sorted(rng.sample(range(len(lines)), min(40, len(lines)))):
                instr = rng.choice(INSTRUCTION_LANGS)
                names = dict(zip(langs, T["language_names"][instr], strict=True))
                src = "en" if side == "eng" else code
                tgt = rng.choice([lang for lang in langs if lang not in (src, ISO1.get(src))])
                template = rng.choice(T["translate"][instr])
                prompt = template.format(tgt=names[tgt], text=lines[i].strip())
                yield record("tatoeba_translate", f"{code}-{side}-{i}", prompt, "simple", instr)


def jcommonsenseqa(repo: Repo) -> Iterator[Record]:
    # One-step commonsense questions with five choices: "short factual questions" (simple).
    for line in repo.text("datasets/jcommonsenseqa-v1.3/train-v1.3.json").splitlines():
        item = json.loads(line)
        rng = rng_for("jcsqa", str(item["q_id"]))
        choices = [item[f"choice{i}"] for i in range(5)]
        layout = rng.randrange(3)  # the question alone, or with its choices in one of two ways
        prompt = item["question"]
        if layout == 1:
            prompt += "\n" + "\n".join(f"{i}. {c}" for i, c in enumerate(choices, 1))
        elif layout == 2:
            prompt += "（" + "、".join(choices) + "）"
        yield record("jcommonsenseqa", str(item["q_id"]), prompt, "simple", "ja")


def kdconv(repo: Repo) -> Iterator[Record]:
    # The train files are over the mirror's 4 MB limit; dev is a validation split.
    for domain in ("film", "music", "travel"):
        for i, dialogue in enumerate(json.loads(repo.text(f"data/{domain}/dev.json"))):
            turns = [m["message"] for m in dialogue["messages"]]
            rng = rng_for("kdconv", domain, str(i))
            yield chat_turn("kdconv", f"{domain}-dev-{i}", turns, "zh", rng)


def taskmaster4(repo: Repo) -> Iterator[Record]:
    for part in range(8):
        for dialogue in json.loads(repo.text(f"TM-4-2024/data/data_{part:02d}.json")):
            turns = merge_speakers([(u["speaker"], u["text"]) for u in dialogue["utterances"]])
            if turns:
                key = dialogue["conversation_id"]
                yield chat_turn("taskmaster4", key, turns, "en", rng_for("tm4", key))


ROLEPLAY = "Roleplay/roleplay-simple-deduped-roleplay-instruct.json"

# The one registry of readers: `reader` names in sources.yaml resolve here.
READERS: dict[str, Callable[[Repo], Iterator[Record]]] = {
    "gsm8k": gsm8k,
    "ape210k": ape210k,
    "strategyqa": strategyqa,
    "tal_scq5k": tal_scq5k,
    "folio": folio,
    "wikitablequestions": wikitablequestions,
    "tabfact": tabfact,
    "retqa": retqa,
    "qmsum": qmsum,
    "squality": squality,
    "jsquad_long": jsquad_long,
    "drcd_long": drcd_long,
    "nl2bash": nl2bash,
    "conala": conala,
    "gpteacher_codegen": gpteacher("Codegen/codegen-instruct.json", "gpteacher_codegen", "code"),
    "mbpp": mbpp,
    "leetcode_zh": leetcode_zh,
    "gpteacher_roleplay": gpteacher(ROLEPLAY, "gpteacher_roleplay", "creative"),
    "chinese_poetry": chinese_poetry,
    "tatoeba_creative": tatoeba_creative,
    "dolly_ja_creative": dolly_ja("creative"),
    "dolly_ja_simple": dolly_ja("simple"),
    "webquestions": webquestions,
    "tatoeba_translate": tatoeba_translation,
    "jcommonsenseqa": jcommonsenseqa,
    "kdconv": kdconv,
    "taskmaster4": taskmaster4,
}
