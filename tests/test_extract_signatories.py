"""Signatory lists: lead-ins, numbered runs, acronyms, dash expansions, parents and descriptions."""

from __future__ import annotations

import pytest

from policy_records.extract import extract_records
from policy_records.extract.entities import extract_entities
from policy_records.extract.signatory_lines import parse_signatory
from policy_records.model import Document, Segment
from tests.conftest import make_document


@pytest.mark.parametrize(
    "line, name, acronym, parent",
    [
        ("Harbour Workers Trust", "Harbour Workers Trust", None, None),
        ("Northern Fishers Advice Unit (NFAU)", "Northern Fishers Advice Unit", "NFAU", None),
        ("NOFAS (Northern Fishers Advice Service)", "Northern Fishers Advice Service", "NOFAS", None),
        ("HAWNET - UK Harbour Workers Network", "UK Harbour Workers Network", "HAWNET", None),
        (
            "Lantern Centre for Studies on Exploitation, Law and Care, St. Bede\u2019s University",
            "Lantern Centre for Studies on Exploitation, Law and Care",
            None,
            "St. Bede\u2019s University",
        ),
        ("Lantern House, the northern voice for migrant workers.", "Lantern House", None, None),
        ("Shelter North (a homeless charity)", "Shelter North", None, None),
        # a person signing for an organisation: the organisation
        ("Jane Okoro, Harbour Workers Trust", "Harbour Workers Trust", None, None),
        ("Dr Amy Lee, Coastal Refuge Foundation (CRF)", "Coastal Refuge Foundation", "CRF", None),
        ("The Lamplighters", "The Lamplighters", None, None),
    ],
)
def test_parse_signatory(line, name, acronym, parent):
    parsed = parse_signatory(line, 0, len(line), 1)
    assert parsed is not None
    assert (parsed.name, parsed.acronym, parsed.parent[2] if parsed.parent else None) == (
        name,
        acronym,
        parent,
    )
    assert line[parsed.start : parsed.end] == parsed.name


LETTER = """We ask the next government to end modern slavery and protect survivors of trafficking.

Signed by:

  1. Harbour Workers Trust
  2. The Salvation Army
  3. Northern Fishers Advice Unit (NFAU)
  4. HAWNET - UK Harbour Workers Network
  5.  Lantern House, the northern voice for migrant workers."""

NUMBERED_ONLY = """Trafficking survivors need support. We, the charities below, ask for change on slavery.

1. Harbour Workers Trust
2. Northern Fishers Advice Unit (NFAU)
3. Anti-Slavery International
4. Hope for Justice
5. Coastal Refuge Foundation
6. Kalayaan"""

VALEDICTION = """We urge you to act now for survivors of trafficking and slavery.

Yours sincerely,

Jane Okoro, Chief Executive, Harbour Workers Trust
Sam Patel OBE, Unseen
Revd Ann Cole, Coastal Refuge Foundation (CRF)
Peter Grant
Director

cc: Home Affairs Committee"""

UNNUMBERED = """We call for action on trafficking and slavery now.

Signed:
Harbour Workers Trust
Coastal Refuge Foundation
Kalayaan"""

PROSE = """Trafficking survivors need support. The letter was signed by Unseen, Justice and Care, the Coastal Refuge
Foundation and Kalayaan. It was also signed by the Home Secretary."""

LINE_BY_LINE = """We call for action on trafficking and slavery now.

Signatories:
Harbour Workers Trust
Coastal Refuge Foundation
Unseen"""


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            LETTER,
            [
                "harbour-workers-trust",
                "salvation-army",
                "northern-fishers-advice-unit",
                "uk-harbour-workers-network",
                "lantern-house",
            ],
        ),
        (
            NUMBERED_ONLY,
            [
                "harbour-workers-trust",
                "northern-fishers-advice-unit",
                "anti-slavery-international",
                "hope-for-justice",
                "coastal-refuge-foundation",
                "kalayaan",
            ],
        ),
        (LINE_BY_LINE, ["harbour-workers-trust", "coastal-refuge-foundation", "unseen"]),
        # people signing for organisations under a letter's close; a line naming only a person or role is skipped
        (VALEDICTION, ["harbour-workers-trust", "unseen", "coastal-refuge-foundation"]),
        (UNNUMBERED, ["harbour-workers-trust", "coastal-refuge-foundation", "kalayaan"]),
        # a list in running text; a single signer is not a list
        (PROSE, ["unseen", "justice-and-care", "coastal-refuge-foundation", "kalayaan"]),
        # partners of an operation are not signatories
        ("The trafficking raid was supported by Unseen, Kalayaan and Justice and Care.", []),
        (
            "Our aims:\n\n1. Prevent harm\n2. Protect victims\n3. Pursue traffickers\n4. Prepare\n5. Partner",
            [],
        ),
    ],
)
def test_signatory_lists(text, expected):
    doc = Document("t", "t.txt", "0", "utf-8", text, len(text))
    mentions, _, sigs = extract_entities(doc, [Segment("t-s1", "t", 1, None, 0, len(text), True)])
    assert [s["organisation_id"] for s in sigs] == expected
    assert [s["position"] for s in sigs] == list(range(1, len(expected) + 1))
    mentioned = {m["entity_id"] for m in mentions}
    assert set(expected) <= mentioned


