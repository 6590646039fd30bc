"""`gulfvisits show`: one meeting on one screen, with the names behind its ids. Checked over
every packaged record in process, and as users run it, in a subprocess."""
from __future__ import annotations

import json

import pytest
import yaml

import gulfvisits
from gulfvisits.isocodes import COUNTRIES
from gulfvisits.models import DISTANT_KINDS
from gulfvisits.show import _ordinal, card

from gulfvisits.withdraw import withdraw

from conftest import BAHRAIN, KUWAIT, meeting_path

DATA = gulfvisits.load()


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("meeting", DATA.meetings, ids=lambda m: m.id)
def test_a_card_names_what_the_record_holds_by_the_registries_names(meeting):
    text = card(meeting, DATA)
    lines, words = text.splitlines(), flat(text)
    assert lines[:2] == [meeting.id, meeting.title]
    assert "WITHDRAWN" not in text
    for p in meeting.participants:
        assert f"{DATA.people[p.person].name}, {p.office} ({p.country}" in words
    for t in meeting.topics:
        assert DATA.topics[t].label in words
    for o in meeting.organizations:
        assert DATA.organizations[o].name in words
    for index, source in enumerate(meeting.sources, 1):  # an address on one line, to be copied whole
        assert any(line.endswith(f"[{index}] {source.url}") for line in lines)
        published = source.published.isoformat() if source.published else "undated"
        assert f"{flat(source.publisher)}, {published}, {source.language}" in words
        if source.note:
            assert f"note: {flat(source.note)}" in words
    assert flat(meeting.summary) in words
    assert f"EDTF {meeting.edtf}" in words
    # A call or a video conference took place in no one city: its card gives no place at all.
    assert sum(line.startswith("place ") for line in lines) == (meeting.kind not in DISTANT_KINDS)
    if meeting.location.city:
        assert f"{meeting.location.city}, {COUNTRIES[meeting.location.country][0]}" in words
    if meeting.location.city_basis:
        assert f"(city {meeting.location.city_basis})" in words
    if meeting.date.note:
        assert flat(meeting.date.note) in words
    d = meeting.date
    if d.earliest and d.latest and d.earliest != d.latest:
        assert f"between {d.earliest.isoformat()} and {d.latest.isoformat()}" in words
    if meeting.visiting_country is not None:
        assert (f"between {COUNTRIES[meeting.visiting_country][0]} (visiting) and "
                f"{COUNTRIES[meeting.host_country][0]} (host)") in words
    for disagreement in meeting.disagreements:
        assert f"why: {flat(disagreement.why)}" in words
    c = meeting.curation
    assert f"curated added by {c.added_by} on {c.added_on.isoformat()}; " + (
        f"reviewed by {c.reviewed_by} on {c.reviewed_on.isoformat()}" if c.reviewed_by and c.reviewed_on
        else "not reviewed") in words
    if meeting.date.basis != "stated":
        assert "stated by a source" not in words
    # A visit's line names the visit's other meetings, and only those: the card's own id once, on top.
    assert meeting.id not in "\n".join(lines[1:])
    if meeting.visit is not None:
        assert all(o.id in words for o in DATA.meetings if o.visit == meeting.visit and o is not meeting)
    kind = next(line for line in lines if line.startswith("kind "))
    number = meeting.session_number
    assert kind.endswith(f"({_ordinal(number)})" if number else meeting.kind.replace("_", " "))


@pytest.mark.parametrize("ident, bodies", [
    ("2024-01-01-aze-are-ecology-minister-industry-minister-new-york",
     ["UN Climate Change Conference COP28", "UN Climate Change Conference 2024 (COP29)"]),
    ("1994-12-13-aze-kwt-president-emir-casablanca", ["Organization of Islamic Cooperation (OIC)"]),
])
def test_a_card_gives_a_body_s_acronym_once(ident, bodies):
    """After the name, unless the name already holds it: "(COP29) (COP29)" reads as a typo."""
    lines = card(DATA.lookup(ident), DATA).splitlines()
    at = next(index for index, line in enumerate(lines) if line.startswith("bodies "))
    assert [line.removeprefix("bodies").strip() for line in lines[at:at + len(bodies)]] == bodies


