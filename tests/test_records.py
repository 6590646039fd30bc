"""The curated records: all valid, and the two seed meetings hold every fact their reports state.

Like pycountry's tests, the count is pinned and known records are checked field by field, so
an accidental edit to the data fails here first.
"""
from __future__ import annotations

import calendar
import re
import subprocess
import sys
from datetime import date

import pytest

import gulfvisits
from gulfvisits.models import SESSION_KINDS
from gulfvisits.validate import validate_tree

from conftest import BAHRAIN, KUWAIT, RECORDS, REPO
from curation_log import entries, number_words, ordinal_words
from test_curation_log import assert_sessions_add_up

SHARED = REPO.parent / "shared"


@pytest.fixture(scope="module")
def data():
    return gulfvisits.load(RECORDS)


def test_records_tree_is_valid():
    report = validate_tree(RECORDS)
    assert [str(e) for e in report.errors] == []
    assert report.files_checked == 3 + len(list((RECORDS / "meetings").rglob("*.yaml")))


def test_record_count_is_pinned(data):
    assert len(data.meetings) == 214
    assert len(data.withdrawn) == 7
    assert (len(data.people), len(data.organizations), len(data.topics)) == (127, 31, 42)


def test_the_curation_log_counts_what_the_records_hold(data):
    """CURATION.md is prose, not a generated file, so a count written there goes stale when a
    session adds records and forgets the sentence (the forty-third did: "191 meetings")."""
    log = (RECORDS / "CURATION.md").read_text(encoding="utf-8")
    pages = {s.url for m in data.meetings for s in m.sources}
    turned = re.search(r"^(\d+) meetings citing (\d+) distinct public pages", log, re.M)
    assert turned and (int(turned[1]), int(turned[2])) == (len(data.meetings), len(pages))
    recent = [m for m in data.meetings if m.date.value.year >= 2023]
    coverage = re.search(r"^(\d+) meetings, (\d+) of them from 2023 on \(([^)]*)\)", log, re.M)
    assert coverage and (int(coverage[1]), int(coverage[2])) == (len(data.meetings), len(recent))
    names = {"UAE": "ARE", "Saudi Arabia": "SAU", "Qatar": "QAT", "Oman": "OMN", "Kuwait": "KWT",
             "Bahrain": "BHR"}
    written = {names[name]: int(n)
               for name, n in re.findall(r"([A-Z][A-Za-z ]*?)\s+(\d+)", coverage[3])}
    assert written == {c: sum(m.gulf_country == c for m in recent) for c in names.values()}


def test_the_curation_log_counts_the_disagreements_the_records_hold(data):
    """The log's section on disagreements says in words how many records hold how many; a session
    that adds one edits a record and a sentence far apart, as 0.54.25 did."""
    log = (RECORDS / "CURATION.md").read_text(encoding="utf-8")
    written = re.search(r"why \(([a-z-]+) records, ([a-z-]+) disagreements;", log)
    held = [m for m in data.meetings if m.disagreements]
    assert written and written.groups() == (number_words(len(held)),
                                            number_words(sum(len(m.disagreements) for m in held)))
    assert [number_words(n) for n in (7, 20, 21, 42, 99)] == ["seven", "twenty", "twenty-one", "forty-two",
                                                                  "ninety-nine"]


def test_the_curation_log_adds_up_its_sessions():
    """Each session adds itself in four places: the query table's heading counts the sessions, the
    coverage paragraph lists what each found in how many queries, a sentence sums the last twenty,
    and the session's paragraph says how many queries it ran. ``curation_log.py`` writes them now;
    until 0.79.36 they were written by hand, and the sum was the easiest to get wrong."""
    log = (RECORDS / "CURATION.md").read_text(encoding="utf-8")
    assert_sessions_add_up(log)
    assert len(entries(log)) > 60  # the list was read, not skipped


