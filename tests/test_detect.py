"""Task detection: the article's baseline, the rules detector's hard cases, evaluation."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import modelrouter.config
from modelrouter.config.schema import TaskType
from modelrouter.detect.base import Detector, TaskChoice
from modelrouter.detect.evaluate import evaluate, read_rows
from modelrouter.detect.keywords import KeywordDetector
from modelrouter.detect.linear import compile_keyword, samples
from modelrouter.detect.matcher import KeywordMatcher, separate_scripts
from modelrouter.detect.rules import RulesDetector
from modelrouter.detect.scan import scan
from modelrouter.detect.structure import analyse
from modelrouter.detect.tables import longest_series, row_shape
from modelrouter.errors import ConfigError
from modelrouter.registry import load
from modelrouter.types import ChatRequest

DEFAULT_TASKS = Path(modelrouter.config.__file__).parent / "default_tasks.yaml"
ROUTE = {"primary": "kimi-k2.6"}


def _default_tasks() -> dict[str, TaskType]:
    raw = yaml.safe_load(DEFAULT_TASKS.read_text(encoding="utf-8"))["tasks"]
    return {name: TaskType.model_validate(spec) for name, spec in raw.items()}


@pytest.fixture(scope="module")
def tasks() -> dict[str, TaskType]:
    return _default_tasks()


@pytest.fixture(scope="module")
def rules(tasks: dict[str, TaskType]) -> RulesDetector:
    return RulesDetector(tasks, "simple")


def ask(detector: Detector, prompt: str | list[dict[str, Any]], **extra: Any) -> TaskChoice:
    messages = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else prompt
    return detector.detect(ChatRequest.model_validate({"messages": messages, **extra}))


# ---------------------------------------------------------------- texts for the hard cases

_EN_SENTENCES = [
    "The committee met on three occasions during the spring to review the proposal.",
    "In biology, the function of the mitochondria is to produce energy for the cell.",
    "Members of the working class in the nineteenth century often lived in crowded housing.",
    "The report argues that import tariffs raised prices for households across the region.",
    "Several witnesses described the events differently, which complicated the inquiry.",
    "A new class of regulations now governs how banks disclose their exposure to risk.",
    "Historians still debate why the treaty failed to prevent the conflict that followed.",
    "The author notes that public transport usage doubled after fares were reduced.",
]
LONG_EN = " ".join(_EN_SENTENCES[i % len(_EN_SENTENCES)] for i in range(130))

_ZH_SENTENCES = [
    "近年来，城市化进程不断加快，大量农村人口涌入城市，带来了住房和交通方面的压力。",
    "研究人员指出，这一政策的主要功能在于调节市场供需，而不是直接干预价格。",
    "报告认为，教育资源的分配不均是导致地区差距扩大的重要原因之一。",
    "在传统社会中，不同阶层之间的流动性较低，这种状况在工业化之后逐渐改变。",
    "作者通过大量调查数据说明，公共交通的改善显著提升了居民的生活质量。",
]
LONG_ZH = "".join(_ZH_SENTENCES[i % len(_ZH_SENTENCES)] for i in range(70))

PY_CODE = """import os

def load(path):
    with open(path) as handle:
        rows = [line.split(",") for line in handle]
    return rows

class Cache:
    def __init__(self):
        self.items = {}
"""

JS_FENCED = """Why does this print undefined?

```js
const user = getUser();
console.log(user.name);
function getUser() {
  fetch('/api/user').then(r => r.json());
}
```"""

STACK_TRACE = """I get this when I run my script:
Traceback (most recent call last):
  File "main.py", line 12, in <module>
    total = compute(values)
