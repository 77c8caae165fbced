"""The wizard's pages, one module per step, in the order a data steward goes through them."""
from __future__ import annotations

from appliance.gui.pages.base import Page, PlaceholderPage
from appliance.gui.pages.evaluate import EvaluatePage
from appliance.gui.pages.export import ExportPage
from appliance.gui.pages.importer import ImportPage
from appliance.gui.pages.index import IndexPage
from appliance.gui.pages.project import ProjectPage
from appliance.gui.pages.pseudonymize import PseudonymizePage
from appliance.gui.pages.questions import QuestionsPage
from appliance.gui.pages.train import TrainPage
from appliance.gui.pages.translate import TranslatePage

#: the wizard's steps, in order
PAGE_CLASSES: tuple[type[Page], ...] = (ProjectPage, ImportPage, PseudonymizePage, TranslatePage, QuestionsPage,
                                        TrainPage, EvaluatePage, IndexPage, ExportPage)

__all__ = ["PAGE_CLASSES", "Page", "PlaceholderPage"]
