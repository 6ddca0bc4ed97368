"""Masking of citizens' personal data for display.

- `mask_name`  — the first character and up to three stars: 张三丰 → 张**, 李 → *.
- `mask_phone` — the middle of any number is hidden, whatever its length: 13812345678 →
  138****5678, 1234567 → 1****67; four digits or fewer are hidden whole.
- `mask_free_text` — phone and ID numbers typed into free text (content, notes, results) are
  masked where they stand; everything else is left as written.
"""

import re

from jiesu.core.normalise import clean_line


def mask_name(name: str) -> str:
    name = clean_line(name)
    if not name:
        return ""
    if len(name) == 1:
        return "*"
    return name[0] + "*" * min(len(name) - 1, 3)


def _keep(n: int) -> tuple[int, int]:
    """(head, tail) digits left visible of an n-digit number; at least half is always hidden."""
    if n >= 11:
        return 3, 4
    if n <= 4:
        return 0, 0
    hidden = max(4, (n + 1) // 2) if n >= 7 else n - 2
    shown = n - hidden
    return shown // 2, shown - shown // 2


def mask_digits(digits: str) -> str:
    head, tail = _keep(len(digits))
    return digits[:head] + "*" * (len(digits) - head - tail) + (digits[len(digits) - tail :] if tail else "")


def mask_phone(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    return mask_digits(digits) if digits else ""


def mask_id_number(number: str) -> str:
    """A resident ID (18 or 15 characters): the first three and the last four stay."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# -- free text ----------------------------------------------------------------------------------
_SEP = r"[\s\-－—]?"
_PATTERN = re.compile(
    r"(?P<id>(?<![0-9A-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z]))"
    r"|(?P<id15>(?<![0-9A-Za-z])\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z]))"
    rf"|(?P<mobile>(?<!\d)(?:(?:\+|00)?86{_SEP})?1[3-9]\d(?:{_SEP}\d){{8}}(?!\d))"
    rf"|(?P<landline>(?<!\d)0\d{{2,3}}{_SEP}[1-9]\d{{6,7}}(?!\d))"
    r"|(?P<keyword>(?:电话|手机|座机|联系方式|号码|tel|TEL|Tel)[:：\s是为]{0,3})(?P<local>\d[\d\- ]{5,12}\d)(?!\d)"
)
# a run of at least seven digits (single spaces or dashes between them): where a number may stand
_RUN = re.compile(r"\d(?:[\s\-－—]?\d){6,}[Xx]?")
_KEYWORD_ROOM = 8  # characters before a run searched for 电话、手机 …


def _mask_match(match: re.Match) -> str:
    kind = match.lastgroup
    if kind in ("id", "id15"):
        return mask_id_number(match.group(0))
    if kind == "local":
        return match.group("keyword") + mask_phone(match.group("local"))
    return mask_phone(match.group(0))


def mask_free_text(text: str) -> str:
    """`text` with every phone and ID number in it masked.

    The full pattern runs only on a small window around each run of seven or more digits, so
    ordinary text costs one quick scan (about 10 µs for 100 characters)."""
    if not text:
        return ""
    pieces, done = [], 0
    for run in _RUN.finditer(text):
        start, end = max(done, run.start() - _KEYWORD_ROOM), min(len(text), run.end() + 1)
        pieces += [text[done:start], _PATTERN.sub(_mask_match, text[start:end])]
        done = end
    return "".join(pieces) + text[done:] if pieces else text