TypeError: unsupported operand type(s) for +: 'int' and 'str'"""

CSV_QUESTION = """month,revenue,costs
January,12000,8000
February,13500,8200
March,11800,7900
April,15200,9100
Which month had the best margin?"""

MD_TABLE_ZH = """| 产品 | 一月 | 二月 | 三月 |
|---|---|---|---|
| 手机 | 120 | 135 | 150 |
| 电脑 | 80 | 76 | 90 |
| 平板 | 45 | 50 | 38 |
请问哪个产品的季度增长最快？"""

JSON_RECORDS = """[
  {"country": "FR", "amount": 120},
  {"country": "DE", "amount": 80},
  {"country": "FR", "amount": 45},
  {"country": "ES", "amount": 60}
]
Total amount per country?"""


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        pytest.param(f"{LONG_EN}\n\nWhat does the author conclude?", "long_context", id="long-en"),
        pytest.param(f"请总结下面这篇文章的主要观点：\n{LONG_ZH}", "long_context", id="long-zh"),
        pytest.param(f"{PY_CODE}\nHow can I make this faster?", "code", id="python-unfenced"),
        pytest.param(JS_FENCED, "code", id="js-fenced"),
        pytest.param(STACK_TRACE, "code", id="stack-trace"),
        pytest.param("写一个快速排序的python函数", "code", id="code-zh-mixed-script"),
        pytest.param("Pythonで辞書を値でソートするには？", "code", id="code-ja"),
        pytest.param(
            "鸡兔同笼，共有35个头，94只脚，问鸡和兔各有几只？", "reasoning", id="chicken-rabbit"
        ),
        pytest.param(
            "Tom has 3 times as many apples as Sara. Together they have 24. "
            "How many does Sara have?",
            "reasoning",
            id="word-problem-en",
        ),
        pytest.param("Докажи, что корень из двух иррационален.", "reasoning", id="proof-ru"),
        pytest.param(
            "Un tren sale a las 8:00 a 90 km/h y otro a las 9:00 a 120 km/h. ¿Cuántas horas tarda "
            "el segundo en alcanzar al primero?",
            "reasoning",
            id="word-problem-es",
        ),
        pytest.param(CSV_QUESTION, "data_analysis", id="csv"),
        pytest.param(MD_TABLE_ZH, "data_analysis", id="markdown-table-zh"),
        pytest.param(JSON_RECORDS, "data_analysis", id="json-records"),
        pytest.param(
            "Translate this to French: the function of this class is to import the data.",
            "simple",
            id="translate-en-code-words",
        ),
        pytest.param("把这句话翻译成英文：这个函数的作用是导入数据。", "simple", id="translate-zh"),
        pytest.param(
            "Traduce al inglés: la clase empieza a las nueve.", "simple", id="translate-es"
        ),
        pytest.param(
            "Übersetze ins Englische: Die Funktion ist wichtig.", "simple", id="translate-de"
        ),
        pytest.param("Переведи на английский: функция класса важна.", "simple", id="translate-ru"),
        pytest.param(
            "この文を英語に翻訳してください：関数は大事です。", "simple", id="translate-ja"
        ),
        pytest.param("What is the capital of Australia?", "simple", id="fact-en"),
        pytest.param("Write a short story about a lighthouse keeper.", "creative", id="story-en"),
        pytest.param("写一首关于秋天的诗", "creative", id="poem-zh"),
        pytest.param("봄을 주제로 한 시를 써 줘", "creative", id="poem-ko"),
        pytest.param("Escribe un poema sobre el mar.", "creative", id="poem-es"),
        pytest.param("Напиши стихотворение о зиме", "creative", id="poem-ru"),
    ],
)
def test_rules_detects_hard_cases(rules: RulesDetector, prompt: str, expected: str) -> None:
    choice = ask(rules, prompt)
    assert choice.task == expected, choice.reason
    assert 0.0 <= choice.confidence <= 1.0
    assert choice.reason


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        # Japanese writing requests (the English "write a letter/email/message" counterpart)
        ("上司に昇給に値すると納得させる手紙を書く", "creative"),
        ("友人を野球観戦に誘うメッセージの例文を書いてください", "creative"),
        ("ジョージア州を詠う", "creative"),
        ("Write a paragraph about the best way to spend a vacation in Palm Springs", "creative"),
        ("この文章を要約してください", "simple"),
        # programming tasks stated as data-structure operations, shell requests on files
        ("Prepend the same string to all items in a list", "code"),
        ("List of all unique characters in a string?", "code"),
        ("find all files named core modified in the last 7 days and delete them", "code"),
        ("Give me a list of countries in Europe", "simple"),
        ("How long is a piece of string?", "simple"),
        # "write an email / a letter", as English has it, in other languages
        ("帮我写一封邮件给老板请假", "creative"),
        ("写一份邀请函，邀请同事参加周五的聚会", "creative"),
        ("Escribe un correo a mi jefe pidiendo vacaciones", "creative"),
        ("Schreib eine E-Mail an meinen Vermieter wegen der Heizung", "creative"),
        ("Scrivi una lettera al sindaco sul traffico", "creative"),
        ("Viết một email xin nghỉ phép gửi sếp", "creative"),
        ("¿Cómo creo una cuenta de correo?", "simple"),
    ],
)
def test_rules_vocabulary_for_terse_requests(
    rules: RulesDetector, prompt: str, expected: str
) -> None:
    assert ask(rules, prompt).task == expected


def test_long_document_reason_names_length_and_question(rules: RulesDetector) -> None:
    choice = ask(rules, f"{LONG_EN}\n\nWhat does the author conclude?")
    assert "long document" in choice.reason
    assert "tokens" in choice.reason


def test_code_reason_names_the_structure(rules: RulesDetector) -> None:
    assert "code fence" in ask(rules, JS_FENCED).reason
    assert "stack trace" in ask(rules, STACK_TRACE).reason


def test_clear_prompt_is_more_confident_than_vague_one(rules: RulesDetector) -> None:
    clear = ask(rules, JS_FENCED)
    vague = ask(rules, "hmm")
    assert clear.confidence > 0.8
    assert vague.confidence < clear.confidence


def _conversation(*turns: str) -> list[dict[str, Any]]:
    roles = ["user", "assistant"]
    return [{"role": roles[i % 2], "content": text} for i, text in enumerate(turns)]


CODE_ANSWER = (
    "Here it is:\n```python\ndef slugify(text):\n    return text.lower().replace(' ', '-')\n```"
)


@pytest.mark.parametrize(
    "follow_up", ["yes, do it", "now make it faster", "继续", "はい、お願いします"]
)
def test_short_follow_up_continues_the_code_task(rules: RulesDetector, follow_up: str) -> None:
    messages = _conversation(
        "Write a Python function that slugifies a title.", CODE_ANSWER, follow_up
    )
    choice = ask(rules, messages)
    assert choice.task == "code", choice.reason
    assert "follow-up" in choice.reason


def test_follow_up_continues_a_story(rules: RulesDetector) -> None:
    messages = _conversation("写一个关于小狐狸的童话故事", "从前，森林里住着一只小狐狸……", "继续")
    assert ask(rules, messages).task == "creative"


def test_clear_new_request_wins_over_the_conversation(rules: RulesDetector) -> None:
    messages = _conversation(
        "Write a Python function that slugifies a title.",
        CODE_ANSWER,
        "Thanks! Unrelated: write a haiku about the sea.",
    )
    assert ask(rules, messages).task == "creative"


def test_tools_make_a_request_agentic(rules: RulesDetector) -> None:
    tool = {"type": "function", "function": {"name": "search", "parameters": {}}}
    assert ask(rules, "Find me flights to Lisbon next week", tools=[tool]).task == "reasoning"


def _with_legal(tasks: dict[str, TaskType]) -> dict[str, TaskType]:
    legal = TaskType(
        description="Legal questions about contracts, leases and liability.",
        examples=["Is this non-compete clause enforceable?", "房东可以不退押金吗？"],
        keywords=[
            r"\b(?:lease|tenant|landlord|lawsuit|liabilit\w*|non-compete)\b",
            "律师|合同|押金",
        ],
        route=ROUTE,  # type: ignore[arg-type]
    )
    return {**tasks, "legal": legal}


def test_user_defined_task_is_detected_from_keywords(tasks: dict[str, TaskType]) -> None:
    detector = RulesDetector(_with_legal(tasks), "simple")
    assert (
        ask(detector, "My landlord kept the deposit after the lease ended. Can I sue?").task
        == "legal"
    )
    assert ask(detector, "签合同前需要注意什么？押金能要回来吗？").task == "legal"


def test_user_defined_task_is_detected_from_examples_alone() -> None:
    astro = TaskType(
        description="Astronomy questions.",
        examples=[
            "Which planets can I see tonight with binoculars?",
            "When is the next meteor shower?",
        ],
        route=ROUTE,  # type: ignore[arg-type]
    )
    plain = TaskType(description="Anything else.", route=ROUTE)  # type: ignore[arg-type]
    detector = RulesDetector({"astro": astro, "other": plain}, "other")
    assert ask(detector, "can I see any planets tonight with my binoculars").task == "astro"
    assert ask(detector, "how do I bake bread").task == "other"


def test_builtin_signals_only_for_configured_names() -> None:
    only = {"chat": TaskType(description="all", route=ROUTE)}  # type: ignore[arg-type]
    choice = ask(RulesDetector(only, "chat"), JS_FENCED)
    assert choice.task == "chat"


def test_invalid_keyword_regex_fails_at_construction(tasks: dict[str, TaskType]) -> None:
    broken = TaskType(description="x", keywords=["ok", "(unclosed"], route=ROUTE)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match=r"tasks\.broken\.keywords\[1\]"):
        RulesDetector({**tasks, "broken": broken}, "simple")


def test_unknown_default_task_fails(tasks: dict[str, TaskType]) -> None:
    with pytest.raises(ConfigError, match="default_task"):
        RulesDetector(tasks, "nope")


def test_registry_builds_both_detectors(tasks: dict[str, TaskType]) -> None:
    for name in ("keywords", "rules"):
        detector = load("detector", name)(tasks, "simple")
        assert detector.name == name


def test_default_tasks_have_the_agreed_routes(tasks: dict[str, TaskType]) -> None:
    routes = {name: task.route.models() for name, task in tasks.items()}
    assert routes == {
        "code": ["claude-opus-4-7", "gpt-5.5"],
        "long_context": ["kimi-k2.6", "deepseek-v4-pro"],
        "reasoning": ["gpt-5.5", "claude-opus-4-7"],
        "simple": ["kimi-k2.6", "qwen3.6-plus"],
        "creative": ["claude-opus-4-7", "gpt-5.5"],
        "data_analysis": ["deepseek-v4-pro", "gpt-5.5"],
    }
    assert all(6 <= len(task.examples) <= 12 for task in tasks.values())


EMAIL_WITH_CODE_WORDS = """pls translate to japanese, polite business tone

