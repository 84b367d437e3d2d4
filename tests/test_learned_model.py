"""The learned signal's compact model (``oit_checker/learned.py``): the same numbers as the plain fit, in less memory.

Why: the model is kept as one n-gram → row dict and flat arrays of doubles (session 14: ~48 MB of dicts and tuples
became ~15 MB, and a scan's peak memory was over its goal); a layout change must not change a single score, so the
scores are compared exactly with a reference fit written the plain way (dicts of Counters, as first merged), on
real committed excerpts, before and after a round trip through the disk cache's pickle.
"""

from __future__ import annotations

import math
import pickle
from collections import Counter, defaultdict

import pytest

from oit_checker import learned

KNOBS = {"ngrams": (3, 4, 5), "head_chars": 1500, "smoothing": 0.1, "fail_classes": True, "min_df": 2}


def _reference(examples: list[dict], ngrams, head_chars, smoothing, fail_classes, min_df):
    """The multinomial Naive Bayes as first written: returns a ``scores(key)`` function."""
    rows = [(learned.label_of(e, fail_classes),
             learned.features(learned.key_of(f"{e.get('title') or ''} {e.get('text') or ''}", head_chars), ngrams))
            for e in examples]
    df: Counter = Counter()
    for _, f in rows:
        df.update(f.keys())
    idf = {g: v for g, d in df.items() if d >= min_df and (v := math.log(len(rows) / (1 + d))) > 0}
    counts: dict[str, Counter] = defaultdict(Counter)
    for y, f in rows:
        for g, tf in f.items():
            if g in idf:
                counts[y][g] += 1.0 + math.log(tf)
    labels = sorted(counts)
    base, delta = [], defaultdict(list)
    for k, y in enumerate(labels):
        denom = sum(counts[y].values()) + smoothing * len(idf)
        base.append(math.log(smoothing / denom))
        for g, v in counts[y].items():
            delta[g].append((k, math.log((v + smoothing) / denom) - base[-1]))

    def scores(key: str) -> list[tuple[str, float]]:
        total, acc = 0.0, [0.0] * len(labels)
        for g, tf in learned.features(key, ngrams).items():
            if g in idf:
                w = idf[g] * (1.0 + math.log(tf))
                total += w
                for k, d in delta[g]:
                    acc[k] += w * d
        return sorted(((y, b + a / total) for y, b, a in zip(labels, base, acc, strict=True)),
                      key=lambda x: -x[1]) if total > 0 else []

    return scores


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    """Every sixth committed excerpt: pass, fail and none classes of many items, real Thai text."""
    return learned.load_examples()[::6]


def test_the_compact_model_scores_exactly_as_the_plain_fit(sample):
    m = learned.train(sample, **KNOBS)
    ref = _reference(sample, **KNOBS)
    keys = [learned.key_of(f"{e.get('title') or ''} {e.get('text') or ''}", 1500) for e in sample]
    keys.append(learned.key_of("ประกาศรายงานผลการจัดซื้อจัดจ้าง ประจำเดือนมกราคม 2565 " * 20, 1500))  # unseen text
    assert m.size == len(sample) and len(m.rows) == len(m.idf) == len(m.start) - 1
    assert all(m.scores(k) == ref(k) for k in keys)  # same order of sums: equal floats, not merely close
    again = pickle.loads(pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL))  # the disk cache's format
    assert again.labels == m.labels and all(again.scores(k) == ref(k) for k in keys)
    assert learned.predict(keys[0], again, normalized=False) == learned.predict(keys[0], m, normalized=False)


def test_a_cache_file_of_another_layout_is_refused(sample, monkeypatch):
    """A model pickled by another release is refused (``model()`` then trains again), never read as this layout."""
    monkeypatch.setattr(learned, "FORMAT", learned.FORMAT + 1)
    blob = pickle.dumps(learned.train(sample[::8], **KNOBS))
    monkeypatch.setattr(learned, "FORMAT", learned.FORMAT - 1)
    with pytest.raises(ValueError):
        pickle.loads(blob)
