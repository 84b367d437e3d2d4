"""URL hygiene for the crawler: one spelling per page, same-site test, crawler-trap guard.

Agency sites link the same page many ways (upper/lower-case percent escapes of Thai slugs,
raw Thai, ``?time=`` cache-busters, ``www.`` or not, http or https) and some generate
endless URLs (event calendars with "next month", relative links that nest
``a/a/a/…``). Everything here is pure functions/small classes so it can be tested without
a crawl.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from collections import defaultdict

from w3lib.url import canonicalize_url, safe_url_string

# Query parameters that only defeat caches; dropped so one file is fetched once.
CACHE_BUSTERS = frozenset({"time", "_", "nocache", "no_cache", "rand", "random", "timestamp", "ts", "cachebuster",
                           "cb", "_t"})
DOC_EXTENSIONS = {
    "pdf": "pdf", "doc": "doc", "docx": "docx", "xls": "xls", "xlsx": "xlsx", "odt": "odt", "ods": "ods",
    "ppt": "ppt", "pptx": "pptx", "rtf": "doc", "csv": "other",
}
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "gif", "bmp", "webp", "tif", "tiff"})
# Never fetched (still recorded as links): page furniture and media.
SKIP_EXTENSIONS = frozenset({
    "css", "js", "mjs", "map", "ico", "svg", "woff", "woff2", "ttf", "otf", "eot", "swf", "flv", "mp3", "mp4",
    "m4a", "m4v", "avi", "mov", "wmv", "wav", "ogg", "webm", "mkv", "zip", "rar", "7z", "gz", "tgz", "exe", "msi",
    "apk", "iso", "dmg", "xml", "rss", "atom", "json",
})
# Query parameters of PDF viewers that carry the real document (PDF.js ?file=, FlowPaper ?pdf=,
# Google Docs viewer ?url=).
VIEWER_PARAMS = ("file", "pdf", "url", "doc", "src")
_DATE_PARAM_RE = re.compile(r"^(y|m|d|yr|yy|yyyy|mm|dd|ym|year|month|day|date|week|mon|cal|calendar|"
                            r"start|end|from|to|period|mdate|dt|time_?stamp|.*_(date|year|month|day))$", re.I)
_DATE_VALUE_RE = re.compile(r"^(1[89]|2[05])\d\d([-/_.](0?[1-9]|1[0-2])([-/_.]\d{1,2})?|(0[1-9]|1[0-2])[0-3]\d)$")
_WORD_RE = re.compile(r"^[A-Za-z_]{1,24}$")
_YEAR_RE = re.compile(r"^(1[89]|2[05])\d\d$")
_DATE_SEGMENT_RE = re.compile(r"^(1[89]|2[05])\d\d([-_](0?[1-9]|1[0-2])([-_]\d{1,2})?)?$")


# Session ids and click trackers: the same page under endless names.
SESSION_PARAMS = frozenset({"phpsessid", "jsessionid", "sessionid", "session_id", "fbclid", "gclid", "yclid",
                            "mc_cid", "mc_eid"})
# Machine endpoints and duplicates that are never agency content.
_SKIP_PATH_RE = re.compile(r"(/wp-json/|/xmlrpc\.php|/wp-login\.php|/wp-admin/|/feed/?$|/comments/feed|"
                           r"[?&](replytocom|share|ical|outlook-ical)=|[?&]action=(logout|login)\b|"
                           r"[?&]tmpl=component|[?&]print=1|[?&]format=(feed|rss|atom)\b)", re.I)


def _dropped_param(name: str) -> bool:
    low = name.lower()
    return low in SESSION_PARAMS or low.startswith("utm_")


_ESCAPE_RE = re.compile(r"%[0-9a-f]{2}", re.I)


def skip_url(url: str) -> bool:
    """Endpoints not worth fetching (WordPress API/feeds/login, share and reply links)."""
    return bool(_SKIP_PATH_RE.search(url))


def host_key(host: str) -> str:
    """Host without ``www.`` so a site and its www twin compare equal."""
    host = (host or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def _drop_params(parts: urllib.parse.SplitResult, drop) -> urllib.parse.SplitResult:
    if not parts.query:
        return parts
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not drop(k)]
    if len(kept) == len(query):
        return parts  # keep the query exactly as the site wrote it (some servers mind the order)
    return parts._replace(query=urllib.parse.urlencode(kept))


@functools.lru_cache(maxsize=1 << 16)  # menus repeat the same links on every page: tidy each once
def clean_url(url: str) -> str:
    """The URL to request, as the page wrote it but tidied: fragment, session ids and click
    trackers dropped, raw Thai and spaces percent-encoded, escapes in upper case, host in
    lower case, default port removed. Parameter order and cache-busters are kept (the server
    gets what a browser would send); :func:`url_key` folds those for de-duplication."""
    parts = urllib.parse.urlsplit(url.strip())
    parts = _drop_params(parts, _dropped_param)
    path = parts.path or "/"
    if ";" in path and "jsessionid" in path.lower():
        path = re.sub(r";jsessionid=[^/?]*", "", path, flags=re.I)
    netloc = parts.netloc.lower()
    if (parts.scheme == "http" and netloc.endswith(":80")) or (parts.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
    url = safe_url_string(urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, parts.query, "")))
    return _ESCAPE_RE.sub(lambda m: m.group(0).upper(), url)


def strip_busters(url: str) -> str:
    """``url`` without ``?time=``-style cache-busters."""
    parts = _drop_params(urllib.parse.urlsplit(url), lambda k: k.lower() in CACHE_BUSTERS)
    return urllib.parse.urlunsplit(parts)


@functools.lru_cache(maxsize=1 << 16)
def url_key(url: str) -> str:
    """Identity of a page: cache-busters dropped, escapes and parameter order normalised,
    scheme and the www twin folded."""
    parts = urllib.parse.urlsplit(canonicalize_url(strip_busters(clean_url(url)), keep_fragments=False))
    netloc = host_key(parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(("", netloc, parts.path, parts.query, ""))


def extension(url: str) -> str:
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path).lower()
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1] if "." in name else ""


def kind_from_url(url: str) -> str:
    """Best guess of a URL's kind from its extension (bodies are sniffed once fetched)."""
    ext = extension(url)
    if ext in DOC_EXTENSIONS:
        return DOC_EXTENSIONS[ext]
    if ext in IMAGE_EXTENSIONS:
        return "image"
    return "html"


