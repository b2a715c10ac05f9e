"""Entity detection: reference matches, shape patterns, what must not become an entity, provenance."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from policy_records.extract.entities import extract_entities
from policy_records.model import Document, Segment
from policy_records.segment import segment_document

RAW = Path(__file__).resolve().parent.parent / "raw"


def run(text: str, on_topic: bool = True):
    doc = Document("t", "t.txt", "0", "utf-8", text, len(text.encode()))
    return extract_entities(doc, [Segment("t-s1", "t", 1, None, 0, len(text), on_topic)])


def found(text: str) -> dict[str, str]:
    """name -> entity_type of every entity with a mention."""
    mentions, entities, _ = run(text)
    ids = {(m["entity_type"], m["entity_id"]) for m in mentions}
    return {e["name"]: e["entity_type"] for e in entities if (e["entity_type"], e["entity_id"]) in ids}


@pytest.mark.parametrize(
    "text, name, entity_type",
    [
        # acronym defined in parentheses, name unknown to the reference
        (
            "Campaigners from Northern Rights for Fishers Collective (NRFC) met MPs.",
            "Northern Rights for Fishers Collective",
            "organisation",
        ),
        # possessive and curly apostrophe through a reference alias
        (
            "A coalition including Banardo\u2019s wrote to ministers about trafficking.",
            "Barnardo's",
            "organisation",
        ),
        # non-breaking space inside a name
        ("Funding for the Poppy\u00a0Project was cut this year.", "Poppy Project", "programme"),
        # name split by a line break in hard-wrapped prose
        (
            "The long running support work done for trafficked women by the Poppy\nProject was cut.",
            "Poppy Project",
            "programme",
        ),
        # "The" at the start of a name
        ("The Salvation Army won the contract to support victims.", "Salvation Army", "organisation"),
        # a name inside a longer capitalised phrase
        (
            "A petition against the Metropolitan Police proposals was launched.",
            "Metropolitan Police Service",
            "organisation",
        ),
        # lowercase mention of a known programme
        (
            "Victims are referred through the national referral mechanism each year.",
            "National Referral Mechanism",
            "programme",
        ),
        # head words make unknown names
        (
            "Staff at the Northbridge Women\u2019s Centre support survivors of trafficking.",
            "Northbridge Women\u2019s Centre",
            "organisation",
        ),
        (
            "Labour will introduce a new Household Safety Bill next year.",
            "Household Safety Bill",
            "programme",
        ),
        (
            "Members of the Association of Cocoa Importers signed the pledge.",
            "Association of Cocoa Importers",
            "organisation",
        ),
        # a name introduced by a kind noun
        (
            "In a report, Shadows on Shore, published last week, police were criticised.",
            "Shadows on Shore",
            "programme",
        ),
        # a code-named unit with a lowercase head
        ("The force's specialist XR7 unit handles exploitation cases.", "XR7", "organisation"),
        # all-caps agency credit
        (
            "NORTHERN NEWS AGENCY -- Police said on Monday that trafficking rose.",
            "Northern News Agency",
            "organisation",
        ),
        # a stop word right after a determiner starts the name; a project the writer owns is a service
        (
            "This spring our Next Chapter Mentoring Project paired 30 survivors of trafficking with volunteers.",
            "Next Chapter Mentoring Project",
            "programme",
        ),
        # in apposition after a determiner and adjectives
        (
            "Our latest annual review, Nowhere Safe, found that survivors of trafficking waited months.",
            "Nowhere Safe",
            "programme",
        ),
        # a kind noun before the name
        (
            "The workers were supported by the charity Harbour Lights Bristol after the raid.",
            "Harbour Lights Bristol",
            "organisation",
        ),
        # a kind noun after the name: an app
        ("Drivers can report labour exploitation through the Fair Fuel Check app.", "Fair Fuel Check", "programme"),
        # two names joined by "and": the second is a body of its owner (possessive)
        (
            "We thank the Harbour Lights Project and Kentford County Council's Safer Kentford team.",
            "Safer Kentford team",
            "organisation",
        ),
        (
            "We thank the Harbour Lights Project and Kentford County Council's Safer Kentford team.",
            "Harbour Lights Project",
            "organisation",
        ),
        # a possessive between two names splits them
        (
            "Work by the University of Nottingham's Rights Lab mapped trafficking routes.",
            "University of Nottingham",
            "organisation",
        ),
        # a centre run by another body is a service
        (
            "Survivors of trafficking get advice at the Northbridge Exploitation Advice Centre run by Unseen.",
            "Northbridge Exploitation Advice Centre",
            "programme",
        ),
        # adjective forms of party names
        ("The Liberal Democrat spokesperson asked about trafficking victims.", "Liberal Democrats", "organisation"),
        ("Conservative members voted against the slavery amendment.", "Conservative Party", "organisation"),
        # a council name with "with" inside it
        (
            "Officers worked with Blackburn with Darwen Borough Council on the trafficking case.",
            "Blackburn with Darwen Borough Council",
            "organisation",
        ),
        # a programme written in lower case, three words or more
        (
            "Funding for the victim care contract rose, the minister said of trafficking support.",
            "Modern Slavery Victim Care Contract",
            "programme",
        ),
    ],
)
def test_detects(text, name, entity_type):
    assert found(text).get(name) == entity_type


def test_report_title_of_a_report():
    text = (
        "Chains Beneath the Harbour: Labour Exploitation at Sea\n\nExecutive summary\n\n"
        "Key findings: trafficking of fishers for forced labour is rising. Our methodology used interviews."
    )
    doc = Document("t", "t.txt", "0", "utf-8", text, len(text.encode()))
    mentions, entities, _ = extract_entities(doc, segment_document(doc))
    assert {e["name"]: e["type"] for e in entities}.get("Chains Beneath the Harbour: Labour Exploitation at Sea") == (
        "report"
    )


@pytest.mark.parametrize(
    "text",
    [
        "The police must do more, the government said, and our organisations agree.",
        "A charity told the Home Secretary about it.",
        "Mr Green said Damian Green and Sir Paul Stephenson met Kate Green MP.",
        "The Immigration Minister and the Shadow Minister for Equalities spoke.",
        "Women from Nigeria, West Africa and the East Midlands came to Britain and the UK.",
        "Prevent Modern Slavery\n\nUphold Justice\n\nAction must be taken on trafficking.",
        "The Consultation was opened before the General Election.",
        "CRACKDOWN ON TRAFFICKING GANGS SERVICE WILL GROW",
        # an office's portfolio or seat is not an organisation
        "She wrote to the Secretary of State for the Home Department about trafficking.",
        # an organisation written in lower case is a description
        "Every force should have a dedicated modern slavery unit to tackle trafficking.",
        # social sharing links are page furniture
        "Trafficking survivors need support.\n\nShare this page\nFacebook\nTwitter",
        "Trafficking survivors need support.\n\nShare: Facebook | X | LinkedIn",
    ],
)
def test_not_entities(text):
    assert found(text) == {}


def test_known_acronym_after_definition():
    mentions, entities, _ = run("Focus on Fishers Exploitation (FFEX) warned ministers. Later FFEX said more.")
    texts = [m["text"] for m in mentions]
    assert texts.count("FFEX") == 2 and "Focus on Fishers Exploitation" in texts
    assert {m["entity_id"] for m in mentions} == {"focus-on-fishers-exploitation"}


def test_operator_from_text():
    _, entities, _ = run("Abigail, the co-ordinator for the Poppy Project Eaves charity, spoke.")
    prog = next(e for e in entities if e["name"] == "Poppy Project")
    assert prog["operator_organisation_id"] == "eaves"


@pytest.mark.parametrize(
    "text, known",
    [
        # the seat after "Member of Parliament for" is not an organisation (the party and Parliament are)
        (
            "Jo Bloggs, Labour Member of Parliament for Kentford West, spoke on slavery.",
            {"Labour Party", "UK Parliament"},
        ),
        ("The Minister of State for Kentford Affairs spoke on trafficking.", set()),
    ],
)
def test_office_portfolio_is_not_a_name(text, known):
    assert set(found(text)) == known


def test_section_of_an_act_is_the_act():
    assert found("Statements under Section 54 of the Modern Slavery Act 2015 on trafficking are weak.") == {
        "Modern Slavery Act 2015": "programme"
    }


def test_off_topic_segment_gives_nothing():
    assert run("The Salvation Army and the Home Office met.", on_topic=False) == ([], [], [])


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.stem)
def test_provenance_over_raw(path):
    data = path.read_bytes()
    text = data.decode("utf-8-sig", errors="replace")
    doc = Document(path.stem, path.name, hashlib.sha256(data).hexdigest(), "utf-8", text, len(data))
    segments = segment_document(doc)
    mentions, _, _ = extract_entities(doc, segments)
    on_topic = [s for s in segments if s.on_topic]
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert any(s.start <= m["start"] and m["end"] <= s.end for s in on_topic)


# The fast paths below must find exactly what the plain regex scans they replace find.

VOCAB = (
    "The Home Office Trust Centre Project of for and the to in at de Minister Secretary Member MP Sir "
    "State Parliament Our our In 2015 3rd SCD9 report unit team charity NGO website review study "
    "Women's Council's St. Mungo's ex-Minister XMinister 'Foo' -Bar (FLEX) , . ; \n \n\n"
).split(" ")


def random_texts(n: int, seed: int = 7):
    import random

    rng = random.Random(seed)
    for _ in range(n):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(1, 40))]
        text = "".join(w + rng.choice([" ", " ", " ", "  ", "\n", ""]) for w in words)
        a = rng.randint(0, 3)
        yield text, min(a, len(text)), len(text) - rng.randint(0, 2)


def test_stretch_regex_matches_the_plain_one():
    import re

    from policy_records.extract.entity_tokens import WORD, name_words, run_re

    connectors = "|".join(re.escape(w) for w in sorted(name_words("connector"), key=len, reverse=True))
    first = rf"(?=[^\W_a-z])(?:{WORD})"
    word = rf"(?:(?=[^\W_a-z])|(?=(?:{connectors})(?!\w)))(?:{WORD})"
    plain = re.compile(rf"(?<![\w'&-])['-]*({first})((?:\s*{word})*)")
    for text, a, b in random_texts(3000):
        want = [(m.span(1), m.span(2)) for m in plain.finditer(text, a, b)]
        got = [
            ((m.start(1), m.end(1)) if m.start(1) >= 0 else (m.start(), m.end(2)), m.span(3))
            for m in run_re(False).finditer(text, a, b)
        ]
        assert got == want, text


def test_office_scan_matches_the_regex():
    from policy_records.extract.entity_patterns import _offices, office_re

    for text, a, b in random_texts(3000):
        assert [m.span() for m in _offices(text, a, b)] == [m.span() for m in office_re().finditer(text, a, b)]


def test_kind_noun_scan_matches_the_regex():
    import re

    from policy_records.extract.entity_cues import _before, before_nouns

    plain = re.compile(rf"({'|'.join(before_nouns())})\s+(?=[A-Z])")
    for text, a, b in random_texts(3000):
        assert _before(text, a, b) == [(m.start(), m.end(), m.group(1)) for m in plain.finditer(text, a, b)]


def test_stretch_head_names_match_the_runs():
    from dataclasses import astuple

    from policy_records.extract.entity_heads import candidate, run_head_names, stretch_head_names
    from policy_records.extract.entity_tokens import stretch_runs, stretches

    for text, a, b in random_texts(3000, seed=11):
        for m in stretches(text, a, b):
            want = [candidate(f, text) for f in run_head_names(stretch_runs(text, m), text)]
            assert [astuple(c) for c in stretch_head_names(text, m)] == [astuple(c) for c in want], text


def test_segment_kind_counts_whole_words():
    from collections import Counter

    from policy_records.extract.entity_cues import LOWER_WORD_RE, cue_nouns, segment_kind

    def plain(text: str, seg: Segment) -> str:
        words = Counter(LOWER_WORD_RE.findall(text[seg.start : seg.end].lower()))
        counts: dict[str, int] = {}
        for w, cue in cue_nouns().items():
            if words[w] and cue["entity_type"] == "programme" and not cue["weak"]:
                counts[cue["type"]] = counts.get(cue["type"], 0) + words[w]
        return max(sorted(counts), key=lambda t: counts[t]) if counts else ""

    for text, a, b in random_texts(2000, seed=3):
        text = text.replace("Trust", "strategy reports").replace("Centre", "Consultation bill")
        seg = Segment("s", "d", 1, None, a, b, True)
        assert segment_kind(text, seg) == plain(text, seg)


def test_stretch_head_names_skip_taken_spans():
    from dataclasses import astuple

    from policy_records.extract.entity_heads import stretch_head_names
    from policy_records.extract.entity_tokens import stretches

    for text, a, b in random_texts(3000, seed=12):
        for m in stretches(text, a, b):
            every = stretch_head_names(text, m)
            taken = {(c.start, c.end) for c in every[::2]} | {(m.start(), m.end())}
            want = [astuple(c) for c in every if (c.start, c.end) not in taken]
            assert [astuple(c) for c in stretch_head_names(text, m, taken)] == want, text


DEFINED = ("Focus on Labour Exploitation", "The Home Office Trust", "Trust Centre", "'Foo' Project of the Council's",
           "Minister for Home Office", "Home\nOffice Trust", "Centre for the Study of Trust", "ex-Minister Trust MP")


def test_acronym_definitions_read_once_match_the_runs():
    import random
    from dataclasses import astuple

    from policy_records.extract.entity_patterns import ACRONYM_DEF_RE, _acronym_definition, parse_acronym_definition
    from policy_records.extract.entity_stretches import Stretches

    rng = random.Random(13)
    for text, a, b in random_texts(3000, seed=13):
        names = [rng.choice(DEFINED) for _ in range(rng.randint(1, 4))]  # "Home Office Trust (HOT)"
        initials = ["".join(w[0] for w in n.split() if w[0].isupper()) for n in names]
        parts = [f"{n}{rng.choice([' ', '', '  '])}({i})" for n, i in zip(names, initials, strict=True)]
        text = rng.choice([" ", "\n", ". "]).join([text[:b], *parts, text[b:]])
        st = Stretches(text, a, len(text))
        for k, m in enumerate(st.matches):
            runs = st.runs(k) if ACRONYM_DEF_RE.match(text, m.end()) else None
            want = parse_acronym_definition(runs[-1], text) if runs and len(runs[-1]) > 1 else None
            got = _acronym_definition(text, st, k)
            assert (got and astuple(got)) == (want and astuple(want)), text


def test_one_scan_matcher_matches_two_scans():
    """One scan of the lower-cased text finds what a case-sensitive and a lower-cased scan found."""
    import random

    import ahocorasick

    from policy_records.reference import (
        CAPITAL_RE,
        _key,
        _named,
        known_entities,
        longest_first,
        lower_same_length,
        matcher,
        normalise_text,
        surfaces,
    )

    exact, folded = ahocorasick.Automaton(), ahocorasick.Automaton()
    for known in known_entities():
        for form in surfaces(known):
            key, sensitive = _key(form)
            automaton, key = (exact, key) if sensitive else (folded, lower_same_length(key))
            if len(key) >= 2 and key not in automaton:
                automaton.add_word(key, (len(key), known))
    exact.make_automaton()
    folded.make_automaton()

    def plain(norm: str, low: str, start: int, end: int) -> list:
        hits = []
        for automaton, text in ((exact, norm), (folded, low)):
            for last, (length, known) in automaton.iter(text, start, end):
                e, s = last + 1, last + 1 - length
                if (s > 0 and (norm[s - 1].isalnum() or norm[s - 1] in "-&")) or (
                    e < len(norm) and (norm[e].isalnum() or norm[e] == "&")
                ):
                    continue
                if automaton is exact or CAPITAL_RE.search(norm, s + 1, e) or _named(norm, s, e, known):
                    hits.append((s, e, known))
        return longest_first(hits)

    rng = random.Random(5)
    forms = [f for k in known_entities() for f in surfaces(k)][::7] + ["a", "the", "un", "pa", "-", "&", "İ", "(", "x"]
    for _ in range(1500):
        words = [rng.choice(forms) for _ in range(rng.randint(1, 12))]
        words = [w.lower() if rng.random() < 0.3 else w.upper() if rng.random() < 0.1 else w for w in words]
        norm = normalise_text("".join(w + rng.choice([" ", "", "-", "\n", ", "]) for w in words))
        low = lower_same_length(norm)
        a = rng.randint(0, 3)
        assert matcher().find(norm, low, a, len(norm)) == plain(norm, low, a, len(norm)), norm


def mentioned(text: str, on_topic: bool = True) -> dict[str, tuple[str, str]]:
    """name -> (entity_type, type) of every entity with a mention (segment on or off topic)."""
    mentions, entities, _ = run(text, on_topic)
    ids = {(m["entity_type"], m["entity_id"]) for m in mentions}
    return {e["name"]: (e["entity_type"], e["type"]) for e in entities if (e["entity_type"], e["entity_id"]) in ids}


@pytest.mark.parametrize(
    "text, expected",
    [
        # a name nested inside a longer one is no mention of its own: the longer name wins
        ("Peers backed the Modern Slavery (Victim Support) Bill at second reading.",
         {"Modern Slavery (Victim Support) Bill": ("programme", "bill")}),
        ("Volunteers from the Kentford Victim Support Network met the police.",
         {"Kentford Victim Support Network": ("organisation", "charity")}),
        # named police operations are programmes (type other); the force that leads one operates it
        ("Under Operation Kestrel, officers visited 200 car washes in the county.",
         {"Operation Kestrel": ("programme", "other")}),
        ("The arrests followed Operation Blue Heron, led by Kent Police, last spring.",
         {"Operation Blue Heron": ("programme", "other"), "Kent Police": ("organisation", "law_enforcement")}),
        ("Operation Aidant targeted labour exploitation in nail bars.",
         {"Operation Aidant": ("programme", "other")}),
        # ... but not a lower-case operation, or "Operation" before a head word or a determiner
        ("The police operation found nine victims of trafficking in a house in Luton.", {}),
        ("A joint Operation The police ran last year found trafficking victims.", {}),
        # a body's former name is an organisation of its own, as the texts name it: "the Gangmasters
        # Licensing Authority will become the Gangmasters and Labour Abuse Authority" names two
        ("Under the Immigration Act 2016 the Gangmasters Licensing Authority will become the Gangmasters and "
         "Labour Abuse Authority.",
         {"Gangmasters Licensing Authority": ("organisation", "government"),
          "Gangmasters and Labour Abuse Authority": ("organisation", "government"),
          "Immigration Act 2016": ("programme", "legislation")}),
        ("GLA inspectors found 40 workers at the farm.",
         {"Gangmasters Licensing Authority": ("organisation", "government")}),
        # titles with a parenthesised part: laws and bills, Police and Crime Commissioners
        ("The Social Services and Well-being (Wales) Act 2014 requires councils to protect trafficking victims.",
         {"Social Services and Well-being (Wales) Act 2014": ("programme", "legislation")}),
        ("MPs debated the Modern Slavery (Victim Support) Bill on trafficking.",
         {"Modern Slavery (Victim Support) Bill": ("programme", "bill")}),
        ("The Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) "
         "2015 helps trafficking victims.",
         {"Human Trafficking and Exploitation (Criminal Justice and Support for Victims) Act (Northern Ireland) 2015":
          ("programme", "legislation")}),
        ("Funding came from the Humberside Police and Crime Commissioner for trafficking victims.",
         {"Humberside Police and Crime Commissioner": ("organisation", "government")}),
        ("The Essex Police, Fire and Crime Commissioner funds a modern slavery project.",
         {"Essex Police, Fire and Crime Commissioner": ("organisation", "government")}),
        # a named scheme is a programme
        ("Car washes can join the Responsible Car Wash Scheme to prove they pay staff and avoid modern slavery.",
         {"Responsible Car Wash Scheme": ("programme", "other")}),
        # ... but an acronym in parentheses is a definition, not part of a title
        ("The Modern Slavery Act (MSA) 2015 covers trafficking.",
         {"Modern Slavery Act 2015": ("programme", "legislation")}),
        # funders and grant-makers named "... Fund" are organisations
        ("The refuge opened thanks to a grant of £40,000 from the Harbour Community Fund.",
         {"Harbour Community Fund": ("organisation", "charity")}),
        ("With support from the Big Lottery Fund we trained 200 staff on modern slavery.",
         {"Big Lottery Fund": ("organisation", "government")}),
        # ... unless the text presents the fund as a programme: new, an amount, owned, run by someone
        ("Ministers announced a new Survivor Recovery Fund for victims of trafficking.",
         {"Survivor Recovery Fund": ("programme", "other")}),
        ("The £5 million Survivor Recovery Fund will support victims of trafficking.",
         {"Survivor Recovery Fund": ("programme", "other")}),
        ("Projects can bid to the Modern Slavery Innovation Fund until March.",
         {"Modern Slavery Innovation Fund": ("programme", "other")}),
        # a name with no head word, described by what it is
        ("Tyneside Welcome Network, a small volunteer group based in Gateshead, runs an English class.",
         {"Tyneside Welcome Network": ("organisation", "charity")}),
        ("We spoke to Harbour Light Outreach, a charity that supports women leaving exploitation.",
         {"Harbour Light Outreach": ("organisation", "charity")}),
        ("Meadow Lane Rescue is a registered charity in England and Wales working with trafficking survivors.",
         {"Meadow Lane Rescue": ("organisation", "charity")}),
        ("Trafficking survivors were helped by Comic Relief and the local council.",
         {"Comic Relief": ("organisation", "charity")}),
        # ... never from capitalisation or a description of a person
        ("Thank you to Northfield Haven for hosting our trafficking awareness evening.", {}),
        ("Jane Holloway, a charity trustee from Leeds, said trafficking was rising.", {}),
        ("Mark Doyle, a volunteer with the group, said trafficking victims need homes.", {}),
        ("The Kowalski Brothers, an organised crime group based in Hull, trafficked 40 men.", {}),
        ("However, a charity based in Leeds said trafficking was rising.", {}),
        # generic phrases with a year are still generic
        ("Our Annual Review 2019/20 shows how many trafficking survivors we supported.", {}),
        ("The Annual Report 2021 of the trust covers modern slavery.", {}),
        # a lower-case programme name after "a" describes one, it does not name it
        ("The Bill places a duty on Ministers to publish a trafficking and exploitation strategy.", {}),
        ("Scotland's trafficking and exploitation strategy was refreshed this year.",
         {"Trafficking and Exploitation Strategy": ("programme", "strategy")}),
        # a provision, not a programme
        ("Victims of trafficking get a 45-day reflection and recovery period.", {}),
        # the building of an address after an organisation is no organisation
        ("Write to Kentford Refugee Project, The Mill Centre, 14 Dock Road, Kentford about trafficking.",
         {"Kentford Refugee Project": ("organisation", "charity")}),
        # an ordinary-phrase name in a title-case heading longer than the name is no mention
        ("Modern Slavery: Victim Support\n\nMPs debated support for trafficking victims.", {}),
        ("## Victim Support\n\nThe charity helps victims of trafficking.",
         {"Victim Support": ("organisation", "charity")}),
        ("Victim Support said victims of trafficking need more help.",
         {"Victim Support": ("organisation", "charity")}),
    ],
)
def test_entity_rules(text, expected):
    assert mentioned(text) == expected


def test_off_topic_description_names_on_topic_repeats():
    """A name an off-topic footer describes is no mention there, but its on-topic repeats are."""
    body = "Meadow Lane Rescue runs safe houses for survivors of trafficking in Somerset."
    footer = "Meadow Lane Rescue is a registered charity in England and Wales."
    text = body + "\n\n" + footer
    doc = Document("t", "t.txt", "0", "utf-8", text, len(text.encode()))
    cut = len(body) + 2
    segs = [Segment("t-s1", "t", 1, None, 0, cut, True), Segment("t-s2", "t", 2, None, cut, len(text), False)]
    mentions, entities, _ = extract_entities(doc, segs)
    assert [(m["text"], m["segment_id"]) for m in mentions] == [("Meadow Lane Rescue", "t-s1")]
    assert mentioned(footer, on_topic=False) == {}
