"""The figures that models and memory banks record as they serve, for /metrics (see observability.py).

Each object that serves keeps its own instruments, registered nowhere: a model's scheduler thread records once a
generation, never a token; a memory bank query records once. Each app's collector reads the instruments of the
objects its stack holds when /metrics is scraped, so that models loaded later (fine-tuned ones) are counted too.
"""

from __future__ import annotations

from prometheus_client import Histogram

# Seconds from a request's queueing to its first token: milliseconds idle, seconds behind a queue.
FIRST_TOKEN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)
# Tokens a second of one generation, from its first token to its last.
DECODE_RATE_BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0)
QUERY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
FIRST_TOKEN = "lls_time_to_first_token_seconds"
FIRST_TOKEN_HELP = "Seconds from a generation's queueing to its first sampled token, by model."
DECODE_RATE = "lls_decode_tokens_per_second"
DECODE_RATE_HELP = "Tokens a second of each generation of two tokens or more, from its first token to its last."


class GenerationMetrics:
    """One model's generations: what its scheduler thread records as each ends."""

    def __init__(self, model_id: str):
        self.time_to_first_token = Histogram(
            FIRST_TOKEN, FIRST_TOKEN_HELP, ["model"], registry=None, buckets=FIRST_TOKEN_BUCKETS
        )
        self.decode_rate = Histogram(
            DECODE_RATE, DECODE_RATE_HELP, ["model"], registry=None, buckets=DECODE_RATE_BUCKETS
        )
        self._first_token = self.time_to_first_token.labels(model_id)
        self._rate = self.decode_rate.labels(model_id)
        self.tokens_generated = 0  # written by the scheduler thread alone

    def first_token(self, seconds: float) -> None:
        self._first_token.observe(seconds)

    def ended(self, generated: int, decode_seconds: float | None) -> None:
        """A generation ended (finished, failed or cancelled) with `generated` tokens, sampled in `decode_seconds`
        from its first to its last (None: it sampled none)."""
        self.tokens_generated += generated
        if generated >= 2 and decode_seconds:
            self._rate.observe((generated - 1) / decode_seconds)


def query_latency() -> Histogram:
    return Histogram(
        "lls_memory_bank_query_seconds",
        "Seconds a memory bank query takes, waiting for the bank's lock, embedding and searching.",
        registry=None,
        buckets=QUERY_BUCKETS,
    )