Subject: API v4 changes
Hello team, the Python SDK and the `client.fetch()` method are deprecated.
Please update your import statements and run the JSON migration script before June.
The old endpoint keeps working for 90 days; after that requests return an error.
Thanks, the platform team"""

LOG_LINES = "\n".join(
    f"2025-02-14T20:{i // 60:02d}:{i % 60:02d}Z INFO checkout order_ok id={i} ms={40 + i % 7}"
    for i in range(400)
)


def test_translation_request_wins_over_code_words_in_the_body(rules: RulesDetector) -> None:
    choice = ask(rules, EMAIL_WITH_CODE_WORDS)
    assert choice.task == "simple", choice.reason


def test_log_to_summarise_is_long_context_and_trace_to_fix_is_code(rules: RulesDetector) -> None:
    summary = ask(rules, f"Summarize what happened in this log for a status page:\n{LOG_LINES}")
    assert summary.task == "long_context", summary.reason
    assert ask(rules, f"{STACK_TRACE}\nhow do I fix this?").task == "code"


def test_math_in_a_long_document_does_not_make_it_reasoning(rules: RulesDetector) -> None:
    sums = " ".join(
        f"In {2000 + i} revenue was {i * 3 + 7} = {i} + {2 * i + 7}." for i in range(20)
    )
    assert ask(rules, f"{LONG_EN} {sums}\n\nSummarize the report.").task == "long_context"


# -------------------------------------------------------------------- keyword prefilter

TRICKY = [
    r"\bc[oó]digo\b",
    r"compil(?:e|er|ing)",
    r"(?i)foo|bar\x41",
    r"a?b+cd",
    r"(?P<x>ab|cd)e",
    r"^\W*(?:hi|hello)\b",
    r"\w+\.(?:py|js)\b",
    r"写\S{0,4}?诗",
    r"x{2}yz|[A-Z]{3}-\d+",
]


def test_keywords_keep_python_meaning_under_re2() -> None:
    """\\w, \\d, \\s and edge \\b mean what Python means, in any script."""
    cases = [
        (r"\bкратко\b", "скажи кратко, пожалуйста", "кратко"),
        (r"\bc[oó]digo\b", "el CÓDIGO fuente", "código"),
        (r"\w+\.(?:py|js)\b", "open main.py now", "main.py"),
        (r"(?P<x>ab|cd)e", "xxcde", "cde"),
        (r"\d{2,}", "item ٣٤ here", "٣٤"),
        (r"写\S{0,4}?诗", "帮我写一首诗", "写一首诗"),
    ]
    for source, text, word in cases:
        pattern = compile_keyword(source, "tasks.t.keywords[0]")
        match = pattern.search(text.encode())
        assert match is not None, source
        groups = [g for g in match.groups() if g is not None]
        assert groups[0].decode().lower() == word, source
    # An edge \b is not glued to letters of any script: "кратко" inside a word is no hit.
    assert compile_keyword(r"\bкратко\b", "f").search("некраткость".encode()) is None


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (r"(?<=a)b", "lookaround"),
        (r"foo(?=bar)", "lookaround"),
        (r"(a)\1", "backreferences"),
        (r"foo\bbar", "start or end"),
        (r"[\W\d]x", "inside [...]"),
        (r"(unclosed", "cannot run in linear time"),
    ],
)
def test_keywords_re2_cannot_run_fail_naming_the_field(source: str, why: str) -> None:
    task = TaskType(description="t", keywords=[r"\bok\b", source], route=ROUTE)  # type: ignore[arg-type]
    with pytest.raises(ConfigError) as caught:
        KeywordMatcher({"mine": task})
    assert "tasks.mine.keywords[1]" in str(caught.value)
    assert why in str(caught.value)


def test_a_catastrophic_python_keyword_runs_in_linear_time() -> None:
    """(a+)+$ takes exponential time in Python's re; RE2 answers at once."""
    task = TaskType(description="t", keywords=[r"(a+)+$", r"\b(\w+\s?)*$"], route=ROUTE)  # type: ignore[arg-type]
    matcher = KeywordMatcher({"mine": task})
    started = time.perf_counter()
    hits = matcher.hits("a" * 50_000 + "!" + " word" * 20_000 + "!")
    assert time.perf_counter() - started < 1.0
    assert "mine" in hits


