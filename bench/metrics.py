"""What scraping /metrics costs the serving path: decode rates with and without a scraper, and one scrape's time.

One real server on the default model. Each round streams ROUND_STREAMS greedy chat completions of up to TOKENS
tokens one after another on each of three sides: with nothing else running ("quiet"); while a poller in another
process fetches /metrics every SCRAPE_INTERVAL s ("/metrics"; Prometheus scrapes every 15 s or so); and, as the
control, while it fetches /health as often ("/health": what any request at that rate costs, collecting nothing).
The sides' order rotates from round to round, so all see the machine in the same state. A stream's decode rate is
measured by the client, from its first token to its last: (tokens - 1) / seconds. Each side's figure is the
median of its streams; each ratio is the median of the rounds' ratios. On a machine whose cores all decode (2
here), any other work takes its share from decoding: /metrics against /health is the cost of collecting metrics.

Then, on the idle server, SCRAPES scrapes one after another: the time of each, as the client sees it (HTTP
included), and the size of the answer.

    .venv/bin/python bench/metrics.py
"""

from __future__ import annotations

import json
import multiprocessing
import statistics
import tempfile
import time
from multiprocessing.synchronize import Event
from pathlib import Path

import httpx

from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

TOKENS = 128
ROUNDS = 9
ROUND_STREAMS = 3
SCRAPE_INTERVAL = 1.0  # seconds: 15 times as often as Prometheus scrapes by default; 0.1 s cost 1-4%
SCRAPES = 200
TARGET = 0.98  # /metrics against /health: within this bench's noise
SIDES: dict[str, str | None] = {"quiet": None, "/health": "/health", "/metrics": "/metrics"}  # side: what is polled
CHAT = {
    "model": DEFAULT_MODEL_ID,
    "messages": [{"role": "user", "content": "Write a long story about a dragon who learned to read."}],
    "stream": True,
    "sampling_params": {"strategy": "greedy", "max_tokens": TOKENS},
}


def decode_rate(client: httpx.Client) -> tuple[float, int]:
    """One streamed chat completion's decode rate (tokens a second, first token to last) and its tokens."""
    first = last = 0.0
    tokens = 0
    with client.stream("POST", "/inference/chat_completion", json=CHAT) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("data: "):
                continue
            event = json.loads(line.removeprefix("data: "))["event"]
            if event["event_type"] == "progress" and event["delta"]:
                last = time.perf_counter()
                first = first or last
            elif event["event_type"] == "complete":
                tokens = event["usage"]["completion_tokens"]
    if tokens < 2 or last <= first:
        raise RuntimeError(f"the answer is too short to time: {tokens} tokens")
    return (tokens - 1) / (last - first), tokens


def poller(base_url: str, path: str, stop: Event, results: multiprocessing.Queue[int]) -> None:
    """Fetch `path` every SCRAPE_INTERVAL s until `stop` is set; put how many fetches it made in `results`."""
    fetches = 0
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(path).raise_for_status()
            fetches += 1
            stop.wait(max(0.0, SCRAPE_INTERVAL - (time.perf_counter() - started)))
    results.put(fetches)


def streams(client: httpx.Client, base_url: str, polled: str | None) -> tuple[list[float], int]:
    """The decode rates of a round's streams on one side (while `polled` is fetched, if any), and the fetches."""
    if polled is None:
        return [decode_rate(client)[0] for _ in range(ROUND_STREAMS)], 0
    context = multiprocessing.get_context("spawn")
    stop, results = context.Event(), context.Queue()
    process = context.Process(target=poller, args=(base_url, polled, stop, results))
    process.start()
    time.sleep(0.5)  # the poller under way (a spawned interpreter takes a moment)
    try:
        rates = [decode_rate(client)[0] for _ in range(ROUND_STREAMS)]
    finally:
        stop.set()
        fetches = results.get(timeout=60)
        process.join()
    return rates, fetches


def main() -> None:
    rates: dict[str, list[float]] = {side: [] for side in SIDES}
    ratios: dict[str, list[float]] = {"/metrics vs quiet": [], "/health vs quiet": [], "/metrics vs /health": []}
    fetches = dict.fromkeys(SIDES, 0)
    with tempfile.TemporaryDirectory() as directory:
        server = LiveServer(write_config(Path(directory)))
        try:
            with httpx.Client(base_url=server.base_url, timeout=300) as client:
                tokens = decode_rate(client)[1]  # and a warm-up: the model's first steps, the prompt cached
                for number in range(ROUNDS):
                    names = list(SIDES)
                    order = names[number % len(names) :] + names[: number % len(names)]
                    medians = {}
                    for side in order:
                        side_rates, made = streams(client, server.base_url, SIDES[side])
                        rates[side] += side_rates
                        fetches[side] += made
                        medians[side] = statistics.median(side_rates)
                    for name in ratios:
                        side, base = name.split(" vs ")
                        ratios[name].append(medians[side] / medians[base])
                    print(
                        f"round {number + 1}: " + ", ".join(f"{side} {medians[side]:.1f}" for side in SIDES) + " tok/s",
                        flush=True,
                    )
                times = []
                size = 0
                for _ in range(SCRAPES):
                    started = time.perf_counter()
                    answer = client.get("/metrics")
                    times.append(time.perf_counter() - started)
                    size = len(answer.content)
        finally:
            server.stop()
    every = f"{SCRAPE_INTERVAL * 1000:.0f} ms"
    print(
        f"\nDecode rate of streamed greedy chat completions ({ROUNDS} rounds of {ROUND_STREAMS} streams a side, "
        f"{tokens} tokens each; medians of all streams):"
    )
    print("| side | decode tok/s | fetches |\n|---|---|---|")
    for side, path in SIDES.items():
        label = "quiet" if path is None else f"{path} every {every}"
        print(f"| {label} | {statistics.median(rates[side]):.1f} | {fetches[side]} |")
    print("\nRatios, medians of the rounds' ratios:")
    for name, values in ratios.items():
        print(f"- {name}: {statistics.median(values):.3f} (rounds: {', '.join(f'{r:.3f}' for r in values)})")
    cost = statistics.median(ratios["/metrics vs /health"])
    verdict = "met" if cost >= TARGET else "MISSED"
    print(f"collecting metrics, /metrics vs /health: {cost:.3f} (target >= {TARGET}: {verdict})")
    times.sort()
    print(
        f"\nOne scrape of /metrics on the idle server ({SCRAPES} scrapes, {size} bytes): median "
        f"{statistics.median(times) * 1000:.2f} ms, p90 {times[int(len(times) * 0.9)] * 1000:.2f} ms, "
        f"max {times[-1] * 1000:.2f} ms (round trip, HTTP included)"
    )


if __name__ == "__main__":
    main()
