"""Hatch build hook: compile records/ into the bundle that an installed gulfvisits loads.

The YAML records stay in the wheel (for reading and citing); the bundle is the same records as
one validated JSON document, so ``gulfvisits.load()`` costs a JSON validation instead of
parsing every file. A build with invalid records fails here, loudly.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileBundle(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the checkout's records through the cache
        sys.path.insert(0, self.root)
        try:
            from gulfvisits import __version__
            from gulfvisits.bundle import compile_tree
        finally:
            sys.path.pop(0)
        raw = compile_tree(Path(self.root) / "records", __version__)
        self._temporary = tempfile.TemporaryDirectory()
        target = Path(self._temporary.name) / "bundle.json"
        target.write_bytes(raw)
        build_data["force_include"][str(target)] = "gulfvisits/_data/bundle.json"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_temporary", None) is not None:
            self._temporary.cleanup()