def test_every_keyword_is_warmed_on_a_text_it_matches() -> None:
    """The matcher warms each keyword with ``samples``: texts of which that keyword matches one (RE2
    builds a pattern's reverse program at its first matching search, 5-35 ms). A sample
    that does not match would leave that cost to the first request that matches."""
    tasks = _default_tasks()
    user = [
        r"\b(?:foo|ba[rz])\w*\s+\d{2,}\b",
        r"[a-z]+-?ql\b",
        r"^(?:hi|hey)\b|\bbye$",
        "翻译|訳",
    ]
    sources = [k for task in tasks.values() for k in task.keywords] + user
    assert len(sources) > 80
    for source in sources:
        pattern = compile_keyword(source, "x")
        assert any(pattern.search(text.encode()) for text in samples(source)), source


def test_matchers_of_one_configuration_share_their_compiled_keywords() -> None:
    """Compiling and warming ~90 Unicode keywords takes about a second: a second detector
    of the same task types (a reloaded config, another router) reuses them, and a changed
    keyword list compiles anew."""
    tasks = _default_tasks()
    first, second = KeywordMatcher(tasks), KeywordMatcher(tasks)
    assert first._set is second._set
    changed = dict(tasks)
    changed["mine"] = TaskType(description="t", keywords=[r"\bzorblax\b"], route=ROUTE)  # type: ignore[arg-type]
    third = KeywordMatcher(changed)
    assert third._set is not first._set
    assert third.hits("a zorblax here")["mine"].count == 1
    assert "mine" not in first.hits("a zorblax here")


