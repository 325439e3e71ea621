"""Data in a prompt: delimited rows (CSV, TSV, markdown, aligned), JSON records, number lists.

Works line by line on lines the caller has already split (and capped); never guesses
what the data is about, only that it is shaped like data. Lines that cannot be rows (no
delimiter and no digit, a comma-separated field longer than 40 characters, too few tokens
that could be numbers) are rejected by C-level string and regex calls before any field is
split or parsed.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import compress, count, repeat
from operator import and_, ge, itemgetter, not_

_KINDS = {"|": "markdown table", ",": "CSV", ";": "CSV", "\t": "TSV", " ": "aligned table"}
_SEPARATOR = re.compile(r"-{3,}|:?-+:?|\d{4}-\d\d(?:-\d\d)?")
_JSON_FIRST_KEY = re.compile(r"\{\s*\"([^\"\n]{1,40})\"\s*:")
# A JSON line: a bracket, a "key": value pair (after an optional "{"), or "}," + "{". Each
# optional white-space run sits behind a literal, so no two runs can take the same spaces.
_JSON_LINE = re.compile(r"\s*(?:[\[\]{}],?|(?:\{\s*)?\"[^\"]*\"\s*:.*|\},?(?:\s*\{)?)\s*$")
_HTML_TABLE_LINE = re.compile(r"</?(?:table|tr|td|th|thead|tbody)\b")
_SERIES_SEPARATOR = re.compile(r"[,，、;；\n]")
_SERIES_ITEM_CHARS = 24
_MIN_ROW, _MAX_ROW = 3, 400

_ROW_CHAR = re.compile(r"[\t|,;0-9]")  # a row has a delimiter or, if aligned, an ASCII digit
_DIGIT = re.compile(r"[0-9]")
_FOUR_DIGITS = re.compile(r"[0-9][^0-9]*[0-9][^0-9]*[0-9][^0-9]*[0-9]")
# A comma- or semicolon-separated field longer than 40 characters once stripped.
_LONG_FIELD = {
    ",": re.compile(r"[^,\s][^,]{39,}[^,\s]"),
    ";": re.compile(r"[^;\s][^;]{39,}[^;\s]"),
}
# The first character of a whitespace-separated token that could be a number: one that
# starts a number, or currency, percent, comma or underscore (``_is_number`` drops those).
_NUMERIC_FIRST = frozenset("0123456789-+.:$€¥£%,_").__contains__
_FIRST = itemgetter(0)

_NUMBER_START = frozenset("0123456789-+.:")
# Fields ``_is_number`` accepts for sure: float() parses the first two, the separator
# pattern takes the third.
_PLAIN_NUMBER = re.compile(r"[0-9]+|[0-9]+\.[0-9]+|[0-9]{4}-[0-9][0-9](?:-[0-9][0-9])?")
Shape = tuple[str, int, int]


def row_shape(line: str) -> Shape | None:
    """(delimiter, fields, numeric fields) when a line looks like a table row."""
    return _shape(line.strip())


def _shape(stripped: str) -> Shape | None:
    if len(stripped) < _MIN_ROW or len(stripped) > _MAX_ROW:
        return None
    for delim in ("\t", "|", ",", ";"):
        if delim not in stripped:
            continue
        body = stripped.strip("|")
        if delim in _LONG_FIELD and _LONG_FIELD[delim].search(body):
            return None
        fields = body.split(delim)
        if len(fields) < 2:
            continue
        return delim, len(fields), _count_numbers(list(map(str.strip, fields)))
    tokens = stripped.split()
    possible = sum(map(_NUMERIC_FIRST, map(_FIRST, tokens)))
    if possible < 2 or 2 * possible < len(tokens) or not _DIGIT.search(stripped):
        return None
    numeric = _count_numbers(tokens)
    if numeric >= 2 and 2 * numeric >= len(tokens):
        return " ", numeric, numeric
    return None


def _count_numbers(fields: list[str]) -> int:
    """How many fields are numbers; plain integers, decimals and dates are matched in C."""
    plain = list(map(_PLAIN_NUMBER.fullmatch, fields))
    return (
        len(fields) - plain.count(None) + sum(map(_is_number, compress(fields, map(not_, plain))))
    )


def _is_number(field: str) -> bool:
    if field[:1].isalpha():  # stays first after cleaning, or everything is stripped
        return False
    cleaned = field.strip().strip("$€¥£%").replace(",", "").replace("_", "")
    cleaned = cleaned.rstrip("kKmMbB万亿元")
    if cleaned[:1] not in _NUMBER_START:
        return False
    try:
        float(cleaned)
    except ValueError:
        return _SEPARATOR.fullmatch(cleaned) is not None
    return True


def _is_table(shapes: list[Shape]) -> bool:
    if shapes[0][0] in ("\t", "|", " "):
        return True
    fields = sum(shape[1] for shape in shapes[1:])
    numeric = sum(shape[2] for shape in shapes[1:])
    return numeric >= 0.25 * fields


def find_tables(lines: list[str], stripped: list[str] | None = None) -> tuple[int, str, set[int]]:
    """Rows in the largest table, its kind, and the indexes of every table line.

    A table is a run of at least three consecutive lines of the same shape (delimiter and
    field count); only lines that have a shape are visited.
    """
    if stripped is None:
        stripped = list(map(str.strip, lines))
    shaped: list[tuple[int, Shape]] = []
    for index in compress(count(), map(_ROW_CHAR.search, stripped)):
        shape = _shape(stripped[index])
        if shape is not None:
            shaped.append((index, shape))
    best, kind = 0, ""
    rows: set[int] = set()
    start = 0
    for end in range(1, len(shaped) + 1):
        if end < len(shaped) and _continues(shaped[end - 1], shaped[end]):
            continue
        if end - start >= 3 and _is_table([shape for _, shape in shaped[start:end]]):
            first_line, first = shaped[start]
            rows.update(range(first_line, first_line + end - start))
            if end - start > best:
                best, kind = end - start, _KINDS[first[0]]
        start = end
    return best, kind, rows


def _continues(previous: tuple[int, Shape], current: tuple[int, Shape]) -> bool:
    """Whether ``current`` is the next line and has the same delimiter and field count."""
    return current[0] == previous[0] + 1 and current[1][:2] == previous[1][:2]


def find_json_records(text: str, lines: list[str]) -> tuple[int, set[int]]:
    """How many JSON objects share their first key (0 under 3), and the JSON lines."""
    if '"' not in text or "{" not in text:
        return 0, set()
    keys = Counter(_JSON_FIRST_KEY.findall(text))
    count_ = keys.most_common(1)[0][1] if keys else 0
    if count_ < 3:
        return 0, set()
    return count_, {i for i, line in enumerate(lines) if _JSON_LINE.match(line)}


def find_html_table(text: str, lines: list[str]) -> tuple[int, set[int]]:
    """Rows of an HTML table (0 under 3) and the lines that hold its markup."""
    if "<" not in text:
        return 0, set()
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
    if _FOUR_DIGITS.search(text) is None:
        return 0
    items = list(filter(None, map(str.strip, _SERIES_SEPARATOR.split(text))))
    short = map(ge, repeat(_SERIES_ITEM_CHARS), map(len, items))
    # One byte per non-empty item, 1 for a short one with a digit; the longest run of 1s.
    marks = bytes(map(and_, short, map(bool, map(_DIGIT.search, items))))
    return max(map(len, marks.split(b"\x00")))
