"""Data in a prompt: delimited rows (CSV, TSV, markdown, aligned), JSON records, number lists.

Works line by line on lines the caller has already split (and capped); never guesses
what the data is about, only that it is shaped like data.
"""

from __future__ import annotations

import re
from collections import Counter

_KINDS = {"|": "markdown table", ",": "CSV", ";": "CSV", "\t": "TSV", " ": "aligned table"}
_SEPARATOR = re.compile(r"-{3,}|:?-+:?|\d{4}-\d\d(?:-\d\d)?")
_JSON_FIRST_KEY = re.compile(r"\{\s*\"([^\"\n]{1,40})\"\s*:")
_JSON_LINE = re.compile(r"\s*(?:[\[\]{}],?|\{?\s*\"[^\"]*\"\s*:.*|\},?\s*\{?)\s*$")
_HTML_TABLE_LINE = re.compile(r"</?(?:table|tr|td|th|thead|tbody)\b")
_SERIES_SEPARATOR = re.compile(r"[,，、;；\n]")
_SERIES_ITEM_CHARS = 24

_DIGITS = "0123456789"
_NUMBER_START = frozenset("0123456789-+.:")
Shape = tuple[str, int, int]


def row_shape(line: str) -> Shape | None:
    """(delimiter, fields, numeric fields) when a line looks like a table row."""
    stripped = line.strip()
    if len(stripped) < 3 or len(stripped) > 400:
        return None
    for delim in ("\t", "|", ",", ";"):
        if delim not in stripped:
            continue
        fields = [f.strip() for f in stripped.strip("|").split(delim)]
        if len(fields) < 2:
            continue
        if delim in (",", ";") and max(len(f) for f in fields) > 40:
            return None
        return delim, len(fields), sum(1 for f in fields if _is_number(f))
    if not any(digit in stripped for digit in _DIGITS):
        return None
    tokens = stripped.split()
    numeric = sum(1 for token in tokens if _is_number(token))
    if numeric >= 2 and 2 * numeric >= len(tokens):
        return " ", numeric, numeric
    return None


def _is_number(field: str) -> bool:
    cleaned = field.strip().strip("$€¥£%").replace(",", "").replace("_", "")
    cleaned = cleaned.rstrip("kKmMbB万亿元")
    if cleaned[:1] not in _NUMBER_START:
        return False
    try:
        float(cleaned)
    except ValueError:
        return _SEPARATOR.fullmatch(cleaned) is not None
    return True


def _is_table(run: list[Shape | None]) -> bool:
    shapes = [shape for shape in run if shape is not None]
    if len(shapes) != len(run):
        return False
    if shapes[0][0] in ("\t", "|", " "):
        return True
    fields = sum(shape[1] for shape in shapes[1:])
    numeric = sum(shape[2] for shape in shapes[1:])
    return numeric >= 0.25 * fields


def find_tables(lines: list[str]) -> tuple[int, str, set[int]]:
    """Rows in the largest table, its kind, and the indexes of every table line."""
    best, kind = 0, ""
    rows: set[int] = set()
    shapes = [row_shape(line) for line in lines]
    shapes.append(None)
    start = 0
    for i in range(1, len(shapes)):
        previous, current = shapes[i - 1], shapes[i]
        if current is not None and previous is not None and current[:2] == previous[:2]:
            continue
        run = shapes[start:i]
        if len(run) >= 3 and _is_table(run):
            rows.update(range(start, i))
            first = run[0]
            if len(run) > best and first is not None:
                best, kind = len(run), _KINDS[first[0]]
        start = i
    return best, kind, rows


def find_json_records(text: str, lines: list[str]) -> tuple[int, set[int]]:
    """How many JSON objects share their first key (0 under 3), and the JSON lines."""
    if '"' not in text or "{" not in text:
        return 0, set()
    keys = Counter(_JSON_FIRST_KEY.findall(text))
    count = keys.most_common(1)[0][1] if keys else 0
    if count < 3:
        return 0, set()
    return count, {i for i, line in enumerate(lines) if _JSON_LINE.match(line)}


def find_html_table(text: str, lines: list[str]) -> tuple[int, set[int]]:
    """Rows of an HTML table (0 under 3) and the lines that hold its markup."""
    lowered = text.lower()
    rows = lowered.count("<tr")
    if rows < 3 or lowered.count("<td") < 4:
        return 0, set()
    marked = {i for i, line in enumerate(lines) if _HTML_TABLE_LINE.search(line.lower())}
    return rows, marked


def longest_series(text: str) -> int:
    """The longest run of short separated items that each hold a number.

    "3, 7, 8, 12", "Jan 8.2k, Feb 8.0k, Mar 8.9k" and one figure per line all count; the
    clauses of a word problem are usually too long to.
    """
    if sum(text.count(d) for d in "0123456789") < 4:
        return 0
    longest = run = 0
    for raw in _SERIES_SEPARATOR.split(text):
        item = raw.strip()
        if item and len(item) <= _SERIES_ITEM_CHARS and any(d in item for d in _DIGITS):
            run += 1
            longest = max(longest, run)
        elif item:
            run = 0
    return longest