# The code-line test of the line-by-line scan that ``detect.scan`` replaced, kept as the
# reference its vectorised tests must agree with.
_REFERENCE_CODE_LINE = re.compile(
    r"""^\s*(?:
        def\s+\w+\s*\(|class\s+\w+\s*[(:{<]|class\s+\w+\s*$|import\s+[\w.{*]|from\s+[\w.]+\s+import\s
        |@\w+|if\s+__name__|print\(|return\b|elif\s|else\s*:|try\s*:|except\b|raise\s+\w
        |for\s+\w+\s+in\s.*:\s*$|while\s.*:\s*$|with\s.*:\s*$|pass\s*$
        |(?:async\s+)?function\s*\w*\s*\(|(?:const|let|var)\s+\w+\s*=|export\s+|console\.\w+\(
        |\}\s*(?:else|catch|while)\b|\#include|\#define|\#import|\#!/
        |(?:public|private|protected|static|internal)\s+\w|(?:void|int|char|float|double|bool|auto)\s+\**\w+\s*[(=;\[]
        |std::|using\s+namespace|package\s+[\w.]+;?\s*$|func\s+\w|fn\s+\w|impl\b|struct\s+\w|enum\s+\w|typedef\s
        |template\s*<|(?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW)|ALTER\s+TABLE)\b
        |(?:WHERE|GROUP\s+BY|ORDER\s+BY|LEFT\s+JOIN|INNER\s+JOIN|HAVING)\s
        |\$\s+\w|sudo\s|pip\s+install|npm\s+\w|git\s+\w+|docker\s+\w|kubectl\s|curl\s+-|>>>\s
        |</?[a-zA-Z][\w-]*(?:\s+[\w-]+(?:=["'][^"']*["'])?)*\s*/?>|<\?php|//\s|/\*|\*/
        |[A-Za-z_][A-Za-z0-9]*(?:[._]|\[[^\]\n]*\])[\w.]*(?:\[[^\]\n]*\][\w.]*)*
        \s*(?:[+\-*/%|&]?=|:=)\s*\S
        |[A-Za-z_]\w*\s*(?:[+\-*/%|&]?=|:=)[^\n]*?(?:\w\(|[\[{"'])
    )|^[+-]\s{3,}\S|^@@\s|(?:[;{}]|\)\s*:|=>\s*\{?|\)\s*\{)\s*$""",
    re.VERBOSE,
)