_MONTHS = list(calendar.month_name)  # "", "January", ...: a name's index is its month, as rules.py names them
_MONTH_AND_YEAR = rf"({'|'.join(_MONTHS[1:])}),? (\d{{4}})"  # groups: the month's name, the year


def _clauses_called_recorded(log: str) -> list[str]:
    """Each clause of a query row that calls meetings recorded; a clause that also says "set aside",
    "http only" and the like is left out, since it speaks of reports that are not records too."""
    rows = [line for line in log[:log.index("\n## Reports turned into records")].splitlines() if line.startswith("| ")]
    return [clause.strip() for row in rows for clause in row.partition("(")[2].split(";")
            if "recorded" in clause and not re.search(
                r"set aside|http only|undated|out of scope|not recorded|no year|announced", clause)]


def _months_called_recorded(log: str) -> list[tuple[str, str]]:
    """(YYYY-MM, clause) for each month and year that a clause calling meetings recorded names."""
    return [(f"{year}-{_MONTHS.index(month):02d}", clause) for clause in _clauses_called_recorded(log)
            for month, year in re.findall(_MONTH_AND_YEAR, clause)]


def test_a_month_the_log_calls_recorded_holds_a_record(data):
    """The query rows say in prose what came back, "recorded" or "set aside", and nothing ties the
    word to the records: until 0.62.6 a row called Aliyev's reception of Al-Sabhan (May 2017, set
    aside over http) recorded, in a month that holds no record. The month is checked here, the
    people in the next test."""
    held = {m.date.value.strftime("%Y-%m") for m in data.meetings}
    named = _months_called_recorded((RECORDS / "CURATION.md").read_text(encoding="utf-8"))
    assert len(named) > 600
    assert [(month, clause[:120]) for month, clause in named if month not in held] == []
    rows = ["| q | en (recorded: the reception of Al-Sabhan, May 2017, and Heydar Aliyev's visit of July 1994) |",
            "| q | en (the reception of Al-Sabhan, May 2017, http only; recorded: the visit of July 1994) |"]
    assert [month for month, _ in _months_called_recorded("\n".join(rows) + "\n## Reports turned into records")] == [
        "2017-05", "1994-07", "1994-07"]


def _person_aliases(people) -> dict[str, str]:
    """How the log's prose names a registry person: the name and its variants, a Gulf name cut
    after "X bin Y" ("Mohamed bin Zayed"), the surname of a name without particles ("Bayramov")
    and a closing "Al-" family name ("Al-Falih"). An alias two people share is dropped, but for a
    bare "Aliyev", which the log uses for the President alone: it names Heydar, Natig or Anar Aliyev
    in full, and a full name is matched before a bare one."""
    found: dict[str, set[str]] = {}
    for person in people:
        for name in [person.name, *person.name_variants]:
            words = name.split()
            short = re.match(r"(?:(?:Sheikh|Prince|Sayyid) )?(\S+ (?:bin|ben|bint) \S+)", name)
            plain = not re.search(r"\b(?:bin|ben|Al|al)\b|\bAl-", name)
            for alias in [name, short and short[1], plain and len(words) > 1 and words[-1],
                          words[-1].lower().startswith("al-") and words[-1]]:
                if alias and len(alias) >= 5:
                    found.setdefault(alias, set()).add(person.id)
    return {alias: next(iter(ids)) for alias, ids in found.items() if len(ids) == 1} | {"Aliyev": "ilham-aliyev"}


def _people_named(text: str, aliases: dict[str, str]) -> list[str]:
    """The registry people ``text`` names, longest alias first, so that "Natig Aliyev" is not also
    read as a bare "Aliyev"."""
    named = []
    for alias in sorted(aliases, key=len, reverse=True):
        pattern = rf"(?<![\w-]){re.escape(alias)}(?![\w-])"
        if alias in text and re.search(pattern, text):
            named.append(aliases[alias])
            text = re.sub(pattern, " ", text)
    return named


