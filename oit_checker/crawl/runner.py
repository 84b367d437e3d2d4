"""Run the crawl stage: supervise the Scrapy child process, forward Ctrl-C, retry a twin address or old TLS.

The Scrapy crawl runs in a child process (``python -m oit_checker.crawl.child CONFIG``):

- Twisted's reactor cannot restart, and the fleet runs many scans from one program;
- ``--legacy-tls`` needs ``OPENSSL_CONF`` in the environment *before* OpenSSL is loaded
  (tech-notes §5.6), which is only reliable in a fresh process;
- the parent stays responsive: it shows progress by reading ``fetched.jsonl`` as the child
  appends to it, forwards the first Ctrl-C as a graceful stop (what was gathered is kept,
  ``crawl.json`` says ``interrupted``) and kills the child on the second.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

from oit_checker.corpus import CRAWL_FILE, FETCHED_FILE, LINKS_FILE, now_iso
from oit_checker.crawl import resume, revalidate
from oit_checker.crawl.progress import Progress, fmt_elapsed
from oit_checker.crawl.settings import recorded, scrapy_settings
from oit_checker.crawl.summary import finalize
from oit_checker.crawl.summary import write as write_record
from oit_checker.crawl.target import LOG_FILE, alternate_start, check_url, prepare_dir
from oit_checker.errors import UserError
from oit_checker.i18n import set_lang, t
from oit_checker.options import crawl_limits
from oit_checker.states import FetchError, SiteStatus, is_http_error
from spiders.address import check_host

LEGACY_OPENSSL_CONF = """\
openssl_conf = openssl_init

[openssl_init]
ssl_conf = ssl_sect

[ssl_sect]
system_default = system_default_sect

[system_default_sect]
CipherString = DEFAULT:@SECLEVEL=0
MinProtocol = TLSv1
"""


def _sigterm_as_interrupt():
    """Treat SIGTERM (a scheduler stopping the scan) like Ctrl-C: stop gracefully, keep the data.
    Returns a function restoring the previous handler; does nothing outside the main thread."""
    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. inside a worker pool)
        return lambda: None
    return lambda: signal.signal(signal.SIGTERM, previous)


def _child_env(legacy_tls: bool, tmpdir: Path) -> dict:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # the folder holding oit_checker/ and spiders/
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    if legacy_tls:
        conf = tmpdir / "openssl-legacy.cnf"
        conf.write_text(LEGACY_OPENSSL_CONF, encoding="ascii")
        env["OPENSSL_CONF"] = str(conf)
    return env


def _crawl_once(url: str, corpus_dir: Path, lim: dict, quiet: bool) -> tuple[dict, bool, float]:
    """One child crawl; returns (crawl.json data, interrupted, seconds)."""
    prepare_dir(corpus_dir, keep=bool(lim.get("resume")))
    started_at = now_iso()
    t0 = time.monotonic()
    fancy = not quiet and sys.stderr.isatty() and sys.stdout.isatty()
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="oit-crawl-") as td:
        tmpdir = Path(td)
        cfg = {"url": url, "corpus_dir": str(corpus_dir.resolve()),
               "settings": scrapy_settings(lim, corpus_dir.resolve())}
        cfg_path = tmpdir / "crawl-config.json"
        cfg_path.write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")
        progress = Progress(corpus_dir, url, fancy)
        with open(corpus_dir / LOG_FILE, "ab") as log:
            proc = subprocess.Popen([sys.executable, "-m", "oit_checker.crawl.child", str(cfg_path)],
                                    env=_child_env(lim["legacy_tls"], tmpdir), stdin=subprocess.DEVNULL,
                                    stdout=log, stderr=log, start_new_session=True)
            hard_deadline = t0 + int(lim["max_time"]) + 120
            restore = _sigterm_as_interrupt()
            try:
                try:
                    while proc.poll() is None:
                        progress.poll()
                        if time.monotonic() > hard_deadline:
                            proc.kill()
                        time.sleep(0.25)
                except KeyboardInterrupt:
                    interrupted = True
                    if not quiet:
                        progress.note(t("crawl.stopping"))
                    proc.send_signal(signal.SIGINT)  # Scrapy: graceful stop, spider_closed runs
                    while proc.poll() is None:
                        progress.poll()
                        time.sleep(0.25)
            except KeyboardInterrupt:  # second Ctrl-C: stop now
                proc.kill()
                proc.wait()
            finally:
                if proc.poll() is None:  # the parent is leaving for another reason: never orphan the crawler
                    proc.kill()
                    proc.wait()
                restore()
                progress.poll()
                progress.stop()
    child = {}
    if (corpus_dir / CRAWL_FILE).exists():
        try:
            child = json.loads((corpus_dir / CRAWL_FILE).read_text(encoding="utf-8"))
        except ValueError:
            child = {}
    if not child and not (corpus_dir / FETCHED_FILE).exists() and proc.returncode not in (0, None) \
            and not interrupted:
        raise UserError("crawl.child_failed", code=proc.returncode, log=str(corpus_dir / LOG_FILE))
    data = finalize(corpus_dir, start_url=url, started_at=child.get("started_at") or started_at,
                    close_reason=child.get("close_reason") or ("shutdown" if interrupted else "killed"),
                    limits_hit=child.get("limits_hit") or [], skipped_traps=child.get("skipped_traps", 0),
                    settings=recorded(lim), interrupted=interrupted)
    return data, interrupted, time.monotonic() - t0


def reason_text(code: str | None) -> str:
    """The officer's words for why the home page could not be read (``crawl.reason.<code>``)."""
    code = code or FetchError.NO_RESPONSE
    if is_http_error(code):
        return t("crawl.reason.http", status=code[5:])
    key = f"crawl.reason.{code}"
    text = t(key)
    return code if text == key else text