def is_document_url(url: str) -> bool:
    return extension(url) in DOC_EXTENSIONS


_DRIVE_FILE_RE = re.compile(r"^/file/d/([A-Za-z0-9_-]{10,})")


def drive_download_url(url: str) -> str | None:
    """Direct download of a Google Drive file link (``/file/d/<id>/view``, ``open?id=<id>``):
    agencies often publish their PDFs on Drive instead of their own site."""
    parts = urllib.parse.urlsplit(url)
    if (parts.hostname or "").lower() != "drive.google.com":
        return None
    m = _DRIVE_FILE_RE.match(parts.path)
    file_id = m.group(1) if m else None
    if not file_id and parts.path in ("/open", "/uc"):
        file_id = dict(urllib.parse.parse_qsl(parts.query)).get("id")
    return f"https://drive.google.com/uc?export=download&id={file_id}" if file_id else None


def viewer_target(url: str) -> str | None:
    """The document inside a PDF-viewer URL (``viewer.html?file=a.pdf``), resolved."""
    parts = urllib.parse.urlsplit(url)
    if not parts.query:
        return None
    for k, v in urllib.parse.parse_qsl(parts.query):
        if k.lower() in VIEWER_PARAMS and v:
            target = urllib.parse.urljoin(url, v.strip())
            if target.lower().startswith(("http://", "https://")) and is_document_url(target):
                return target
    return None


_VIEWER_RE = re.compile(r"(viewer|flowpaper|flipbook|pdfjs|pdf\.js|gview|docs\.google\.com/viewer)", re.I)


def is_viewer(url: str) -> bool:
    """A document-viewer page (PDF.js, FlowPaper, Google viewer) whose own HTML is only a shell."""
    parts = urllib.parse.urlsplit(url)
    return bool(_VIEWER_RE.search(parts.netloc + parts.path))