def _reference_code_lines(lines: list[str]) -> set[int]:
    """Code-like lines, one line at a time: fences, continuations, fenced blocks."""
    fence = re.compile(r"^\s*(```|~~~)")
    log = re.compile(r"\s*\[?(?:\d{4}-\d\d-\d\d[T ]|\d\d:\d\d:\d\d|[A-Z][a-z]{2} +\d+ \d\d:)")
    code: set[int] = set()
    block: list[int] = []
    in_fence = previous = False
    for index, line in enumerate(lines):
        if fence.match(line):
            if in_fence and block and sum(i in code for i in block) / len(block) >= 0.25:
                code.update(block)
            in_fence, previous, block = not in_fence, False, []
            continue
        if not line.strip() or log.match(line):
            is_code = False
        elif previous and re.match(r"^(?:\s{4,}|\t)\S", line):
            is_code = True
        else:
            latex = ";" not in line and re.search(r"\\[a-zA-Z]+\{|\$", line) is not None
            is_code = _REFERENCE_CODE_LINE.search(line) is not None and not latex
        if is_code:
            code.add(index)
        if in_fence and line.strip():
            block.append(index)
        previous = is_code or (previous and not line.strip())
    if in_fence and block and sum(i in code for i in block) / len(block) >= 0.25:
        code.update(block)
    return code


