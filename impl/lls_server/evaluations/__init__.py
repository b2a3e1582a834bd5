"""Evaluations: jobs that run a model over a dataset and score its answers."""

from .api import Evaluations, create_evaluations

__all__ = ["Evaluations", "create_evaluations"]
