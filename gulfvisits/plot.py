"""A timeline of meetings by Gulf state (``gulfvisits[plot]``: matplotlib, imported lazily)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .export import require
from .models import COUNTRY_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset


def timeline(dataset: "Dataset", output: str | os.PathLike[str]) -> Path:
    """Write a PNG: one row per Gulf state, one mark per meeting, shaped by kind of contact."""
    require("matplotlib", "plot")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    countries = ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"]
    markers = {"official_visit": "o", "working_visit": "s", "state_visit": "*", "joint_commission_session": "D",
               "phone_call": "^", "multilateral_sidelines": "v", "political_consultations": "P"}
    figure, axes = plt.subplots(figsize=(10, 3.6), dpi=120)
    for kind in sorted({m.kind for m in dataset.meetings}):
        chosen = [m for m in dataset.meetings if m.kind == kind]
        axes.scatter([m.date.value for m in chosen], [countries.index(m.gulf_country) for m in chosen],
                     marker=markers.get(kind, "x"), s=50, alpha=0.8, label=kind.replace("_", " "))
    axes.set_yticks(range(len(countries)), [COUNTRY_NAMES[c] for c in countries])
    axes.set_title(f"Azerbaijan-Gulf meetings in gulfvisits {dataset.version} (n={len(dataset.meetings)})")
    axes.grid(axis="x", alpha=0.3)
    axes.legend(loc="upper left", fontsize=7, frameon=False)
    figure.tight_layout()
    target = Path(output)
    temporary = target.with_name(f".{target.name}.tmp.png")
    figure.savefig(temporary)
    plt.close(figure)
    os.replace(temporary, target)
    return target
