"""The SQLite project file: schema, migrations, locking, typed accessors, jobs and audit log."""
from appliance.project.db import NotAProject, Project, ProjectError, ProjectInUse, ProjectTooNew
from appliance.project.jobs import Cancelled, JobControl

__all__ = ["Project", "ProjectError", "ProjectInUse", "ProjectTooNew", "NotAProject", "JobControl", "Cancelled"]