def run(url: str, corpus_dir: Path, opts: Any) -> dict:
    """Crawl ``url`` into ``corpus_dir``; returns the crawl.json data.

    Raises UserError (after writing crawl.json) when the site cannot be reached or
    refuses crawling, and KeyboardInterrupt (after keeping what was gathered) on Ctrl-C.
    """
    start = check_url(url)
    corpus_dir = Path(corpus_dir)
    lim = crawl_limits(getattr(opts, "crawl", None))
    lim["cache_dir"] = getattr(opts, "cache_dir", None)  # HTTP cache of re-scans (None: none)
    quiet = bool(getattr(opts, "quiet", False))
    if getattr(opts, "lang", None):
        set_lang(opts.lang)
    if lim.get("public_only"):
        refused = check_host(urllib.parse.urlsplit(start).hostname or "", urllib.parse.urlsplit(start).port)
        if refused:
            raise UserError("crawl.not_public", exit_code=2, url=start, reason=refused)
    if lim.get("resume"):
        done = resume.prepare(corpus_dir, start) if (corpus_dir / FETCHED_FILE).exists() else 0
        if not quiet:
            print(t("crawl.resumed", count=done) if done else t("crawl.resume_nothing", path=str(corpus_dir)),
                  file=sys.stderr)
        lim["resume"] = bool(done)
    t_fast = time.monotonic()
    fast, note = revalidate.try_fast(start, corpus_dir, lim, quiet) if lim["cache_dir"] else (None, "")
    if fast is not None:  # a re-scan of an unchanged site: every URL revalidated without Scrapy
        data, interrupted, seconds = fast, False, time.monotonic() - t_fast
    else:
        data, interrupted, seconds = _crawl_once(start, corpus_dir, lim, quiet)
        if not interrupted and data["status"] == SiteStatus.OK:
            revalidate.remember(start, corpus_dir, lim, note)  # the next re-scan revalidates this crawl
    alt = alternate_start(start, data.get("start_error")) if data["status"] == SiteStatus.UNREACHABLE else None
    if alt and not interrupted:
        # Officers type "www.x.go.th" for a site that only answers on https, or drop a "www."
        # the DNS needs: one quick second try on the twin address (only for fast failures).
        if not quiet:
            print(t("crawl.retry_alternate", url=start, alt=alt, reason=reason_text(data.get("start_error"))),
                  file=sys.stderr)
        kept = {n: (corpus_dir / n).read_bytes() for n in (CRAWL_FILE, FETCHED_FILE, LINKS_FILE, LOG_FILE)
                if (corpus_dir / n).exists()}
        alt_data, interrupted, seconds = _crawl_once(alt, corpus_dir, lim, quiet)
        if alt_data["status"] != SiteStatus.UNREACHABLE or interrupted:
            data, start = alt_data, alt
        else:  # both failed: keep the record of the address the officer gave
            for name, content in kept.items():
                (corpus_dir / name).write_bytes(content)
    if (not interrupted and data["status"] == SiteStatus.UNREACHABLE and data.get("start_error") == FetchError.TLS
            and not lim["legacy_tls"]):
        if not quiet:
            print(t("crawl.retry_legacy_tls", url=start), file=sys.stderr)
        lim = dict(lim, legacy_tls=True)
        data, interrupted, seconds = _crawl_once(start, corpus_dir, lim, quiet)
        data["settings"]["legacy_tls"] = "auto"
        write_record(corpus_dir, data)
    if interrupted and data["stats"]["tried"] == 0:
        raise KeyboardInterrupt
    if data["status"] == SiteStatus.UNREACHABLE:
        raise UserError("crawl.unreachable", exit_code=2, url=start, reason=reason_text(data.get("start_error")))
    if data["status"] == SiteStatus.BLOCKED:
        raise UserError("crawl.blocked", exit_code=2, url=start, reason=reason_text(data.get("start_error")))
    if not quiet:
        st = data["stats"]
        print(t("crawl.summary_interrupted" if interrupted else "crawl.summary", pages=st["pages"],
                documents=st["documents"], errors=st["errors"], external=st["external"],
                elapsed=fmt_elapsed(seconds)))
        if st["errors"]:
            print(t("crawl.errors_detail", http=st["http_errors"], network=st["network_errors"],
                    other=st["errors"] - st["http_errors"] - st["network_errors"]))
        if data["limits_hit"]:
            print(t("crawl.partial_limits", limits=", ".join(data["limits_hit"])))
        print(t("crawl.saved", path=str(corpus_dir)))
    if interrupted:
        raise KeyboardInterrupt
    return data
