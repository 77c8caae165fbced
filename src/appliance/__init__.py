"""Offline clinical search appliance.

Importing the package switches every Hugging Face library into offline mode before any of them
is imported, so no code path can reach a model hub: all models come from local directories.
"""
from appliance.offline import enforce_offline

enforce_offline()

__version__ = "0.1.0"
