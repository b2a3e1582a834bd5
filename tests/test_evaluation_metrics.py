"""Evaluation metrics against hand-checked examples and the libraries' own published values."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

from lls_server.evaluations.metrics import METRIC_KEYS, ScoredRow, aggregate, score_row

# torchmetrics computes SQuAD in float32.
SQUAD_TOL = 1e-4


def test_importing_the_module_does_not_import_torch() -> None:
    code = "import sys, lls_server.evaluations.metrics; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_squad_torchmetrics_doc_example() -> None:
    row = score_row(["em", "f1"], "1976", ["1976"])
    assert row.scores == {"em": 100.0, "f1": 100.0}


def test_squad_normalises_articles_punctuation_and_case() -> None:
    assert score_row(["em"], "The Eiffel Tower!", ["eiffel tower"]).scores == {"em": 100.0}


def test_squad_partial_overlap_f1() -> None:
    # Normalised: [cat, sat, on, mat] vs [cat, on, mat]: precision 3/4, recall 1, F1 = 2 * 0.75 / 1.75 = 6/7.
    scores = score_row(["em", "f1"], "the cat sat on the mat", ["a cat on a mat"]).scores
    assert scores["em"] == 0.0
    assert scores["f1"] == pytest.approx(600 / 7, abs=SQUAD_TOL)


def test_squad_best_over_answers() -> None:
    # "Paris": EM 0, F1 of [paris] vs [paris, france] = 2 * 1 * 0.5 / 1.5 = 2/3; "paris": EM and F1 100.
    assert score_row(["em", "f1"], "Paris", ["Paris, France", "paris"]).scores == {"em": 100.0, "f1": 100.0}
    scores = score_row(["f1"], "Paris", ["Paris, France", "Lyon"]).scores
    assert scores["f1"] == pytest.approx(200 / 3, abs=SQUAD_TOL)


def test_squad_aggregate_is_the_mean_of_rows() -> None:
    rows = [score_row(["em"], "yes", ["yes"]), score_row(["em"], "no", ["yes"])]
    assert aggregate(["em"], rows) == {"em": 50.0}


def test_rouge_readme_example() -> None:
    # Stemmed tokens: target [the quick brown fox jump over the lazi dog] (9), prediction
    # [the quick brown dog jump on the log] (8). Unigram overlap 6: F = 2*6/(9+8). Bigram overlap
    # {the quick, quick brown}: F = 2*2/(8+7). LCS "the quick brown jump the" = 5: F = 2*5/(9+8).
    row = score_row(["rouge"], "The quick brown dog jumps on the log.", ["The quick brown fox jumps over the lazy dog"])
    assert row.scores == pytest.approx({"rouge1": 12 / 17, "rouge2": 4 / 15, "rougeL": 10 / 17})
    # rouge-score's README prints these, to 8 places.
    assert row.scores["rouge1"] == pytest.approx(0.70588235)
    assert row.scores["rougeL"] == pytest.approx(0.58823529)


def test_rouge_best_reference_per_metric() -> None:
    row = score_row(["rouge"], "the cat sat", ["the cat sat", "a dog ran"])
    assert row.scores == {"rouge1": 1.0, "rouge2": 1.0, "rougeL": 1.0}
    mean = aggregate(["rouge"], [row, score_row(["rouge"], "x y", ["z w"])])
    assert mean == {"rouge1": 0.5, "rouge2": 0.5, "rougeL": 0.5}


SACREBLEU_REFS = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
]
SACREBLEU_SYS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]


def test_bleu_sacrebleu_readme_corpus() -> None:
    rows = [
        score_row(["bleu"], hyp, refs)
        for hyp, refs in zip(SACREBLEU_SYS, zip(*SACREBLEU_REFS, strict=True), strict=True)
    ]
    assert round(aggregate(["bleu"], rows)["bleu"], 2) == 48.53
    assert rows[0].scores["bleu"] == pytest.approx(100.0)
    # Corpus BLEU pools n-gram counts; it is not the mean of the sentence scores.
    assert aggregate(["bleu"], rows)["bleu"] != pytest.approx(sum(row.scores["bleu"] for row in rows) / 3)


def test_bleu_variable_number_of_references() -> None:
    # sacrebleu's README: without the first sentence's first reference, BLEU = 29.44.
    refs = [tuple(r for r in pair if r != "The dog bit the man.") for pair in zip(*SACREBLEU_REFS, strict=True)]
    rows = [ScoredRow(hyp, r, {}) for hyp, r in zip(SACREBLEU_SYS, refs, strict=True)]
    assert [len(row.references) for row in rows] == [1, 2, 2]
    assert round(aggregate(["bleu"], rows)["bleu"], 2) == 29.44


def test_bleu_padding_is_neutral() -> None:
    # A one-reference row among two-reference rows scores as in a corpus of one reference per row: all
    # n-grams match, BP = exp(1 - 13/9). Padded with "", the short hypothesis would be closest to a
    # reference of length 0 and score 100.
    short = ScoredRow("the cat sat on", ("the cat sat on the mat today please",), {})
    alone = aggregate(["bleu"], [short, ScoredRow("a b c d e", ("a b c d e",), {})])
    mixed = aggregate(["bleu"], [short, ScoredRow("a b c d e", ("a b c d e", "a b c d e"), {})])
    assert mixed == alone == {"bleu": pytest.approx(100 * math.exp(1 - 13 / 9))}


def test_perplexity_of_a_row() -> None:
    row = score_row(["perplexity"], "", ["four tokens long here"], [math.log(0.5)] * 4)
    assert row.scores == {"perplexity": pytest.approx(2.0)}
    assert row.reference_logprobs == (math.log(0.5),) * 4


def test_perplexity_corpus_is_token_weighted() -> None:
    one = score_row(["perplexity"], "", ["a"], [math.log(0.5)])
    three = score_row(["perplexity"], "", ["b c d"], [math.log(0.25)] * 3)
    assert (one.scores["perplexity"], three.scores["perplexity"]) == pytest.approx((2.0, 4.0))
    # exp(-(ln 1/2 + 3 ln 1/4) / 4) = exp(7/4 ln 2) = 2 ** 1.75, not the mean of rows (3.0).
    assert aggregate(["perplexity"], [one, three]) == {"perplexity": pytest.approx(2**1.75)}


def test_all_metrics_give_plain_floats() -> None:
    row = score_row(METRIC_KEYS, "the cat sat", ["the cat sat on the mat"], [-0.1, -0.2])
    expected = {key for keys in METRIC_KEYS.values() for key in keys}
    assert row.scores.keys() == expected
    total = aggregate(METRIC_KEYS, [row])
    assert total.keys() == expected
    for value in [*row.scores.values(), *total.values()]:
        assert type(value) is float
    json.dumps([row.scores, total])


def test_no_rows_aggregate_to_nothing() -> None:
    assert aggregate(["em", "bleu", "perplexity"], []) == {}


def test_unknown_metric() -> None:
    with pytest.raises(ValueError, match="accuracy"):
        score_row(["accuracy"], "a", ["a"])
    with pytest.raises(ValueError, match="accuracy"):
        aggregate(["accuracy"], [])


def test_perplexity_without_logprobs() -> None:
    with pytest.raises(ValueError, match="log-probabilities"):
        score_row(["perplexity"], "", ["a reference"])


def test_row_without_references() -> None:
    with pytest.raises(ValueError, match="reference"):
        score_row(["em"], "a", [])
