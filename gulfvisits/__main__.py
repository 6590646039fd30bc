"""``python -m gulfvisits``: the ``gulfvisits`` command, for environments without its script."""
from .cli import entry_point

raise SystemExit(entry_point())
