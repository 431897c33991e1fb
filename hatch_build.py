"""The wheel's build hook: compiles each message catalog (ipcity/base/i18n/locale/*/
LC_MESSAGES/ipcity.po) to the .mo that gettext reads, so the wheel ships it compiled. The
compiler is ipcity's own (ipcity/base/i18n/mo.py, no dependency), loaded by its path."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        source = Path(self.root) / "ipcity" / "base" / "i18n" / "mo.py"
        spec = importlib.util.spec_from_file_location("_ipcity_mo", source)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for mo in module.compile_all():
            relative = mo.relative_to(self.root).as_posix()
            build_data["force_include"][str(mo)] = relative
