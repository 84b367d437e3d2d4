"""History store: every scan's scores, item verdicts and evidence, in SQLite or PostgreSQL.

The default is one SQLite file in the user's data folder, so an officer's repeated scans
of one site build a history with no set-up; a provincial fleet points every worker at one
PostgreSQL database (``--db postgresql+psycopg://…`` or ``OIT_CHECK_DB``). The schema is
kept by Alembic migrations shipped in this package and applied automatically when a store
is opened (under a lock, so many workers starting at once do not race).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, selectinload

from oit_checker.errors import UserError
from oit_checker.fleet.models import Evidence, ItemResult, Scan, Site
from oit_checker.paths import data_dir

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_ADVISORY_LOCK_ID = 0x0171C4EC  # any constant shared by all oit-checker processes
_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_db_url() -> str:
    env = os.environ.get("OIT_CHECK_DB")
    if env:
        return resolve_url(env)
    return f"sqlite:///{data_dir() / 'history.sqlite'}"


def resolve_url(db: str | None) -> str:
    """A database URL from ``--db``: a SQLAlchemy URL, or a plain file path meaning SQLite."""
    if not db:
        return default_db_url()
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    if db.startswith("postgresql://") or db.startswith("postgres://"):
        db = "postgresql+psycopg://" + db.split("://", 1)[1]  # psycopg 3 is the driver we ship with
    return db


def _sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def engine(db: str | None = None) -> Engine:
    """An engine for ``db`` (created once per process), with the schema upgraded to head."""
    url = resolve_url(db)
    with _engines_lock:
        if url in _engines:
            return _engines[url]
        try:
            eng = _create(url)
            upgrade(eng)
        except (ArgumentError, OperationalError, ImportError, ValueError, OSError) as exc:
            raise UserError("fleet.db_open_failed", db=_redact(url), reason=str(exc).splitlines()[0]) from exc
        _engines[url] = eng
        return eng


def dispose_all() -> None:
    """Drop pooled connections inherited across fork() (Celery prefork children)."""
    with _engines_lock:
        for eng in _engines.values():
            eng.dispose(close=False)


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _create(url: str) -> Engine:
    path = _sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        eng = create_engine(url, connect_args={"timeout": 60})

        @event.listens_for(eng, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - DBAPI objects
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cur.execute("PRAGMA busy_timeout=60000")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return eng
    return create_engine(url, pool_pre_ping=True)


@contextlib.contextmanager
def _migration_lock(eng: Engine, conn) -> Iterator[None]:  # noqa: ANN001
    """Serialise migrations between processes: advisory lock on PostgreSQL, a lock file on SQLite."""
    if eng.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_LOCK_ID})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_LOCK_ID})
        return
    path = _sqlite_path(str(eng.url))
    if path is None:
        yield
        return
    with open(str(path) + ".lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _alembic_config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(eng: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with eng.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(eng: Engine) -> None:
    """Bring the schema to the newest migration; cheap when it already is."""
    from alembic import command

    head = head_revision()
    if current_revision(eng) == head:
        return
    with eng.connect() as conn:
        with _migration_lock(eng, conn):
            conn.commit()
            cfg = _alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            conn.commit()


@contextlib.contextmanager
def session(db: str | None = None) -> Iterator[Session]:
    with Session(engine(db), expire_on_commit=False) as s:
        yield s


# --- sites -----------------------------------------------------------------------------------

def site_key(url: str) -> str:
    """Normalised identity of a site: host (without www.), non-default port and path."""
    p = urllib.parse.urlsplit(url.strip() if "://" in url else "http://" + url.strip())
    host = (p.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = p.port
    if port and not ((p.scheme == "http" and port == 80) or (p.scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = p.path.rstrip("/")
    return host + path


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _parse_time(value: object) -> datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC).replace(tzinfo=None)
    return dt


def get_or_create_site(s: Session, url: str, meta: dict | None = None) -> Site:
    key = site_key(url)
    site = s.scalar(select(Site).where(Site.key == key))
    meta = meta or {}
    if site is None:
        site = Site(key=key, url=url, created_at=_now())
        s.add(site)
    for field in ("code", "name", "type", "province"):
        if meta.get(field):
            setattr(site, field, str(meta[field]))
    return site


def find_site(query: str, db: str | None = None) -> Site | None:
    """A site by code, URL or host (the officer types whichever they know)."""
    with session(db) as s:
        site = s.scalar(select(Site).where(Site.code == query))
        if site is None:
            site = s.scalar(select(Site).where(Site.key == site_key(query)))
        if site is None:
            like = s.scalars(select(Site).where(Site.key.contains(query.lower()))).all()
            site = like[0] if len(like) == 1 else None
        return site


# --- scans -----------------------------------------------------------------------------------

def _counts(items: list[dict]) -> dict:
    verdicts = [str(i.get("verdict")) for i in items]
    return {
        "n_items": len(items),
        "n_pass": verdicts.count("pass"),
        "n_fail": verdicts.count("fail"),
        "n_unreadable": verdicts.count("unreadable"),
        "n_found": sum(1 for i in items if i.get("evidence")),
    }


def record_result(result: dict, db_url: str | None = None, *, site: dict | None = None, source: str = "scan",
                  batch: str | None = None, started_at: str | None = None, finished_at: str | None = None) -> int:
    """Store one result.json (the contract dict) in history; returns the scan id.

    ``site`` adds the code/name/type/province from a sites CSV; ``started_at`` usually comes
    from the corpus's crawl.json.
    """
    res_site = result.get("site") or {}
    url = res_site.get("url") or (site or {}).get("url")
    if not url:
        raise ValueError("result has no site.url")
    meta = dict(site or {})
    if not meta.get("name") and (result.get("agency") or {}).get("name"):
        meta["name"] = result["agency"]["name"]
    scores = result.get("scores") or {}
    profile = result.get("profile") or {}
    tool = result.get("tool") or {}
    items = [i for i in result.get("items") or [] if isinstance(i, dict)]
    with session(db_url) as s:
        st = get_or_create_site(s, url, meta)
        scan = Scan(
            site=st, profile=profile.get("id"), fiscal_year=profile.get("fiscal_year"),
            started_at=_parse_time(started_at), generated_at=result.get("generated_at"),
            finished_at=_parse_time(finished_at) or _parse_time(result.get("generated_at")) or _now(),
            status=str(res_site.get("status") or "ok"), tool_name=tool.get("name"), tool_version=tool.get("version"),
            oit=scores.get("oit"), oit_min=scores.get("oit_min"), oit_max=scores.get("oit_max"),
            level=scores.get("level"), scores=scores, pages=res_site.get("pages"),
            documents=res_site.get("documents"), errors=res_site.get("errors"),
            source=source, batch=batch, result=result, **_counts(items),
        )
        for it in items:
            row = ItemResult(code=str(it.get("code")), name=it.get("name"), group=it.get("group"),
                             verdict=str(it.get("verdict")), score=it.get("score"), findings=it.get("findings") or [])
            for ev in it.get("evidence") or []:
                if isinstance(ev, dict):
                    page = ev.get("page")
                    row.evidence.append(Evidence(url=ev.get("url"), title=ev.get("title"),
                                                 page=page if isinstance(page, int) else None,
                                                 sha256=ev.get("sha256")))
            scan.items.append(row)
        s.add(scan)
        s.commit()
        return scan.id


def record_failure(url: str, status: str, error: str, db_url: str | None = None, *, site: dict | None = None,
                   source: str = "batch", batch: str | None = None, crawl: dict | None = None) -> int:
    """Store a scan that produced no result (unreachable, blocked, error), so history shows it."""
    stats = (crawl or {}).get("stats") or {}
    with session(db_url) as s:
        st = get_or_create_site(s, url, site)
        scan = Scan(site=st, status=status, error=error, source=source, batch=batch,
                    started_at=_parse_time((crawl or {}).get("started_at")), finished_at=_now(),
                    pages=stats.get("pages"), documents=stats.get("documents"), errors=stats.get("errors"),
                    n_items=0, n_pass=0, n_fail=0, n_unreadable=0, n_found=0)
        s.add(scan)
        s.commit()
        return scan.id


def list_scans(site_id: int, db: str | None = None) -> list[Scan]:
    """Scans of one site, oldest first."""
    with session(db) as s:
        return list(s.scalars(select(Scan).where(Scan.site_id == site_id).order_by(Scan.finished_at, Scan.id)))


def get_scan(scan_id: int, db: str | None = None) -> Scan | None:
    with session(db) as s:
        return s.scalar(select(Scan).options(selectinload(Scan.site)).where(Scan.id == scan_id))


def previous_scan(url: str, db: str | None = None, *, exclude_id: int | None = None,
                  with_result: bool = True) -> Scan | None:
    """The newest stored scan of the site at ``url`` (other than ``exclude_id``)."""
    with session(db) as s:
        q = select(Scan).join(Site).where(Site.key == site_key(url))
        if exclude_id is not None:
            q = q.where(Scan.id != exclude_id)
        if with_result:
            q = q.where(Scan.result.is_not(None))
        return s.scalar(q.order_by(Scan.finished_at.desc(), Scan.id.desc()).limit(1))


def last_result(url: str, db: str | None = None, *, exclude_generated_at: str | None = None) -> dict | None:
    """The newest stored result.json of a site, skipping the scan that produced ``exclude_generated_at``: the newest
    scan stamped so, only that one. The stamp has one-second resolution, so two quick scans of one site may share it
    (a re-check of a saved corpus under CI load): the earlier is still the baseline of the later."""
    with session(db) as s:
        q = select(Scan).join(Site).where(Site.key == site_key(url), Scan.result.is_not(None))
        newest = list(s.scalars(q.order_by(Scan.finished_at.desc(), Scan.id.desc()).limit(2)))
        if exclude_generated_at and newest and newest[0].generated_at == exclude_generated_at:
            newest = newest[1:]
        return newest[0].result if newest else None


def scans_of_batch(batch: str, db: str | None = None) -> list[Scan]:
    with session(db) as s:
        return list(s.scalars(select(Scan).options(selectinload(Scan.site)).where(Scan.batch == batch)
                              .order_by(Scan.id)))


def results_since(url: str, since: datetime, db: str | None = None) -> list[dict]:
    """Stored result.json of a site finished on or after ``since``, oldest first (O43: which gap was fixed when)."""
    with session(db) as s:
        q = select(Scan).join(Site).where(Site.key == site_key(url), Scan.result.is_not(None),
                                          Scan.finished_at >= since)
        return [scan.result for scan in s.scalars(q.order_by(Scan.finished_at, Scan.id))]