@pytest.mark.parametrize(
    "text",
    [
        JS_FENCED,
        CSV_QUESTION,
        LONG_EN[:3000],
        "def f(x):\n    return x\n\n    y = g(x)\nprose line here\n    not code now",
        "2024-01-02 10:00:01 INFO start;\n    at main()\nTraceback follows:\n  x = y(1)",
        "```\nplain words\nmore words\n```\n```py\nimport os\nx = 1\nprint(x)\n```\n```",
        "The cost is $x = f(y)$ here;\nand $a^2$ there\n  if (a) {\n  }\nok):",
        "SELECT a FROM t\nWHERE b = 1;\n<div class='x'>\n- removed\n+    added\n@@ -1 +1 @@",
    ],
)
def test_vectorised_code_scan_matches_line_by_line_reference(text: str) -> None:
    lines = text.splitlines()
    assert scan(text, lines).code == _reference_code_lines(lines)


def test_very_long_text_is_scanned_at_head_and_tail_only() -> None:
    prose = ["Plain sentences of a long report, line after line."] * 350
    code = [f"value_{i} = compute(value_{i - 1})" for i in range(300)]
    shape = analyse("\n".join(prose + code + prose))
    assert shape.code_lines == 0  # the middle 300 lines are beyond the 300 + 100 scanned
    assert analyse("\n".join(prose[:50] + code[:50] + prose[:50])).code_lines == 50


def test_table_and_series_helpers_read_rows_and_figures() -> None:
    assert row_shape("North, 120, 135.5, 2024-03-01") == (",", 4, 3)
    assert row_shape("a sentence, with a comma that goes on for far more than forty chars") is None
    assert row_shape("  12   7.5   -   9k ") == (" ", 4, 4)
    assert longest_series("3, 7, 8, 12, then a long clause that breaks the run, 5") == 4
    assert longest_series("Jan 8.2k, Feb 8.0k, Mar 8.9k, Apr 9.1k") == 4


def test_prefiltered_matching_equals_plain_case_insensitive_search(
    tasks: dict[str, TaskType],
) -> None:
    extra = TaskType(description="tricky", keywords=TRICKY, route=ROUTE)  # type: ignore[arg-type]
    everything = {**tasks, "tricky": extra}
    matcher = KeywordMatcher(everything)
    texts = [
        *(example for task in everything.values() for example in task.examples),
        LONG_EN[:1500],
        LONG_ZH[:800],
        JS_FENCED,
        CSV_QUESTION,
        "Hello there, CÓDIGO fuente y FOOBAR, ABC-12 xxyz, main.py, 写一首诗",
        "  hi! how do I COMPILE this?",
    ]
    for text in texts:
        expected: dict[str, set[str]] = {}
        for name, task in everything.items():
            for source in task.keywords:
                pattern = re.compile(source, re.IGNORECASE)
                spaced = separate_scripts(text)
                found = {m.group().strip().lower() for m in pattern.finditer(spaced)}
                if found:
                    expected.setdefault(name, set()).update(sorted(found)[:3])
        got = {name: hits.count for name, hits in matcher.hits(text).items()}
        assert set(got) == set(expected), text[:60]


