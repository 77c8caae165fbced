"""The Train step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class TrainPage(PlaceholderPage):
    key = "train"

    def title(self) -> str:
        return self.tr("Train")

    def intro(self) -> str:
        return self.tr("Fine-tunes the search model on the generated questions, with defaults that fit this computer (a GPU "
                       "when there is one, otherwise a time budget on the processor), and shows the loss and a validation "
                       "score as it learns. Training can be cancelled and resumed.")