def _pairs_called_recorded(log: str, aliases: dict[str, str]) -> list[tuple[str, str, str]]:
    """(person, person, item) for each item of a clause calling meetings recorded that reads
    "<someone> with <someone>" ("Bayramov with Al-Falih, June 2021"), both in the registry."""
    pairs = []
    for clause in _clauses_called_recorded(log):
        for item in re.split(r", | and ", clause.rstrip(" |").rstrip(")")):
            left, with_, right = item.partition(" with ")
            if not with_:
                continue
            first = next(iter(_people_named(left, aliases)), None)
            second = next(iter(_people_named(right, aliases)), None)
            if first and second and first != second:
                pairs.append((first, second, item))
    return pairs


def test_people_the_log_calls_recorded_meet_in_a_record(data):
    """A month can hold a record and still not the meeting a row calls recorded: until 0.76.3 a row
    called "Bayramov with Mohamed bin Zayed" recorded, which is Al Ain's undated reception, set
    aside; no record has the two together."""
    aliases = _person_aliases(data.people.values())
    together = [{p.person for p in m.participants} for m in data.meetings]

    def met(first: str, second: str) -> bool:
        return any({first, second} <= people for people in together)

    pairs = _pairs_called_recorded((RECORDS / "CURATION.md").read_text(encoding="utf-8"), aliases)
    assert len(pairs) > 160
    assert [(a, b, item[:120]) for a, b, item in pairs if not met(a, b)] == []
    rows = ["| q | en (recorded: Bayramov with Mohamed bin Zayed, the presidents' call, and Aliyev with Mohammed bin Rashid) |",
            "| q | en (Bayramov with Mohamed bin Zayed, set aside; recorded: Bayramov with Al-Falih, June 2021) |"]
    assert [(a, b) for a, b, _ in _pairs_called_recorded("\n".join(rows) + "\n## Reports turned into records", aliases)] == [
        ("jeyhun-bayramov", "mohamed-bin-zayed-al-nahyan"), ("ilham-aliyev", "mohammed-bin-rashid-al-maktoum"),
        ("jeyhun-bayramov", "khalid-al-falih")]


def _gulf_people_dated_as_recorded(log: str, aliases: dict[str, str], gulf: set[str]) -> list[tuple[str, list[str], str]]:
    """(YYYY-MM, Gulf people, text) for each month and year that a clause calling meetings recorded
    gives to an item naming Gulf registry people. The log writes the item and then its date
    ("Bayramov with Al-Falih, June 2021") or the date inside it ("Al-Falih's Baku visit of April
    2017"), so the text is the comma-separated part before the date and the part that holds it."""
    dated = []
    for clause in _clauses_called_recorded(log):
        for segment in re.finditer(rf".*?{_MONTH_AND_YEAR}", clause.split("recorded", 1)[1]):
            parts = segment[0].split(", ")
            text = ", ".join(parts[-2:]) if re.fullmatch(_MONTH_AND_YEAR, parts[-1].strip()) else parts[-1]
            month, year = segment.groups()
            people = [person for person in _people_named(text, aliases) if person in gulf]
            if people:
                dated.append((f"{year}-{_MONTHS.index(month):02d}", people, text.strip()))
    return dated