@pytest.mark.parametrize(
    "line, person_first",
    [
        ("Dr Marion Hayes", False),
        ("Andrew Wallis OBE", False),
        ("Rt Hon Jane Smith MP", False),
        ("Kate Roberts, Head of Policy", False),
        ("Kate Roberts, Head of Policy", True),
        ("Dr Kate Roberts, Chief Executive", True),
    ],
)
def test_a_line_naming_only_a_person_names_no_organisation(line, person_first):
    assert parse_signatory(line, 0, len(line), 1, person_first) is None


@pytest.mark.parametrize(
    "line, person_first, name",
    [
        ("Kate Roberts, Head of Policy, Unseen", True, "Unseen"),
        ("Sir Robert Harbour Foundation", False, "Sir Robert Harbour Foundation"),  # an organisation word
        ("Northern Lantern", False, "Northern Lantern"),  # no title: may be an organisation
        ("Director of Lantern House, Harbour Workers Trust", True, "Harbour Workers Trust"),
        ("Jane Smith, Chief Fire Officers Association", False, "Chief Fire Officers Association"),
    ],
)
def test_a_person_with_an_organisation_still_signs_for_it(line, person_first, name):
    parsed = parse_signatory(line, 0, len(line), 1, person_first)
    assert parsed is not None and parsed.name == name


@pytest.mark.parametrize(
    "text, signers, unparsed",
    [
        ("We ask the Government to end modern slavery.\n\nSigned by:\n\n- Unseen\n- Dr Marion Hayes\n- Kalayaan\n",
         ["unseen", "kalayaan"], ["Dr Marion Hayes"]),
        ("We ask the Government to end modern slavery. The letter was signed by Unseen, Hestia, Helen Bamber and "
         "ECPAT UK.", ["unseen", "hestia", "ecpat-uk"], ["Helen Bamber"]),
        # under a letter's close, people sign too: their lines are no failure
        ("We ask the Government to end modern slavery.\n\nYours sincerely,\n\nKate Roberts, Head of Policy\n"
         "John Smith\nChief Executive, Unseen\n", ["unseen"], []),
    ],
)
def test_a_signatory_with_no_organisation_is_listed_as_unparsed(text, signers, unparsed):
    result = extract_records([make_document(text)])
    assert [s["organisation_id"] for s in result.signatories] == signers
    assert [(u["problem"], u["text"]) for u in result.unparsed_spans] == [
        ("signatory_without_organisation", t) for t in unparsed]


def test_line_scans_match_the_line_regexes():
    """list_regions finds lead-in and numbered lines by the line break before them: the same
    lines as the `^` regexes."""
    import random

    from policy_records.extract import signatories as sg
    from policy_records.model import Segment

    rng = random.Random(5)
    pieces = ["1. ", "12) ", " 3.\t", "Signed by:", "Signatories: ", "## Supported by:", "x", "Foo Trust", "\n", " "]
    scans = ((sg.LEAD_LINE_RE, sg.LEAD_AFTER_BREAK_RE), (sg.NUMBERED_LINE_RE, sg.NUMBERED_AFTER_BREAK_RE))
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        a = rng.randint(0, min(3, len(text)))
        seg = Segment("s", "d", 1, None, a, len(text) - rng.randint(0, min(2, len(text) - a)), True)
        for plain, after_break in scans:
            want = [(m.start(), m.groups()) for m in plain.finditer(text, seg.start, seg.end)]
            got = [(sg._line(m), m.groups()) for m in sg._line_starts(text, seg, plain, after_break)]
            assert got == want, repr(text)
