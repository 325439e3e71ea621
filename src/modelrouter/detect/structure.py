"""Language-independent structure of a prompt: code, tables, numbers, math, length.

``analyse(text)`` measures; it does not decide. The measurements are turned into task
scores in ``detect.signals``. Work is bounded whatever the size of the text: only a head
and a tail of it are read (``_READ_HEAD`` + ``_READ_TAIL`` characters), of those a head
and a tail of lines, and of each line a head and a tail; the token count is estimated from
samples. So a 10 MB paste costs what a 64 KB one does.
This module must never hold task names or topic lexicons; cue words that describe shape
(quantity questions) live in ``detect.cues``.
"""

from __future__ import annotations

from itertools import compress
from typing import NamedTuple

from modelrouter.detect.cues import has_stack_trace, measure
from modelrouter.detect.scan import Lines, scan
from modelrouter.detect.tables import (
    find_html_table,
    find_json_records,
    find_tables,
    longest_series,
)
from modelrouter.detect.text import estimate_tokens, window

_READ_HEAD, _READ_TAIL = 48_000, 16_000
_HEAD_LINES = 120
_TAIL_LINES = 40
_LINE_HEAD, _LINE_TAIL = 1_500, 500  # a longer line is read at its start and its end
_END_WORD = 40  # a question ends the text when at most one word this long follows
_CUE_HEAD, _CUE_TAIL = 1200, 300
_DATA_HEAD, _DATA_TAIL = 8000, 2000
_TRACE_HEAD, _TRACE_TAIL = 6000, 3000
_SERIES_HEAD, _SERIES_TAIL = 3000, 1000
_END_CHARS = 300
_STRAY_CODE_LINES = 3  # fewer code-like lines than this stay part of the instruction


class Structure(NamedTuple):
    """What a text is made of, measured without regard to its language.

    A named tuple rather than a frozen dataclass: it is built for every message on the
    hot path, and a tuple is built several times faster.
    """

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


def analyse(text: str) -> Structure:
    """Measure the structure of one message's text."""
    view = window(text, _READ_HEAD, _READ_TAIL)
    lines = scan(view, _capped_lines(view))
    table_rows, table_kind, table_lines = find_tables(lines.text, lines.stripped)
    data = window(text, _DATA_HEAD, _DATA_TAIL)
    json_rows, json_lines = find_json_records(data, lines.text)
    if json_rows > table_rows:
        table_rows, table_kind = json_rows, "JSON records"
    html_rows, html_lines = find_html_table(data, lines.text)
    if html_rows > table_rows:
        table_rows, table_kind = html_rows, "HTML table"
    table_lines |= json_lines | html_lines
    prose, instruction, code_chars, code_lines = _split(lines, table_lines)
    tokens = estimate_tokens(text)
    scanned = max(1, sum(map(len, lines.text)))
    table_chars = sum(len(lines.text[i]) for i in table_lines)
    head = window(prose, _CUE_HEAD, _CUE_TAIL)
    cues = measure(head)
    return Structure(
        tokens=tokens,
        prose_tokens=int(tokens * min(1.0, len(prose) / scanned)),
        prose=prose,
        instruction=instruction,
        code_share=code_chars / max(1, code_chars + len(prose)),
        fenced_code=lines.fenced_code_blocks > 0 and code_lines >= 2,
        code_lines=code_lines,
        code_density=code_lines / max(1, sum(map(bool, lines.stripped))),
        stack_trace=has_stack_trace(window(text, _TRACE_HEAD, _TRACE_TAIL)),
        inline_code=cues.inline_code,
        table_rows=table_rows,
        table_kind=table_kind,
        table_share=table_chars / scanned,
        series=longest_series(window(text, _SERIES_HEAD, _SERIES_TAIL)),
        numbers=cues.numbers,
        latex=cues.latex,
        equations=cues.equations,
        quantity_question=cues.quantity_question,
        question="?" in head or "？" in head,
        question_at_end=_question_at_end(text[-_END_CHARS:]),
    )


def _question_at_end(tail: str) -> bool:
    """A question mark followed by at most one word of up to 40 characters.

    When any question mark is followed by that, the last one is too, so only it is tested.
    """
    mark = max(tail.rfind("?"), tail.rfind("？"))
    if mark < 0:
        return False
    rest = tail[mark + 1 :].split()
    return not rest or (len(rest) == 1 and len(rest[0]) <= _END_WORD)


def _split(lines: Lines, table_lines: set[int]) -> tuple[str, str, int, int]:
    """Prose lines, instruction lines (prose plus stray code lines), code characters, and
    code lines.

    Blank lines, fence markers and table lines are neither; with fewer than three code
    lines, those are kept in the instruction (a one-line command, say).
    """
    excluded = lines.fences | table_lines
    code = sorted(lines.code - excluded)
    keep = list(map(bool, lines.stripped))
    for index in excluded | lines.code:
        keep[index] = False
    prose = "\n".join(compress(lines.text, keep))
    instruction = prose
    if 0 < len(code) < _STRAY_CODE_LINES:
        for index in code:
            keep[index] = True
        instruction = "\n".join(compress(lines.text, keep))
    return prose, instruction, sum(len(lines.text[i]) for i in code), len(code)


def _capped_lines(text: str) -> list[str]:
    lines = text.splitlines()
    if len(lines) > _HEAD_LINES + _TAIL_LINES:
        lines = lines[:_HEAD_LINES] + lines[-_TAIL_LINES:]
    if len(text) > _LINE_HEAD + _LINE_TAIL:
        long_line = _LINE_HEAD + _LINE_TAIL
        lines = [x if len(x) <= long_line else x[:_LINE_HEAD] + x[-_LINE_TAIL:] for x in lines]
    return lines