def test_a_card_says_what_the_sources_leave_open(seeds):
    data = gulfvisits.load(seeds)
    kuwait = data.lookup(KUWAIT)
    words = flat(card(kuwait, data))
    assert "(day; derived by the curators, see the note); EDTF 2025-04-30?" in words
    archive = f"https://web.archive.org/web/2025/{kuwait.sources[0].url}"  # no packaged record has one yet
    archived = kuwait.model_copy(update={"sources": [kuwait.sources[0].model_copy(update={"archived_url": archive}),
                                                     *kuwait.sources[1:]]})
    assert f"archived: {archive}" in flat(card(archived, data))
    assert "place Kuwait (no city named)" in words and "format not stated" in words
    assert "News.Az, undated, en, citing Ministry of Foreign Affairs" in words
    bahrain = flat(card(data.lookup(BAHRAIN), data))
    assert "(day; only the report's publication date is known); EDTF 2025-05-12?" in bahrain
    assert "format one on one, then expanded with delegations" in bahrain
    assert "anniversary: 30th anniversary of diplomatic relations between Azerbaijan and Bahrain (30th, 2026)" \
        in bahrain
    assert "chairmanship: Azerbaijan's chairmanship of CICA (2025, year derived, see the note); note:" in bahrain


def test_a_card_names_a_principal_by_name_and_gives_a_call_no_side():
    """A participant who acted for another is shown with that person's name, not the registry's
    id; and on a call, where neither side travelled, no participant gets a side."""
    cop29 = flat(card(DATA.lookup("2024-11-01-aze-kwt-president-crown-prince-cop29"), DATA))
    principal = DATA.people["meshal-al-ahmad-al-jaber-al-sabah"].name
    assert f"(KWT, visiting), on behalf of {principal}" in cop29
    call = flat(card(DATA.lookup("2023-12-09-aze-are-presidents-phone-call"), DATA))
    assert "(ARE)" in call and "(AZE)" in call and "neither" not in call


@pytest.mark.parametrize("n, written", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"),
                                        (13, "13th"), (21, "21st"), (22, "22nd"), (33, "33rd"), (111, "111th"),
                                        (112, "112th"), (101, "101st")])
def test_an_ordinal_is_written_as_english_writes_it(n, written):
    assert _ordinal(n) == written


def test_show_prints_cards_and_a_withdrawal_first(seeds, cli):
    withdraw(seeds, BAHRAIN, "Describes the same talks as another record.", replaced_by=KUWAIT)
    done = cli("show", BAHRAIN, KUWAIT, "--records", "seeds", cwd=seeds.parent)
    assert (done.code, done.stderr) == (0, "")
    first, second = done.stdout.split(f"\n\n{KUWAIT}\n")  # a blank line between the cards
    on = gulfvisits.load(seeds).lookup(BAHRAIN).withdrawal.withdrawn_on  # today, whichever side of midnight
    assert first.splitlines()[3:5] == [f"WITHDRAWN  on {on.isoformat()}: Describes the same talks as "
                                       "another record.", f"           replaced by {KUWAIT}"]
    assert "WITHDRAWN" not in second and second.startswith("Foreign ministers of Azerbaijan and Kuwait")


def test_show_json_is_the_records_in_the_yamls_shape(seeds, cli):
    done = cli("show", KUWAIT, BAHRAIN, "--format", "json", "--records", "seeds", cwd=seeds.parent)
    assert done.code == 0
    expected = [yaml.safe_load(meeting_path(seeds, ident).read_text(encoding="utf-8")) for ident in (KUWAIT, BAHRAIN)]
    assert json.loads(done.stdout) == json.loads(json.dumps(expected, default=str))
    one = cli("show", KUWAIT, "--format", "json", "--records", "seeds", cwd=seeds.parent)
    assert json.loads(one.stdout) == json.loads(json.dumps(expected[:1], default=str))  # a list, even of one


def test_an_unknown_id_prints_nothing_and_names_the_nearest(seeds, cli):
    done = cli("show", KUWAIT, KUWAIT[:-1], "--records", "seeds", cwd=seeds.parent)
    assert (done.code, done.stdout) == (1, "")
    assert done.stderr == f"Error: no meeting with id '{KUWAIT[:-1]}' (did you mean '{KUWAIT}'?)\n"
