"""A learned "what is this document" signal for locate: which ITA item a document's opening reads like.

Why: the hand-written signals (titles, link texts, headings, ``locate.about``) recognise the wording they were
written from; real agencies name and file the same documents in many other ways, often behind neutral link texts.
This classifier is trained on the committed real-text examples (``tests/realtext/*.yaml``, real agency pages
re-told; ``paths.EXAMPLES_DIR``), never on the rule fixtures (they speak the rules' words). A multinomial Naive
Bayes over character n-grams of the match key, each n-gram weighted (1 + log tf)·idf; classes are the ITA 2565
item of every ``pass``/``fail`` excerpt and ``none`` for the hard negatives. Locate turns an accepted prediction
into a weak candidate (``where: "learned"``); the item's checks still decide.

Knobs: ``rules/common/learned.yaml``. The trained model is kept on disk (``paths.cache_dir()/learned``), keyed by
a hash of the example files, the knobs that shape it and the training exclusions, so a scan trains only once.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
from array import array
from collections import Counter
from pathlib import Path

from oit_checker import concepts, safeyaml, thai
from oit_checker.paths import COMMON_DIR, EXAMPLES_DIR, cache_dir

SETTINGS = COMMON_DIR / "learned.yaml"
LABEL_PROFILE = "ita-2565"  # the round the examples are labelled in; other rounds map through the concept map
NONE = "none"
FORMAT = 2  # bump when the model's layout changes: the disk cache is keyed by it
# Knobs that shape the trained model (the others only gate its predictions).
_MODEL_KNOBS = ("ngrams", "head_chars", "smoothing", "fail_classes", "min_df", "corpus", "fail_kinds")
CORPUS = "corpus"  # the examples folder's sub-folder of training-only openings (``tests/realtext/corpus``)
FAIL = "~fail"  # suffix of an item's failing-excerpt class (``fail_classes``)
DOCUMENT = "document"  # a ``fail`` excerpt's ``kind`` when it is the item's own kind of document (``fail_kinds``)

OVERRIDES: dict = {}  # knobs set by an evaluation run (``scripts/realtext.py --learned on|off``), over the file's
# Training exclusions of an honest measurement: examples whose URL is listed, or whose file is, are left out
# (``scripts/realtext.py`` never lets the model see the excerpt it judges).
EXCLUDE: dict = {"urls": frozenset(), "files": frozenset()}


ENV = "OIT_LEARNED"  # "on"/"off": a developer's switch for a whole run (evaluate.py's scans are subprocesses)
CACHE_ENV = "OIT_LEARNED_CACHE"  # a folder for the trained models, shared by runs that each have their own data folder


def model_cache_dir() -> Path:
    """Where trained models are kept: ``$OIT_LEARNED_CACHE`` (the test suite shares one folder among its scans, each
    of which has a private data folder), else ``paths.cache_dir()/learned``."""
    env = os.environ.get(CACHE_ENV, "").strip()
    return Path(env) if env else cache_dir() / "learned"


KNOBS_ENV = "OIT_LEARNED_KNOBS"  # a JSON object of knobs over the file's, for a whole run (evaluate.py's scans)


def settings() -> dict:
    """The knobs of ``rules/common/learned.yaml`` with an evaluation run's overrides (``$OIT_LEARNED`` and
    ``$OIT_LEARNED_KNOBS`` first)."""
    env = os.environ.get(ENV, "").strip().lower()
    return {**_defaults(), **({"enabled": env == "on"} if env in ("on", "off") else {}), **_env_knobs(), **OVERRIDES}


def _env_knobs() -> dict:
    raw = os.environ.get(KNOBS_ENV, "").strip()
    if not raw:
        return {}
    try:
        got = json.loads(raw)
    except ValueError:
        return {}
    return got if isinstance(got, dict) else {}


_DEFAULTS: dict = {}


def _defaults() -> dict:
    if not _DEFAULTS:
        _DEFAULTS.update(safeyaml.bundled(SETTINGS.read_text(encoding="utf-8")) or {})
    return _DEFAULTS


def enabled() -> bool:
    return bool(settings().get("enabled"))


# ---------------------------------------------------------------- the examples

def label_of(entry: dict, fail_classes: bool = False, fail_kinds: bool = False) -> str:
    """The class of an example: its item for a ``pass``/``fail`` label (``<item>~fail`` for a ``fail`` one with
    ``fail_classes``), ``none`` for a hard negative. With ``fail_kinds`` a ``fail`` excerpt of ``kind: document``
    (the item's own kind of document, failing on an element or its period) trains the item itself, as the
    training corpus's ``pass`` openings do; ``kind: other`` or no kind still trains ``<item>~fail``."""
    if entry.get("verdict") == "fail" and fail_classes and not (fail_kinds and entry.get("kind") == DOCUMENT):
        return f"{entry.get('item')}{FAIL}"
    return str(entry.get("item")) if entry.get("verdict") in ("pass", "fail") else NONE


def urls_of(entry: dict) -> set[str]:
    """The real pages an example re-tells: its ``url`` and the one its ``source`` names."""
    out = {str(entry.get("url") or "").strip()}
    src = str(entry.get("source") or "")
    if src.startswith("paraphrase of "):
        out.add(src[len("paraphrase of "):].strip())
    return out - {""}


def example_files(folder: Path | None = None, corpus: bool | None = None) -> list[Path]:
    """The labelled batch files of the folder and, with the ``corpus`` knob, its ``corpus/`` sub-folder: openings of
    real documents collected only to train on (many agencies per item, labelled by kind of document; never judged
    by ``scripts/realtext.py``, which reads the batch files only)."""
    folder = Path(folder or EXAMPLES_DIR)
    files = [p for p in sorted(folder.glob("*.yaml")) if p.name != "titles.yaml"]
    if settings().get("corpus") if corpus is None else corpus:
        files += sorted((folder / CORPUS).glob("*.yaml"))
    return files


def file_name(path: Path) -> str:
    """How an example file is named in ``EXCLUDE`` and the model's signature: a batch file by its name, a corpus
    file as ``corpus/<name>`` (never a batch file's name, so a round left out never takes the corpus with it)."""
    return f"{CORPUS}/{path.name}" if path.parent.name == CORPUS else path.name


def load_examples(folder: Path | None = None, exclude_urls=frozenset(), exclude_files=frozenset()) -> list[dict]:
    """Every labelled excerpt of the folder, less those of an excluded file or re-telling an excluded URL."""
    return [raw for name, raw in _entries(folder, exclude_files) if not urls_of(raw) & exclude_urls]


def _entries(folder: Path | None = None, exclude_files=frozenset()):
    """(file name, excerpt) of every labelled excerpt with a text, file by file."""
    for path in example_files(folder):
        if file_name(path) in exclude_files:
            continue
        for raw in safeyaml.bundled(path.read_text(encoding="utf-8")) or []:
            if isinstance(raw, dict) and raw.get("text"):
                yield file_name(path), raw


# ---------------------------------------------------------------- features and the model

def features(key: str, ngrams) -> Counter:
    """Character n-grams of a match key, with their counts (every 3-gram in text order, then every 4-gram, …)."""
    grams: list[str] = []
    for n in ngrams:
        grams += [key[i:i + n] for i in range(len(key) - n + 1)]
    return Counter(grams)


def key_of(text: str, head_chars: int) -> str:
    """The match key of a document's opening (normalised: PDF repairs, Thai digits; no marks or spaces)."""
    return thai.match_key((text or "")[:head_chars])


class Model:
    """The trained classifier, compact: each kept n-gram has a row number (one dict of str → int); its idf and the
    per-class log-likelihood deltas are flat arrays of doubles (a row's deltas are ``val[start[r]:start[r + 1]]``
    for the classes ``cls[…]``, in class order). Python dicts of str → tuple of tuples held the same numbers in
    ~5x the memory; the doubles are the same, so are the scores."""

    __slots__ = ("labels", "rows", "idf", "start", "cls", "val", "base", "ngrams", "head_chars", "size")

    def __init__(self, labels, rows, idf, start, cls, val, base, ngrams, head_chars, size):
        self.labels: tuple[str, ...] = tuple(labels)
        self.rows: dict[str, int] = rows  # n-gram → its row (only n-grams with a positive idf)
        self.idf: array = idf  # per row
        self.start: array = start  # per row and one more: where its deltas begin in ``cls``/``val``
        self.cls: array = cls  # class index of each delta
        self.val: array = val  # log P(n-gram | class) − base of each delta
        self.base: tuple[float, ...] = tuple(base)  # per class: log P(unseen n-gram | class)
        self.ngrams: tuple[int, ...] = tuple(ngrams)
        self.head_chars = int(head_chars)
        self.size = int(size)  # examples trained on

    def __reduce__(self):
        """Pickled as the n-grams in row order (no dict) and the arrays as bytes: small on disk, quick to load."""
        grams = sorted(self.rows, key=self.rows.__getitem__)
        return (_unpickle, (FORMAT, self.labels, grams, self.idf, self.start, self.cls, self.val, self.base,
                            self.ngrams, self.head_chars, self.size))

    def scores(self, key: str) -> list[tuple[str, float]]:
        """Classes best first, each with its mean log-likelihood per weighted n-gram (comparable across texts)."""
        feats = features(key, self.ngrams)
        total = 0.0
        acc = [0.0] * len(self.labels)
        rows, idf, start, cls, val = self.rows, self.idf, self.start, self.cls, self.val
        for gram, tf in feats.items():
            r = rows.get(gram)
            if r is None:
                continue
            w = idf[r] * (1.0 + math.log(tf))
            total += w
            for j in range(start[r], start[r + 1]):
                acc[cls[j]] += w * val[j]
        if total <= 0:
            return []
        out = [(y, b + a / total) for y, b, a in zip(self.labels, self.base, acc, strict=True)]
        return sorted(out, key=lambda x: -x[1])


def _unpickle(fmt, labels, grams, idf, start, cls, val, base, ngrams, head_chars, size):
    if fmt != FORMAT:
        raise ValueError("an older model layout")  # a stale cache file: trained again
    rows = dict(zip(grams, range(len(grams)), strict=True))
    return Model(labels, rows, idf, start, cls, val, base, ngrams, head_chars, size)


def train(examples: list[dict], ngrams=(3, 4, 5), head_chars: int = 1500, smoothing: float = 0.1,
          fail_classes: bool = False, min_df: int = 1, fail_kinds: bool = False) -> Model:
    """Fit the classifier on labelled excerpts (title and text of each)."""
    grams, docs = featurize(examples, ngrams, head_chars, fail_classes, fail_kinds)
    return fit(grams, docs, ngrams, head_chars, smoothing, min_df)


def featurize(examples: list[dict], ngrams=(3, 4, 5), head_chars: int = 1500, fail_classes: bool = False,
              fail_kinds: bool = False) -> tuple[list[str], list[tuple[str, array, array]]]:
    """Each excerpt as (class, n-gram numbers, their counts), n-grams numbered first seen first (``grams``).

    Why numbers: the set held as a Counter of new strings per excerpt was ~200 MB at the peak of a training inside
    a scan; as arrays of ints it is a tenth of that, and a measurement that trains one model per collection round
    reads and cuts the texts once (``model()``)."""
    ngrams = tuple(int(n) for n in ngrams)
    ids: dict[str, int] = {}
    docs: list[tuple[str, array, array]] = []
    for e in examples:
        feats = features(key_of(f"{e.get('title') or ''} {e.get('text') or ''}", head_chars), ngrams)
        new = [g for g in feats if g not in ids]
        ids.update(zip(new, range(len(ids), len(ids) + len(new)), strict=True))
        label = label_of(e, fail_classes, fail_kinds)
        docs.append((label, array("I", map(ids.__getitem__, feats)), array("I", feats.values())))
    return list(ids), docs


def fit(grams: list[str], docs: list[tuple[str, array, array]], ngrams=(3, 4, 5), head_chars: int = 1500,
        smoothing: float = 0.1, min_df: int = 1) -> Model:
    """The model of featurized excerpts (``featurize``; any subset of its ``docs``). Sums run in the excerpts'
    order and each one's n-gram order, as a plain dict-of-Counters fit does, so the numbers are the same
    (``tests/test_learned_model.py``); the n-grams' numbers only name them."""
    n_docs = len(docs)
    df: Counter = Counter()
    for _, row, _ in docs:
        df.update(row)
    # idf of the n-grams kept (seen in min_df excerpts or more, positive idf)
    idf_of: dict[int, float] = {}
    for i, d in sorted(df.items()):
        if d >= min_df and (v := math.log(n_docs / (1 + d))) > 0:
            idf_of[i] = v
    del df
    keep = bytearray(len(grams))
    for i in idf_of:
        keep[i] = 1
    logw = [0.0] + [1.0 + math.log(tf) for tf in range(1, 1 + max((max(t) for _, _, t in docs if t), default=0))]
    counts: dict[str, dict[int, float]] = {}
    for y, row, tfs in docs:
        c = counts.setdefault(y, {})
        get = c.get
        for i, tf in zip(row, tfs, strict=True):
            if keep[i]:
                c[i] = get(i, 0) + logw[tf]
    labels = tuple(sorted(counts))
    vocab = len(idf_of)
    row_of = {i: r for r, i in enumerate(idf_of)}
    base: list[float] = []
    per_row: list[list[tuple[int, float]]] = [[] for _ in range(vocab)]
    for k, y in enumerate(labels):
        denom = sum(counts[y].values()) + smoothing * vocab
        b = math.log(smoothing / denom)
        base.append(b)
        for i, v in counts[y].items():
            per_row[row_of[i]].append((k, math.log((v + smoothing) / denom) - b))
    del counts
    start, cls, val = array("l", [0]), array("H"), array("d")
    for deltas in per_row:
        for k, d in deltas:
            cls.append(k)
            val.append(d)
        start.append(len(val))
    rows = {grams[i]: r for r, i in enumerate(idf_of)}
    return Model(labels, rows, array("d", idf_of.values()), start, cls, val, base, tuple(int(n) for n in ngrams),
                 int(head_chars), n_docs)


# ---------------------------------------------------------------- the trained model, once

_MEMO: dict[str, Model] = {}
_DIGESTS: dict[str, tuple[int, int, bytes]] = {}  # example file → (mtime_ns, size, sha256 of its bytes)


def _digest(path: Path) -> bytes:
    """A file's content hash, read again only when its size or mtime changed: ``model()`` is asked once per judged
    item, and hashing the ~2 MB of examples each time was most of a real-text measurement's time."""
    st = path.stat()
    got = _DIGESTS.get(str(path))
    if got is None or got[:2] != (st.st_mtime_ns, st.st_size):
        got = _DIGESTS[str(path)] = (st.st_mtime_ns, st.st_size, hashlib.sha256(path.read_bytes()).digest())
    return got[2]


def _signature(files: list[Path], cfg: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"format": FORMAT, **{k: cfg.get(k) for k in _MODEL_KNOBS},
                         "exclude_urls": sorted(EXCLUDE["urls"]), "exclude_files": sorted(EXCLUDE["files"])},
                        sort_keys=True).encode())
    for p in files:
        h.update(file_name(p).encode() + b"\0" + _digest(p) + b"\0")
    return h.hexdigest()[:24]


