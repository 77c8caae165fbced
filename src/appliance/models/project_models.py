"""Which embedding model a name means for a project: ``base``, ``tuned`` or a store name / folder.

One place for this, so that training, evaluation, indexing and search agree. The project keeps the
tuned model's folder (relative to its artefact folder) in the setting ``model.tuned``, and the model
the search index uses in ``search.model`` (``base`` until a person adopts the tuned model after
comparing the two, see ``appliance.pipeline.report.adopt``). Adopting the tuned model also records
which tuned model was adopted (``search.model.adopted``): a later training registers a new tuned
model, but search keeps the adopted one until a person compares and adopts again.
"""
from __future__ import annotations

from pathlib import Path

from appliance.models.store import ModelStore
from appliance.project import Project, ProjectError

TUNED_SETTING = "model.tuned"
SEARCH_MODEL_SETTING = "search.model"
ADOPTED_SETTING = "search.model.adopted"  # the tuned model's folder (relative) at the time it was adopted


def tuned_model_path(project: Project) -> Path:
    rel = project.get_setting(TUNED_SETTING)
    if not rel:
        raise ProjectError("this project has no tuned model yet", next_step="train")
    path = project.artefact_dir / rel
    if not path.is_dir():
        raise ProjectError("the tuned model's folder is missing from the project's artefact folder", next_step="train")
    return path


def search_model_spec(project: Project) -> str:
    """The model the project's search uses: ``base`` unless a person adopted another one.

    ``tuned`` means the tuned model that was adopted: when training has since registered a newer one
    (not yet compared), the adopted model's folder is returned instead, so search never switches silently.
    """
    spec = project.get_setting(SEARCH_MODEL_SETTING) or "base"
    if spec == "tuned":
        adopted = project.get_setting(ADOPTED_SETTING)
        if adopted and adopted != project.get_setting(TUNED_SETTING):
            return str(project.path.with_name(project.path.name + ".artefacts") / adopted)
    return spec


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
