"""Memory banks: this server over HTTP against chromadb used directly, with the same embedding function.

Inserts 1,000 short documents (100 per request, as a user would batch them) and runs 200 queries
(top 5), once through a real `lls serve` subprocess and once on a chromadb PersistentClient in this
process, then prints documents/s, query latency p50 and p95, and the server's overhead.

    .venv/bin/python bench/memory.py [--documents 1000] [--queries 200] [--batch 100]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import chromadb
import chromadb.config
import httpx
import yaml

from lls_server.config import DEFAULT_EMBEDDING_MODEL_DIR
from lls_server.embedding import OnnxSentenceEmbedder

ROOT = Path(__file__).resolve().parent.parent
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


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def direct(directory: Path, documents: list[str], queries: list[str], batch: int) -> tuple[float, list[float]]:
    embedder = OnnxSentenceEmbedder(DEFAULT_EMBEDDING_MODEL_DIR)
    client = chromadb.PersistentClient(
        path=str(directory / "direct"), settings=chromadb.config.Settings(anonymized_telemetry=False)
    )
    collection = client.create_collection("bench", embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    started = time.perf_counter()
    for start in range(0, len(documents), batch):
        texts = documents[start : start + batch]
        collection.add(
            ids=[f"d{start + i}" for i in range(len(texts))],
            documents=texts,
            metadatas=[{"document_id": f"d{start + i}"} for i in range(len(texts))],
            embeddings=embedder(texts),
        )
    insert_seconds = time.perf_counter() - started
    latencies = []
    for text in queries:
        started = time.perf_counter()
        collection.query(query_embeddings=embedder([text]), n_results=5)
        latencies.append(time.perf_counter() - started)
    return insert_seconds, latencies


def served(directory: Path, documents: list[str], queries: list[str], batch: int) -> tuple[float, list[float]]:
    config = directory / "config.yaml"
    config.write_text(yaml.safe_dump({"data_dir": str(directory / "served"), "models": []}))
    port = 18000 + os.getpid() % 1000
    log = (directory / "server.log").open("w")
    command = [str(Path(sys.executable).parent / "lls"), "serve", "--config", str(config), "--port", str(port)]
    server = subprocess.Popen([*command, "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as http:
            for _ in range(600):
                try:
                    if http.get("/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                raise SystemExit(f"lls serve did not start: {(directory / 'server.log').read_text()}")
            http.post("/memory_banks/create", params={"bank_id": "bench", "bank_name": "bench"}, json=[])
            started = time.perf_counter()
            for start in range(0, len(documents), batch):
                body = [
                    {"document_id": f"d{start + i}", "content": t}
                    for i, t in enumerate(documents[start : start + batch])
                ]
                http.post("/memory_bank/insert", params={"bank_id": "bench"}, json=body).raise_for_status()
            insert_seconds = time.perf_counter() - started
            latencies = []
            for text in queries:
                started = time.perf_counter()
                answer = http.post("/memory_bank/query", params={"bank_id": "bench"}, json={"query": text, "top_k": 5})
                answer.raise_for_status()
                latencies.append(time.perf_counter() - started)
            return insert_seconds, latencies
    finally:
        server.terminate()
        server.wait()
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    documents, queries = corpus(args.documents), questions(args.queries)
    with tempfile.TemporaryDirectory(prefix="lls-bench-memory-") as tmp:
        results = {
            "chromadb directly": direct(Path(tmp), documents, queries, args.batch),
            "lls over HTTP": served(Path(tmp), documents, queries, args.batch),
        }
    cores = os.cpu_count()
    print(f"memory banks: {args.documents} documents ({args.batch} a request), {args.queries} queries, {cores} cores")
    print(f"{'':20} {'documents/s':>12} {'query p50 ms':>13} {'query p95 ms':>13}")
    figures = {}
    for name, (seconds, latencies) in results.items():
        figures[name] = (args.documents / seconds, percentile(latencies, 50) * 1000, percentile(latencies, 95) * 1000)
        print(f"{name:20} {figures[name][0]:12.0f} {figures[name][1]:13.2f} {figures[name][2]:13.2f}")
    (rate_d, p50_d, p95_d), (rate_s, p50_s, p95_s) = figures.values()
    print(
        f"server overhead: inserts {rate_d / rate_s - 1:+.1%} time, "
        f"query p50 {p50_s / p50_d - 1:+.1%}, p95 {p95_s / p95_d - 1:+.1%}"
    )


if __name__ == "__main__":
    main()
