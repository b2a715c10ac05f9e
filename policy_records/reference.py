"""The curated reference entities and their matcher.

Rows come from `reference/organisations.csv` and `reference/programmes.csv`.

Every name, alias and acronym of a reference row is a key of a pyahocorasick
automaton. Acronyms and single-word names are matched case-sensitively
("Unseen", "FLEX", "Met"); multiword names case-insensitively ("the national
referral mechanism", "PRESS ASSOCIATION"), but an organisation only when
capitalised (see `_named`), and a programme written in lower case not after "a", "an",
"any" (`indefinite` in `reference/entity_name_words.csv`): "publish a trafficking and
exploitation strategy" describes one, it does not name it. A leading "The" is dropped from a
key, so "The Salvation Army" and "Salvation Army" are the same key. Matching
runs on a copy of the text normalised char-for-char (`normalise_text`), so
offsets into the copy are offsets into the original: curly apostrophes become
straight, non-breaking spaces and line breaks become spaces. A match must
stand on word boundaries.

`lookup(name)` finds a reference entity by any of its names with the scorer's
normalisation (case, accents, punctuation, a leading "the", "&" = "and").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import ahocorasick

from policy_records.ids import slugify
from policy_records.vocab import read_table

# char-for-char replacements: offsets in the normalised copy equal offsets in the original
CHAR_MAP = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00a0": " ",
        "\n": " ",
        "\r": " ",
        "\t": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2010": "-",
        "\u2011": "-",
    }
)
CHAR_PAIRS = tuple((chr(k), v) for k, v in CHAR_MAP.items())  # str.replace is faster than translate
LINE_PAIRS = tuple((old, new) for old, new in CHAR_PAIRS if old not in "\n\r")
LEADING_THE_RE = re.compile(r"^the\s+", re.IGNORECASE)
SPACES_RE = re.compile(r"\s+")
NON_ALNUM_RE = re.compile(r"[^a-z0-9 ]+")
MIN_LOWERCASE_WORDS = 3
CAPITAL_RE = re.compile(r"[A-Z]")  # a quick yes for `_named`
INDEFINITE_WINDOW = 10  # characters before a lower-case programme name searched for "a", "an", ...


@dataclass(frozen=True)
class Known:
    """One reference organisation or programme."""

    entity_type: str  # "organisation" or "programme"
    entity_id: str
    name: str
    acronym: str | None
    aliases: tuple[str, ...]
    type: str
    operator_id: str | None  # programmes: slug of the operating organisation


def normalise_text(text: str, keep_lines: bool = False) -> str:
    """Same length as `text`: curly quotes straight, odd spaces (and line breaks) plain spaces."""
    for old, new in LINE_PAIRS if keep_lines else CHAR_PAIRS:
        if old in text:
            text = text.replace(old, new)
    return text


def without_lines(lined: str) -> str:
    """`normalise_text(text)` from `normalise_text(text, keep_lines=True)`: only line breaks left to do."""
    for old, new in CHAR_PAIRS:
        if old in "\n\r" and old in lined:
            lined = lined.replace(old, new)
    return lined


def lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=1 << 16)
def norm_name(name: str) -> str:
    """The scorer's comparison form: `The Salvation Army` -> `salvation army`."""
    s = name or ""
    if not s.isascii():
        s = unicodedata.normalize("NFKD", s)
        s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.lower().replace("\u2019", "'").replace("&", " and ").replace("'", "")
    s = SPACES_RE.sub(" ", NON_ALNUM_RE.sub(" ", s)).strip()
    return LEADING_THE_RE.sub("", s)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


# (entity_type, reference file, type column) of each table of reference entities
REFERENCE_TABLES = (("organisation", "organisations.csv", "organisation_type"),
                    ("programme", "programmes.csv", "programme_type"))


@cache
def known_entities() -> tuple[Known, ...]:
    out: list[Known] = []
    for entity_type, table, type_column in REFERENCE_TABLES:
        for row in read_table(table):
            operator = slugify(row["operator"]) if row.get("operator") else None
            out.append(Known(entity_type, slugify(row["name"]), row["name"], row["acronym"] or None,
                             _split(row["aliases"]), row[type_column] or "other", operator))
    return tuple(out)


def surfaces(known: Known) -> tuple[str, ...]:
    forms = [known.name, *known.aliases]
    if known.acronym:
        forms.append(known.acronym)
    return tuple(forms)


@cache
def _index() -> dict[str, Known]:
    index: dict[str, Known] = {}
    for known in known_entities():
        for form in surfaces(known):
            index.setdefault(norm_name(form), known)
    return index


def lookup(name: str) -> Known | None:
    """The reference entity one of whose names equals `name` (normalised), else None."""
    return _index().get(norm_name(name)) if name else None


def known_by_id(entity_type: str, entity_id: str) -> Known | None:
    return _by_id().get((entity_type, entity_id))


@cache
def _by_id() -> dict[tuple[str, str], Known]:
    return {(k.entity_type, k.entity_id): k for k in known_entities()}


