"""Search keys: text folded the same way on every engine (lower case, accents off).

"Maíz" and "MAIZ" both become ``maiz``; "Ñame" becomes ``name``; letters without a
decomposition (ɨ, ʉ) stay as they are; apostrophes inside words (ai'ruushi, Ye'kwana)
are dropped so the word is one term.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_TERM_LENGTH", "TERM_UPPER_BOUND", "fold", "like_contains", "terms"]

MAX_TERM_LENGTH = 64
# Appended to a prefix, the largest code point bounds every string that starts with it (bytewise order).
TERM_UPPER_BOUND = "\U0010ffff"

_APOSTROPHES = re.compile(r"['’ʼ`´]")
_NON_WORD = re.compile(r"[^\w]+|_+")


def fold(text: str) -> str:
    """Lower case, accents removed, apostrophes dropped, whitespace collapsed."""
    if text.isascii():  # nothing to decompose (accession numbers, most codes): the same result, several times faster
        return " ".join(_APOSTROPHES.sub("", text).lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = _APOSTROPHES.sub("", stripped)
    return " ".join(unicodedata.normalize("NFC", stripped).casefold().split())


def terms(*texts: str | None) -> list[str]:
    """The distinct folded words of the given texts, in first-seen order."""
    seen: dict[str, None] = {}
    for text in texts:
        if not text:
            continue
        for word in _NON_WORD.split(fold(text)):
            if word:
                seen.setdefault(word[:MAX_TERM_LENGTH], None)
    return list(seen)


def like_contains(folded: str) -> str:
    r"""A LIKE pattern matching ``folded`` anywhere, with ``\`` as the escape character."""
    escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
