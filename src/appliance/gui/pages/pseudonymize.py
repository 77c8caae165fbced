"""The Pseudonymize step: a placeholder until the issue that builds it fills it."""
from __future__ import annotations

from appliance.gui.pages.base import PlaceholderPage


class PseudonymizePage(PlaceholderPage):
    key = "pseudonymize"

    def title(self) -> str:
        return self.tr("Pseudonymize")

    def intro(self) -> str:
        return self.tr("Finds names, dates, addresses, phone and case numbers in every document and replaces them with "
                       "invented ones, the same invented name for the same person throughout, and every date of a patient "
                       "shifted by the same number of days. With a passphrase, the hospital keeps an encrypted map back to "
                       "the originals; in irreversible mode no map is kept. You then review what was found, accept or reject"
                       " spans, add missed ones, and apply. Every later step reads only the pseudonymized text.")