class TrapGuard:
    """Stops endless URL spaces before max_depth does.

    - a path segment repeated ``max_repeats`` times (``/a/b/a/b/a/``) or a very deep path;
    - more than ``max_variants`` distinct query strings on one path;
    - more than ``max_calendar`` URLs of one date-driven shape (``calendar.php?month=&year=``,
      ``/events/2024-05-01/``).
    """

    def __init__(self, max_variants: int = 500, max_calendar: int = 24, max_repeats: int = 3,
                 max_segments: int = 16, max_shape_pages: int = 1000, max_token_variants: int = 3) -> None:
        self.max_variants = max_variants
        self.max_shape_pages = max_shape_pages
        self.sessions = SessionParams(min_paths=max_token_variants)
        self.shape_pages: dict[str, int] = defaultdict(int)
        self.max_calendar = max_calendar
        self.max_repeats = max_repeats
        self.max_segments = max_segments
        self.variants: dict[str, int] = defaultdict(int)
        self.shapes: dict[str, int] = defaultdict(int)
        self.skipped = 0

    def allow(self, url: str) -> bool:
        ok = self._allow(url)
        if not ok:
            self.skipped += 1
        return ok

    def _allow(self, url: str) -> bool:
        parts = urllib.parse.urlsplit(url)
        segs = [s for s in parts.path.split("/") if s]
        if len(segs) > self.max_segments:
            return False
        counts: dict[str, int] = defaultdict(int)
        for s in segs:
            counts[s.lower()] += 1
            if counts[s.lower()] >= self.max_repeats:
                return False
        path_key = host_key(parts.hostname or "") + parts.path
        query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        datey = any(_DATE_SEGMENT_RE.match(s) for s in segs) or any(
            _DATE_VALUE_RE.match(v) or (_DATE_PARAM_RE.match(k) and _YEAR_RE.match(v)) for k, v in query)
        if datey:
            shape = re.sub(r"\d+", "#", path_key) + "?" + "&".join(sorted({k.lower() for k, _ in query}))
            if self.shapes[shape] >= self.max_calendar:
                return False
            self.shapes[shape] += 1
        shape = listing_key(url)  # one budget per URL pattern: /news/#.html, /page/#/, ?start=#
        if self.shape_pages[shape] >= self.max_shape_pages:
            return False
        self.shape_pages[shape] += 1
        if query:
            # One group per path and "module" (mod=blog, action=page…): a one-script CMS
            # (index.php?mod=…&id=N) keeps a budget per section instead of one for the whole site.
            group = path_key + "?" + "&".join(
                f"{k.lower()}={v}" if _WORD_RE.match(v) else k.lower() for k, v in sorted(query))
            if self.variants[group] >= self.max_variants:
                return False
            self.variants[group] += 1
        return True


_TOKEN_RE = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$|^[0-9a-fA-F]{16,}$")


def listing_key(url: str) -> str:
    """The pattern of a URL: numbers in the path and in query values folded (``/page/#/``, ``?start=#``), so every
    page of one listing shares one key and one page budget."""
    parts = urllib.parse.urlsplit(url)
    path = re.sub(r"\d+", "#", parts.path)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    folded = "&".join(sorted(k.lower() + "=" + re.sub(r"\d+", "#", v) for k, v in query))
    return host_key(parts.hostname or "") + path + ("?" + folded if folded else "")


class SessionParams:
    """Session ids under names no list knows (``?sid=9f86d081884c7d65``): a token-like value (16+ letters and
    digits) that the site puts on links to ``min_paths`` different paths is a session, not a page id (a page
    id names one page). Once learned, the parameter is dropped from URLs, so 5,000 session variants of
    the same pages are one set of pages."""

    def __init__(self, min_paths: int = 3) -> None:
        self.min_paths = max(2, min_paths)
        self.paths: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.learned: set[str] = set()

    def observe(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        for k, v in urllib.parse.parse_qsl(parts.query, keep_blank_values=True):
            name = k.lower()
            if name in self.learned or not _TOKEN_RE.match(v):
                continue
            seen = self.paths[(name, v)]
            if len(seen) < self.min_paths:
                seen.add(parts.path)
            if len(seen) >= self.min_paths:
                self.learned.add(name)

    def strip(self, url: str) -> str:
        """``url`` without the learned session parameters."""
        if not self.learned:
            return url
        parts = _drop_params(urllib.parse.urlsplit(url), lambda k: k.lower() in self.learned)
        return urllib.parse.urlunsplit(parts)


_JS_REDIRECT_RES = (
    re.compile(r"""(?:window|document|top|self|parent)?\.?location(?:\.href)?\s*=\s*(['"])([^'"<>\s]+)\1"""),
    re.compile(r"""location\.(?:replace|assign)\(\s*(['"])([^'"<>\s]+)\1\s*\)"""),
)
_SCRIPT_RE = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.I | re.S)


def js_redirect(html: str, base: str) -> str | None:
    """Where a page's script sends the browser (``window.location = "/th/"``, ``location.replace(…)``), resolved
    against ``base``; None when no literal http(s) target is written in a script."""
    for script in _SCRIPT_RE.findall(html):
        for pattern in _JS_REDIRECT_RES:
            m = pattern.search(script)
            if m:
                target = urllib.parse.urljoin(base, m.group(2).strip())
                if target.lower().startswith(("http://", "https://")):
                    return target
    return None


def has_script_redirect(html: str) -> bool:
    """A script that moves the browser somewhere (even to a computed address)."""
    return any(re.search(r"location(\.href)?\s*=|location\.(replace|assign)\(", s) for s in _SCRIPT_RE.findall(html))
