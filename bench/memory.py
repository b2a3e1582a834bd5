"""Memory banks: this server over HTTP against chromadb used directly, with the same embedding function.

Each round inserts 1,000 short documents (100 per request, as a user would batch them) into a new
bank and runs 200 queries (top 5) on it, through a real `lls serve` subprocess and on a chromadb
PersistentClient in this process. The two sides take turns, insert request by insert request and
25 queries at a time, so that both see the machine in the same state (this VM's speed drifts by a
third from minute to minute). Each figure is the median of the rounds. Targets: the server's
overhead at most 15% on insert time and on query p50; at least 300 documents/s inserted and a query
p50 under 20 ms through HTTP.

A third side runs the embedding function alone, with no store: no setup can insert faster or query
sooner on this machine. `GET /health` on the server, which does no work, gives the HTTP floor.

The server is driven with the standard library's keep-alive `http.client`, the leanest client there
is, so that what is measured is the server; the generated client's httpx transport adds about half a
millisecond a request, printed apart.

    .venv/bin/python bench/memory.py [--documents 1000] [--queries 200] [--batch 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chromadb
import chromadb.config
import httpx
import yaml

from lls_server.config import DEFAULT_EMBEDDING_MODEL_DIR
from lls_server.memory.embedding import OnnxSentenceEmbedder
from lls_server.testing import LiveServer

SUBJECTS = [
    "The lighthouse",
    "A red fox",
    "The night train",
    "Our bakery",
    "The old library",
    "A jazz band",
    "The river",
]
VERBS = ["opens", "closes", "waits", "sings", "shines", "travels", "rests"]
QUERY_BLOCK = 25
TIMES = ["at dawn", "after lunch", "on Sundays", "in winter", "every evening", "before the storm", "near midnight"]


def corpus(n: int) -> list[str]:
    rng = random.Random(0)
    return [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(TIMES)} in town number {i}, "
        f"according to note {rng.randrange(10_000)}."
        for i in range(n)
    ]


def questions(n: int) -> list[str]:
    rng = random.Random(1)
    return [f"When does {rng.choice(SUBJECTS).lower()} {rng.choice(VERBS)[:-1]}?" for _ in range(n)]


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@dataclass
class Round:
    insert_s: float = 0.0
    query_s: list[float] = field(default_factory=list)

    def figures(self, documents: int) -> tuple[float, float, float]:
        """Documents/s, query p50 and p95 in ms."""
        return documents / self.insert_s, percentile(self.query_s, 50) * 1000, percentile(self.query_s, 95) * 1000


class EmbeddingAlone:
    """The embedding function with no store at all: the ceiling for both sides on this machine."""

    def __init__(self, embedder: OnnxSentenceEmbedder):
        self.embedder = embedder

    def new_bank(self, name: str) -> None:
        pass

    def insert(self, ids: list[str], texts: list[str]) -> None:
        self.embedder(texts)

    def query(self, text: str) -> None:
        self.embedder([text])


class Direct:
    """chromadb in this process, as a user of it would write it: embed, then add or query."""

    def __init__(self, directory: Path, embedder: OnnxSentenceEmbedder):
        self.embedder = embedder
        settings = chromadb.config.Settings(anonymized_telemetry=False)
        self.client = chromadb.PersistentClient(path=str(directory), settings=settings)

    def new_bank(self, name: str) -> None:
        self.collection = self.client.create_collection(
            name, embedding_function=None, configuration={"hnsw": {"space": "cosine"}}
        )

    def insert(self, ids: list[str], texts: list[str]) -> None:
        metadatas: list[Any] = [{"document_id": i} for i in ids]
        self.collection.add(ids=ids, documents=texts, metadatas=metadatas, embeddings=self.embedder(texts))

    def query(self, text: str) -> None:
        self.collection.query(query_embeddings=self.embedder([text]), n_results=5)


class Served:
    """This server over one keep-alive HTTP connection."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def post(self, path: str, body: object) -> bytes:
        self.connection.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        answer = response.read()
        if response.status != 200:
            raise SystemExit(f"POST {path}: {response.status} {answer.decode()}")
        return answer

    def new_bank(self, name: str) -> None:
        self.bank = name
        self.post(f"/memory_banks/create?bank_id={name}&bank_name={name}", [])

    def insert(self, ids: list[str], texts: list[str]) -> None:
        body = [{"document_id": i, "content": t} for i, t in zip(ids, texts, strict=True)]
        self.post(f"/memory_bank/insert?bank_id={self.bank}", body)

    def query(self, text: str) -> None:
        self.post(f"/memory_bank/query?bank_id={self.bank}", {"query": text, "top_k": 5})


