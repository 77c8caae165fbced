"""The Evaluate step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class EvaluatePage(PlaceholderPage):
    key = "evaluate"

    def title(self) -> str:
        return self.tr("Evaluate")

    def intro(self) -> str:
        return self.tr("Compares the base model with the tuned one on a judged set (questions with known right answers), "
                       "shows the scores side by side, and adopts the tuned model only when it is better.")
