"""``gulfvisits new``: the right id and path, and a scaffold that validates once filled."""
from __future__ import annotations

import re
from datetime import date

import pytest

from gulfvisits.errors import UsageError
from gulfvisits.validate import validate_tree
from gulfvisits.yamlio import read_file

from conftest import BAHRAIN, KUWAIT, meeting_path


@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_new_creates_the_file_and_validate_lists_what_to_fill(seeds, cli, absolute):
    """The path is printed from the working folder, as the other commands print their files,
    also when ``--records`` is given as an absolute path."""
    records = str(seeds) if absolute else "seeds"
    result = cli("new", "--records", records, "--date", "2025-04-30", "--country", "kwt", "--kind", "joint_commission_session",
                 "--slug", "joint-commission-third-session", "--by", "curator", cwd=seeds.parent)
    assert result.code == 0, result.stderr
    path = seeds / "meetings" / "2025" / "2025-04-30-aze-kwt-joint-commission-third-session.yaml"
    assert result.stdout == "seeds/meetings/2025/2025-04-30-aze-kwt-joint-commission-third-session.yaml\n"
    fields = {e.field for e in validate_tree(seeds).errors}
    assert {"title", "summary", "participants[0].person", "sources[0].url"} <= fields
    assert all(e.path.endswith(path.name) for e in validate_tree(seeds).errors)


def test_filled_scaffold_validates(seeds, cli):
    cli("new", "--records", "seeds", "--date", "2025-04-30", "--country", "KWT", "--kind", "joint_commission_session",
        "--slug", "joint-commission", "--by", "curator", cwd=seeds.parent)
    path = seeds / "meetings" / "2025" / "2025-04-30-aze-kwt-joint-commission.yaml"
    kuwait = read_file(meeting_path(seeds, KUWAIT)).data
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ("title: null", "title: Scaffold filled for a test"),
        ("summary: null", "summary: A test fills every field the scaffold left open."),
        # the sides below are of a visit: Azerbaijan's delegation in Kuwait
        ("visiting_country: null\nhost_country: null\nlocation:\n  country: null",
         "visiting_country: AZE\nhost_country: KWT\nlocation:\n  country: KWT"),
        ("  - person: null\n    office: null\n    country: AZE\n    side: null",
         "  - person: jeyhun-bayramov\n    office: Minister of Foreign Affairs\n    country: AZE\n    side: visiting"),
        ("  - person: null\n    office: null\n    country: KWT\n    side: null",
         "  - person: abdullah-ali-al-yahya\n    office: Minister of Foreign Affairs\n    country: KWT\n    side: hosting"),
        ("  - url: null\n    publisher: null", f"  - url: {kuwait['sources'][1]['url']}\n    publisher: MENAFN"),
    ]:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    assert [str(e) for e in validate_tree(seeds).errors] == []


