"""Stable identifiers.

Organisation and programme IDs are slugs of the canonical name. Text-derived
records hash the document, the record kind, the quote and the occurrence
number of that quote in the document (so a figure quoted twice gets two IDs),
never offsets: editing one document changes no ID in another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from operator import itemgetter

_NON_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_LEADING_THE_RE = re.compile(r"^the-")
_READING_ORDER = itemgetter("document_id", "start", "end")


@lru_cache(maxsize=1 << 16)
def slugify(name: str) -> str:
    """`The Salvation Army` -> `salvation-army`; accents folded, `&` read as `and`."""
    s = name
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("&", " and ").replace("\u2019", "").replace("'", "")
    s = _NON_ALNUM_RE.sub("-", s).strip("-")
    s = _LEADING_THE_RE.sub("", s)
    return s or "unnamed"


def text_id(prefix: str, document_id: str, quote: str, occurrence: int = 0) -> str:
    """`st-<16 hex>` from document, quote and its occurrence number in the document."""
    h = hashlib.sha256(f"{document_id}\x1f{quote}\x1f{occurrence}".encode()).hexdigest()[:16]
    return f"{prefix}-{h}"


def assign_text_ids(records: list[dict], prefix: str, id_column: str, quote_column: str = "text") -> None:
    """Give each record of one document a stable ID, in place (records sorted by start)."""
    seen: dict[tuple[str, str], int] = {}
    sha256 = hashlib.sha256
    for rec in sorted(records, key=_READING_ORDER):
        document_id, quote = key = rec["document_id"], rec[quote_column]
        n = seen[key] = seen.get(key, -1) + 1
        digest = sha256(f"{document_id}\x1f{quote}\x1f{n}".encode()).hexdigest()  # text_id, inlined
        rec[id_column] = f"{prefix}-{digest[:16]}"
