"""Datasets for training and evaluation: rows read from a URL, checked against their columns, kept in SQLite."""

from .api import Datasets, create_datasets

__all__ = ["Datasets", "create_datasets"]