# ------------------------------------------------------------------------- the baseline


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("def add(a, b): return a + b", "code"),
        ("Explain the function of the liver", "code"),
        ("x" * 5001, "long_context"),
        ("why is the sky blue", "reasoning"),
        ("Why is the sky blue", "simple"),
        ("写一首诗", "simple"),
    ],
)
def test_keyword_detector_is_the_article_heuristic(
    tasks: dict[str, TaskType], prompt: str, expected: str
) -> None:
    choice = ask(KeywordDetector(tasks, "simple"), prompt)
    assert choice == TaskChoice(expected, 0.5, choice.reason)


def test_keyword_detector_reads_only_the_last_user_message(tasks: dict[str, TaskType]) -> None:
    messages = _conversation("import os", "ok", "hello")
    assert ask(KeywordDetector(tasks, "simple"), messages).task == "simple"


# ---------------------------------------------------------------------------- evaluation


class _Fixed:
    """A detector answering from a table, so the expected numbers can be computed by hand."""

    name = "fixed"

    def __init__(self, answers: dict[str, str]) -> None:
        self.answers = answers

    def detect(self, request: ChatRequest) -> TaskChoice:
        return TaskChoice(self.answers[request.last_user_text()], 1.0, "table")


ROWS = [
    {"prompt": "p1", "label": "code"},
    {"prompt": "p2", "label": "code"},
    {"prompt": "p3", "label": "math", "extra": "ignored"},
    {"prompt": "ignored", "label": "simple", "messages": [{"role": "user", "content": "p4"}]},
    {"prompt": "p5", "label": "simple"},
]
ANSWERS = {"p1": "code", "p2": "reasoning", "p3": "reasoning", "p4": "simple", "p5": "code"}


def test_evaluate_counts_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(row) for row in ROWS) + "\n\n")
    report = evaluate(_Fixed(ANSWERS), read_rows(path), label_map={"math": "reasoning"})
    # correct: p1, p3 (math -> reasoning), p4 -> 3 of 5
    assert report.n == 5
    assert report.accuracy == pytest.approx(0.6)
    assert report.confusion == {
        "code": {"code": 1, "reasoning": 1},
        "reasoning": {"reasoning": 1},
        "simple": {"simple": 1, "code": 1},
    }
    code, reasoning, simple = (report.labels[n] for n in ("code", "reasoning", "simple"))
    assert (code.precision, code.recall, code.support) == (0.5, 0.5, 2)
    assert (reasoning.precision, reasoning.recall) == (0.5, 1.0)
    assert reasoning.f1 == pytest.approx(2 / 3)
    assert (simple.precision, simple.recall) == (1.0, 0.5)


def test_unmapped_labels_are_kept_and_reported() -> None:
    report = evaluate(_Fixed(ANSWERS), ROWS)
    assert report.labels["math"].recall == 0.0
    assert report.confusion["math"] == {"reasoning": 1}
    assert report.accuracy == pytest.approx(0.4)


def test_report_renders_as_json_and_table(tmp_path: Path) -> None:
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in ROWS), encoding="utf-8")
    report = evaluate(_Fixed(ANSWERS), read_rows(path))
    data = json.loads(json.dumps(report.to_json()))
    assert data["accuracy"] == 0.4
    assert data["confusion"]["code"] == {"code": 1, "reasoning": 1}
    table = report.format_table()
    assert "precision" in table
    assert "recall" in table
    assert "confusion" in table


def test_a_repeated_system_prompt_weighs_the_same_every_time(tasks) -> None:
    system = {"role": "system", "content": "You are a senior Python and SQL engineer."}
    turns = [system, {"role": "user", "content": "How would you approach this?"}]
    detector = RulesDetector(tasks, "simple")
    first, again = ask(detector, turns), ask(detector, turns)
    fresh = ask(RulesDetector(tasks, "simple"), turns)
    assert first == again == fresh
    assert "system: " in first.reason
    other = [{"role": "system", "content": "Write poems about the sea."}, turns[1]]
    assert ask(detector, other) == ask(RulesDetector(tasks, "simple"), other) != first
