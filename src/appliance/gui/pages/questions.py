"""The Questions step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class QuestionsPage(PlaceholderPage):
    key = "questions"

    def title(self) -> str:
        return self.tr("Questions")

    def intro(self) -> str:
        return self.tr("Writes questions that each section answers, with an installed language model, a doc2query model, or "
                       "an offline heuristic that needs no model. The questions and their sections are what the search model"
                       " is trained on.")
