"""Pledges: cue table, subjects, reported speech, lead-ins, non-pledges, actors, provenance."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from policy_records.extract.pledges import extract_pledges, theme_of
from policy_records.model import Document
from policy_records.segment import segment_document
from tests.conftest import make_document

RAW = Path(__file__).resolve().parent.parent / "raw"
TOPIC = "Human trafficking and modern slavery remain serious crimes in Britain."
KEYS = {"document_id", "segment_id", "kind", "text", "start", "end", "actor", "actor_organisation_id",
        "addressee", "theme"}
THEMES = {"victim_support", "prosecution", "prevention", "border_security", "immigration", "training",
          "funding", "business_accountability", "international_cooperation", "survivor_voice", "policing",
          "other"}


def make_doc(text: str, document_id: str = "fixture") -> Document:
    return make_document(text, document_id)


def pledges_of(text: str, mentions: list[dict] | None = None) -> list[dict]:
    doc = make_doc(text)
    return extract_pledges(doc, segment_document(doc), mentions or [])


def one(sentence: str) -> dict | None:
    """The pledge made by `sentence` placed after an on-topic opening sentence."""
    found = [p for p in pledges_of(f"{TOPIC} {sentence}") if p["text"] == sentence]
    return found[0] if found else None


def mention(text: str, surface: str, entity_id: str, occurrence: int = 0) -> dict:
    m = list(re.finditer(re.escape(surface), text))[occurrence]
    return {"document_id": "fixture", "segment_id": "fixture-s1", "entity_type": "organisation",
            "entity_id": entity_id, "start": m.start(), "end": m.end(), "text": surface}


@pytest.mark.parametrize("sentence, expected", [
    # commitments: first person, named actors, commitment verbs
    ("We will double the funding of specialist support for trafficking victims.", "commitment"),
    ("We shall open a safe house for survivors in every region.", "commitment"),
    ("We'll appoint an anti-slavery lead in every police force.", "commitment"),
    ("We would restore legal aid for victims of trafficking.", "commitment"),
    ("The Home Office will publish a new anti-slavery strategy next year.", "commitment"),
    ("Our charity remains committed to ending child trafficking.", "commitment"),
    ("The council pledges to train all of its housing officers.", "commitment"),
    ("Our aim is to identify every victim of exploitation.", "commitment"),
    ("We won't rest until forced labour ends.", "commitment"),
    ("The National Crime Agency (NCA) will receive new funding to tackle trafficking gangs.", "commitment"),
    ("The force will be running awareness sessions for hotels in November.", "commitment"),
    ("The Crown Prosecution Service (CPS) needs to use slavery prevention orders more often.", "demand"),
    ("We are also committing £20 million to a new fund to tackle trafficking at source.", "commitment"),
    # demands: obligations on others, requests, impersonal
    ("Employers must check their supply chains for forced labour.", "demand"),
    ("The next government should appoint a minister for modern slavery.", "demand"),
    ("Local authorities need to provide safe housing for survivors.", "demand"),
    ("Ministers ought to publish the review in full.", "demand"),
    ("All frontline staff must have completed training on spotting exploitation.", "demand"),
    ("We call on the Government to ratify the convention.", "demand"),
    ("We ask every party to commit to a survivor-centred approach.", "demand"),
    ("We urge ministers to restore legal aid for trafficked people.", "demand"),
    ("We encourage the incoming government to fund independent advocates.", "demand"),
    ("The report recommends that the Home Office review the referral system.", "demand"),
    ("It is vital that the Government funds specialist support.", "demand"),
    ("There is an urgent need to reform the asylum system for victims.", "demand"),
    # negations are still pledges
    ("Victims of slavery must not be detained.", "demand"),
    ("Survivors should not be deported while their case is considered.", "demand"),
    ("We will not allow forced labour in public supply chains.", "commitment"),
    # a past pledge of a named actor, reported
    ("The Prime Minister pledged to end forced labour in public contracts.", "commitment"),
])
def test_cues(sentence, expected):
    found = one(sentence)
    assert found is not None and found["kind"] == expected


@pytest.mark.parametrize("sentence", [
    # questions
    "Will the government act on forced labour?",
    "Should victims really have to wait two years for a decision?",
    # past facts and support for what was already done
    "Last year the police rescued forty victims of forced labour.",
    "We welcomed the new law when it was passed.",
    "The Home Office agreed last week to pay the woman damages.",
    # predictions and general truths
    "There will always be people who exploit others.",
    "Victims will often be too frightened to come forward.",
    "They will be sent back to the countries they fled.",
    "I am sure we will see more cases like this one.",
    # conditional, counterfactual and past-habitual would
    "If the victims had known, they would have left earlier.",
    "Her traffickers told her that the police would put her in jail.",
    "She said her traffickers would beat her if she refused.",
    "Every night the gang would lock the workers in the barn.",
    "They met a smuggler who had promised that he would find them work.",
    # modals that are not pledges
    "Many victims must work twelve hours a day.",
    "Police officers must have known about the exploitation.",
    "Women were returned against their will to their home country.",
    "There are concerns about conflicts should these women be of another faith.",
    "Despite government promises to the contrary, funding was cut.",
    "The traffickers promised to find her a job in a restaurant.",
    "We would like to thank our volunteers and donors.",
    # beliefs, concerns, personal asides and reported needs or urgings that are no one's pledge
    "There are concerns that the Home Office will cut the helpline budget.",
    "Charities fear that the Home Office will cut funding for safe houses.",
    "We hope the Government will fund the helpline.",
    "I'll be honest: I had never heard of modern slavery before last year.",
    "I must admit I was shocked by what I saw on the farm.",
    "Under the current system, victims will wait two years for a decision.",
    "The report, published by the Home Affairs Committee, will be debated next week.",
    "She said she needed to find work to pay off her debts.",
    "Police said the victims needed to be moved to a safe house.",
    "The victims needed to be moved to a safe house.",
    "Her employer urged her to keep quiet about the conditions.",
    "The Home Office was urged to act by several charities.",
    "The minister was called on to resign over the scandal.",
])
def test_not_pledges(sentence):
    assert one(sentence) is None


@pytest.mark.parametrize("text, quote, actor", [
    ("The helpline will be extended to Wales, the Government has said.",
     "The helpline will be extended to Wales, the Government has said.", "the Government"),
    ("The minister said that new guidance would be issued to councils.",
     "The minister said that new guidance would be issued to councils.", "The minister"),
    ("Ms Jones, the minister, said the plan was ready. "
     "She stressed it was urgent, saying checks would be tightened.",
     "She stressed it was urgent, saying checks would be tightened.", "the minister"),
    ('The Security Minister added: "The plan sets out our priorities." '
     '"We will target the gangs at the border."',
     '"We will target the gangs at the border."', "The Security Minister"),
    ('A spokesman for the Home Office said: "The review is complete. We will publish it next month."',
     'We will publish it next month."', "A spokesman for the Home Office"),
    ("The Minister for Safeguarding and Violence, Jane Smith, said the Government would publish new rules.",
     "The Minister for Safeguarding and Violence, Jane Smith, said the Government would publish new rules.",
     "The Minister for Safeguarding and Violence"),
])
def test_reported_speech_is_the_reporters_commitment(text, quote, actor):
    found = [p for p in pledges_of(f"{TOPIC} {text}") if p["text"] == quote]
    assert found and found[0]["kind"] == "commitment" and found[0]["actor"] == actor


@pytest.mark.parametrize("text, expected", [
    ("Our recommendations are:\n\n- Extend support to twelve months\n- Fund advocates for every child\n",
     [("Extend support to twelve months", "demand"), ("Fund advocates for every child", "demand")]),
    ("THE PARTY WOULD:\n\n* Protect survivors of trafficking;\n* Train border staff.\n",
     [("Protect survivors of trafficking;", "commitment"), ("Train border staff.", "commitment")]),
    ("We will:\n\n1. Introduce a new slavery bill\n2. Protect victims of trafficking\n",
     [("Introduce a new slavery bill", "commitment"), ("Protect victims of trafficking", "commitment")]),
    ("Signed by:\n\n- Survivors Trust\n- Freedom Network\n", []),
    ("Exploitation is rising fast. So we call on ministers to:\n\n- Fund safe houses\n",
     [("Fund safe houses", "demand")]),
    ("#### Next year we will\n\n- Open a second safe house for survivors\n- Train 200 nurses\n",
     [("Open a second safe house for survivors", "commitment"), ("Train 200 nurses", "commitment")]),
    ("#### What we achieved\n\n- Supported 40 survivors of trafficking\n- Trained 90 nurses\n", []),
])
def test_items_take_the_lead_in(text, expected):
    found = [(p["text"], p["kind"]) for p in pledges_of(f"{TOPIC}\n\n{text}")]
    assert found == expected


def test_joint_letter_actor_is_the_signatories():
    text = (f"{TOPIC} Our organisations ask that all political parties renew their pledge to end slavery. "
            "We urge any future government to fund specialist support for victims.\n\nSigned by:\n\n"
            "- Freedom Trust\n- Safe Haven Project\n")
    mentions = [mention(text, "Freedom Trust", "freedom-trust"),
                mention(text, "Safe Haven Project", "safe-haven")]
    found = pledges_of(text, mentions)
    assert [p["kind"] for p in found] == ["demand", "demand"]
    assert {(p["actor"], p["actor_organisation_id"]) for p in found} == {("the signatories", None)}
    assert [p["addressee"] for p in found] == ["all political parties", "any future government"]


def test_party_page_we_is_the_party_and_we_need_is_a_commitment():
    text = ("Liberal Democrats policy on people trafficking\n\n"
            "Human trafficking and modern slavery must end. We need to invest in border officers to stop "
            "traffickers. The Border Force must be properly resourced.\n\nLIBERAL DEMOCRATS WOULD:\n\n"
            "- Ensure that victims of trafficking are supported.\n")
    found = pledges_of(text, [mention(text, "Liberal Democrats", "liberal-democrats")])
    by_text = {p["text"]: p for p in found}
    invest = by_text["We need to invest in border officers to stop traffickers."]
    assert (invest["kind"], invest["actor_organisation_id"]) == ("commitment", "liberal-democrats")
    force = by_text["The Border Force must be properly resourced."]
    assert (force["kind"], force["addressee"]) == ("demand", "The Border Force")
    item = by_text["Ensure that victims of trafficking are supported."]
    assert (item["kind"], item["actor"], item["actor_organisation_id"]) == (
        "commitment", "Liberal Democrats", "liberal-democrats")


def test_researcher_we_need_is_a_demand():
    found = one("To end exploitation we need to rethink how support is delivered.")
    assert found is not None and found["kind"] == "demand"


def test_named_subject_mention_gives_the_organisation():
    text = f"{TOPIC} The Home Office will publish a new strategy on forced labour."
    found = pledges_of(text, [mention(text, "Home Office", "home-office")])
    assert [(p["actor"], p["actor_organisation_id"]) for p in found] == [("The Home Office", "home-office")]


@pytest.mark.parametrize("text, expected", [
    ("We will invest in specialist funding for charities.", "funding"),
    ("Provide better training for frontline staff.", "training"),
    ("Businesses should be held accountable for their supply chains.", "business_accountability"),
    ("We will target smugglers at the border.", "border_security"),
    ("Ensure that victims are always supported.", "victim_support"),
    ("Action is needed.", "other"),
])
def test_theme(text, expected):
    assert theme_of(text) == expected


def test_provenance_over_raw_files():
    files = sorted(RAW.glob("*.txt"))
    assert files
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8-sig", errors="replace")
        doc = Document(path.stem, path.name, hashlib.sha256(data).hexdigest(), "utf-8", text, len(data))
        segments = segment_document(doc)
        on_topic = {s.segment_id for s in segments if s.on_topic}
        for p in extract_pledges(doc, segments, []):
            assert set(p) == KEYS
            assert text[p["start"]:p["end"]] == p["text"]
            assert p["segment_id"] in on_topic
            assert p["kind"] in ("commitment", "demand") and p["theme"] in THEMES
            assert p["text"] == p["text"].strip() and not p["text"].startswith(("-", "*", "\u2022"))


def test_lower_case_search_finds_the_same_pledges(monkeypatch):
    """Units searched in lower case (`pledge_fold`) give the same records as the IGNORECASE patterns."""
    from policy_records.extract import pledges as pledges_module
    for path in sorted(RAW.glob("*.txt")):
        data = path.read_bytes()
        text = data.decode("utf-8-sig", errors="replace")
        doc = Document(path.stem, path.name, hashlib.sha256(data).hexdigest(), "utf-8", text, len(data))
        segments = segment_document(doc)
        with monkeypatch.context() as patched:
            patched.setattr(pledges_module, "lowered_text", lambda _text: None)
            slow = extract_pledges(doc, segments, [])
        assert extract_pledges(doc, segments, []) == slow


@pytest.mark.parametrize("pattern, expected", [
    (r"\bwill\b|['’]ll\b", True),
    (r"\b(?:am|are)\s+[£$€]", True),
    (r"[a-z0-9]\w+ed", True),
    (r"[\[-~]", True),
    (r"\bThe\b", False),  # upper-case letter
    (r"[!-~]", False),  # range over the upper-case letters
    (r"(?-i:the)", False),  # inline flag
    (r"(a)\1", False),  # backreference
    (r"\x41", False),  # character by code
    (r"café", False),  # cased letter beyond ASCII
])
def test_foldable(pattern, expected):
    from policy_records.extract.pledge_fold import foldable
    assert foldable(pattern) is expected


@pytest.mark.parametrize("text, lowered", [
    ("We WILL act.", "we will act."),
    ("We ſhall act.", None),  # long s: IGNORECASE takes it for "s"
    ("A 5 \u212a rise.", None),  # Kelvin sign
    ("\u0130stanbul", None),  # lowers to two characters
])
def test_lowered_text(text, lowered):
    from policy_records.text import lowered_text
    assert lowered_text(text) == lowered


@pytest.mark.parametrize("sentence", [
    "We will open a safe house for survivors in \u0130stanbul.",  # no lower-case search in this document
    "Our partners in \u0130stanbul should protect trafficked women.",
])
def test_pledges_without_lower_case_search(sentence):
    found = one(sentence)
    assert found is not None and found["kind"] == ("commitment" if sentence.startswith("We") else "demand")


@pytest.mark.parametrize("text", ["signatories", "xsignatories and signatories", "co-signed", "nothing", "xco-signed"])
def test_search_led_by_word_boundary(text):
    from policy_records.extract.pledge_fold import search
    pattern = re.compile(r"\b(?:signatories\b|co-signed\b)")
    for start in range(len(text)):
        found, expected = search(pattern, text, start, len(text)), pattern.search(text, start, len(text))
        assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("heading, named", [
    ("Our policy on modern slavery", False),
    ("Liberal Democrats: our plan", True),
    ("LIBERAL DEMOCRATS WOULD", True),
    ("Sinn Féin on trafficking", True),
    ("Liberal Democrat\u212a policy", True),  # a character IGNORECASE folds: no shortcut
])
def test_party_gate(heading, named):
    from policy_records.extract.pledge_voice import may_name_party
    assert may_name_party(heading) is named


# Passive and reported announcements: the announcer (or the document's voice) is the actor.
@pytest.mark.parametrize("sentence, actor", [
    ("Survivors will receive twelve months of support under plans unveiled today by the Home Office.",
     "the Home Office"),
    ("Councils will get new powers to close unsafe houses under measures announced by the Scottish Government.",
     "the Scottish Government"),
    ("Under the new Bill, victims will be given a statutory right to support.", "the author"),
    ("Under the proposed legislation the inspectorate will be given powers to enter farms.", "the author"),
    ("Through the new strategy, frontline staff will be trained to spot exploitation.", "the author"),
])
def test_announced_commitments(sentence, actor):
    found = one(sentence)
    assert found is not None and (found["kind"], found["actor"]) == ("commitment", actor)


# Reported and past-tense demands: the reporter asks, the subject (or object) is the addressee.
@pytest.mark.parametrize("sentence, actor, addressee", [
    ("The Children's Commissioner said the Government needed to guarantee an advocate for every child.",
     "The Children's Commissioner", "the Government"),
    ("The Home Affairs Committee urged ministers to extend support to twelve months.",
     "The Home Affairs Committee", "ministers"),
    ("The Local Government Association called on the Government to fund safe accommodation.",
     "The Local Government Association", "the Government"),
    ("The Commissioner said ministers must now publish the review in full.", "The Commissioner", "ministers"),
    ("The Commissioner said the case showed why the Home Office needed to act.", "The Commissioner",
     "the Home Office"),
    ("We believe the Government should fund independent advocates.", "the author", "the Government"),
    ("The Commission believes that the Home Office should publish its data every quarter.", "the author",
     "the Home Office"),
    ("We are convinced that ministers must act now.", "the author", "ministers"),
])
def test_reported_and_believed_demands(sentence, actor, addressee):
    found = one(sentence)
    assert found is not None and (found["kind"], found["actor"], found["addressee"]) == ("demand", actor, addressee)


@pytest.mark.parametrize("sentence, expected", [
    ("We believe that victims deserve protection, and we will campaign for a new law.", "commitment"),
    ("We fear the worst for these children, and we will keep pressing ministers to act.", "commitment"),
    ("We will keep pressing for confirmed victims to get longer support.", "commitment"),
])
def test_belief_does_not_reach_past_its_clause(sentence, expected):
    found = one(sentence)
    assert found is not None and found["kind"] == expected and found["actor"].lower() == "we"


# A unit whose clauses (split at a colon or semicolon) pledge with different kinds gives one record per clause.
@pytest.mark.parametrize("text, expected", [
    ("We will keep pressing the Home Office to fund advocates: the Government must make sure that no child "
     "is moved without one.",
     [("We will keep pressing the Home Office to fund advocates", "commitment"),
      ("the Government must make sure that no child is moved without one.", "demand")]),
    ("We will publish our findings in June; councils should act on them.",
     [("We will publish our findings in June", "commitment"), ("councils should act on them.", "demand")]),
    ("The Home Office must end the cliff edge: survivors should not lose support overnight.",
     [("The Home Office must end the cliff edge: survivors should not lose support overnight.", "demand")]),
    ('The Minister said: "We will act on the review."',
     [('The Minister said: "We will act on the review."', "commitment")]),
    ("Our view is simple: the Government must act.", [("Our view is simple: the Government must act.", "demand")]),
])
def test_clauses_of_different_kinds(text, expected):
    found = [(p["text"], p["kind"]) for p in pledges_of(f"{TOPIC} {text}")]
    assert found == expected


def test_split_clause_keeps_the_reporter():
    text = f'{TOPIC} The Minister said: "We will fund the helpline; councils must do their part."'
    found = [(p["text"], p["kind"], p["actor"]) for p in pledges_of(text)]
    assert found == [('"We will fund the helpline', "commitment", "The Minister"),
                     ('councils must do their part."', "demand", "The Minister")]


@pytest.mark.parametrize("sentence", [
    "Survivors will receive support under plans unveiled today by the Home Office.",
    "The Commissioner said the Government needed to act.",
    "We are deeply concerned that the new Bill will leave children without an advocate.",
    "We will publish our findings in June; councils should act on them.",
])
def test_scope_rules_without_lower_case_search(monkeypatch, sentence):
    """The belief, frame and announcer patterns give the same records on lower-cased text (`pledge_fold`)."""
    from policy_records.extract import pledges as pledges_module
    fast = pledges_of(f"{TOPIC} {sentence}")
    monkeypatch.setattr(pledges_module, "lowered_text", lambda _text: None)
    assert pledges_of(f"{TOPIC} {sentence}") == fast