Side = EmbeddingAlone | Direct | Served


def timed(action: Any, *args: Any) -> float:
    started = time.perf_counter()
    action(*args)
    return time.perf_counter() - started


def run_round(
    number: int, sides: dict[str, Side], documents: list[str], queries: list[str], batch: int
) -> dict[str, Round]:
    """One round: a new bank on each side, filled and queried with the sides taking turns."""
    rounds = {name: Round() for name in sides}
    order = list(sides) if number % 2 == 0 else list(reversed(sides))
    for name in order:
        sides[name].new_bank(f"bench-{number}")
    for start in range(0, len(documents), batch):
        ids = [f"d{start + i}" for i in range(len(documents[start : start + batch]))]
        for name in order:
            rounds[name].insert_s += timed(sides[name].insert, ids, documents[start : start + batch])
    # Queries take turns in blocks: query by query, each side would find the caches cold from the other.
    for start in range(0, len(queries), QUERY_BLOCK):
        for name in order:
            rounds[name].query_s += [timed(sides[name].query, text) for text in queries[start : start + QUERY_BLOCK]]
    return rounds


def health_p50(port: int) -> float:
    """A round trip to this server that does no work: the HTTP floor under every query."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    latencies = []
    for _ in range(200):
        started = time.perf_counter()
        connection.request("GET", "/health")
        connection.getresponse().read()
        latencies.append(time.perf_counter() - started)
    return percentile(latencies, 50) * 1000


def httpx_query_p50(base_url: str, bank: str, queries: list[str]) -> float:
    latencies = []
    with httpx.Client(base_url=base_url, timeout=120) as client:
        for text in queries:
            started = time.perf_counter()
            client.post("/memory_bank/query", params={"bank_id": bank}, json={"query": text, "top_k": 5})
            latencies.append(time.perf_counter() - started)
    return percentile(latencies, 50) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    documents, queries = corpus(args.documents), questions(args.queries)
    with tempfile.TemporaryDirectory(prefix="lls-bench-memory-") as tmp:
        config = Path(tmp) / "config.yaml"
        config.write_text(yaml.safe_dump({"data_dir": str(Path(tmp) / "served"), "models": []}))
        server = LiveServer(config)
        try:
            embedder = OnnxSentenceEmbedder(DEFAULT_EMBEDDING_MODEL_DIR)
            sides: dict[str, Side] = {
                "embedding alone": EmbeddingAlone(embedder),
                "chromadb directly": Direct(Path(tmp) / "direct", embedder),
                "lls over HTTP": Served(server.port),
            }
            rounds = [run_round(n, sides, documents, queries, args.batch) for n in range(args.rounds)]
            httpx_p50 = httpx_query_p50(server.base_url, f"bench-{args.rounds - 1}", queries)
            floor_p50 = health_p50(server.port)
        finally:
            server.stop()

    print(
        f"memory banks: {args.documents} documents ({args.batch} a request), {args.queries} queries, "
        f"{os.cpu_count()} cores, median of {args.rounds} rounds"
    )
    print(f"{'':20} {'documents/s':>12} {'query p50 ms':>13} {'query p95 ms':>13}")
    medians = {}
    for name in sides:
        per_round = [r[name].figures(args.documents) for r in rounds]
        medians[name] = [statistics.median(column) for column in zip(*per_round, strict=True)]
        rate, p50, p95 = medians[name]
        print(f"{name:20} {rate:12.0f} {p50:13.2f} {p95:13.2f}")
    print(f"{'(httpx client)':20} {'':12} {httpx_p50:13.2f}")
    print(f"{'(GET /health)':20} {'':12} {floor_p50:13.2f}")
    direct, served = medians["chromadb directly"], medians["lls over HTTP"]
    insert_overhead = statistics.median(r["lls over HTTP"].insert_s / r["chromadb directly"].insert_s for r in rounds)
    query_overhead = served[1] / direct[1]
    print(f"server overhead: insert time {insert_overhead - 1:+.1%}, query p50 {query_overhead - 1:+.1%}, "
          f"p95 {served[2] / direct[2] - 1:+.1%}  (target: at most +15%)")  # fmt: skip
    print(f"through HTTP: {served[0]:.0f} documents/s (target >= 300), query p50 {served[1]:.1f} ms (target < 20)")
    met = insert_overhead <= 1.15 and query_overhead <= 1.15 and served[0] >= 300 and served[1] < 20
    print("targets met" if met else "TARGETS NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
