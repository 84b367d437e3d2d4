"""Scans of many sites: history store, diffs and baselines, batch runs and a Celery fleet.

Modules: ``store`` (SQLAlchemy history, Alembic migrations), ``results`` (reading result.json),
``diff`` and ``baseline`` (what changed between two scans), ``junit`` (CI report), ``sites``
(the sites CSV), ``runner`` (one scan in its own subprocess), ``batch`` (many scans on one
machine or through Celery), ``overview`` (cross-site HTML/CSV), ``health`` (crawl health
warnings), ``celery_app`` (tasks and worker).
"""
