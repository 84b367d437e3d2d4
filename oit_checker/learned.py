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
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from oit_checker import concepts, safeyaml, thai
from oit_checker.paths import COMMON_DIR, EXAMPLES_DIR, cache_dir

SETTINGS = COMMON_DIR / "learned.yaml"
LABEL_PROFILE = "ita-2565"  # the round the examples are labelled in; other rounds map through the concept map
NONE = "none"
FORMAT = 1  # bump when the model's layout changes: the disk cache is keyed by it
# Knobs that shape the trained model (the others only gate its predictions).
_MODEL_KNOBS = ("ngrams", "head_chars", "smoothing", "fail_classes", "min_df")
FAIL = "~fail"  # suffix of an item's failing-excerpt class (``fail_classes``)

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

def label_of(entry: dict, fail_classes: bool = False) -> str:
    """The class of an example: its item for a ``pass``/``fail`` label (``<item>~fail`` for a ``fail`` one with
    ``fail_classes``), ``none`` for a hard negative."""
    if entry.get("verdict") == "fail" and fail_classes:
        return f"{entry.get('item')}{FAIL}"
    return str(entry.get("item")) if entry.get("verdict") in ("pass", "fail") else NONE


def urls_of(entry: dict) -> set[str]:
    """The real pages an example re-tells: its ``url`` and the one its ``source`` names."""
    out = {str(entry.get("url") or "").strip()}
    src = str(entry.get("source") or "")
    if src.startswith("paraphrase of "):
        out.add(src[len("paraphrase of "):].strip())
    return out - {""}


def example_files(folder: Path | None = None) -> list[Path]:
    folder = Path(folder or EXAMPLES_DIR)
    return [p for p in sorted(folder.glob("*.yaml")) if p.name != "titles.yaml"]


def load_examples(folder: Path | None = None, exclude_urls=frozenset(), exclude_files=frozenset()) -> list[dict]:
    """Every labelled excerpt of the folder, less those of an excluded file or re-telling an excluded URL."""
    out = []
    for path in example_files(folder):
        if path.name in exclude_files:
            continue
        for raw in safeyaml.bundled(path.read_text(encoding="utf-8")) or []:
            if isinstance(raw, dict) and raw.get("text") and not urls_of(raw) & exclude_urls:
                out.append(raw)
    return out


# ---------------------------------------------------------------- features and the model

def features(key: str, ngrams) -> Counter:
    """Character n-grams of a match key, with their counts."""
    c: Counter = Counter()
    for n in ngrams:
        c.update(key[i:i + n] for i in range(len(key) - n + 1))
    return c


def key_of(text: str, head_chars: int) -> str:
    """The match key of a document's opening (normalised: PDF repairs, Thai digits; no marks or spaces)."""
    return thai.match_key((text or "")[:head_chars])


@dataclass
class Model:
    labels: tuple[str, ...]
    idf: dict  # n-gram → idf (only n-grams with a positive idf)
    base: tuple[float, ...]  # per class: log P(unseen n-gram | class)
    delta: dict  # n-gram → ((class index, log P(n-gram | class) − base), …) for the classes that saw it
    ngrams: tuple[int, ...]
    head_chars: int
    size: int  # examples trained on

    def scores(self, key: str) -> list[tuple[str, float]]:
        """Classes best first, each with its mean log-likelihood per weighted n-gram (comparable across texts)."""
        feats = features(key, self.ngrams)
        total = 0.0
        acc = [0.0] * len(self.labels)
        idf, delta = self.idf, self.delta
        for gram, tf in feats.items():
            w = idf.get(gram)
            if w is None:
                continue
            w *= 1.0 + math.log(tf)
            total += w
            for k, d in delta[gram]:
                acc[k] += w * d
        if total <= 0:
            return []
        out = [(y, b + a / total) for y, b, a in zip(self.labels, self.base, acc, strict=True)]
        return sorted(out, key=lambda x: -x[1])


def train(examples: list[dict], ngrams=(3, 4, 5), head_chars: int = 1500, smoothing: float = 0.1,
          fail_classes: bool = False, min_df: int = 1) -> Model:
    """Fit the classifier on labelled excerpts (title and text of each)."""
    ngrams = tuple(int(n) for n in ngrams)
    rows = [(label_of(e, fail_classes), features(key_of(f"{e.get('title') or ''} {e.get('text') or ''}", head_chars),
                                                 ngrams)) for e in examples]
    df: Counter = Counter()
    for _, f in rows:
        df.update(f.keys())
    n_docs = len(rows)
    idf = {g: v for g, d in df.items() if d >= min_df and (v := math.log(n_docs / (1 + d))) > 0}
    counts: dict[str, Counter] = defaultdict(Counter)
    for y, f in rows:
        c = counts[y]
        for g, tf in f.items():
            if g in idf:
                c[g] += 1.0 + math.log(tf)
    labels = tuple(sorted(counts))
    vocab = len(idf)
    base, delta = [], defaultdict(list)
    for k, y in enumerate(labels):
        denom = sum(counts[y].values()) + smoothing * vocab
        b = math.log(smoothing / denom)
        base.append(b)
        for g, v in counts[y].items():
            delta[g].append((k, math.log((v + smoothing) / denom) - b))
    delta_t = {g: tuple(v) for g, v in delta.items()}
    for g in idf:
        delta_t.setdefault(g, ())
    return Model(labels, idf, tuple(base), delta_t, ngrams, int(head_chars), n_docs)


# ---------------------------------------------------------------- the trained model, once

_MEMO: dict[str, Model] = {}


def _signature(files: list[Path], cfg: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps({"format": FORMAT, **{k: cfg.get(k) for k in _MODEL_KNOBS},
                         "exclude_urls": sorted(EXCLUDE["urls"]), "exclude_files": sorted(EXCLUDE["files"])},
                        sort_keys=True).encode())
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()[:24]


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
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        got = None
    if not isinstance(got, Model):
        got = train(load_examples(folder, EXCLUDE["urls"], EXCLUDE["files"]), cfg["ngrams"], cfg["head_chars"],
                    float(cfg["smoothing"]), bool(cfg.get("fail_classes")), int(cfg.get("min_df", 1)))
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
