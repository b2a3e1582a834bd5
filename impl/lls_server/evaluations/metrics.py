"""Evaluation metrics, each computed by the library that maintains its reference implementation.

- ``em`` and ``f1``: SQuAD's exact match and token F1 (torchmetrics' port of the official script): answers are
  lower-cased and stripped of punctuation, articles and extra spaces; a row scores its best over its acceptable
  answers. Scale 0-100.
- ``rouge``: ROUGE-1, ROUGE-2 and ROUGE-L F-measure (Google's rouge-score, Porter-stemmed); a row scores, per
  metric, its best over its references. Scale 0-1.
- ``bleu``: sacrebleu's BLEU; per row sentence BLEU, and over the rows corpus BLEU (not the mean of the rows').
  Scale 0-100.
- ``perplexity``: exp of the negative mean per-token log-probability (natural log) of the first reference; over
  the rows the corpus perplexity, weighted by tokens. Scale 1 upwards.

The rows' other metrics aggregate as their mean. The libraries load on first use, so the server does not pay
for importing torch at start-up. Every score is a plain float, ready for JSON.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from statistics import fmean

METRIC_KEYS: dict[str, tuple[str, ...]] = {
    "em": ("em",),
    "f1": ("f1",),
    "rouge": ("rouge1", "rouge2", "rougeL"),
    "bleu": ("bleu",),
    "perplexity": ("perplexity",),
}


@dataclass(frozen=True)
class ScoredRow:
    prediction: str  # the model's answer ("" where only perplexity is asked)
    references: tuple[str, ...]  # acceptable answers, at least one
    scores: dict[str, float]  # this row's scores, keys from METRIC_KEYS
    reference_logprobs: tuple[float, ...] = ()  # per-token logprobs of references[0], for perplexity


def _check(metrics: Collection[str]) -> None:
    unknown = sorted(set(metrics) - METRIC_KEYS.keys())
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}; known: {', '.join(METRIC_KEYS)}")


def _squad(prediction: str, references: Sequence[str]) -> dict[str, float]:
    from torchmetrics.functional.text import squad

    result = squad({"prediction_text": prediction, "id": "row"}, {"answers": {"text": list(references)}, "id": "row"})
    return {"em": float(result["exact_match"]), "f1": float(result["f1"])}


def _rouge(prediction: str, references: Sequence[str]) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(METRIC_KEYS["rouge"]), use_stemmer=True)
    return {key: float(score.fmeasure) for key, score in scorer.score_multi(list(references), prediction).items()}


def _perplexity(logprobs: Sequence[float]) -> float:
    if not logprobs:
        raise ValueError("perplexity needs the per-token log-probabilities of the reference")
    return math.exp(-math.fsum(logprobs) / len(logprobs))


def score_row(
    metrics: Collection[str], prediction: str, references: Sequence[str], reference_logprobs: Sequence[float] = ()
) -> ScoredRow:
    """One row's scores for the named metrics (see `METRIC_KEYS`)."""
    _check(metrics)
    if not references:
        raise ValueError("a row needs at least one reference")
    scores: dict[str, float] = {}
    if "em" in metrics or "f1" in metrics:
        squad = _squad(prediction, references)
        scores |= {key: squad[key] for key in ("em", "f1") if key in metrics}
    if "rouge" in metrics:
        scores |= _rouge(prediction, references)
    if "bleu" in metrics:
        from sacrebleu.metrics.bleu import BLEU

        # effective_order: a short sentence lacking 4-grams is not scored 0 (sacrebleu's sentence_bleu default).
        scores["bleu"] = float(BLEU(effective_order=True).sentence_score(prediction, list(references)).score)
    if "perplexity" in metrics:
        scores["perplexity"] = _perplexity(reference_logprobs)
    return ScoredRow(prediction, tuple(references), scores, tuple(reference_logprobs))


def _corpus_bleu(rows: Sequence[ScoredRow]) -> float:
    from sacrebleu.metrics.bleu import BLEU

    # sacrebleu takes one stream per reference position. Rows with fewer references are padded with None, which
    # it drops (its README allows it; its annotations say str); "" would instead count as a reference of length
    # 0 and change the brevity penalty.
    width = max(len(row.references) for row in rows)
    streams = [[row.references[i] if i < len(row.references) else None for row in rows] for i in range(width)]
    return float(BLEU().corpus_score([row.prediction for row in rows], streams).score)  # type: ignore[arg-type]


def aggregate(metrics: Collection[str], rows: Sequence[ScoredRow]) -> dict[str, float]:
    """The named metrics over all the rows; an empty dict for no rows."""
    _check(metrics)
    if not rows:
        return {}
    result: dict[str, float] = {}
    for metric in metrics:
        if metric == "bleu":
            result["bleu"] = _corpus_bleu(rows)
        elif metric == "perplexity":
            result["perplexity"] = _perplexity([logprob for row in rows for logprob in row.reference_logprobs])
        else:
            result |= {key: fmean(row.scores[key] for row in rows) for key in METRIC_KEYS[metric]}
    return result
