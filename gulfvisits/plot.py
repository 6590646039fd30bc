"""A timeline of meetings by Gulf state (``gulfvisits[plot]``: matplotlib, imported lazily)."""
from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError, nonempty_path
from .export import require
from .models import COUNTRY_NAMES, GULF_COUNTRIES, period_end
from .yamlio import write_atomic

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset
    from .models import MeetingDate


def position(date: "MeetingDate") -> dt.date:
    """Where on a time axis a meeting belongs: its day, or for a month or year the middle of
    what the sources leave open.

    ``value`` is the first day of the month or year for coarse dates, so plotting it would put
    every such meeting at the start of its period, well before the window its record gives.
    """
    if date.precision == "day":
        return date.value
    # Validation keeps a coarse value on the first day of its month or year; a bound the record
    # gives on either side narrows that period, a missing one leaves it open to the period's edge.
    first, last = date.earliest or date.value, date.latest or period_end(date.value, date.precision)
    return first + (last - first) / 2


FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
"""The chart's formats, by the output's extension: a paper wants a vector drawing. Any other
extension was written as PNG under that name (a "chart.jpg" that was a PNG)."""
MARKERS = {"official_visit": "o", "working_visit": "s", "state_visit": "*", "visit_unspecified": "h",
           "meeting_unspecified": "p", "multilateral_sidelines": "v", "phone_call": "^", "video_conference": "<",
           "political_consultations": "P", "joint_commission_session": "D"}
"""A mark of its own for each kind of meeting: three kinds shared one ("x"), and told apart only
by colour, which a printed page in grey loses."""
_UNDATED = {"svg": {"Date": None}, "pdf": {"CreationDate": None}, "png": {}}
"""Metadata left out so that the same data draws the same bytes (a chart kept in a repository)."""


def chart_format(output: str | os.PathLike[str]) -> str:
    """The format for ``output``, or UsageError before any drawing."""
    suffix = nonempty_path(output, "output").suffix.lower()
    if suffix not in FORMATS:
        raise UsageError(f"{output}: the chart is written as {', '.join(FORMATS)}, chosen by the file's "
                         f"extension; give a name that ends in one of them")
    if os.path.isdir(output):  # the write said only "Is a directory", after all the drawing
        raise UsageError(f"{output} is a folder, where the chart is written as a file; give the file's name, "
                         f"such as {os.path.join(output, 'timeline' + suffix)}")
    return FORMATS[suffix]


def timeline(dataset: "Dataset", output: str | os.PathLike[str]) -> Path:
    """Write the chart (PNG, SVG or PDF, by ``output``'s extension): one row per Gulf state, one
    mark per meeting, shaped by kind of contact."""
    fmt = chart_format(output)
    require("matplotlib", "plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    countries = list(GULF_COUNTRIES)
    figure, axes = plt.subplots(figsize=(10, 3.6), dpi=120)
    for kind in sorted({m.kind for m in dataset.meetings}):
        chosen = [m for m in dataset.meetings if m.kind == kind]
        axes.scatter([position(m.date) for m in chosen], [countries.index(m.gulf_country) for m in chosen],
                     marker=MARKERS[kind], s=50, alpha=0.8, label=kind.replace("_", " "))
    axes.set_yticks(range(len(countries)), [COUNTRY_NAMES[c] for c in countries])
    axes.set_title(f"Azerbaijan-Gulf meetings in gulfvisits {dataset.version} (n={len(dataset.meetings)})")
    axes.grid(axis="x", alpha=0.3)
    if dataset.meetings:  # with none, matplotlib warns that the legend has nothing to show
        axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    figure.tight_layout()
    drawn = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "gulfvisits"}):  # else the SVG's ids are random
        figure.savefig(drawn, format=fmt, metadata=_UNDATED[fmt])
    plt.close(figure)
    target = Path(output)
    write_atomic(target, drawn.getvalue())  # a failure is an OSError naming target; the CLI formats it
    return target
