"""Document metadata: title, document_type, publisher, published date."""

from __future__ import annotations

import pytest

from policy_records.extract.documents import describe_document
from policy_records.extract.entities import extract_entities
from policy_records.model import Document
from policy_records.segment import segment_document


def describe(text: str) -> dict:
    doc = Document("t", "t.txt", "0", "utf-8", text, len(text))
    segments = segment_document(doc)
    mentions, _, _ = extract_entities(doc, segments)
    return describe_document(doc, segments, mentions)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "We ask all parties to end slavery.\n\nSigned by:\n\n1. Harbour Workers Trust\n"
            "2. Kalayaan\n3. Unseen",
            "joint_letter",
        ),
        (
            "NORTHERN NEWS AGENCY -- Police will target traffickers, the minister said. He said it works. "
            "Officials added that trafficking was rising.",
            "news_article",
        ),
        (
            "Trafficking and exploitation\n\nI have launched a petition for my campaign against trafficking. "
            "As I said in a previous blog, slavery is rising.",
            "blog_post",
        ),
        (
            "Slavery policy\n\nThe party opposes slavery.\n\nTHE PARTY WOULD:\n\n- End exploitation\n"
            "- Support victims",
            "policy_statement",
        ),
        (
            "Trafficking is rising. Slavery persists.\n\nJane Doe is a researcher at a policy institute.",
            "opinion",
        ),
        ("Some text about trafficking and slavery without cues.", "other"),
    ],
)
def test_document_type(text, expected):
    assert describe(text)["document_type"] == expected


@pytest.mark.parametrize(
    "text, title, publisher, date",
    [
        (
            "Victims of trafficking are failed\n\nLabour Party\n\nThe report on slavery and trafficking.",
            "Victims of trafficking are failed",
            "labour-party",
            None,
        ),
        (
            "Trafficking strategy launched\n\n12 March 2012\n\nThe Home Office plan on slavery.",
            "Trafficking strategy launched",
            None,
            "2012-03-12",
        ),
        ("Trafficking strategy launched\n\nPosted 5 Sept 2023\n\nThe Home Office plan on slavery.",
         "Trafficking strategy launched", None, "2023-09-05"),
        ("Trafficking strategy launched\n\nLast updated: 08/02/2016\n\nThe Home Office plan on slavery.",
         "Trafficking strategy launched", None, "2016-02-08"),  # day first, as UK texts write it
        (
            "The Home Office said in 2012 that trafficking rose on 5 May 2011 and slavery too.",
            None,
            None,
            None,
        ),
    ],
)
def test_title_publisher_date(text, title, publisher, date):
    rec = describe(text)
    assert (rec["title"], rec["publisher_organisation_id"], rec["published_date"]) == (title, publisher, date)


@pytest.mark.parametrize(
    "text",
    [
        "He said it. She said so; they said, we said: all said and done, unsaid, SAID, saidx said",
        "I have. I am. i was. I  had. Ich habe. I felt I spoke I had\nI have",
        "my constituency my petition, my campaign\nmy colleague my colleagues my\ncampaign",
        "Photograph: A. Smith\nthe photograph: below\nPhotograph:",
        "we will we would we willing WE WILL we\nwill",
        "She is a director at the trust. He is the senior professor of law. is a campaigner at",
        "\u0130 have said \u017fome thing\u017f, \u0131 am told",
    ],
)
def test_cues_counted_near_keywords_as_over_the_whole_text(text):
    from policy_records.extract.documents import _count, _count_near, _cue_widths, _keyword_starts, folded, type_cues

    found = _keyword_starts(folded(text))
    for (pattern, _, _, max_count, keywords), width in zip(type_cues(), _cue_widths(), strict=True):
        starts = sorted(s for k in keywords for s in found.get(k, ()))
        if width and starts and len(folded(text)) == len(text):
            for most in (1, max_count, 100):
                assert _count_near(pattern, text, most, starts, width) == _count(pattern, text, most)
