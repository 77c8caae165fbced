"""The SQLite project file: schema, migrations, locking, encryption, typed accessors, jobs and audit log."""
from appliance.project.db import (
                                  NEXT_STEPS,
                                  DamagedProject,
                                  NotAProject,
                                  PassphraseRequired,
                                  Project,
                                  ProjectError,
                                  ProjectInUse,
                                  ProjectTooNew,
                                  WrongPassphrase,
)
from appliance.project.jobs import Cancelled, JobControl

__all__ = ["NEXT_STEPS", "Project", "ProjectError", "ProjectInUse", "ProjectTooNew", "NotAProject", "DamagedProject",
           "PassphraseRequired", "WrongPassphrase", "JobControl", "Cancelled"]
