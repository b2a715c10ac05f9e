"""Segments: several posts on one page, an unrelated article appended, on-topic marking."""

from __future__ import annotations

import pytest

from policy_records.segment import is_on_topic, segment_document
from tests.conftest import CORPUS, make_document


def segments_of(name: str):
    text = (CORPUS / name).read_text(encoding="utf-8")
    return text, segment_document(make_document(text, name))


def test_blog_page_with_two_posts_is_two_segments():
    text, segs = segments_of("blog_page.txt")
    assert [(s.position, s.title, s.on_topic) for s in segs] == [
        (1, "Funding cut for trafficking shelter", True),
        (2, "Our new allotment scheme", False),
    ]
    assert text[segs[1].start:segs[1].end].startswith("Our new allotment scheme")


def test_unrelated_article_after_page_furniture_is_its_own_off_topic_segment():
    text, segs = segments_of("news_with_appendix.txt")
    assert [(s.title, s.on_topic) for s in segs] == [
        ("Police step up fight against labour exploitation", True),
        ("Local team wins cup final", False),
    ]
    assert text[segs[0].start:segs[0].end].endswith("Related")


def test_single_article_is_one_segment_covering_the_text():
    text, segs = segments_of("joint_letter.txt")
    assert len(segs) == 1
    assert (segs[0].segment_id, segs[0].start, segs[0].end) == ("joint_letter.txt-s1", 0, len(text.rstrip()))


@pytest.mark.parametrize(
    "text, title, expected",
    [
        ("Victims of trafficking need support. Traffickers must be prosecuted.", None, True),
        ("One mention of slavery only.", None, True),
        ("One mention of slavery only. " + "Then a long story about gardens and football. " * 30, None, False),
        ("One mention only.", "Modern slavery bill published", True),
        ("The football team won the cup.", None, False),
        ("Workers were exploited; forced labour is common.", None, True),
    ],
)
def test_on_topic(text, title, expected):
    assert is_on_topic(text, title) is expected


def test_empty_structure_is_one_off_topic_segment():
    (seg,) = segment_document(make_document("   \n  ", "blank"))
    assert (seg.position, seg.on_topic) == (1, False)


SEGMENTS = CORPUS.parent / "segments"


def test_posts_separated_by_break_lines_and_bylines():
    text = (SEGMENTS / "parish_news.txt").read_text(encoding="utf-8")
    segs = segment_document(make_document(text, "parish"))
    assert [(s.title, s.on_topic) for s in segs] == [
        ("Summer fete raises money for the roof", False),  # the site header joins the first post
        ("Learning to spot modern slavery", True),
        ("Choir rehearsals restart in September", False),  # the footer joins the last post
    ]
    assert "Summer fete" in text[segs[0].start:segs[0].end]
    assert text[segs[2].start:segs[2].end].endswith("All rights reserved.")


def test_article_after_most_read_links_is_its_own_segment():
    text = (SEGMENTS / "news_most_read.txt").read_text(encoding="utf-8")
    segs = segment_document(make_document(text, "gazette"))
    assert [(s.title, s.on_topic) for s in segs] == [("Gang jailed for forcing men to work in car washes", True),
                                                  ("Library to open on Sundays", False)]


@pytest.mark.parametrize(
    "line, furniture",
    [("Share | Comment (3)", True), ("MOST READ", True), ("Read more:", True), ("Photo: a river at dusk", True),
     ("© 2024 Example Ltd. All rights reserved.", True), ("Advertisement", True),
     ("Victims need support", False), ("Share the burden of care", False)],
)
def test_page_furniture_lines(line, furniture):
    from policy_records.segment import _is_furniture

    assert _is_furniture(line) is furniture


@pytest.mark.parametrize(
    "text, title",
    [
        ("Skip to main content\n\nGOV.UK\n\nHome > Crime > Modern slavery\n\nPress release\n\n"
         "New funding to protect victims of modern slavery\n\nVictims of trafficking will get support.",
         "New funding to protect victims of modern slavery"),
        ("Kent Freedom Network\n\n12 High Street, Canterbury CT1 2AB\n\nSlavery in our county\n\n"
         "Trafficking is rising and victims need help.", "Slavery in our county"),
        ("Police news\n\nEleven arrested in raids on car washes\n\nPosted: 17 October 2024 | Category: Crime\n\n"
         "Officers arrested eleven people on suspicion of trafficking and slavery offences.",
         "Eleven arrested in raids on car washes"),
        ("Victims of trafficking deserve better. The system is failing them and slavery persists.", None),
    ],
)
def test_segment_title_is_the_main_heading(text, title):
    assert segment_document(make_document(text, "t"))[0].title == title


@pytest.mark.parametrize(
    "text",
    ["No break here at all.", "A well---known fact.\n\nPost one.\n\n- - -\n\nPost two.\n\n***\nPost three.",
     "Intro -- text.\n  ___  \nAfter.\n\n* * *", "---\nFirst unit after a leading break."],
)
def test_break_lines_found_from_the_first_candidate_as_over_the_whole_text(text):
    from policy_records.segment import BREAK_RE, _break_starts
    from policy_records.text import split_units

    units = split_units(text)
    expected = {next(i for i, u in enumerate(units) if u.start >= m.end()) for m in BREAK_RE.finditer(text)
                if any(u.start >= m.end() for u in units)}
    assert _break_starts(text, units) == expected


@pytest.mark.parametrize(
    "text, titles",
    [
        ("Roof appeal: nearly there!\n\nWe raised money. Thanks to all.", ["Roof appeal: nearly there!"]),
        ("  Indented line of its own.  \nNext one here.", ["Indented line of its own.", "Next one here."]),
        ("Two sentences. On one line.", []),
        ("A short sentence wrapped\nover two lines.\n\nBody text here.", ["A short sentence wrapped\nover two lines.",
                                                                      "Body text here."]),
        ("Heading\n\n" + "word " * 20 + "ends.", ["Heading"]),
    ],
)
def test_title_candidates_are_headings_and_short_sentences_that_are_lines_of_their_own(text, titles):
    from policy_records.segment import _Page
    from policy_records.text import split_units

    page = _Page.of(text, split_units(text))
    assert [line for line, title in zip(page.lines, page.titles, strict=True) if title] == titles


@pytest.mark.parametrize(
    "byline, split",
    [("Posted 9 April 2024 by the Safe Harbour team", True), ("Posted on 9 April 2024 by Amy Carr", True),
     ("Published 18 March 2025", False)],  # GOV.UK's date under "From: Home Office" is no byline
)
def test_a_byline_with_the_date_first_starts_a_post(byline, split):
    text = ("Outreach service launches\n" + byline + "\n\nWe support survivors of modern slavery in the region.\n\n"
            "Staff bake-off raises money\n" + byline + "\n\nThere were cakes everywhere at the office on Friday.\n")
    segments = segment_document(make_document(text))
    assert len(segments) == (2 if split else 1)
    if split:
        assert [s.title for s in segments] == ["Outreach service launches", "Staff bake-off raises money"]
