"""The SQLite project file: schema, migrations, locking, typed accessors, jobs and audit log."""
from appliance.project.db import NEXT_STEPS, DamagedProject, NotAProject, Project, ProjectError, ProjectInUse, ProjectTooNew
from appliance.project.jobs import Cancelled, JobControl

__all__ = ["NEXT_STEPS", "Project", "ProjectError", "ProjectInUse", "ProjectTooNew", "NotAProject", "DamagedProject", "JobControl", "Cancelled"]
