"""Text as people meant it: zero-width, bidi and control characters removed.

Pasted names and numbers often carry invisible characters (a zero-width space from a chat app,
a right-to-left override, a stray control code) that make `张三` and `张\u200b三` different names,
break searches and duplicate checks, and can disguise a link. Forms (the admin's, through
`accounts.admin_site`), the 12345 import and the services clean what they store with these.
"""

import re
import unicodedata

# format (Cf) characters: soft hyphen, zero-width space/joiners, bidi marks and overrides, BOM, tags …
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_FORMAT}]")
_INVISIBLE_IN_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_FORMAT}]")
_LINE_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def clean_text(value: str | None) -> str:
    """Free text (content, notes, results): line breaks and tabs kept, invisible characters removed."""
    if not value:
        return ""
    text = (
        str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    )
    return _INVISIBLE_IN_TEXT.sub("", text).strip()


def clean_line(value: str | None) -> str:
    """A name or a title: one line, invisible characters removed, runs of spaces made one."""
    if not value:
        return ""
    text = _LINE_BREAKS.sub(" ", str(value))
    return _SPACES.sub(" ", _INVISIBLE_IN_LINE.sub("", text)).strip()


def clean_number(value: str | None) -> str:
    """A phone or an order number: full-width digits made ASCII, no spaces, nothing invisible."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", _INVISIBLE_IN_LINE.sub("", str(value)))
    return "".join(text.split())