def test_a_gulf_official_the_log_calls_recorded_meets_in_the_month_it_names(data):
    """The month check passes whenever the month holds any record. Until 0.76.4 three rows dated
    Bayramov's meeting with Al-Khuraiji March 2023 (it was 28 February) and one called Al-Falih's
    Baku visit of April 2017 recorded (it is set aside over http; the energy ministers' recorded
    meeting keeps only its year); March 2023 and April 2017 hold other records."""
    aliases = _person_aliases(data.people.values())
    gulf = {person.id for person in data.people.values() if all(o.country != "AZE" for o in person.offices)}
    met: dict[str, set[str]] = {}
    for meeting in data.meetings:
        met.setdefault(meeting.date.value.strftime("%Y-%m"), set()).update(p.person for p in meeting.participants)
    dated = _gulf_people_dated_as_recorded((RECORDS / "CURATION.md").read_text(encoding="utf-8"), aliases, gulf)
    assert len(dated) > 200
    assert [(month, text[:120]) for month, people, text in dated if not set(people) & met.get(month, set())] == []
    rows = ["| q | en (recorded: Bayramov with Al-Khuraiji in Baku, March 2023, and Al-Falih's Baku visit of April 2017) |",
            "| q | en (Al-Falih's visit of April 2017, http only; recorded: the presidents' call, Bayramov with Al-Falih, June 2021) |"]
    assert [(month, people) for month, people, _ in _gulf_people_dated_as_recorded(
        "\n".join(rows) + "\n## Reports turned into records", aliases, gulf)] == [
        ("2023-03", ["waleed-al-khuraiji"]), ("2017-04", ["khalid-al-falih"]), ("2021-06", ["khalid-al-falih"])]


def test_ids_equal_file_names():
    for path in (RECORDS / "meetings").rglob("*.yaml"):
        assert gulfvisits.load(RECORDS).lookup(path.stem).id == path.stem
        assert path.parent.name == path.stem[:4]


def test_bahrain_seed_holds_every_stated_fact(data):
    m = data.lookup(BAHRAIN)
    assert m.kind == "official_visit"
    assert (m.countries, m.visiting_country, m.host_country) == (["AZE", "BHR"], "AZE", "BHR")
    assert (m.location.country, m.location.city) == ("BHR", None)
    assert m.date.value == date(2025, 5, 12) and m.date.basis == "publication_date" and m.date.latest == date(2025, 5, 12)
    assert m.format == ["one_on_one", "expanded_with_delegations"]
    assert [(p.person, p.office, p.country, p.side) for p in m.participants] == [
        ("jeyhun-bayramov", "Minister of Foreign Affairs", "AZE", "visiting"),
        ("abdullatif-bin-rashid-alzayani", "Minister of Foreign Affairs", "BHR", "hosting"),
    ]
    assert {"economy", "trade", "investment", "tourism", "high_technology", "humanitarian", "education",
            "legal_framework", "political_consultations", "reciprocal_visits", "multilateral_cooperation",
            "regional_international_developments", "post_conflict_reconstruction", "demining",
            "armenia_azerbaijan_normalization", "armenian_constitution_territorial_claims",
            "middle_east_situation"} == set(m.topics)
    assert set(m.organizations) == {"un", "oic", "nam", "cica", "nam-parliamentary-network", "nam-youth-organization"}
    events = {(e.type, e.organization, e.ordinal, e.year) for e in m.related_events}
    assert events == {
        ("anniversary", None, 30, 2026),
        ("chairmanship", "cica", None, 2025),
        ("chairmanship", "oic", None, 2026),
        ("chairmanship", "nam", None, None),
        ("past_event", "nam-parliamentary-network", 2, None),
    }
    assert next(e for e in m.related_events if e.type == "past_event").place == "Manama"
    assert next(e for e in m.related_events if e.organization == "cica").year_basis == "derived"
    assert m.sources[0].url == "https://news.az/news/bahrains-fm-briefed-on-azerbaijan-armenia-normalization-process"
    assert m.sources[0].published == date(2025, 5, 12)


