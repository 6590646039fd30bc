"""gulfvisits: diplomatic meetings between Azerbaijan and the Gulf states, as typed records.

    >>> import gulfvisits
    >>> data = gulfvisits.load()
    >>> data.filter(country="KWT").meetings

The package version is the dataset version: cite it. Importing this module is cheap; the
models, the validator and the records are loaded on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.82.59"

__all__ = [
    "__version__",
    "load",
    "Dataset",
    "Meeting",
    "Person",
    "Organization",
    "Topic",
    "GulfVisitsError",
    "RecordError",
    "InvalidDataError",
    "NotFoundError",
    "UsageError",
]

_LAZY = {
    "load": "dataset",
    "Dataset": "dataset",
    "Meeting": "models",
    "Person": "models",
    "Organization": "models",
    "Topic": "models",
    "GulfVisitsError": "errors",
    "RecordError": "errors",
    "InvalidDataError": "errors",
    "NotFoundError": "errors",
    "UsageError": "errors",
}

if TYPE_CHECKING:  # pragma: no cover
    from .dataset import Dataset, load
    from .errors import GulfVisitsError, InvalidDataError, NotFoundError, RecordError, UsageError
    from .models import Meeting, Organization, Person, Topic


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gulfvisits' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"gulfvisits.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
