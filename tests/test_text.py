"""Units: headings, lead-ins, list items and sentences, with exact offsets."""

from __future__ import annotations

import pytest

from policy_records.text import split_units


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
    ],
)
def test_units(text, expected):
    units = split_units(text)
    assert [(u.kind, text[u.start:u.end]) for u in units] == expected


def test_offsets_are_into_the_whole_text():
    text = "ignored prefix. Heading\n\nA sentence. Another."
    units = split_units(text, 16)
    assert [text[u.start:u.end] for u in units] == ["Heading", "A sentence.", "Another."]
