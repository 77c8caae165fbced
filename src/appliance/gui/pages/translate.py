"""The Translate step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class TranslatePage(PlaceholderPage):
    key = "translate"

    def title(self) -> str:
        return self.tr("Translate")

    def intro(self) -> str:
        return self.tr("Translates German documents into English with an installed translation model, keeping the section "
                       "structure and the invented names. When no translation model is installed, the step can be skipped: "
                       "the later steps then work on the German text.")
