"""Words compared as a reader means them, not as they were typed.

Names (``names``) and code-list spellings (``explain``: "Türkiye", "u.a.e.") are both looked
up from what a contributor or a report wrote; folding them one way in one place keeps a
spelling that finds a person from failing to find a country.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BETWEEN_WORDS = re.compile(r"[\W_]+")

_ARABIC_FORMS = str.maketrans({"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u0629": "\u0647",
                               "\u0640": None})
"""Letters that Arabic-script keyboards and writers put for one another: the Persian yeh and
kaf for the Arabic ones (a Persian keyboard types علییف for علييف), alef maksura for yeh and
heh for teh marbuta at a word's end (خليفه for خليفة), and the tatweel that only stretches a
word. Folded like case, so that a name typed either way finds the recorded spelling."""


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """``text`` as comparable words: case folded, accents dropped (Baïramov is Bairamov),
    Arabic-script letter forms folded (``_ARABIC_FORMS``), split at anything that is not a
    letter or digit (al-Zayani is al Zayani)."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().translate(_ARABIC_FORMS)
    return tuple(w for w in _BETWEEN_WORDS.split(bare) if w)
