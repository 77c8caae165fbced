"""Which embedding model a name means for a project: ``base``, ``tuned`` or a store name / folder.

One place for this, so that training, evaluation, indexing and search agree. The project keeps the
tuned model's folder (relative to its artefact folder) in the setting ``model.tuned``, and the model
the search index uses in ``search.model`` (``base`` until a person adopts the tuned model after
comparing the two).
"""
from __future__ import annotations

from pathlib import Path

from appliance.models.store import ModelStore
from appliance.project import Project, ProjectError

TUNED_SETTING = "model.tuned"
SEARCH_MODEL_SETTING = "search.model"


def tuned_model_path(project: Project) -> Path:
    rel = project.get_setting(TUNED_SETTING)
    if not rel:
        raise ProjectError("this project has no tuned model yet: run 'appliance train' first")
    path = project.artefact_dir / rel
    if not path.is_dir():
        raise ProjectError("the tuned model's folder is missing from the project's artefact folder")
    return path


def search_model_spec(project: Project) -> str:
    """The model the project's search uses: ``base`` unless a person adopted another one."""
    return project.get_setting(SEARCH_MODEL_SETTING) or "base"


def resolve_embedding_model(
    spec: str | None,
    project: Project | None = None,
    store: str | None = None,
    base_model: str | None = None,
) -> Path:
    """Folder of the embedding model ``spec`` (None or ``base``: the base model; ``tuned``: the project's)."""
    if spec in (None, "", "base"):
        return ModelStore(store).resolve(base_model, "embedding")
    if spec == "tuned":
        if project is None:
            raise ProjectError("'tuned' means a project's tuned model: give the project")
        return tuned_model_path(project)
    return ModelStore(store).resolve(spec, "embedding")
