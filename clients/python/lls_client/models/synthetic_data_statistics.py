from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.synthetic_data_statistics_score_counts import SyntheticDataStatisticsScoreCounts


T = TypeVar("T", bound="SyntheticDataStatistics")


@_attrs_define
class SyntheticDataStatistics:
    """What a synthetic data generation did. An addition to the draft (whose `statistics` is any object).

    Attributes:
        num_dialogs (int): Dialogs answered.
        num_candidates (int): Candidates generated and scored, all dialogs together.
        num_kept (int): Candidates kept, all dialogs together.
        score_min (float): The lowest score of all candidates.
        score_mean (float): The mean score of all candidates.
        score_max (float): The highest score of all candidates.
        score_counts (SyntheticDataStatisticsScoreCounts): How many candidates got each score, by score (`"7"`), lowest
            first.
        generation_seconds (float): Time spent sampling the candidates.
        scoring_seconds (float): Time spent scoring them.
        seconds (float): The whole request's time, storing the dataset included.
        kept_score_mean (float | Unset): The mean score of the candidates kept; absent when none is.
    """

    num_dialogs: int
    num_candidates: int
    num_kept: int
    score_min: float
    score_mean: float
    score_max: float
    score_counts: SyntheticDataStatisticsScoreCounts
    generation_seconds: float
    scoring_seconds: float
    seconds: float
    kept_score_mean: float | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        num_dialogs = self.num_dialogs

        num_candidates = self.num_candidates

        num_kept = self.num_kept

        score_min = self.score_min

        score_mean = self.score_mean

        score_max = self.score_max

        score_counts = self.score_counts.to_dict()

        generation_seconds = self.generation_seconds

        scoring_seconds = self.scoring_seconds

        seconds = self.seconds

        kept_score_mean = self.kept_score_mean

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "num_dialogs": num_dialogs,
                "num_candidates": num_candidates,
                "num_kept": num_kept,
                "score_min": score_min,
                "score_mean": score_mean,
                "score_max": score_max,
                "score_counts": score_counts,
                "generation_seconds": generation_seconds,
                "scoring_seconds": scoring_seconds,
                "seconds": seconds,
            }
        )
        if kept_score_mean is not UNSET:
            field_dict["kept_score_mean"] = kept_score_mean

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.synthetic_data_statistics_score_counts import SyntheticDataStatisticsScoreCounts

        d = dict(src_dict)
        num_dialogs = d.pop("num_dialogs")

        num_candidates = d.pop("num_candidates")

        num_kept = d.pop("num_kept")

        score_min = d.pop("score_min")

        score_mean = d.pop("score_mean")

        score_max = d.pop("score_max")

        score_counts = SyntheticDataStatisticsScoreCounts.from_dict(d.pop("score_counts"))

        generation_seconds = d.pop("generation_seconds")

        scoring_seconds = d.pop("scoring_seconds")

        seconds = d.pop("seconds")

        kept_score_mean = d.pop("kept_score_mean", UNSET)

        synthetic_data_statistics = cls(
            num_dialogs=num_dialogs,
            num_candidates=num_candidates,
            num_kept=num_kept,
            score_min=score_min,
            score_mean=score_mean,
            score_max=score_max,
            score_counts=score_counts,
            generation_seconds=generation_seconds,
            scoring_seconds=scoring_seconds,
            seconds=seconds,
            kept_score_mean=kept_score_mean,
        )

        return synthetic_data_statistics
