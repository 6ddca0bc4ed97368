"""Secret codes handed to the public (tracking codes, benefit cards): made, shown, normalised, hashed.

A code is 12 characters from a 32-letter alphabet without look-alikes (no 0/O, 1/I), drawn with
`secrets`: 60 bits, far beyond guessing through rate-limited lookups. Only its SHA-256 is stored;
people see it grouped in fours ("K7QM-3XHP-W9TB") and may type it with or without dashes, in any
case.
"""

import hashlib
import re
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 12
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def code_new() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalise(text: str) -> str:
    """What a person typed, as the code it means ("" when it cannot be one)."""
    code = _NOT_CODE.sub("", (text or "").upper())
    return code if len(code) == LENGTH and all(char in ALPHABET for char in code) else ""


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