def test_kuwait_seed_holds_every_stated_fact(data):
    m = data.lookup(KUWAIT)
    assert m.kind == "official_visit"
    assert (m.countries, m.visiting_country, m.host_country) == (["AZE", "KWT"], "AZE", "KWT")
    assert (m.location.country, m.location.city) == ("KWT", None)
    assert m.date.value == date(2025, 4, 30) and m.date.basis == "derived"
    assert m.date.value.strftime("%A") == "Wednesday"
    assert "Wednesday" in m.date.note
    assert m.format is None
    assert [(p.person, p.office, p.side) for p in m.participants] == [
        ("jeyhun-bayramov", "Minister of Foreign Affairs", "visiting"),
        ("abdullah-ali-al-yahya", "Minister of Foreign Affairs", "hosting"),
    ]
    assert {"political", "trade", "economy", "investment", "energy", "transport", "communications", "tourism",
            "humanitarian", "historical_cultural_religious_ties", "high_level_dialogue", "multilateral_cooperation",
            "territorial_integrity_sovereignty", "gcc_relations", "climate_change", "post_conflict_reconstruction",
            "demining", "armenia_azerbaijan_normalization"} == set(m.topics)
    assert set(m.organizations) == {"aze-kwt-joint-intergovernmental-commission", "gcc", "unfccc", "cop29"}
    session = next(e for e in m.related_events if e.type == "upcoming_session")
    assert (session.ordinal, session.organization) == (3, "aze-kwt-joint-intergovernmental-commission")
    assert next(e for e in m.related_events if e.organization == "cop29").type == "past_event"
    urls = [s.url for s in m.sources]
    assert urls[0] == ("https://news.az/news/top-azerbaijani-kuwaiti-diplomats-discuss-bilateral-co-op-"
                       "regional-developments")
    assert m.sources[0].cites == "aze-mfa" and m.sources[0].published is None
    assert len(urls) == 3  # the seed plus two corroborating reports for the derived date


def test_participants_resolve_to_people(data):
    m = data.lookup(BAHRAIN)
    assert m.participants[0].person_record.name == "Jeyhun Bayramov"
    assert m.participants[1].person_record is data.people["abdullatif-bin-rashid-alzayani"]


def test_every_record_has_title_summary_and_unique_https_sources(data):
    for m in [*data.meetings, *data.withdrawn]:
        assert m.title and m.summary
        urls = [s.url for s in m.sources]
        assert len(urls) == len(set(urls))
        assert all(u.startswith("https://") for u in urls)


_HEAD = re.compile(r"^(President|Vice President|Prime Minister|Crown Prince|Emir|King|Sultan"
                   r"|Member of the Federal Supreme Council)\b")
_MINISTER = re.compile(r"\bMinister\b")
_CHAMBER_OR_ENVOY = re.compile(r"^(Speaker|Chairman of the (Shura|State) Council|Special Representative)\b")
_OTHER_STATE_OFFICE = re.compile(r"^Attorney General$")  # received by a head of state (the fourth session's decision)


def _state_official(office: str) -> bool:
    return any(pattern.search(office) for pattern in (_HEAD, _MINISTER, _CHAMBER_OR_ENVOY, _OTHER_STATE_OFFICE))


def _clause_admitting(m) -> str | None:
    """Which clause of the log's scope rule ("Scope decisions" in CURATION.md) lets a meeting in."""
    if m.kind in SESSION_KINDS:
        return "a commission session or a consultations round"
    sides: dict[str, list[str]] = {}
    for p in m.participants:
        sides.setdefault(p.country, []).append(p.office or "")
    if len(sides) != 2 or any(o.startswith("Ambassador") for side in sides.values() for o in side):
        return None
    one, other = sides.values()
    for head, official in ((one, other), (other, one)):
        if any(_HEAD.match(o) for o in head) and any(_state_official(o) for o in official):
            return "a head of state or government"
    if all(any(_MINISTER.search(o) for o in side) for side in sides.values()):
        return "ministers or deputy ministers on both sides"
    for foreign, chamber in ((one, other), (other, one)):
        if (any("Minister of Foreign Affairs" in o for o in foreign)
                and any(_CHAMBER_OR_ENVOY.match(o) for o in chamber)):
            return "a foreign minister with a chamber's head or a ruler's envoy"
    return None


