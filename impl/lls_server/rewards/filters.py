"""The filtering functions of synthetic data generation: which of a dialog's scored candidates to keep.

Each takes the candidates' scores (in the order they were generated) and returns the indices of those kept,
best score first, ties broken by the earlier candidate. The random ones draw from the `rng` given, in candidate
order, so that a seeded generator repeats the choice.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from lls_api.models import FilteringFunction


@dataclass(frozen=True)
class FilterParams:
    top_k: int = 1
    top_p: float = 0.9
    sigmoid_threshold: float = 5.5
    sigmoid_temperature: float = 1.0


def best_first(scores: Sequence[float]) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def keep_all(scores: Sequence[float]) -> list[int]:
    return best_first(scores)


def keep_random(scores: Sequence[float], k: int, rng: random.Random) -> list[int]:
    """`k` candidates drawn uniformly at random (all of them when there are fewer)."""
    drawn = set(rng.sample(range(len(scores)), min(k, len(scores))))
    return [i for i in best_first(scores) if i in drawn]


def keep_top_k(scores: Sequence[float], k: int) -> list[int]:
    return best_first(scores)[:k]


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores, default=0.0)
    weights = [math.exp(score - top) for score in scores]
    total = sum(weights)
    return [weight / total for weight in weights]


def keep_top_p(scores: Sequence[float], p: float) -> list[int]:
    """The smallest set of the best whose softmax mass reaches `p`; never empty when there are candidates."""
    order = best_first(scores)
    mass = softmax(scores)
    kept: list[int] = []
    reached = 0.0
    for i in order:
        kept.append(i)
        reached += mass[i]
        if reached >= p - 1e-12:  # p = 1 is reached although the sum rounds below it
            break
    return kept


def keep_top_k_top_p(scores: Sequence[float], k: int, p: float) -> list[int]:
    """`keep_top_p` among the `k` best, their softmax taken over those alone (as samplers chain top-k, top-p)."""
    best = keep_top_k(scores, k)
    return [best[j] for j in keep_top_p([scores[i] for i in best], p)]


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def keep_sigmoid(scores: Sequence[float], threshold: float, temperature: float, rng: random.Random) -> list[int]:
    """Each candidate kept with probability sigmoid((score - threshold) / temperature)."""
    drawn = {i for i, score in enumerate(scores) if rng.random() < sigmoid((score - threshold) / temperature)}
    return [i for i in best_first(scores) if i in drawn]


def choose(function: FilteringFunction, scores: Sequence[float], params: FilterParams, rng: random.Random) -> list[int]:
    """The candidates `function` keeps, best first."""
    match function:
        case FilteringFunction.none:
            return keep_all(scores)
        case FilteringFunction.random:
            return keep_random(scores, params.top_k, rng)
        case FilteringFunction.top_k:
            return keep_top_k(scores, params.top_k)
        case FilteringFunction.top_p:
            return keep_top_p(scores, params.top_p)
        case FilteringFunction.top_k_top_p:
            return keep_top_k_top_p(scores, params.top_k, params.top_p)
        case FilteringFunction.sigmoid:
            return keep_sigmoid(scores, params.sigmoid_threshold, params.sigmoid_temperature, rng)