def test_new_refuses_to_overwrite_and_bad_options(seeds, cli):
    args = ["new", "--records", "seeds", "--date", "2025-04-30", "--country", "KWT", "--kind", "phone_call"]
    assert cli(*args, cwd=seeds.parent).code == 0
    again = cli(*args, cwd=seeds.parent)
    assert again.code == 2 and again.stderr.startswith("Error: ") and "already exists" in again.stderr
    bad_date = cli("new", "--records", "seeds", "--date", "30/04/2025", "--country", "KWT", "--kind", "phone_call", cwd=seeds.parent)
    assert (bad_date.code, bad_date.stderr) == (2, "Error: --date must be YYYY-MM-DD; got '30/04/2025'\n")
    basic_form = cli("new", "--records", "seeds", "--date", "20250430", "--country", "KWT", "--kind", "phone_call", cwd=seeds.parent)
    assert (basic_form.code, basic_form.stderr) == (2, "Error: --date must be YYYY-MM-DD; got '20250430'\n")
    no_such_day = cli("new", "--records", "seeds", "--date", "2025-02-29", "--country", "KWT", "--kind", "phone_call",
                      cwd=seeds.parent)
    assert (no_such_day.code, no_such_day.stderr) == (
        2, "Error: --date must be YYYY-MM-DD; got '2025-02-29', a day the calendar does not have\n")
    no_date = cli("new", "--records", "seeds", "--country", "KWT", "--kind", "phone_call", cwd=seeds.parent)
    assert (no_date.code, no_date.stderr.splitlines()[-1]) == (
        2, "gulfvisits new: error: the following arguments are required: --date")
    for country, hint in (("IRN", ""), ("UAE", " (did you mean 'ARE' (United Arab Emirates)?)"),
                          ("Qatar", " (did you mean 'QAT' (Qatar)?)")):
        bad_country = cli("new", "--records", "seeds", "--date", "2025-04-30", "--country", country, "--kind", "phone_call",
                          cwd=seeds.parent)
        assert (bad_country.code, bad_country.stderr.splitlines()[-1]) == (
            2, f"gulfvisits new: error: argument --country: expected one of: ARE, BHR, KWT, OMN, QAT, SAU; "
               f"found '{country}' (text){hint}")
    bad_kind = cli(*args[:-1], "Phone_Call", cwd=seeds.parent)
    assert bad_kind.code == 2 and bad_kind.stderr.endswith("found 'Phone_Call' (text) (did you mean 'phone_call'?)\n")
    before = sorted(seeds.rglob("*.yaml"))
    for option, message in ((["--by", "Jane Doe"], "--by must be a handle of letters, digits and hyphens, at most 40 "
                                                   "characters; got 'Jane Doe'"),
                            (["--slug", "a" * 102], "the id '2025-04-30-aze-kwt-" + "a" * 102 + "' would be 121 "
                                                    "characters; the limit is 120"),
                            (["--date", "2099-01-01"], "--date 2099-01-01 is in the future; a record is of a meeting "
                                                       "that has taken place")):
        # validate would refuse the written file; new refuses before writing it
        refused = cli(*args, *option, cwd=seeds.parent)
        assert refused.code == 2 and refused.stderr.startswith(f"Error: {message}"), refused.stderr
    assert sorted(seeds.rglob("*.yaml")) == before


def test_new_outside_a_records_clone_is_a_usage_error(tmp_path, cli):
    result = cli("new", "--date", "2025-04-30", "--country", "KWT", "--kind", "phone_call", cwd=tmp_path)
    assert result.code == 2
    assert result.stderr == ("Error: records/meetings does not exist; run this in a clone of the dataset or pass "
                             "--records DIR\n")


@pytest.mark.parametrize("year_is", ["file", "link to nowhere", "link to a file"])
def test_new_refuses_a_year_that_is_not_a_folder_and_writes_nothing_anywhere(seeds, tmp_path, year_is):
    """A year that was a link to nowhere was written through: the scaffold made a folder where
    the link led, outside the tree; a year that was a file gave only "File exists"."""
    from gulfvisits.new import create

    year = seeds / "meetings" / "2024"
    elsewhere = tmp_path / "elsewhere"
    if year_is == "link to nowhere":
        year.symlink_to(elsewhere)
        expected = f"{year} is a symbolic link to {elsewhere}, which does not exist; the folder of 2024's meetings " \
                   "belongs there"
    else:
        if year_is == "link to a file":
            elsewhere.write_text("", encoding="utf-8")
            year.symlink_to(elsewhere)
        else:
            year.write_text("", encoding="utf-8")
        expected = f"{year} is a file, and the folder of 2024's meetings belongs there"
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises(UsageError) as refused:
        create(seeds, date(2024, 6, 3), "QAT", "phone_call")
    assert str(refused.value) == expected
    assert sorted(tmp_path.rglob("*")) == before


def test_new_refuses_a_link_to_nowhere_in_place_of_its_file(seeds, tmp_path):
    from gulfvisits.new import create

    path = seeds / "meetings" / "2025" / "2025-06-03-aze-qat-phone-call.yaml"
    path.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(UsageError, match="already exists; choose another --slug$"):
        create(seeds, date(2025, 6, 3), "QAT", "phone_call")
    assert not (tmp_path / "nowhere.yaml").exists()


