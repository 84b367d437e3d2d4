"""Scans of many sites: history store, diffs and baselines, batch runs and a Celery fleet.

Modules: ``store`` (SQLAlchemy history, Alembic migrations), ``diff`` and ``baseline`` (what
changed between two scans), ``sites`` (the sites CSV), ``runner`` (one scan in its own
subprocess), ``job`` (the whole job for one site, shared by both modes), ``batch`` (many scans on
one machine or through Celery), ``overview`` (cross-site HTML/CSV), ``health`` (crawl health
warnings), ``celery_app`` (tasks and worker), ``hooks`` (what ``scan`` does after judging).
Reading result.json is ``oit_checker.result``; the JUnit report is ``oit_checker.report.junit``.
"""
