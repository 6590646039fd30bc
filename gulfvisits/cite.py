"""Citation of the installed version in BibTeX, APA, CFF and RIS.

The metadata here is the single source for ``CITATION.cff`` and ``.zenodo.json`` too: a test
fails when they disagree with it or with the package version.
"""
from __future__ import annotations

from . import __version__

TITLE = "gulfvisits: diplomatic meetings between Azerbaijan and the Gulf states"
AUTHOR = "gulfvisits contributors"
RELEASED = "2026-11-30"
LICENSE = "CC-BY-4.0"
FORMATS = ("apa", "bibtex", "cff", "ris")


def cite(fmt: str = "apa", version: str = __version__) -> str:
    """The citation text for ``version`` in ``fmt``."""
    year = RELEASED[:4]
    if fmt == "apa":
        return f"{AUTHOR[0].upper()}{AUTHOR[1:]}. ({year}). {TITLE} (Version {version}) [Data set].\n"
    if fmt == "bibtex":
        key = f"gulfvisits_{version.replace('.', '_')}"
        return (f"@misc{{{key},\n  author = {{{{{AUTHOR}}}}},\n  title = {{{{{TITLE}}}}},\n"
                f"  year = {{{year}}},\n  version = {{{version}}},\n  note = {{Data set, licensed {LICENSE}}}\n}}\n")
    if fmt == "ris":
        return (f"TY  - DATA\nAU  - {AUTHOR}\nTI  - {TITLE}\nPY  - {year}\nDA  - {RELEASED.replace('-', '/')}\n"
                f"ET  - {version}\nER  - \n")
    if fmt == "cff":
        return (f"cff-version: 1.2.0\nmessage: \"If you use this dataset, please cite the exact version you used.\"\n"
                f"type: dataset\ntitle: \"{TITLE}\"\nversion: {version}\ndate-released: {RELEASED}\n"
                f"license: {LICENSE}\nauthors:\n  - name: {AUTHOR}\n")
    from .errors import UsageError

    raise UsageError(f"unknown citation format {fmt!r}; choose from {', '.join(FORMATS)}")