def test_new_never_overwrites_a_file_made_between_its_check_and_its_write(seeds, monkeypatch):
    """Another ``new`` of the same id (two terminals, a script run twice) can write the file
    after this one looked and before it renamed its own into place: the rename replaced the
    other's record without a word. The file now goes in by a hard link, which refuses."""
    from gulfvisits import new

    path = seeds / "meetings" / "2025" / "2025-06-03-aze-qat-phone-call.yaml"
    dump = new.dump

    def dump_while_the_other_writes(record):  # after this one's check, before its write
        path.write_text("the other curator's record\n", encoding="utf-8")
        return dump(record)

    monkeypatch.setattr(new, "dump", dump_while_the_other_writes)
    with pytest.raises(UsageError, match="already exists; choose another --slug$"):
        new.create(seeds, date(2025, 6, 3), "QAT", "phone_call")
    assert path.read_text(encoding="utf-8") == "the other curator's record\n"
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, f"{BAHRAIN}.yaml", f"{KUWAIT}.yaml"])
    monkeypatch.undo()
    other = new.create(seeds, date(2025, 6, 3), "QAT", "phone_call", slug="second-call")
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(  # linked in, and nothing left beside it
        [path.name, other.name, f"{BAHRAIN}.yaml", f"{KUWAIT}.yaml"])


def test_a_file_system_without_hard_links_still_gets_the_new_file(seeds, monkeypatch):
    from gulfvisits import new, yamlio

    def no_links(source, target):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(yamlio.os, "link", no_links)
    path = new.create(seeds, date(2025, 6, 3), "QAT", "phone_call")
    assert path.read_text(encoding="utf-8").startswith("id: 2025-06-03-aze-qat-phone-call\n")
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, f"{BAHRAIN}.yaml", f"{KUWAIT}.yaml"])


@pytest.mark.parametrize(("country", "kind", "slug", "message"), [
    ("AZE", "phone_call", None, "country must be one of ARE, BHR, KWT, OMN, QAT, SAU; got 'AZE'"),
    ("KWT", "call", None, "kind must be one of"),
    ("KWT", "phone_call", "Phone Call", "slug must be lower-case words joined by hyphens; got 'Phone Call'"),
    # an empty one (--slug "$UNSET") took the kind's default and wrote a file the user did not name
    ("KWT", "phone_call", "", "slug must be lower-case words joined by hyphens; got ''"),
    # "$" matched before a final newline, so this reached the id check and was told it was too long
    ("KWT", "phone_call", "call\n", "slug must be lower-case words joined by hyphens; got 'call\\n'"),
])
def test_scaffold_refuses_what_would_make_a_bad_id(country, kind, slug, message):
    # The CLI's choices stop most of these first; the library is called directly too.
    from gulfvisits.new import scaffold

    with pytest.raises(UsageError, match=re.escape(message)):
        scaffold(date(2025, 4, 30), country, kind, slug=slug)


def test_scaffold_takes_today_and_refuses_the_day_after():
    """The same day as ``rule.future-date``: today is allowed, tomorrow is not."""
    from gulfvisits.new import scaffold

    _, record = scaffold(date(2026, 3, 2), "BHR", "phone_call", today=date(2026, 3, 2))
    assert record["curation"]["added_on"] == date(2026, 3, 2)
    with pytest.raises(UsageError, match="^--date 2026-03-03 is in the future"):
        scaffold(date(2026, 3, 3), "BHR", "phone_call", today=date(2026, 3, 2))


@pytest.mark.parametrize("kind", ["joint_commission_session", "political_consultations", "official_visit"])
def test_a_session_scaffold_offers_session_number_right_after_the_kind(kind):
    """A contributor scaffolding a commission session or consultation round sees the field for its
    number where fmt would put it; other kinds are not offered a field that rule.session-number
    would refuse."""
    from gulfvisits.models import SESSION_KINDS
    from gulfvisits.new import scaffold

    _, record = scaffold(date(2025, 4, 30), "KWT", kind)
    keys = list(record)
    if kind in SESSION_KINDS:
        assert record["session_number"] is None and keys[keys.index("kind") + 1] == "session_number"
    else:
        assert "session_number" not in record
