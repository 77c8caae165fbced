"""The Export step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class ExportPage(PlaceholderPage):
    key = "export"

    def title(self) -> str:
        return self.tr("Export")

    def intro(self) -> str:
        return self.tr("Exports a bundle with the tuned model (trained on pseudonymized text only) that another hospital can"
                       " install. It contains no documents.")
