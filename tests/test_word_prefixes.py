"""The word list newmm reads through ``thai.nlp.word_prefixes`` cuts Thai text exactly as pythainlp's own Trie."""

from __future__ import annotations

import pytest
from pythainlp.tokenize import word_tokenize

from oit_checker.thai import nlp, setup_pythainlp
from oit_checker.thai.wrap import tokens

TEXTS = [
    "รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568",
    "ประกาศเทศบาลตำบลหางดง เรื่อง แผนการจัดซื้อจัดจ้างประจำปี 2569 (คลิกเพื่อดาวน์โหลด)",
    "กิจกร รม คอ นกรีต พื้ นฐาน าจหน้าที่ของผู้บริหารท้องถิ่น…",
    "www.example.go.th ข้อมูลการติดต่อ โทร 053-441-234 อีเมล saraban@example.go.th",
    "ศูนย์ข้อมูลข่าวสารอิเล็กทรอนิกส์ของราชการส่วนท้องถิ่นxyzกขคงจฉชซ",
]


@pytest.fixture(autouse=True, scope="module")
def _offline() -> None:
    setup_pythainlp()


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_pythainlp_trie(text: str) -> None:
    ours = word_tokenize(text, engine="newmm", keep_whitespace=True, custom_dict=nlp.word_prefixes())
    assert ours == word_tokenize(text, engine="newmm", keep_whitespace=True)
    assert len(ours) > 3


def test_prefixes_as_the_trie() -> None:
    from pythainlp.tokenize import word_dict_trie

    trie, ours = word_dict_trie(), nlp.word_prefixes()
    for text in TEXTS:
        for start in range(len(text)):
            assert ours.prefixes(text, start) == trie.prefixes(text, start)


def test_wrap_tokens_cut_between_words() -> None:
    assert "".join(tokens(TEXTS[0])) == TEXTS[0]
    assert "ทุจริต" in tokens(TEXTS[0])


def test_prefixes_as_the_trie_over_the_word_list():
    """Every position of a text made of 3,000 words of the list (long and short, run together)."""
    from pythainlp.tokenize import word_dict_trie

    trie, ours = word_dict_trie(), nlp.word_prefixes()
    words = sorted(nlp.words())
    text = "".join(words[::20][:3000])
    assert len(text) > 10000
    assert all(ours.prefixes(text, i) == trie.prefixes(text, i) for i in range(len(text) + 1))
