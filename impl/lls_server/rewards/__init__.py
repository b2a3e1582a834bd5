"""Reward scoring (a model judges answers against a rubric) and synthetic data generation (sample, judge, filter)."""

from .api import RewardScoring, create_reward_scoring
from .synthetic_data import SyntheticDataGeneration, create_synthetic_data_generation

__all__ = ["RewardScoring", "SyntheticDataGeneration", "create_reward_scoring", "create_synthetic_data_generation"]