def test_every_meeting_is_admitted_by_a_clause_of_the_written_scope_rule(data):
    """The scope rule is written down in the log and applied by hand; the sixty-fifth session found
    four records that its words did not cover (a foreign minister with a Gulf chamber's head or the
    Sultan's envoy, and the Speaker with Oman's foreign minister) and wrote that clause in. Checked
    against the offices the records hold, a record that no clause admits (two speakers, a minister
    with an agency head, a president with a company's head, an ambassador) fails here instead of
    waiting for a reader."""
    admitted = {m.id: _clause_admitting(m) for m in data.meetings}
    assert [i for i, clause in admitted.items() if clause is None] == []
    fourth = sorted(i for i, clause in admitted.items() if clause.startswith("a foreign minister"))
    assert fourth == ["2010-01-01-aze-sau-fm-shura-council-chairman", "2025-10-29-aze-omn-fm-special-representative",
                      "2025-10-29-aze-omn-fm-state-council-chairman", "2026-01-29-aze-omn-speaker-foreign-minister"]


def test_meetings_of_one_event_share_its_occasion(data):
    """`validate` makes every sidelines meeting name an occasion; this checks the grouping a
    researcher gets from it: meetings held at one event carry the same occasion name."""
    by_occasion: dict[str, set[str]] = {}
    for m in data.meetings:
        if m.occasion is not None:
            by_occasion.setdefault(m.occasion.name, set()).add(m.id)
    assert by_occasion["UNESCO Global Education Meeting"] == {
        "2024-10-31-aze-are-education-ministers-fortaleza", "2024-10-31-aze-qat-education-ministers-fortaleza",
        "2024-10-31-aze-sau-education-ministers-fortaleza"}
    assert by_occasion["6th Conference of Labour Ministers of the OIC"] == {
        "2025-10-16-aze-qat-labour-ministers-doha", "2025-10-17-aze-sau-labour-minister-vice-minister-doha"}
    assert by_occasion["OIC donors' conference for the strategic plan for Al-Quds"] == {
        "2013-06-01-aze-bhr-fm-minister-of-state-baku", "2013-06-01-aze-qat-fm-assistant-minister-baku"}
    spellings: dict[str, set[str]] = {}
    for name in by_occasion:
        spellings.setdefault(name.casefold(), set()).add(name)
    assert [sorted(names) for names in spellings.values() if len(names) > 1] == []
    sidelines = [m for m in data.meetings if m.kind == "multilateral_sidelines"]
    assert len(sidelines) == 62 and all(m.occasion is not None for m in sidelines)
    assert sum(m.occasion is not None for m in data.meetings) == 72


def test_the_sessions_of_a_series_are_numbered_as_their_ids_say_and_rise_with_their_dates(data):
    """Sixteen ids and titles named a session's number before the model had ``session_number``
    (0.65.0); the field must say the same. Within one series (a country's consultations, or one
    bilateral commission, which the record lists among its organizations) a later session with
    a lower or equal number is a misnumbering or one session recorded twice."""
    sessions = sorted((m for m in data.meetings if m.kind in SESSION_KINDS), key=lambda m: m.date.value)
    assert len(sessions) == 17
    series: dict[tuple, list[int]] = {}
    for m in sessions:
        named = re.search(r"-([a-z]+)-(?:session|round|meeting)$", m.id)
        assert named and m.session_number is not None and ordinal_words(m.session_number) == named.group(1), m.id
        assert named.group(1) in m.title.lower(), m.id
        body = next((o for o in m.organizations if o.startswith("aze-")), None)
        series.setdefault((m.gulf_country, m.kind, body), []).append(m.session_number)
    assert all(numbers == sorted(set(numbers)) for numbers in series.values()), series
    assert series[("SAU", "joint_commission_session", "aze-sau-joint-commission")] == [3, 4, 5, 7, 8]
    assert len(series) == 10


@pytest.mark.parametrize("publisher, number, at_least", [("azertag.az", r"(\d{6,})\D*$", 20),
                                                        ("de.azvision.az/news/", r"/news/(\d+)/", 6),
                                                        ("minval.az/news/", r"/news/(\d+)$", 3)])
