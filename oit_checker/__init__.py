"""oit-checker: find which ITA/OIT disclosure items an agency website fails, and why."""

__version__ = "0.1.0"