_FEATURIZED: dict[str, tuple] = {}  # a measurement's examples, featurized once: signature → (grams, docs, origins)


def _measured(folder: Path | None, files: list[Path], cfg: dict) -> Model:
    """A model trained without ``EXCLUDE`` from the examples featurized once per process (a measurement trains one
    model per collection round: reading and cutting ~2 MB of YAML for each was most of their cost). Only while
    exclusions are set: a scan trains one model and keeps nothing of its examples."""
    saved = dict(EXCLUDE)
    EXCLUDE.update(urls=frozenset(), files=frozenset())
    try:
        whole = _signature(files, cfg)
    finally:
        EXCLUDE.update(saved)
    if whole not in _FEATURIZED:
        _FEATURIZED.clear()  # one example set at a time
        entries = list(_entries(folder))
        origins = [(name, frozenset(urls_of(raw))) for name, raw in entries]
        grams, docs = featurize([raw for _, raw in entries], cfg["ngrams"], cfg["head_chars"],
                                bool(cfg.get("fail_classes")), bool(cfg.get("fail_kinds")))
        del entries
        _FEATURIZED[whole] = (grams, docs, origins)
    grams, docs, origins = _FEATURIZED[whole]
    kept = [d for d, (name, urls) in zip(docs, origins, strict=True)
            if name not in EXCLUDE["files"] and not urls & EXCLUDE["urls"]]
    return fit(grams, kept, cfg["ngrams"], cfg["head_chars"], float(cfg["smoothing"]), int(cfg.get("min_df", 1)))


