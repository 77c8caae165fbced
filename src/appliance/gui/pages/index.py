"""The Index step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class IndexPage(PlaceholderPage):
    key = "index"

    def title(self) -> str:
        return self.tr("Index")

    def intro(self) -> str:
        return self.tr("Builds the search index (vectors of the adopted model and a full-text index) over the original or "
                       "the pseudonymized text, so that the documents become searchable.")
