"""Reward scoring: a model judges answers against a rubric, under a grammar that admits only a score."""

from .api import RewardScoring, create_reward_scoring

__all__ = ["RewardScoring", "create_reward_scoring"]