def model(folder: Path | None = None) -> Model | None:
    """The classifier trained on the examples (less ``EXCLUDE``): from memory, else the disk cache, else trained
    now and cached. None when there are no examples (a wheel built without them)."""
    cfg = settings()
    files = example_files(folder)
    if not files:
        return None
    sig = _signature(files, cfg)
    if sig in _MEMO:
        return _MEMO[sig]
    path = model_cache_dir() / f"{sig}.pickle"
    got = None
    try:
        got = pickle.loads(path.read_bytes())  # noqa: S301 - our own cache file
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        got = None
    if not isinstance(got, Model) and (EXCLUDE["urls"] or EXCLUDE["files"]):
        got = _measured(folder, files, cfg)
    if not isinstance(got, Model):
        got = train(load_examples(folder, EXCLUDE["urls"], EXCLUDE["files"]), cfg["ngrams"], cfg["head_chars"],
                    float(cfg["smoothing"]), bool(cfg.get("fail_classes")), int(cfg.get("min_df", 1)),
                    bool(cfg.get("fail_kinds")))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{id(got)}.tmp")
            tmp.write_bytes(pickle.dumps(got, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(path)
        except OSError:
            pass  # a read-only home: trained again next run
    _MEMO[sig] = got
    return got


# ---------------------------------------------------------------- predictions

def item_of(label: str) -> str:
    """The item a class speaks of: ``O15~fail`` → ``O15`` (a failing copy of the item is still about it)."""
    return label[: -len(FAIL)] if label.endswith(FAIL) else label


def grouped(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The ranking by item (``fail_as_item``): an item's ``~fail`` class and the item itself become one class with
    the better of their two scores; ``none`` stays. Which item a document is about, not whether it passes it."""
    out: dict[str, float] = {}
    for y, s in ranked:  # best first: the first score seen for an item is its best
        out.setdefault(item_of(y), s)
    return sorted(out.items(), key=lambda x: -x[1])


def accepted(ranked: list[tuple[str, float]], cfg: dict) -> dict[str, float]:
    """The items a document is taken to be (ITA 2565 code → its gap below the best class, 0 for the best):
    within ``top_k`` and ``max_gap`` of the best, ahead of every other class by ``min_lead`` (``lead_of_items``:
    classes of another item), ``none`` not best and beaten by ``none_margin``."""
    if cfg.get("fail_as_item"):
        ranked = grouped(ranked)
    if not ranked or ranked[0][0] == NONE or ranked[0][0].endswith(FAIL):
        return {}  # reads like a hard negative, or like an item's failing document (a heading, a notice)
    best = ranked[0][1]
    none = next((s for y, s in ranked if y == NONE), None)
    taken = [(y, s) for y, s in ranked[: int(cfg["top_k"])]
             if y != NONE and not y.endswith(FAIL) and best - s <= float(cfg["max_gap"])]
    taken = taken[: next((i for i, (y, _) in enumerate(taken) if y != ranked[i][0]), len(taken))]  # a run from the top
    if not taken:
        return {}
    rest = [s for y, s in ranked[len(taken):]
            if not (cfg.get("lead_of_items") and item_of(y) in {t for t, _ in taken})]
    if rest and taken[-1][1] - rest[0] < float(cfg.get("min_lead") or 0):
        return {}  # the next class is nearly as likely: the opening does not say which item it is
    return {y: round(best - s, 4) for y, s in taken
            if none is None or s - none >= float(cfg["none_margin"])}


def concepts_of_codes(codes) -> dict[str, float]:
    """ITA 2565 codes → their concepts (``rules/concepts.yaml``), keeping the smallest gap."""
    out: dict[str, float] = {}
    for code, gap in (codes.items() if isinstance(codes, dict) else ((c, 0.0) for c in codes)):
        for c in concepts.concepts_of(LABEL_PROFILE, code):
            out[c] = min(gap, out.get(c, gap))
    return out


def ranked_of(text: str, m: Model | None = None, normalized: bool = False) -> list[tuple[str, float]]:
    """Every class with its score, best first, for a document's text; empty when the signal is off or the text is
    shorter than ``min_chars`` (too little to say anything, for or against an item)."""
    cfg = settings()
    m = m or (model() if cfg.get("enabled") else None)
    if m is None:
        return []
    key = thai.key_of_normalized(text[:m.head_chars]) if normalized else key_of(text, m.head_chars)
    if len(key) < int(cfg["min_chars"]):
        return []
    return m.scores(key)


def predict(text: str, m: Model | None = None, normalized: bool = False) -> dict[str, float]:
    """Concepts a document's text (title, headings, content) is taken to be, with their gap below the best class;
    empty when the signal is off, the text is too short, or ``none`` wins. ``normalized``: the text already went
    through ``thai.normalize`` (a locate view's content)."""
    return from_ranked(ranked_of(text, m, normalized))


def from_ranked(ranked: list[tuple[str, float]]) -> dict[str, float]:
    """:func:`predict` of a ranking already worked out."""
    cfg = settings()
    skip = set(cfg.get("skip_concepts") or [])
    return {c: g for c, g in concepts_of_codes(accepted(ranked, cfg)).items() if c not in skip}


def gap_of(ranked: list[tuple[str, float]], concept: str) -> float | None:
    """How far the item of ``concept`` (its best ITA 2565 class, a failing copy included) scores below the best
    class of another item or ``none``: 0 when it is the best, None when the model has no class for it. What
    ``veto_gap`` weighs: how sure the model is that the document is something else."""
    codes = {c for c in concepts.codes(concept, LABEL_PROFILE)} if concept else set()
    own = [s for y, s in ranked if item_of(y) in codes]
    if not own or not ranked:
        return None
    other = next((s for y, s in ranked if item_of(y) not in codes), None)
    return 0.0 if other is None else round(max(0.0, other - max(own)), 4)
