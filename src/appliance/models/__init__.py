"""Local model store: discover, verify (sha256) and load models by kind; no hub access."""
from appliance.models.store import (
    DEFAULT_EMBEDDING,
    KINDS,
    ModelError,
    ModelInfo,
    ModelStore,
    default_store_dir,
)

__all__ = ["ModelStore", "ModelInfo", "ModelError", "KINDS", "DEFAULT_EMBEDDING", "default_store_dir"]
