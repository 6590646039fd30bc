"""Citation of the installed version in BibTeX, APA, CFF and RIS.

The metadata here is the single source for ``CITATION.cff`` and ``.zenodo.json`` too (both files
are generated from it by ``gulfvisits docs --write`` and compared by ``--check`` in CI) and for
the title, description, keywords and licence of the Data Package and JSON-LD exports, so a
release changes the version and date in one place (``__version__`` and ``RELEASED``) and every
format describes the dataset in the same words.
"""
from __future__ import annotations

import json
import textwrap

from . import __version__

TITLE = "gulfvisits: diplomatic meetings between Azerbaijan and the Gulf states"
AUTHOR = "gulfvisits contributors"
RELEASED = "2026-12-08"
LICENSE = "CC-BY-4.0"
LICENSE_TITLE = "Creative Commons Attribution 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = ("apa", "bibtex", "cff", "ris")
ABSTRACT = ("A versioned, hand-curated dataset of diplomatic meetings between Azerbaijan and the member states "
            "of the Gulf Cooperation Council (Bahrain, Kuwait, Oman, Qatar, Saudi Arabia, the United Arab "
            "Emirates), one source-cited YAML record per meeting, published as a Python package.")
KEYWORDS = ("diplomacy", "event data", "Azerbaijan", "Gulf Cooperation Council")


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


def citation_cff() -> str:
    """The text of ``CITATION.cff``: the ``cff`` citation plus what only the file needs."""
    abstract = textwrap.fill(ABSTRACT, width=98, initial_indent="  ", subsequent_indent="  ")
    return cite("cff") + f"abstract: >-\n{abstract}\nkeywords:\n" + "".join(f"  - {word}\n" for word in KEYWORDS)


def zenodo_json() -> str:
    """The text of ``.zenodo.json``, the metadata Zenodo reads when it archives a release."""
    metadata = {"title": TITLE, "upload_type": "dataset", "version": __version__, "publication_date": RELEASED,
                "description": ABSTRACT, "creators": [{"name": AUTHOR}], "license": LICENSE,
                "keywords": list(KEYWORDS)}
    return json.dumps(metadata, indent=2, ensure_ascii=False) + "\n"
