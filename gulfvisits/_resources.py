"""Where the packaged records and schema live.

An installed wheel carries them as package data under ``gulfvisits/_data`` (put there by the
build); a source checkout (or an editable install) keeps them at the repository root, where
contributors edit them. Both are found through ``importlib.resources``.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _package_dir() -> Path:
    return Path(str(files("gulfvisits")))


def data_dir(name: str) -> Path:
    """``records`` or ``schema``: the packaged copy if there is one, else the checkout's."""
    packaged = _package_dir() / "_data" / name
    if packaged.is_dir():
        return packaged
    return _package_dir().parent / name


def records_dir() -> Path:
    return data_dir("records")


def schema_dir() -> Path:
    return data_dir("schema")


def packaged_bundle() -> Path | None:
    """The compiled bundle inside an installed wheel, or None in a source checkout."""
    bundle = _package_dir() / "_data" / "bundle.json"
    return bundle if bundle.is_file() else None