def test_item_numbers_rise_with_the_dates_of_the_cited_pages(data, publisher, number, at_least):
    """Records take their year from where an undated item falls in a publisher's numbering: two
    from AZERTAC's single numbering across its language editions, since 0.77.0 the Saudi
    commission's fourth session from AzVision's German edition, and since 0.79.0 Jabbarov's XRG
    signing from Minval's. If a dated page ever broke the order, those derivations would need
    another look. Arab News is not checked here, although the two 2019 Saudi justice records take
    their earliest day from its numbering (0.78.4): the records cite only two dated Arab News
    pages, of 2003 and 2020, and the order of two pages so far apart says little about January 2019."""
    dated = sorted({(int(m.group(1)), s.published) for r in data.meetings for s in r.sources
                    if publisher in s.url and s.published and (m := re.search(number, s.url))})
    assert len(dated) >= at_least
    assert [d for _, d in dated] == sorted(d for _, d in dated)


@pytest.mark.skipif(not (SHARED / "tools" / "verbatim_check.py").exists(), reason="shared/ is not beside the repo")
def test_no_sentences_copied_from_the_seed_reports():
    done = subprocess.run([sys.executable, str(SHARED / "tools" / "verbatim_check.py"), str(REPO)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def _published_ids(commit: str | None) -> dict[str, set[str]]:
    """The meeting ids (file names) and registry ids of the records at ``commit``, or of the
    working tree for None, read as text so that any release's layout can be compared."""
    if commit is None:
        meetings = {p.stem for p in (RECORDS / "meetings").rglob("*.y*ml")}
        registries = {name: (RECORDS / f"{name}.yaml").read_text(encoding="utf-8")
                      for name in ("people", "organizations", "topics")}
    else:
        git = lambda *args: subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,  # noqa: E731
                                           encoding="utf-8", check=True).stdout
        meetings = {name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
                    for name in git("ls-tree", "-r", "--name-only", commit, "--", "records/meetings").split()}
        registries = {name: git("show", f"{commit}:records/{name}.yaml") for name in ("people", "organizations", "topics")}
    found = {name: set(re.findall(r"^- id: (\S+)", text, re.M)) for name, text in registries.items()}
    return {"meetings": meetings, **found}


def test_no_id_that_a_release_published_has_gone():
    """Ids are never changed and never reused: every meeting, person, organization and topic id
    of every release in the CHANGELOG is still in the records (withdrawn, perhaps, but there), so
    a citation of any version still resolves. A release is found by its version in the package,
    as ``gulfvisits diff 0.27.0`` finds it; a shallow clone, or no git, cannot tell."""
    from gulfvisits._git import release_commit, toplevel

    top = toplevel(REPO)
    shallow = top is not None and subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=REPO,
                                                 capture_output=True, text=True).stdout.strip() == "true"
    if top is None or shallow:
        pytest.skip("needs the repository's history")
    now = _published_ids(None)
    versions = re.findall(r"^## (\d+\.\d+\.\d+) - ", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert len(versions) >= 40
    for version in versions:
        if version == gulfvisits.__version__:  # being released: its records are the working tree's
            continue
        commit = release_commit(version, top)
        assert commit is not None, f"no commit carries version {version}"
        then = _published_ids(commit)
        gone = {kind: sorted(then[kind] - now[kind]) for kind in now if then[kind] - now[kind]}
        assert not gone, f"{version} published ids that are no longer in the records: {gone}"
        assert then["meetings"], version  # the listing read something


def test_every_row_of_the_curation_logs_tables_has_two_cells():
    """A "|" written inside a cell ("Emirates 24|7") splits it, and the row renders with a cell
    too many; a row of the set-aside table did until 0.54.25."""
    log = (RECORDS / "CURATION.md").read_text(encoding="utf-8")
    rows = [line for line in log.splitlines() if line.startswith("|")]
    assert len(rows) > 1000
    split = [line[:80] for line in rows if len(re.findall(r"(?<!\\)\|", line)) != 3]
    assert split == []
