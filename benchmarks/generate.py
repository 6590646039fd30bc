"""Write a synthetic records tree of N valid meetings, laid out exactly like ``records/``.

    python benchmarks/generate.py --count 10000 --output /tmp/corpus-10k [--seed 1]

The meetings are *synthetic* (people are "Synthetic Official 0042"): they exist to measure
speed and memory, never to be mixed with the curated data. They are valid under every rule of
``gulfvisits validate``, cross-record ones included, and deterministic for a seed. Topics and
organizations are the real registries, so vocabulary and reference checks do real work.
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

from gulfvisits import _resources
from gulfvisits.models import DISTANT_KINDS, VOCABULARIES
from gulfvisits.yamlio import dump, read_file

GULF = [c for c in VOCABULARIES["country"] if c != "AZE"]
OFFICES = ["Minister of Foreign Affairs", "Deputy Minister of Foreign Affairs", "Minister of Economy",
           "Minister of Energy", "President", "Crown Prince", "Prime Minister"]
WORDS = ("talks cooperation ministers bilateral relations delegation agreement energy trade visit "
         "investment forum session commission regional security tourism culture education").split()
START, END = date(2009, 1, 1), date(2025, 12, 31)
REGISTRIES = ("organizations.yaml", "topics.yaml")
"""The real registries a corpus copies and draws its references from."""


def inputs() -> list[Path]:
    """Every file a corpus is made from, so that a caller keeping corpora (benchmarks/run.py)
    can tell when one was made by an older generator or from older registries."""
    return [Path(__file__).resolve(), *(_resources.records_dir() / name for name in REGISTRIES)]


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return (" ".join(words)).capitalize() + "."


def _people(rng: random.Random, count: int) -> list[dict]:
    people = []
    for i in range(count):
        country = "AZE" if i % 2 == 0 else rng.choice(GULF)
        offices = [{"title": title, "country": country} for title in rng.sample(OFFICES, rng.randint(1, 2))]
        people.append({"id": f"synthetic-official-{i:05d}", "name": f"Synthetic Official {i:05d}",
                       "name_variants": [f"S. Official {i:05d}"] if rng.random() < 0.3 else [],
                       "offices": offices})
    return people


OTHER_EVENT_TYPES = [t for t in VOCABULARIES["related_event_type"] if t != "occasion"]


def _meeting(rng: random.Random, index: int, people: dict[str, list[dict]], topics: list[str],
             organizations: list[str], taken: set[tuple]) -> dict:
    on = START + timedelta(days=rng.randrange((END - START).days))
    gulf = rng.choice(GULF)
    kind = rng.choice(VOCABULARIES["kind"])
    at_a_distance = kind in DISTANT_KINDS  # no visiting side, host or place (rule.direction)
    participants = []
    for country, side in (("AZE", "visiting"), (gulf, "hosting")):
        for person in rng.sample(people[country], min(len(people[country]), rng.randint(1, 2))):
            office = next(o["title"] for o in person["offices"] if o["country"] == country)
            participants.append({"person": person["id"], "office": office, "country": country,
                                 "side": "neither" if at_a_distance else side})
    # The duplicate-meeting rule rejects two meetings with the same day, kind, dyad and people;
    # with a small pool of officials a random draw hits that now and then, so move to the next day.
    who = frozenset(p["person"] for p in participants)
    while (on, kind, gulf, who) in taken:
        on += timedelta(days=1)
    taken.add((on, kind, gulf, who))
    ident = f"{on.isoformat()}-aze-{gulf.lower()}-synthetic-{index:06d}"
    sources = [{"url": f"https://news.example/{ident}/{n}", "publisher": rng.choice(["AZERTAC", "KUNA", "WAM", "SPA"]),
                "published": on, "language": rng.choice(["en", "ar", "az", "ru"])} for n in range(rng.randint(1, 3))]
    listed = rng.sample(organizations, rng.randint(0, 4))
    # An event's organization is drawn from the listed ones, as rule.event-organization requires;
    # a sidelines meeting has exactly one occasion, as rule.occasion requires.
    occasion = ([{"type": "occasion", "name": _sentence(rng, 3, 8).rstrip("."), "date": on}]
                if kind == "multilateral_sidelines" else [])
    record = {
        "id": ident,
        "status": "active",
        "title": _sentence(rng, 5, 12).rstrip("."),
        "summary": _sentence(rng, 30, 120),
        "date": {"value": on, "precision": "day", "basis": rng.choice(["stated", "stated", "publication_date"])},
        "visit": f"{on.isoformat()[:7]}-synthetic-visit-{index // 3:06d}" if rng.random() < 0.5 else None,
        "kind": kind,
        "countries": ["AZE", gulf],
        "visiting_country": None if at_a_distance else "AZE",
        "host_country": None if at_a_distance else gulf,
        "location": {"country": None if at_a_distance else gulf, "city": None},
        "format": rng.sample(VOCABULARIES["format"], rng.randint(1, 2)) if rng.random() < 0.5 else None,
        "participants": participants,
        "topics": rng.sample(topics, rng.randint(2, 12)),
        "organizations": listed,
        "related_events": occasion + [
            {"type": rng.choice(OTHER_EVENT_TYPES), "name": _sentence(rng, 3, 8).rstrip("."),
             "year": on.year + 1, "year_basis": "stated",
             "organization": rng.choice(listed) if listed and rng.random() < 0.5 else None}
            for _ in range(rng.randint(0, 2))],
        "sources": sources,
        "curation": {"added_by": "benchmark-generator", "added_on": date(2026, 1, 1)},
    }
    if rng.random() < 0.1:  # about as often as the curated records (19 of 193): a date two reports give differently
        day = on.isoformat()
        record["disagreements"] = [{"field": "date.value", "readings": [
            {"value": day, "sources": [sources[0]["url"]]},
            {"value": (on - timedelta(days=1)).isoformat(), "reported_by": "a synthetic later report"}],
            "kept": day, "why": _sentence(rng, 8, 20)}]
    if record["visit"] is None:
        del record["visit"]
    return record


def generate(count: int, output: Path, seed: int = 1) -> Path:
    """Write the tree and return ``output``. Existing content of ``output`` is replaced."""
    rng = random.Random(seed)
    if output.exists():
        shutil.rmtree(output)
    (output / "meetings").mkdir(parents=True)
    real = _resources.records_dir()
    for name in REGISTRIES:
        shutil.copyfile(real / name, output / name)
    topics = [t["id"] for t in read_file(real / "topics.yaml").data]
    organizations = [o["id"] for o in read_file(real / "organizations.yaml").data]
    people = _people(rng, max(40, count // 20))
    by_country: dict[str, list[dict]] = {c: [] for c in VOCABULARIES["country"]}
    for person in people:
        by_country[person["offices"][0]["country"]].append(person)
    for country in GULF:  # every Gulf state needs officials to draw from
        if not by_country[country]:
            by_country[country] = [p for p in people if p["offices"][0]["country"] != "AZE"][:1]
            by_country[country][0]["offices"].append({"title": "Minister of Foreign Affairs", "country": country})
    (output / "people.yaml").write_text(dump(people), encoding="utf-8")
    taken: set[tuple] = set()
    for index in range(count):
        record = _meeting(rng, index, by_country, topics, organizations, taken)
        folder = output / "meetings" / record["id"][:4]
        folder.mkdir(exist_ok=True)
        (folder / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.count, args.output, args.seed)
    print(f"wrote {args.count} meetings to {args.output}")


if __name__ == "__main__":
    main()
