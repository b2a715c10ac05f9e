"""Units: headings, lead-ins, list items and sentences, with exact offsets."""

from __future__ import annotations

import pytest

from policy_records.text import ASCII_STOPS, OTHER_STOPS, Unit, first_units, sentence_offsets, split_units


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A heading\n\nFirst sentence here. Second one.",
         [("heading", "A heading"), ("sentence", "First sentence here."), ("sentence", "Second one.")]),
        ("We would:\n- ensure support;\n- fund shelters.", [("lead_in", "We would:"), ("item", "ensure support;"),
                                                            ("item", "fund shelters.")]),
        ("  1. Hope for Justice\n  2. Unseen", [("item", "Hope for Justice"), ("item", "Unseen")]),
        ("### PEOPLE TRAFFICKING", [("heading", "PEOPLE TRAFFICKING")]),
        ("The report was written\nby researchers in 2012.",
         [("sentence", "The report was written\nby researchers in 2012.")]),
        ("Prevent Modern Slavery\u00a0\n\nAction is needed.", [("heading", "Prevent Modern Slavery"),
                                                              ("sentence", "Action is needed.")]),
        ("Line one ends here.\nLine two starts here.", [("sentence", "Line one ends here."),
                                                       ("sentence", "Line two starts here.")]),
        ("It shames us all.The Party believes it. Then more.",
         [("sentence", "It shames us all."), ("sentence", "The Party believes it."), ("sentence", "Then more.")]),
        ("We act now!Victims wait.", [("sentence", "We act now!"), ("sentence", "Victims wait.")]),
        ("Ask St.Mungo and Mrs.Smith at www.gov.uk.Today.",
         [("sentence", "Ask St.Mungo and Mrs.Smith at www.gov.uk.Today.")]),
    ],
)
def test_units(text, expected):
    units = split_units(text)
    assert [(u.kind, text[u.start:u.end]) for u in units] == expected


def test_offsets_are_into_the_whole_text():
    text = "ignored prefix. Heading\n\nA sentence. Another."
    units = split_units(text, 16)
    assert [text[u.start:u.end] for u in units] == ["Heading", "A sentence.", "Another."]


@pytest.mark.parametrize(
    "chunk",
    ["Hello there. This is \u201cit.\u201d \u00dcber.", "One sentence without a stop", "Ends with a question?",
     "Caf\u00e9 au lait \u2014 \u201cquoted\u201d (and bracketed); then: more", "Line one\nline two, wrapped",
     "A. B", "!", "\u00bfQu\u00e9 pasa? Nada.", "\u4f60\u597d\u3002\u518d\u89c1\u3002", "x" * 5000 + " y",
     "Price \u00a3300 \u2013 about 40% of 'the' total", "Dr Smith said so.\u201d Then she left!"],
)
def test_sentence_offsets_agree_with_blingfire(chunk):
    import blingfire

    assert sentence_offsets(chunk) == blingfire.text_to_sentences_and_offsets(chunk)[1]


SPLIT_TEXT = (
    "Title line\n\nA first paragraph. It has two sentences.\n\nWe would:\n- act now;\n- act again.\n\n"
    "A hard-wrapped sentence that goes\non and on. Then another one here.\n\nLast words."
)


@pytest.mark.parametrize("end", range(0, len(SPLIT_TEXT) + 1, 3))
def test_a_range_is_split_on_its_own_only_when_it_cuts_a_unit(end):
    whole = split_units(SPLIT_TEXT)
    cut = any(u.start < end < u.end for u in whole)
    expected = split_units(SPLIT_TEXT[:end]) if cut else [u for u in whole if u.end <= end]
    assert split_units(SPLIT_TEXT, 0, end) == expected
    assert first_units(SPLIT_TEXT, end, 3) == expected[:3]
    start = max(0, end - 30)
    cut = any(u.start < start < u.end or u.start < end < u.end for u in whole)
    expected = ([Unit(u.start + start, u.end + start, u.kind) for u in split_units(SPLIT_TEXT[start:end])] if cut
                else [u for u in whole if start <= u.start and u.end <= end])
    assert split_units(SPLIT_TEXT, start, end) == expected


STOPS = ASCII_STOPS + OTHER_STOPS


@pytest.mark.parametrize("stop", STOPS)
@pytest.mark.parametrize("where", ["inside", "last"])
def test_a_line_without_a_stop_inside_is_one_sentence_as_blingfire_says(stop, where):
    """The shortcut that skips blingfire (`_one_sentence`) must agree with it, on both of its paths."""
    from policy_records.text import _one_sentence

    for first in ("Victims", "\u201cVictims", "(12", "\u00a3300", "\u00e9t\u00e9"):
        chunk = f"{first} wait{stop} for help" if where == "inside" else f"{first} wait for help{stop}"
        whole = sentence_offsets(chunk) == [(0, len(chunk))]
        for ascii_stops in (False, stop in ASCII_STOPS):
            if _one_sentence(chunk, 0, len(chunk), ascii_stops):
                assert whole, (chunk, ascii_stops)
        assert _one_sentence(chunk, 0, len(chunk), False) is (where == "last")


def test_line_edges_are_where_the_text_of_each_line_starts_and_ends():
    from policy_records.text import line_edges

    text = "  Title \n\n\u00a0First line.\t\nsecond\r\n"
    starts, ends = line_edges(text)
    assert sorted(starts) == [2, 11, 24] and sorted(ends) == [7, 22, 30]
    assert [text[s:e] for s, e in zip(sorted(starts), sorted(ends), strict=True)] == ["Title", "First line.", "second"]


def test_line_spans_are_the_lines_in_order_and_agree_with_line_edges():
    from policy_records.text import line_edges, line_spans

    text = "  Title \n\n\u00a0First line.\t\nsecond\r\n"
    assert line_spans(text) == [(2, 7), (11, 22), (24, 30)]
    starts, ends = line_edges(text)
    assert (starts, ends) == ({s for s, _ in line_spans(text)}, {e for _, e in line_spans(text)})