def _key(form: str) -> tuple[str, bool]:
    """(automaton key, case_sensitive) of a surface form."""
    key = SPACES_RE.sub(" ", normalise_text(form)).strip()
    key = LEADING_THE_RE.sub("", key) if " " in key else key
    return key, (" " not in key or key.isupper())


class Matcher:
    """One automaton over the lower-cased text holds every surface form lower-cased: a form matched
    case-insensitively keeps its row (`folded`), a case-sensitive one its exact spellings (`exact`),
    checked against the text itself. One scan instead of two, one per case. A case-sensitive form
    whose lower case may depend on its neighbours or change its length goes to `rest`, an automaton
    over the text itself."""

    def __init__(self, entities: tuple[Known, ...]) -> None:
        self.automaton = ahocorasick.Automaton()
        self.rest = ahocorasick.Automaton()
        exact: dict[str, dict[str, Known]] = {}  # lower-cased key -> exact key -> row
        folded: dict[str, Known] = {}
        for known in entities:
            for form in surfaces(known):
                key, sensitive = _key(form)
                if len(key) < 2:
                    continue
                if not sensitive:
                    folded.setdefault(lower_same_length(key), known)
                elif _lowers_alone(key):
                    exact.setdefault(lower_same_length(key), {}).setdefault(key, known)
                elif key not in self.rest:
                    self.rest.add_word(key, (len(key), known))
        for low in {**exact, **folded}:
            self.automaton.add_word(low, (len(low), tuple(exact.get(low, {}).items()), folded.get(low)))
        for automaton in (self.automaton, self.rest):
            if len(automaton):
                automaton.make_automaton()

    def find(self, norm_text: str, lower_text: str, start: int, end: int) -> list[tuple[int, int, Known]]:
        """Leftmost-longest matches on word boundaries inside [start, end) (`lower_text`:
        `lower_same_length(norm_text)`)."""
        hits: list[tuple[int, int, Known]] = []  # case-sensitive matches first: they win a tie
        folded_hits: list[tuple[int, int, Known]] = []
        size = len(norm_text)
        found = self.automaton.iter(lower_text, start, end) if len(self.automaton) else ()
        for last, (length, exact, known) in found:
            e = last + 1
            s = e - length
            if s > 0:
                c = norm_text[s - 1]
                if c.isalnum() or c == "-" or c == "&":
                    continue
            if e < size:
                c = norm_text[e]
                if c.isalnum() or c == "&":
                    continue
            for key, row in exact:
                if norm_text.startswith(key, s):
                    hits.append((s, e, row))
                    break
            if known and (CAPITAL_RE.search(norm_text, s + 1, e) or _named(norm_text, s, e, known)):
                folded_hits.append((s, e, known))
        if len(self.rest):
            hits.extend((last + 1 - n, last + 1, k) for last, (n, k) in self.rest.iter(norm_text, start, end)
                        if _on_boundaries(norm_text, last + 1 - n, last + 1))
        return longest_first(hits + folded_hits)


def _lowers_alone(key: str) -> bool:
    """Does every character of `key` lower-case to one character whatever its neighbours (not a
    capital sigma), so that the lower-cased text holds `key` lower-cased wherever the text holds it?"""
    return "\u03a3" not in key and all(len(c.lower()) == 1 for c in key)


def _on_boundaries(text: str, s: int, e: int) -> bool:
    """Does text[s:e] stand on word boundaries (`Matcher.find`)?"""
    if s > 0 and (text[s - 1].isalnum() or text[s - 1] in "-&"):
        return False
    return not (e < len(text) and (text[e].isalnum() or text[e] == "&"))


def _named(text: str, s: int, e: int, known: Known) -> bool:
    """A case-insensitive match text[s:e] counts when capitalised, or for a programme when at
    least MIN_LOWERCASE_WORDS long and not after an indefinite word: "the national referral
    mechanism" yes, "immigration rules" and "a national referral mechanism" no. An organisation
    written in lower case is a description, not its name: "every police force should have a
    dedicated modern slavery unit"."""
    quote = text[s:e]
    if any(c.isupper() for c in quote[1:]):
        return True
    if known.entity_type != "programme" or len(quote.split()) < MIN_LOWERCASE_WORDS:
        return False
    return indefinite_before_re().search(text, max(0, s - INDEFINITE_WINDOW), s) is None


@cache
def indefinite_before_re() -> re.Pattern[str]:
    """An indefinite word ("a", "an", "any", ...) right before a position."""
    words = "|".join(sorted(r["word"] for r in read_table("entity_name_words.csv") if r["role"] == "indefinite"))
    return re.compile(rf"(?<![\w'-])(?i:{words})\s+$")


def longest_first(hits: list) -> list:
    """Non-overlapping spans, preferring the longest, then the leftmost; returned in text order."""
    if len(hits) < 2:
        return list(hits)
    chosen: list = []
    taken = bytearray(max(h[1] for h in hits))
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        s, e = hit[0], hit[1]
        if taken.find(1, s, e) < 0:
            chosen.append(hit)
            taken[s:e] = b"\x01" * (e - s)
    chosen.sort(key=lambda h: h[0])
    return chosen


@cache
def matcher() -> Matcher:
    return Matcher(known_entities())
