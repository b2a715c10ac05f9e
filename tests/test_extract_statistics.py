"""Statistics extractor: number forms, qualifiers, ranges, what is left out, context and provenance."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from policy_records.extract.statistics import extract_statistics
from policy_records.model import Document
from policy_records.segment import segment_document
from tests.conftest import make_document

RAW = Path(__file__).resolve().parent.parent / "raw"
LEAD = "Modern slavery and human trafficking\n\n"  # an on-topic heading so the fixture is on topic


def make_doc(body: str, doc_id: str = "fixture") -> Document:
    return make_document(LEAD + body + "\n", doc_id)


def stats(body: str, mentions: list[dict] | None = None) -> list[dict]:
    doc = make_doc(body)
    return extract_statistics(doc, segment_document(doc), mentions or [])


def summary(body: str) -> list[tuple]:
    return [(r["value"], r["value_max"], r["unit"], r["qualifier"]) for r in stats(body)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # digits, separators, decimals
        ("Police found 4,088 victims of trafficking.", [(4088, None, "count", "exact")]),
        ("The charity supported 1,250,000 people.", [(1250000, None, "count", "exact")]),
        ("Referrals rose to 12.5 per cent of cases.", [(12.5, None, "percent", "exact")]),
        # numbers in words
        ("The report spoke to forty people in the camp.", [(40, None, "count", "exact")]),
        ("Nine victims were rescued from the farm.", [(9, None, "count", "exact")]),
        ("They identified two thousand potential victims.", [(2000, None, "count", "exact")]),
        ("Officers visited one hundred and twenty sites.", [(120, None, "count", "exact")]),
        ("Some twenty-four women were moved.", [(24, None, "count", "approximate")]),
        ("It affects a million workers worldwide.", [(1000000, None, "count", "exact")]),
        ("Half a million people live in slavery in Europe.", [(500000, None, "count", "exact")]),
        ("Council funding was cut by half a million pounds.", [(500000, None, "gbp", "exact")]),
        # fractions and ratios as shares
        ("A quarter of victims were children.", [(25, None, "percent", "exact")]),
        ("Two thirds of cases involve women.", [(pytest.approx(200 / 3), None, "percent", "exact")]),
        ("One in three survivors was re-trafficked.", [(pytest.approx(100 / 3), None, "percent", "exact")]),
        ("The app has been used more than 60,000 times.", [(60000, None, "count", "more_than")]),
        ("More than half of all referrals were adults.", [(50, None, "percent", "more_than")]),
        ("One in four victims is a child.", [(25, None, "percent", "exact")]),
        ("Nine out of ten were never identified.", [(90, None, "percent", "exact")]),
        # ranks
        ("Fraud is the second biggest crime in the region.", [(2, None, "rank", "exact")]),
        ("It is the 2nd largest illegal industry.", [(2, None, "rank", "exact")]),
        ("The country is ranked fifth in the index.", [(5, None, "rank", "exact")]),
        # money
        ("The fund received £33 million from donors.", [(33000000, None, "gbp", "exact")]),
        ("A further £33.5m was promised.", [(33500000, None, "gbp", "exact")]),
        ("The US gave $2bn to the programme.", [(2000000000, None, "usd", "exact")]),
        ("The EU added €5 million for shelters.", [(5000000, None, "eur", "exact")]),
        ("An injection of £750,000 was announced.", [(750000, None, "gbp", "exact")]),
        ("Victims were paid 50p an hour.", [(0.5, None, "gbp", "exact")]),
        # percentages
        ("Less than 2% of cases were solved.", [(2, None, "percent", "less_than")]),
        ("Around 24 per cent of referrals were British.", [(24, None, "percent", "approximate")]),
        ("Only 24 percent were men.", [(24, None, "percent", "exact")]),
        # durations
        ("Sentences went from 12 years to life.", [(12, None, "years", "exact")]),
        ("Support lasts three months at most.", [(3, None, "months", "exact")]),
        ("The recovery period is 45 days.", [(45, None, "days", "exact")]),
        ("Cases take six weeks to review.", [(6, None, "weeks", "exact")]),
        ("Offenders face a 10-year sentence.", [(10, None, "years", "exact")]),
        ("He was jailed for six and a half years.", [(6.5, None, "years", "exact")]),
        # ranges
        ("Between 10,000 to 13,000 people are enslaved.", [(10000, 13000, "count", "exact")]),
        ("An estimated 10,000-13,000 people are enslaved.", [(10000, 13000, "count", "approximate")]),
        ("Women stayed for between two and six months.", [(2, 6, "months", "exact")]),
        ("Between 10 and 15 per cent were children.", [(10, 15, "percent", "exact")]),
        ("The scheme cost £3-5m a year.", [(3000000, 5000000, "gbp", "exact")]),
        # qualifiers
        ("Over two thousand victims were identified.", [(2000, None, "count", "more_than")]),
        ("More than 500 people were rescued.", [(500, None, "count", "more_than")]),
        ("Under 300 cases reached court.", [(300, None, "count", "less_than")]),
        ("Fewer than 40 traffickers were convicted.", [(40, None, "count", "less_than")]),
        ("About 200 people were referred.", [(200, None, "count", "approximate")]),
        ("Almost 90 sites were raided.", [(90, None, "count", "approximate")]),
        ("Nearly 70 women were supported.", [(70, None, "count", "approximate")]),
        ("Approximately 45% of victims were male.", [(45, None, "percent", "approximate")]),
        ("Roughly 600 workers were found.", [(600, None, "count", "approximate")]),
        ("At least 130 people were arrested.", [(130, None, "count", "at_least")]),
        ("Up to 40 million people are enslaved.", [(40000000, None, "count", "at_most")]),
        ("No more than 12 were charged.", [(12, None, "count", "at_most")]),
        ("At most 8 were convicted.", [(8, None, "count", "at_most")]),
        ("The police found 1,500 or more victims.", [(1500, None, "count", "at_least")]),
        ("The charity now has 40-plus volunteers in Leeds.", [(40, None, "count", "at_least")]),
        ("A team of 100-plus officers took part in the raids.", [(100, None, "count", "at_least")]),
        ("Thirty-plus women came forward after the appeal.", [(30, None, "count", "at_least")]),
        ("The shelter has 25+ beds for survivors.", [(25, None, "count", "at_least")]),
        # a fraction as the size of a change
        ("Referrals from councils fell by a third after the new rules.",
         [(pytest.approx(100 / 3), None, "percent", "exact")]),
        ("Funding for safe houses was cut by two-thirds.", [(pytest.approx(200 / 3), None, "percent", "exact")]),
        ("Prosecutions rose by half on the year before.", [(50, None, "percent", "exact")]),
        ("Convictions have fallen by almost a quarter.", [(25, None, "percent", "approximate")]),
        ("Labour exploitation cases increased sharply by three quarters.", [(75, None, "percent", "exact")]),
        # pence of each pound are a share
        ("We spend 82p of every pound on survivor support.", [(82, None, "percent", "exact")]),
        ("Around 90p in every £1 donated goes to frontline work.", [(90, None, "percent", "approximate")]),
        ("Ninety pence in every pound reaches the helpline.", [(90, None, "percent", "exact")]),
        ("Workers kept 20p of each £10 they earned.", [(0.2, None, "gbp", "exact"), (10, None, "gbp", "exact")]),
        # a duration that is the figure stays one
        ("Victims wait two years for a decision on their case.", [(2, None, "years", "exact")]),
        ("Traffickers face sentences of up to 14 years.", [(14, None, "years", "at_most")]),
        ("The Home Office aims to decide cases within 45 days.", [(45, None, "days", "exact")]),
        ("Some survivors have waited over two years for support.", [(2, None, "years", "more_than")]),
        ("Ten survivors waited over two years for support.",
         [(10, None, "count", "exact"), (2, None, "years", "more_than")]),
        ("Twelve women stayed within two years of arriving.",
         [(12, None, "count", "exact"), (2, None, "years", "exact")]),
    ],
)
def test_number_forms(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1. Hope for Justice\n2. The Salvation Army\n  12. Unseen",
        "Trafficking rose in 2011 and again since 2003.",
        "The plan was published on 18 October and reviewed on March 3.",
        "Clauses 22-25 and section 54 of the Act cover trafficking.",
        "Article 4 of the convention applies.",
        "The charity Status Now 4 All works with A21 and the SCD9 unit.",
        "Covid-19 hit the G7 economies.",
        "Write to 23 Lincoln Road, Hindley, Wigan. WN2 3QY",
        "Call 0800 0121 700 or 999 for help.",
        "Email info@example.org.uk or visit www.example.org/page2 now.",
        "The challenges of the 21st century are many.",
        "It was the first time the Bill had a second reading.",
        "It is one of the most hidden crimes in one area.",
        "One Moldovan woman was trafficked.",
        "She arrived aged 14 with a couple.",
        "The 18-year-old was found in London.",
        "His wife, 44, who managed the bank accounts, was also convicted.",
        "Ardit Hoxha, 41, of Chadderton, was jailed for trafficking.",
        "2.2 That the Committee recommends funding the Modern Slavery Coordinator post.",
        "Four years after coming to the UK she escaped.",
        "Children under 18 are treated differently.",
        "The Modern Slavery Act 2015 was passed in 2015/16.",
        "The risk is five times higher for women.",
        "Page 2 of 3",
        "Reading time: 5 minutes",
        "Report it to the police on 101.",
        "See paragraphs 4.3-4.7 of the guidance.",
        "The 2012 Olympics raised fears of trafficking.",
        "Call Police Scotland on 101 or, in an emergency, 999.",
        "Raids took place between 7 and 13 October across the county.",
        "Updated 14:32, 6 FEB 2025",
        "He was sentenced to six years and eight months for trafficking.",
        "7.4 Ending modern slavery and exploitation\n\nThe plan is set out below.",
        "The review of the hostel was carried out by a third party.",
        "Referrals to the helpline have doubled in five years.",
        "Write to the project at 4 Mill Yard, Leicester LE1 5AB.",
        "Donations can be sent to 17 Brunswick Wharf, Hull HU1 2BB for the appeal.",
        "She was convicted of three offences under the Act.",
        "He pleaded guilty to four counts of holding a person in slavery.",
    ],
)
def test_left_out(text):
    assert stats(text) == []


def test_text_covers_qualifier_and_unit_words():
    body = "Over two thousand victims, less than 1% of cases and £500,000 were cited."
    texts = [r["text"] for r in stats(body)]
    assert texts == ["Over two thousand", "less than 1%", "£500,000"]
    assert stats("They stayed between three and eight months.")[0]["text"] == "between three and eight months"


@pytest.mark.parametrize(
    "text, subject, period",
    [
        ("In 2019 alone, over three thousand potential victims of exploitation were identified.",
         "potential victims of exploitation", "2019"),
        ("Of 350 Vietnamese men the charity has helped since 2015, few were referred.",
         "Vietnamese men", "since 2015"),
        ("Last year 300 people were rescued.", "people", "last year"),
        ("Between 2015 and 2018, 5,000 victims were referred.", "victims", "between 2015 and 2018"),
        ("It cost £2m in 2019/20.", None, "2019/20"),
        ("None of the forty people who took part were referred.", "people", None),
        ("The 30-plus people currently on our list wait for a place.", "people", None),
    ],
)
def test_subject_and_period(text, subject, period):
    record = stats(text)[0]
    assert (record["subject"], record["period"]) == (subject, period)


@pytest.mark.parametrize(
    "text",
    [
        "UK nationals made up 24% of all referrals, totalling 4,088 in the year.",
        "The most common nationality was Albanian (24%; 4,052).",
    ],
)
def test_linked_figures_share_subject(text):
    records = stats(text)
    assert len(records) == 2 and records[0]["subject"] and records[0]["subject"] == records[1]["subject"]


@pytest.mark.parametrize(
    "text, texts, period",
    [
        ("Referrals of British children fell by a third in two years.", ["a third"], "in two years"),
        ("The charity helped 212 survivors within 12 months.", ["212"], "within 12 months"),
        ("The council set aside £2 million over three years.", ["£2 million"], "over three years"),
        ("Arrests rose from 80 to 120 in just four years.", ["80", "120"], "in just four years"),
        ("Referrals rose 20% in the space of six months.", ["20%"], "in the space of six months"),
        ("Police identified 41 victims and 12 suspects in two days.", ["41", "12"], "in two days"),
    ],
)
def test_change_periods(text, texts, period):
    """A duration that says over what time a change came about is the period of its figures, not a figure."""
    records = stats(text)
    assert [r["text"] for r in records] == texts
    assert {r["period"] for r in records} == {period}


def _mention(doc_text: str, name: str, entity_id: str, entity_type: str = "organisation") -> dict:
    start = doc_text.index(name)
    return {"document_id": "fixture", "segment_id": "fixture-s1", "entity_type": entity_type,
            "entity_id": entity_id, "start": start, "end": start + len(name), "text": name}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Home Office said 500 victims were found.", "home-office"),
        ("According to the Home Office, 500 victims were found.", "home-office"),
        ("The Home Office, which runs the scheme, told us. Only 500 victims were found.", "home-office"),
        ("The Home Office met today. 500 victims were found.", None),
        ("The Home Office said this.\n\nIn total 500 victims were found.", None),  # not across paragraphs
    ],
)
def test_attribution(text, expected):
    doc_text = make_doc(text).text
    records = stats(text, [_mention(doc_text, "Home Office", "home-office")])
    assert [r["attributed_to_organisation_id"] for r in records] == [expected]


def test_programme_mentions_are_not_attributed():
    text = "The Poppy Project said 500 victims were found."
    doc_text = make_doc(text).text
    records = stats(text, [_mention(doc_text, "Poppy Project", "poppy-project", "programme")])
    assert records[0]["attributed_to_organisation_id"] is None


def test_off_topic_segment_is_skipped():
    text = "Quarterly budget review\n\nThe council spent £3 million on roads and 40 new buses.\n"
    doc = Document("offtopic", "offtopic.txt", "", "utf-8", text, len(text))
    assert extract_statistics(doc, segment_document(doc), []) == []


def test_record_keys():
    keys = {"document_id", "segment_id", "value", "value_max", "unit", "qualifier", "subject", "period"}
    keys |= {"text", "start", "end", "sentence", "attributed_to_organisation_id"}
    assert set(stats("Police found 40 victims.")[0]) == keys


@pytest.mark.parametrize("path", sorted(RAW.glob("*.txt")), ids=lambda p: p.stem)
def test_provenance_on_raw_files(path):
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig")
    doc = Document(path.stem, path.name, hashlib.sha256(raw).hexdigest(), "utf-8", text, len(raw))
    segments = segment_document(doc)
    on_topic = {s.segment_id for s in segments if s.on_topic}
    for record in extract_statistics(doc, segments, []):
        assert text[record["start"]:record["end"]] == record["text"]
        assert record["sentence"] in text and record["text"] in record["sentence"]
        assert record["segment_id"] in on_topic


# The fast paths (number spots, gate words) must give exactly what the plain scans give.
SPOT_TEXTS = [
    "Some 2,000 people; a million more, ranked 3rd and the second biggest. Two-thirds of them, half of all.",
    "Someone said eighteen? ONE in FOUR, Twenty-Four victims; 12.5 per cent, 1st largest and ranked fifth.",
    "An eighth of 300 sites (aged 14) on 18 October 2023, call 999; Status Now 4 All, A21 and Covid-19.",
    "oneTwo three\u017fix seven \u0131 eleven K\u212a \u0130two 7\u20138 a  quarter of, a-quarter of, an eighth of",
    "the other half of 40; five and a half years; between three and eight months; 10,000-13,000 cases",
    "Seven \u212aelvin one\u212a two, 3\u212a and \u00a3\u00a0five \u2019twelve\u2019 thirds of \u0663\u0664 people",
    "Arrests fell by a third, rose by half a million, were cut by two-thirds in 2 years by a third party; half-way",
    "12 and a half, 3rd 2,000.5; 7th, 45 TH 10-20 30st 1 2 3, 4.5.6 0.75 and 1,23 or 14s: 2,500,000 in 2019/20",
    "Some \u0663\u0664 people, 1\u0662 more and \uff15 sites: \u0661\u0662th, 7\u0663 and twelve of 40 (\U0001d7d9)",
]


def _spans(text: str, step: int, end_step: int | None = None):
    for start in range(0, len(text), step):
        for end in range(start + 1, len(text) + 1, end_step or step):
            yield start, end


@pytest.mark.parametrize("text", SPOT_TEXTS)
def test_spot_numbers_match_full_scan(text):
    from policy_records.extract.numbers import find_numbers, might_hold_numbers
    from policy_records.extract.statistics_spots import find_spots, holds_number, spot_numbers

    for base, limit in [(0, len(text)), (3, len(text) - 2)]:
        spots = find_spots(text, base, limit)
        for start, end in _spans(text[:limit], 3):
            if start < base:
                continue
            assert spot_numbers(text, spots, start, end) == find_numbers(text, start, end), (start, end)
            assert holds_number(text, spots, start, end) == might_hold_numbers(text[start:end]), (start, end)


def test_digits_beyond_ascii_are_found():
    from policy_records.extract.statistics_spots import _ascii_digits_only, find_spots

    text = SPOT_TEXTS[-1]
    assert not _ascii_digits_only(text.lower()) and _ascii_digits_only("12 \u2019twelve\u2019 \u00a3\u20ac \u00e9")
    spots = find_spots(text, 0, len(text))
    assert spots is not None
    assert spots.digits == [m.span() for m in re.finditer(r"\d+", text)]


def test_needed_words():
    from policy_records.extract.statistics_gates import needed_words

    assert needed_words(r"ss?\.|pp?\.") == {"s.", "p."}
    assert needed_words(r"\d\s*[ap]\.?m") == {"am", "a.m", "pm", "p.m"}
    assert needed_words(r"\d\s*[ap]\.?m", shortest=3) is None  # "am" and "pm" are too common then
    assert needed_words(r"(?:year|month)s?\s+ago") == {"year", "month"}
    assert needed_words(r"\d[a-z]{2}") is None
    assert needed_words(r"According\s+to", re.IGNORECASE) == {"according"}
    assert needed_words(r"(?i:road)") is None


GATE_TEXTS = [
    "See section 4 and ss. 12, paras. 3-4 of the Act 2015; Part 2, reg. 7; call 0800 123 4567 or text 60",
    "At 23 Lincoln Road, 4 Mill St and 9 High Street: 3 years ago, aged 14 when, 12 minutes, over 18s",
    "Police on 101, sentenced to six years; charged with 3 offences; ref 12; case no. 4; 7 times higher",
    " on 999 road  rd. st\tstreet\nlane  ave  minutes 5 of  at the time, as young as 9, 1 year later",
]


def test_anchors():
    from policy_records.extract.statistics_anchors import anchors

    assert anchors(re.compile(r"\s(?:road|st)\b")) == {("road", 1), ("st", 1)}
    assert anchors(re.compile(r"(?:year|day)s?\s+ago|\son\s+\d")) == {
        ("year", 0), ("years", 0), ("day", 0), ("days", 0), ("on", 1)
    }
    assert anchors(re.compile(r"ss?\.")) == {("s.", 0), ("ss.", 0)}
    assert anchors(re.compile(r"\d[a-z]{2}")) is None
    assert anchors(re.compile(r"[- ]\d+s\b")) is None  # " " and "-" are everywhere
    assert anchors(re.compile(r"\s+read\b")) is None  # the word is not a fixed distance from the start
    assert anchors(re.compile(r"(?=x)abc")) is None
    assert anchors(re.compile("road", re.IGNORECASE)) is None


def test_gated_patterns_match_as_before():
    from policy_records.extract.statistics_exclusions import _distinct_gates, _gates, _live, exclusion_patterns
    from policy_records.text import lowered_text as lowered

    gates, rows = _distinct_gates()
    assert sorted(row for group in rows for row in group) == list(range(len(exclusion_patterns())))
    assert len(_gates().anchored) >= 5  # the alternations of words ("clauses?|sections?|...") among them
    for text in SPOT_TEXTS + [t.upper() for t in SPOT_TEXTS] + GATE_TEXTS:
        for start, end in _spans(text, 7):
            low = lowered(text, start, end)
            if low is None:
                continue
            expected = {i for i, gate in enumerate(gates) if gate is None or gate.search(low)}
            assert _gates().matching(low) == expected, low
            live = [p for p, gate in exclusion_patterns() if gate is None or gate.search(low)]
            assert _live(low) == live


def test_word_gates_never_hide_a_match():
    from policy_records.extract.statistics_context import (
        _attribution_patterns,
        _period_gates,
        _yearless_gates,
        period_patterns,
    )
    from policy_records.extract.statistics_figures import _qualifiers
    from policy_records.extract.statistics_gates import word_gate
    from policy_records.text import lowered_text as lowered

    texts = SPOT_TEXTS + [
        "According to figures from the Home Office, in the last five years (2019) since March 2020 roughly 40",
        "Between 2015 and 2018, from 2011 to 2012, the year to March 2023, last year, no more than 12, UP TO 9",
    ]
    singles = [_attribution_patterns()["before"], _qualifiers("before")[1]]
    for text in texts + [t.upper() for t in texts]:
        for start, end in _spans(text, 5, 1):
            low = lowered(text, start, end)
            for pattern in singles:
                if pattern.search(text, start, end):
                    assert word_gate(pattern).may_match(low), (pattern.pattern, text[start:end])
            tried = set(_period_gates().tried(low))
            gates, yearless = _yearless_gates()
            tried_yearless = {yearless[i] for i in gates.tried(low)}
            for i, (pattern, needs_year) in enumerate(period_patterns()):
                if pattern.search(text, start, end):
                    assert i in tried, (pattern.pattern, text[start:end])
                    assert needs_year or i in tried_yearless, (pattern.pattern, text[start:end])


def _clear_gate_caches():
    from policy_records.extract import statistics_context, statistics_exclusions, statistics_figures, statistics_gates

    for cached in (
        statistics_exclusions._gates,
        statistics_context._period_gates,
        statistics_context._yearless_gates,
        statistics_context._attribution_gate,
        statistics_gates.word_gate,
        statistics_figures._qualifiers,
        statistics_figures._before_gate,
    ):
        cached.cache_clear()


def test_gates_without_the_regex_parser(monkeypatch):
    """Without `re._parser` no words are known: every pattern is tried, and the records stay the same."""
    from policy_records.extract import statistics_gates
    from policy_records.extract.statistics_exclusions import _gates

    paths = sorted(RAW.glob("*.txt"))[:6]
    docs = [make_document(p.read_text(encoding="utf-8"), p.stem) for p in paths]
    docs.append(make_doc(" ".join(SPOT_TEXTS) + " According to the Home Office, in the last five years 40 fell."))
    expected = [extract_statistics(d, segment_document(d), []) for d in docs]
    try:
        _clear_gate_caches()
        monkeypatch.setattr(statistics_gates, "sre_parse", None)
        assert statistics_gates.needed_words(r"(?:year|month)s?\s+ago") is None
        assert _gates().matching("nothing to see") == {i for i, gate in enumerate(_gates().patterns) if gate is None}
        assert not _gates().anchored
        assert statistics_gates.word_gate(re.compile("according")).may_match("nothing")
        assert [extract_statistics(d, segment_document(d), []) for d in docs] == expected
    finally:
        monkeypatch.undo()
        _clear_gate_caches()


def test_prev_word_as_the_pattern_finds_it():
    from policy_records.extract.statistics_figures import PREV_WORD_RE, _prev_word

    texts = SPOT_TEXTS + GATE_TEXTS + [
        "Status Now 4 All\n 12, O'Neill’s 3\n\n4, St. Mungo & Co-op 5 \t6 x_y 7 ²word 8 _a 9 \u00a0\n10 A.\n \n11",
        "a\n\nb \n c\t\n1 Ünïcode 2 ΑΒΓ 3 x1 4 12 5 -a 6 .b 7 \u2028x 8",
    ]
    for text in texts:
        for start, end in _spans(text, 1, 1):
            m = PREV_WORD_RE.search(text, start, end)
            assert _prev_word(text, start, end) == (m.span(1) if m else None), (text[start:end],)



def test_reach_is_where_the_first_gate_word_ends():
    from policy_records.extract.statistics_context import _attribution_gate, _reach

    gate = _attribution_gate()
    assert gate.words
    for low in ["", "nothing here", "the home office said, according to them", "said said"]:
        ends = [i + len(w) for w in gate.words if (i := low.find(w)) >= 0]
        assert _reach(gate, low, 10, 10 + len(low)) == (10 + min(ends) if ends else 11 + len(low))


def test_orgs_inside_keep_the_mention_order():
    from policy_records.extract.statistics import Named

    mentions = [
        {"start": s, "end": e, "entity_type": t}
        for s, e, t in [(5, 9, "organisation"), (0, 3, "organisation"), (12, 20, "person"), (12, 15, "organisation")]
    ]
    for ordered in (sorted(mentions, key=lambda m: m["start"]), mentions):
        named = Named.of(ordered, 0, 30)
        assert (named.org_starts is None) == (ordered is mentions)
        for start, end in _spans("x" * 22, 1):
            expected = [m for m in named.orgs if start <= m["start"] and m["end"] <= end]
            assert named.orgs_inside(start, end) == expected, (start, end)
