"""Language-independent structure of a prompt: code, tables, numbers, math, length.

``analyse(text)`` measures; it does not decide. The measurements are turned into task
scores in ``detect.signals``. The line scan is linear in the text and is capped to a head
and a tail of lines for very long texts, so a 1 MB paste costs a few milliseconds at worst.
This module must never hold task names or topic lexicons; cue words that describe shape
(quantity questions) live in ``detect.cues``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelrouter.detect.cues import (
    count_equations,
    count_inline_code,
    count_numbers,
    has_latex,
    has_stack_trace,
    quantity_question,
    words_view,
)
from modelrouter.detect.tables import (
    find_html_table,
    find_json_records,
    find_tables,
    longest_series,
)
from modelrouter.detect.text import estimate_tokens, window

_HEAD_LINES = 800
_TAIL_LINES = 300

_FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+#.-]*)")
_CODE_LINE = re.compile(
    r"""^\s*(?:
        def\s+\w+\s*\(|class\s+\w+\s*[(:{<]|class\s+\w+\s*$|import\s+[\w.{*]|from\s+[\w.]+\s+import\s
        |@\w+|if\s+__name__|print\(|return\b|elif\s|else\s*:|try\s*:|except\b|raise\s+\w
        |for\s+\w+\s+in\s+.*:\s*$|while\s+.*:\s*$|with\s+.*:\s*$|pass\s*$
        |(?:async\s+)?function\s*\w*\s*\(|(?:const|let|var)\s+\w+\s*=|export\s+|console\.\w+\(
        |\}\s*(?:else|catch|while)\b|\#include|\#define|\#import|\#!/
        |(?:public|private|protected|static|internal)\s+\w|(?:void|int|char|float|double|bool|auto)\s+\**\w+\s*[(=;\[]
        |std::|using\s+namespace|package\s+[\w.]+;?\s*$|func\s+\w|fn\s+\w|impl\b|struct\s+\w|enum\s+\w|typedef\s
        |template\s*<|(?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX|VIEW)|ALTER\s+TABLE)\b
        |(?:WHERE|GROUP\s+BY|ORDER\s+BY|LEFT\s+JOIN|INNER\s+JOIN|HAVING)\s
        |\$\s+\w|sudo\s|pip\s+install|npm\s+\w|git\s+\w+|docker\s+\w|kubectl\s|curl\s+-|>>>\s
        |</?[a-zA-Z][\w-]*(?:\s+[\w-]+(?:=["'][^"']*["'])?)*\s*/?>|<\?php|//\s|/\*|\*/
        |[A-Za-z_][\w]*(?:[._][\w]+|\[[^\]]*\])+\s*(?:[+\-*/%|&]?=|:=)\s*\S
        |[A-Za-z_]\w*\s*(?:[+\-*/%|&]?=|:=)\s*.*(?:\w\(|[\[{"']).*
    )|^[+-]\s{3,}\S|^@@\s|(?:[;{}]|\)\s*:|=>\s*\{?|\)\s*\{)\s*$""",
    re.VERBOSE,
)
_LATEX_LINE = re.compile(r"\\[a-zA-Z]+\{|\$")
_CONTINUATION = re.compile(r"^(?:\s{4,}|\t)\S")
# A log line starts with a timestamp; logs are documents to read unless a trace says otherwise.
_LOG_LINE = re.compile(r"\s*\[?(?:\d{4}-\d\d-\d\d[T ]|\d\d:\d\d:\d\d|[A-Z][a-z]{2} +\d+ \d\d:)")
_QUESTION_END = re.compile(r"[?？]\s*\S{0,40}\s*$")
_CUE_HEAD, _CUE_TAIL = 1200, 300


@dataclass(frozen=True, slots=True)
class Structure:
    """What a text is made of, measured without regard to its language."""

    tokens: int
    prose_tokens: int
    prose: str  # lines that are neither code nor data: the instruction and any document
    instruction: str  # the prose plus stray code-like lines (a one-line command, say)
    code_share: float
    fenced_code: bool
    code_lines: int
    code_density: float
    stack_trace: bool
    inline_code: int
    table_rows: int
    table_kind: str
    table_share: float
    series: int
    numbers: int
    latex: bool
    equations: int
    quantity_question: bool
    question: bool
    question_at_end: bool


@dataclass(slots=True)
class _Lines:
    text: list[str]
    code: list[bool]
    excluded: list[bool]  # table rows, JSON records and fence markers: neither code nor prose
    fenced_code_blocks: int = 0


def analyse(text: str) -> Structure:
    """Measure the structure of one message's text."""
    lines = _scan_lines(_capped_lines(text))
    table_rows, table_kind, table_lines = find_tables(lines.text)
    json_rows, json_lines = find_json_records(window(text, 20000, 5000), lines.text)
    if json_rows > table_rows:
        table_rows, table_kind = json_rows, "JSON records"
    html_rows, html_lines = find_html_table(window(text, 20000, 5000), lines.text)
    if html_rows > table_rows:
        table_rows, table_kind = html_rows, "HTML table"
    table_lines |= json_lines | html_lines
    for index in table_lines:
        lines.excluded[index] = True
    prose, instruction, code_chars = _split(lines)
    code_lines = sum(1 for c, x in zip(lines.code, lines.excluded, strict=True) if c and not x)
    nonempty = sum(1 for line in lines.text if line.strip())
    tokens = estimate_tokens(text)
    scanned = max(1, sum(len(line) for line in lines.text))
    table_chars = sum(len(lines.text[i]) for i in table_lines)
    head = window(prose, _CUE_HEAD, _CUE_TAIL)
    view = words_view(head)
    return Structure(
        tokens=tokens,
        prose_tokens=int(tokens * min(1.0, len(prose) / scanned)),
        prose=prose,
        instruction=instruction,
        code_share=code_chars / max(1, code_chars + len(prose)),
        fenced_code=lines.fenced_code_blocks > 0 and code_lines >= 2,
        code_lines=code_lines,
        code_density=code_lines / max(1, nonempty),
        stack_trace=has_stack_trace(window(text, 6000, 3000)),
        inline_code=count_inline_code(head),
        table_rows=table_rows,
        table_kind=table_kind,
        table_share=table_chars / scanned,
        series=longest_series(window(text, 3000, 1000)),
        numbers=count_numbers(head, view),
        latex=has_latex(head),
        equations=count_equations(head),
        quantity_question=quantity_question(view),
        question="?" in head or "？" in head,
        question_at_end=_QUESTION_END.search(text[-300:]) is not None,
    )


def _split(lines: _Lines) -> tuple[str, str, int]:
    """Prose lines, instruction lines (prose plus stray code lines), and code characters."""
    prose: list[str] = []
    instruction: list[str] = []
    code_chars = 0
    stray = sum(1 for c, x in zip(lines.code, lines.excluded, strict=True) if c and not x) < 3
    for line, is_code, is_excluded in zip(lines.text, lines.code, lines.excluded, strict=True):
        if is_excluded or not line.strip():
            continue
        if is_code:
            code_chars += len(line)
            if stray:
                instruction.append(line)
        else:
            prose.append(line)
            instruction.append(line)
    return "\n".join(prose), "\n".join(instruction), code_chars


def _capped_lines(text: str) -> list[str]:
    lines = text.splitlines()
    if len(lines) > _HEAD_LINES + _TAIL_LINES:
        lines = lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]
    return lines


def _scan_lines(lines: list[str]) -> _Lines:
    """Classify each line: fence marker, code-like or not.

    Lines inside a fence count as code when the fenced block looks like code (a quarter of
    its lines code-like); a document or a log pasted inside a fence stays prose.
    """
    scanned = _Lines(lines, [], [])
    block: list[int] = []
    in_fence = previous_code = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            if in_fence:
                _close_block(scanned, block)
            in_fence, previous_code, block = not in_fence, False, []
            scanned.code.append(False)
            scanned.excluded.append(True)
            continue
        is_code = _is_code_line(line, previous_code)
        scanned.code.append(is_code)
        scanned.excluded.append(False)
        if in_fence and line.strip():
            block.append(index)
        previous_code = is_code or (previous_code and not line.strip())
    if in_fence:
        _close_block(scanned, block)
    return scanned


def _close_block(scanned: _Lines, block: list[int]) -> None:
    if not block or sum(scanned.code[i] for i in block) / len(block) < 0.25:
        return
    scanned.fenced_code_blocks += 1
    for index in block:
        scanned.code[index] = True


def _is_code_line(line: str, previous_code: bool) -> bool:
    if not line.strip() or _LOG_LINE.match(line):
        return False
    if previous_code and _CONTINUATION.match(line):
        return True
    return _CODE_LINE.search(line) is not None and not (
        ";" not in line and _LATEX_LINE.search(line) is not None
    )
