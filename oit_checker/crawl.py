"""Crawl stage: fetch an agency website into a corpus folder (``oit-check scan`` step 1).

The Scrapy crawl runs in a child process (``python -m oit_checker.crawl --child CONFIG``):

- Twisted's reactor cannot restart, and the fleet runs many scans from one program;
- ``--legacy-tls`` needs ``OPENSSL_CONF`` in the environment *before* OpenSSL is loaded
  (tech-notes §5.6), which is only reliable in a fresh process;
- the parent stays responsive: it shows progress by reading ``fetched.jsonl`` as the child
  appends to it, forwards the first Ctrl-C as a graceful stop (what was gathered is kept,
  ``crawl.json`` says ``interrupted``) and kills the child on the second.

Run it alone: ``python -m oit_checker.crawl URL CORPUS_DIR [--max-pages N …]``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from oit_checker.corpus import CRAWL_FILE, FETCHED_FILE, LINKS_FILE, SCHEMA_VERSION, read_jsonl
from oit_checker.errors import UserError
from oit_checker.i18n import set_lang, t

LOG_FILE = "crawl.log"
DEFAULTS = {"max_pages": 2000, "max_depth": 6, "max_bytes": 30_000_000, "max_time": 1800, "concurrency": 4,
            "delay": 0.25, "ignore_robots": False, "legacy_tls": False}
# Errors that mean "the crawler could not get it", as opposed to the site answering 404.
NETWORK_ERRORS = ("dns", "connection_refused", "connection", "timeout", "tls", "data_loss", "fetch_failed")
BLOCKED_ERRORS = ("robots", "http_403")
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


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- checking input


def check_url(url: str) -> str:
    """An http(s) URL to start from; a bare host name gets ``http://``. Else UserError."""
    raw = (url or "").strip()
    if raw and "://" not in raw and "." in raw.split("/")[0] and " " not in raw:
        raw = "http://" + raw
    try:
        parts = urllib.parse.urlsplit(raw)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError:
        raise UserError("cli.bad_url", url=url) from None
    if parts.scheme not in ("http", "https") or not host or " " in raw:
        raise UserError("cli.bad_url", url=url)
    if "." not in host and host != "localhost" and ":" not in host:
        raise UserError("cli.bad_url", url=url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def prepare_dir(corpus_dir: Path) -> None:
    """Create the corpus folder (or fail with a clear message) and clear a previous crawl."""
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        probe = corpus_dir / ".write-test"
        probe.write_text("ok", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        raise UserError("cli.out_not_writable", path=str(corpus_dir), reason=exc.strerror or str(exc)) from None
    for name in (CRAWL_FILE, FETCHED_FILE, LINKS_FILE, LOG_FILE):
        (corpus_dir / name).unlink(missing_ok=True)


# ---------------------------------------------------------------- settings


def limits(opts_crawl: dict | None) -> dict:
    out = dict(DEFAULTS)
    out.update({k: v for k, v in (opts_crawl or {}).items() if v is not None})
    return out


def scrapy_settings(lim: dict, corpus_dir: Path) -> dict:
    """Scrapy settings for the command-line limits (defaults in ``oit_checker/spiders/settings.py``)."""
    delay = float(lim["delay"])
    s: dict[str, Any] = {
        "OIT_CORPUS_DIR": str(corpus_dir),
        "OIT_MAX_PAGES": int(lim["max_pages"]),
        "OIT_MAX_DEPTH": int(lim["max_depth"]),
        "DOWNLOAD_MAXSIZE": int(lim["max_bytes"]),
        "CLOSESPIDER_TIMEOUT": int(lim["max_time"]),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(lim["concurrency"]),
        "CONCURRENT_REQUESTS": max(4, 2 * int(lim["concurrency"])),  # small queue: Ctrl-C stops soon
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_START_DELAY": delay,
        "DOWNLOAD_DELAY_JITTER": 0.5 if delay > 0 else 0,
        "ROBOTSTXT_OBEY": not lim["ignore_robots"],
        "LOG_FILE": str(corpus_dir / LOG_FILE),
        "OIT_SUMMARY_SETTINGS": {k: lim[k] for k in DEFAULTS},
    }
    if lim.get("timeout"):
        s["DOWNLOAD_TIMEOUT"] = float(lim["timeout"])
        s["DNS_TIMEOUT"] = min(20.0, float(lim["timeout"]))
    if lim.get("retries") is not None:
        s["RETRY_TIMES"] = int(lim["retries"])
    if lim.get("max_calendar_pages"):
        s["OIT_MAX_CALENDAR_PAGES"] = int(lim["max_calendar_pages"])
    if lim.get("max_query_variants"):
        s["OIT_MAX_QUERY_VARIANTS"] = int(lim["max_query_variants"])
    if lim.get("external_docs") is False:
        s["OIT_EXTERNAL_DOCS"] = False
    if lim["legacy_tls"]:
        s["DOWNLOAD_TLS_MIN_VERSION"] = "TLSv1.0"
    return s


# ---------------------------------------------------------------- summary (crawl.json)


def _aggregate_inbound(corpus_dir: Path, cap: int = 20) -> None:
    """Fill every Document's link_texts/referrers from links.jsonl (links found after the fetch too)."""
    from oit_checker.spiders.urls import url_key

    fetched = corpus_dir / FETCHED_FILE
    if not fetched.exists():
        return
    index: dict[str, tuple[list[str], list[str]]] = {}
    for link in read_jsonl(corpus_dir / LINKS_FILE):
        try:
            key = url_key(link["url"])
        except (ValueError, KeyError):
            continue
        texts, refs = index.setdefault(key, ([], []))
        if link.get("text") and link["text"] not in texts and len(texts) < cap:
            texts.append(link["text"])
        if link.get("src") and link["src"] not in refs and len(refs) < cap:
            refs.append(link["src"])
    rows = list(read_jsonl(fetched))
    for row in rows:
        try:
            texts, refs = index.get(url_key(row["url"]), ([], []))
        except ValueError:
            continue
        row["link_texts"] = list(dict.fromkeys((row.get("link_texts") or []) + texts))[:cap]
        row["referrers"] = list(dict.fromkeys((row.get("referrers") or []) + refs))[:cap]
    tmp = fetched.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, fetched)


def summarize(corpus_dir: Path, start_url: str, close_reason: str, limits_hit: list[str],
              interrupted: bool) -> dict:
    """Counts and status of a crawl from fetched.jsonl / links.jsonl (the source of truth)."""
    docs = list(read_jsonl(corpus_dir / FETCHED_FILE))
    external = {row.get("url") for row in read_jsonl(corpus_dir / LINKS_FILE) if row.get("external")}
    ok = [d for d in docs if not d.get("error")]
    errors = [d for d in docs if d.get("error")]
    stats = {
        "pages": sum(1 for d in ok if d.get("kind") == "html"),
        "documents": sum(1 for d in ok if d.get("kind") != "html"),
        "errors": len(errors),
        "external": len(external),
        "bytes": sum(int(d.get("size") or 0) for d in ok),
        "tried": len(docs),
        "http_errors": sum(1 for d in errors if str(d.get("error")).startswith("http_")),
        "network_errors": sum(1 for d in errors if d.get("error") in NETWORK_ERRORS),
    }
    from oit_checker.spiders.urls import url_key

    home = url_key(start_url)
    start = next((d for d in docs if d.get("depth") == 0 and url_key(d.get("url", "")) == home), None)
    start = start or next((d for d in docs if d.get("depth") == 0), None)
    limits_hit = list(limits_hit)
    if close_reason == "closespider_timeout" and "max_time" not in limits_hit:
        limits_hit.append("max_time")
    network = sum(1 for d in errors if d.get("error") in NETWORK_ERRORS)
    start_error = (start or {}).get("error") if start else "no_response"
    if start is None or start_error:
        status = "blocked" if start_error in BLOCKED_ERRORS else "unreachable"
    elif interrupted or limits_hit or close_reason not in ("finished", "", None):
        status = "partial"
    elif network >= 5 and network >= 0.2 * len(docs):
        status = "partial"
    else:
        status = "ok"
    return {
        "status": status,
        "start_error": start_error,
        "stats": stats,
        "limits_hit": sorted(limits_hit),
        "errors": [{"url": d.get("url"), "error": d.get("error")} for d in errors][:1000],
    }


def finalize(corpus_dir: Path, start_url: str, started_at: str, close_reason: str, limits_hit: list[str] | None = None,
             skipped_traps: int = 0, settings: dict | None = None, interrupted: bool = False,
             host: str = "") -> dict:
    """Complete fetched.jsonl (inbound link texts) and write crawl.json; returns it."""
    corpus_dir = Path(corpus_dir)
    _aggregate_inbound(corpus_dir)
    summary = summarize(corpus_dir, start_url, close_reason, limits_hit or [], interrupted)
    data = {
        "schema_version": SCHEMA_VERSION,
        "start_url": start_url,
        "host": host or (urllib.parse.urlsplit(start_url).hostname or ""),
        "started_at": started_at,
        "finished_at": now_iso(),
        "status": summary["status"],
        "interrupted": bool(interrupted or close_reason == "shutdown"),
        "close_reason": close_reason,
        "start_error": summary["start_error"],
        "limits_hit": summary["limits_hit"],
        "skipped_traps": skipped_traps,
        "stats": summary["stats"],
        "errors": summary["errors"],
        "settings": settings or {},
    }
    if data["interrupted"] and data["status"] == "ok":
        data["status"] = "partial"
    tmp = corpus_dir / (CRAWL_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, corpus_dir / CRAWL_FILE)
    return data


# ---------------------------------------------------------------- the child process


def _child(config_path: str) -> int:
    """Run the Scrapy crawl described by a JSON config file (in a fresh process)."""
    cfg = json.loads(Path(config_path).read_text(encoding="utf-8"))
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from oit_checker.spiders import settings as default_settings
    from oit_checker.spiders import spider_for

    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.update(cfg["settings"], priority="cmdline")
    process = CrawlerProcess(settings)
    _watch_parent()
    process.crawl(spider_for(cfg["url"]), start_url=cfg["url"], corpus_dir=cfg["corpus_dir"])
    process.start()
    return 0


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


def _watch_parent() -> None:
    """In the child: stop gracefully (SIGINT to self) if the parent process goes away."""
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(2)
            if os.getppid() != parent:
                os.kill(os.getpid(), signal.SIGINT)
                return

    threading.Thread(target=watch, daemon=True).start()


def _child_env(legacy_tls: bool, tmpdir: Path) -> dict:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("PYTHONIOENCODING", "utf-8")
    if legacy_tls:
        conf = tmpdir / "openssl-legacy.cnf"
        conf.write_text(LEGACY_OPENSSL_CONF, encoding="ascii")
        env["OPENSSL_CONF"] = str(conf)
    return env


# ---------------------------------------------------------------- progress


class Progress:
    """Counts read from fetched.jsonl as the child appends to it; drawn with rich when on a terminal."""

    def __init__(self, corpus_dir: Path, url: str, fancy: bool) -> None:
        self.path = corpus_dir / FETCHED_FILE
        self.offset = 0
        self.buf = b""
        self.pages = self.documents = self.errors = 0
        self.last = ""
        self.t0 = time.monotonic()
        self.live = None
        if fancy:
            from rich.console import Console
            from rich.live import Live

            self.live = Live(console=Console(stderr=True), refresh_per_second=4, transient=True)
            self.live.start()

    def poll(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                fh.seek(self.offset)
                data = fh.read()
        except FileNotFoundError:
            data = b""
        self.offset += len(data)
        self.buf += data
        *lines, self.buf = self.buf.split(b"\n")
        for line in lines:
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if row.get("error"):
                self.errors += 1
            elif row.get("kind") == "html":
                self.pages += 1
            else:
                self.documents += 1
            self.last = urllib.parse.unquote(row.get("url", ""))
        if self.live is not None:
            from rich.text import Text

            line = t("crawl.progress", pages=self.pages, documents=self.documents, errors=self.errors,
                     elapsed=fmt_elapsed(time.monotonic() - self.t0))
            last = self.last if len(self.last) < 90 else self.last[:87] + "…"
            self.live.update(Text(f"⠿ {line}\n  {last}", overflow="ellipsis", no_wrap=True))

    def note(self, message: str) -> None:
        if self.live is not None:
            self.live.console.print(message)
        else:
            print(message, file=sys.stderr)

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()
            self.live = None


def fmt_elapsed(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


# ---------------------------------------------------------------- run


def _crawl_once(url: str, corpus_dir: Path, lim: dict, quiet: bool) -> tuple[dict, bool, float]:
    """One child crawl; returns (crawl.json data, interrupted, seconds)."""
    prepare_dir(corpus_dir)
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
            proc = subprocess.Popen([sys.executable, "-m", "oit_checker.crawl", "--child", str(cfg_path)],
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
                    settings={k: lim[k] for k in DEFAULTS}, interrupted=interrupted)
    return data, interrupted, time.monotonic() - t0


def alternate_start(url: str, error: str | None) -> str | None:
    """The twin address worth one more try after a fast failure: the www/non-www host after a
    DNS failure, the other scheme after a refused connection. None otherwise."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if error == "dns" and "." in host and not host.replace(".", "").isdigit():
        twin = host[4:] if host.startswith("www.") else "www." + host
        netloc = twin + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    if error == "connection_refused" and parts.port is None:
        scheme = "https" if parts.scheme == "http" else "http"
        return urllib.parse.urlunsplit((scheme, parts.netloc, parts.path, parts.query, ""))
    return None


def reason_text(code: str | None) -> str:
    code = code or "no_response"
    if code.startswith("http_"):
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
    lim = limits(getattr(opts, "crawl", None))
    quiet = bool(getattr(opts, "quiet", False))
    if getattr(opts, "lang", None):
        set_lang(opts.lang)
    data, interrupted, seconds = _crawl_once(start, corpus_dir, lim, quiet)
    alt = alternate_start(start, data.get("start_error")) if data["status"] == "unreachable" else None
    if alt and not interrupted:
        # Officers type "www.x.go.th" for a site that only answers on https, or drop a "www."
        # the DNS needs: one quick second try on the twin address (only for fast failures).
        if not quiet:
            print(t("crawl.retry_alternate", url=start, alt=alt, reason=reason_text(data.get("start_error"))),
                  file=sys.stderr)
        kept = {n: (corpus_dir / n).read_bytes() for n in (CRAWL_FILE, FETCHED_FILE, LINKS_FILE, LOG_FILE)
                if (corpus_dir / n).exists()}
        alt_data, interrupted, seconds = _crawl_once(alt, corpus_dir, lim, quiet)
        if alt_data["status"] != "unreachable" or interrupted:
            data, start = alt_data, alt
        else:  # both failed: keep the record of the address the officer gave
            for name, content in kept.items():
                (corpus_dir / name).write_bytes(content)
    if (not interrupted and data["status"] == "unreachable" and data.get("start_error") == "tls"
            and not lim["legacy_tls"]):
        if not quiet:
            print(t("crawl.retry_legacy_tls", url=start), file=sys.stderr)
        lim = dict(lim, legacy_tls=True)
        data, interrupted, seconds = _crawl_once(start, corpus_dir, lim, quiet)
        data["settings"]["legacy_tls"] = "auto"
        (corpus_dir / CRAWL_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    if interrupted and data["stats"]["tried"] == 0:
        raise KeyboardInterrupt
    if data["status"] == "unreachable":
        raise UserError("crawl.unreachable", exit_code=2, url=start, reason=reason_text(data.get("start_error")))
    if data["status"] == "blocked":
        raise UserError("crawl.blocked", exit_code=2, url=start, reason=reason_text(data.get("start_error")))
    if not quiet:
        st = data["stats"]
        print(t("crawl.summary", pages=st["pages"], documents=st["documents"], errors=st["errors"],
                external=st["external"], elapsed=fmt_elapsed(seconds)))
        if st["errors"]:
            print(t("crawl.errors_detail", http=st["http_errors"], network=st["network_errors"],
                    other=st["errors"] - st["http_errors"] - st["network_errors"]))
        if data["limits_hit"]:
            print(t("crawl.partial_limits", limits=", ".join(data["limits_hit"])))
        print(t("crawl.saved", path=str(corpus_dir)))
    if interrupted:
        raise KeyboardInterrupt
    return data


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if len(argv) == 2 and argv[0] == "--child":
        return _child(argv[1])
    from oit_checker.commands import options
    from oit_checker.options import Options

    p = argparse.ArgumentParser(prog="python -m oit_checker.crawl",
                                description="Crawl one agency website into a corpus folder (crawl stage only)")
    p.add_argument("url")
    p.add_argument("corpus_dir")
    options.add_common(p)
    options.add_crawl(p)
    p.add_argument("--timeout", type=float, default=None, help="seconds to wait for one response")
    p.add_argument("--retries", type=int, default=None, help="retries of a failed request")
    p.add_argument("--no-external-docs", dest="external_docs", action="store_false", default=None,
                   help="do not fetch documents hosted on other sites (they are still recorded as links)")
    args = p.parse_args(argv)
    lang = getattr(args, "lang", "th")
    set_lang(lang)
    crawl_opts = {k: getattr(args, k) for k in list(DEFAULTS) + ["timeout", "retries", "external_docs"]
                  if getattr(args, k, None) is not None}
    opts = Options(lang=lang, quiet=args.quiet, crawl=crawl_opts)
    try:
        run(args.url, Path(args.corpus_dir), opts)
    except UserError as exc:
        print(f"{t('cli.error_prefix')}: {exc.message()}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(t("cli.interrupted", path=args.corpus_dir), file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
