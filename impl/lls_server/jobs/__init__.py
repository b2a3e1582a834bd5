"""The job runner that evaluations and post-training share: jobs in SQLite, run locally or on Ray."""
