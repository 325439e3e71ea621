"""Code-like lines and fenced blocks of a prompt, found without a Python loop over every line.

A line is code-like when it starts like code (``def f(``, ``import x``, ``SELECT``, a tag,
a shell prompt...), is an assignment whose right side calls or indexes something, or ends
like code (``;``, ``{``, ``}``, ``=>``, ``):``), unless it is blank, a log line or LaTeX;
an indented line right after code continues it. Inside a fence, all lines count as code
when a quarter of them are code-like; a document or a log pasted inside a fence stays prose.

Each test runs over all lines through ``map`` (C-level calls); Python only walks the few
"interesting" lines (code-like, indented, fence markers), in order, to follow fences and
continuations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress, count
from operator import methodcaller

_FENCE = re.compile(r"\s*(```|~~~)\s*([\w+#.-]*)")
# Starts of code lines (matched at the start of a line).
_CODE_START = re.compile(
    r"""\s*(?:
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
    )|[+-]\s{3,}\S|@@\s""",
    re.VERBOSE,
)
# Assignments whose right side looks like code (need an "=", so run only when there is one):
# a dotted, underscored or indexed target assigned anything, or any identifier assigned a
# call, an index, a literal or a string. Neighbouring quantifiers never accept the same
# character (the name's runs stop at "." "_" "[", a bracket's at "]"), so making them
# possessive changes nothing but the time a failing line takes; the search for the right
# side is one lazy scan. A line is read in linear time.
_ASSIGNMENT = re.compile(
    r"""\s*(?:
        [A-Za-z_][A-Za-z0-9]*+(?:[._]|\[[^\]\n]*+\])[\w.]*+(?:\[[^\]\n]*+\][\w.]*+)*+
        \s*+(?:[+\-*/%|&]?=|:=)\s*+\S
        |[A-Za-z_]\w*+\s*+(?:[+\-*/%|&]?=|:=)[^\n]*?(?:\w\(|[\[{"'])
    )""",
    re.VERBOSE,
)
# Ends of code lines, tested on the right-stripped line: ;  {  }  =>  and ")" + ":".
_ENDS_LIKE_CODE = methodcaller("endswith", (";", "{", "}", "=>"))
_ENDS_WITH_COLON = methodcaller("endswith", ":")
_LATEX_LINE = re.compile(r"\\[a-zA-Z]+\{|\$")
_CONTINUATION = re.compile(r"(?:\s{4,}|\t)\S")
# A log line starts with a timestamp; logs are documents to read unless a trace says otherwise.
_LOG_LINE = re.compile(r"\s*\[?(?:\d{4}-\d\d-\d\d[T ]|\d\d:\d\d:\d\d|[A-Z][a-z]{2} +\d+ \d\d:)")
_FENCED_CODE_SHARE = 0.25


@dataclass(slots=True)
class Lines:
    """The (capped) lines of a text and what the scan found in them."""

    text: list[str]
    stripped: list[str]
    code: set[int]  # code-like lines, and every line of a fenced block that looks like code
    fences: set[int]  # fence markers
    fenced_code_blocks: int = 0


def scan(text: str, lines: list[str]) -> Lines:
    """Classify the lines of ``text`` (already split and capped): code-like, fence marker."""
    stripped = list(map(str.strip, lines))
    fences: set[int] = set()
    if "```" in text or "~~~" in text:
        fences = set(compress(count(), map(_FENCE.match, lines)))
    direct = _code_like(text, lines)
    scanned = Lines(lines, stripped, set(), fences)
    if not direct and not fences:
        return scanned
    indented = set(compress(count(), map(_CONTINUATION.match, lines))) if direct else set()
    _walk(scanned, direct - fences, indented - fences - direct)
    return scanned


def _code_like(text: str, lines: list[str]) -> set[int]:
    """Lines that look like code on their own (not blank, not a log line, not LaTeX)."""
    found = set(compress(count(), map(_CODE_START.match, lines)))
    if "=" in text:
        found.update(compress(count(), map(_ASSIGNMENT.match, lines)))
    tails = list(map(str.rstrip, lines))
    found.update(compress(count(), map(_ENDS_LIKE_CODE, tails)))
    if ":" in text:
        colons = compress(count(), map(_ENDS_WITH_COLON, tails))
        found.update(i for i in colons if tails[i][:-1].rstrip().endswith(")"))
    return {i for i in found if _confirmed(lines[i])}


def _confirmed(line: str) -> bool:
    if not line.strip() or _LOG_LINE.match(line):
        return False
    return ";" in line or _LATEX_LINE.search(line) is None


def _walk(scanned: Lines, direct: set[int], indented: set[int]) -> None:
    """Follow fences and continuations over the interesting lines, in order.

    A line between two interesting ones is neither code nor a fence; when it is not blank
    it ends a run of code (an indented line after it does not continue the code).
    """
    stripped, code = scanned.stripped, scanned.code
    nonblank = list(accumulate(map(bool, stripped), initial=0))  # nonblank lines before i
    previous = in_fence = False
    block_start = block_code = 0
    after = 0  # the line after the last interesting one
    for index in sorted(direct | indented | scanned.fences):
        if nonblank[index] > nonblank[after]:
            previous = False
        after = index + 1
        if index in scanned.fences:
            if in_fence:
                _close_block(scanned, nonblank, block_start, index, block_code)
            in_fence, previous = not in_fence, False
            block_start, block_code = index + 1, 0
            continue
        is_code = index in direct or (previous and not _LOG_LINE.match(scanned.text[index]))
        if is_code:
            code.add(index)
            block_code += in_fence
        previous = is_code or (previous and not stripped[index])
    if in_fence:
        _close_block(scanned, nonblank, block_start, len(stripped), block_code)


def _close_block(scanned: Lines, nonblank: list[int], start: int, end: int, code: int) -> None:
    """Mark a fenced block as code when a quarter of its non-blank lines are code-like."""
    lines = nonblank[end] - nonblank[start]
    if not lines or code / lines < _FENCED_CODE_SHARE:
        return
    scanned.fenced_code_blocks += 1
    stripped = scanned.stripped
    scanned.code.update(i for i in range(start, end) if stripped[i])
