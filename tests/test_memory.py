"""Memory banks end to end: the generated client against `lls serve` on a socket, with real Chroma.

Every test runs twice: on Chroma embedded on disk under the server's data_dir, and on a `chroma run`
server on 127.0.0.1 (the CLI of the chromadb package).
"""

from __future__ import annotations

import base64
import http.server
import os
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest

from lls_client import Client
from lls_client.api.memory_banks import (
    create_memory_bank,
    delete_documents,
    drop_memory_bank,
    get_documents,
    get_memory_bank,
    insert_documents,
    list_memory_banks,
    query_documents,
    update_documents,
)
from lls_client.models import Error, MemoryBank, MemoryBankDocument, QueryDocumentsRequest, QueryDocumentsResponse
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, ServerProcess, free_port, write_config

pytestmark = pytest.mark.slow
CHROMA = Path(sys.executable).parent / "chroma"
MAX_DOCUMENT_BYTES = 20_000

# Distinct facts, and a paraphrased question for each: the default embedding must rank the right one first.
FACTS = {
    "eiffel": "The Eiffel Tower in Paris was completed in 1889 for the World's Fair.",
    "photosynthesis": "Plants turn sunlight, water and carbon dioxide into sugar and oxygen by photosynthesis.",
    "everest": "Mount Everest, on the border of Nepal and China, is the highest mountain above sea level.",
    "python": "Python is a programming language created by Guido van Rossum and first released in 1991.",
    "honey": "Honey does not spoil: edible honey has been found in ancient Egyptian tombs.",
    "octopus": "An octopus has three hearts and blue blood.",
    "mars": "Mars is called the Red Planet because of the iron oxide on its surface.",
    "coffee": "Coffee beans are the roasted seeds of the berries of the Coffea plant.",
    "violin": "A violin has four strings tuned in perfect fifths: G, D, A and E.",
    "penicillin": "Alexander Fleming discovered penicillin in 1928 when mould killed bacteria in a dish.",
}
QUESTIONS = {
    "eiffel": "When was the famous iron landmark of the French capital finished?",
    "photosynthesis": "How do green plants make food from light?",
    "everest": "Which peak is the tallest on Earth?",
    "python": "Who invented the Python language?",
    "honey": "Which food can last for thousands of years without going bad?",
    "octopus": "How many hearts does an octopus have?",
    "mars": "Why does the fourth planet from the sun look red?",
    "coffee": "Where do coffee beans come from?",
    "violin": "How is a violin's set of strings tuned?",
    "penicillin": "Who found the first antibiotic?",
}


def doc(document_id: str, content: str | dict[str, str], **fields: Any) -> MemoryBankDocument:
    return MemoryBankDocument.from_dict({"document_id": document_id, "content": content, **fields})


def query(client: Client, bank_id: str, text: str | list[str], top_k: int = 3, **fields: Any) -> QueryDocumentsResponse:
    answer = query_documents.sync(
        client=client, bank_id=bank_id, body=QueryDocumentsRequest.from_dict({"query": text, "top_k": top_k, **fields})
    )
    assert isinstance(answer, QueryDocumentsResponse), answer
    return answer


def listed_banks(client: Client) -> list[MemoryBank]:
    listed = list_memory_banks.sync_detailed(client=client)
    assert listed.status_code == 200 and isinstance(listed.parsed, list), listed.content
    return listed.parsed


def create(client: Client, bank_id: str, documents: list[MemoryBankDocument], **params: Any) -> MemoryBank:
    bank = create_memory_bank.sync(
        client=client, bank_id=bank_id, bank_name=f"{bank_id} bank", body=documents, **params
    )
    assert isinstance(bank, MemoryBank), bank
    return bank


class ChromaServer(ServerProcess):
    """`chroma run` on a free port of 127.0.0.1, storing under `path`."""

    def __init__(self, path: Path):
        port = free_port()
        command = [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)]
        super().__init__(command, port=port, log=path.parent / "chroma.log", ready_path="/api/v2/heartbeat", seconds=30)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory that file:// URLs may read, also served over HTTP."""
    directory = tmp_path_factory.mktemp("files")
    (directory / "notes.md").write_text("# Notes\n\nThe kettle in the staff kitchen is broken.\n")
    (directory / "page.html").write_text(
        "<html><head><title>t</title><style>p{}</style></head><body><script>alert(1)</script>"
        "<h1>Ferries</h1><p>The ferry to the island leaves at nine.</p></body></html>"
    )
    (directory / "report.pdf").write_bytes(pdf_with_text("The quarterly report shows growth in Norway."))
    (directory / "big.txt").write_text("word " * (MAX_DOCUMENT_BYTES // 4))
    (directory / "empty.txt").write_text("")
    return directory


@pytest.fixture(scope="module")
def http_files(files: Path) -> Iterator[str]:
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(files))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module", params=["embedded", "server"])
def memory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, files: Path
) -> Iterator[dict[str, Any]]:
    """The run config's memory section: Chroma embedded (under each config's data_dir), or a Chroma server."""
    settings: dict[str, Any] = {
        "allowed_dirs": [str(files)],
        "max_document_bytes": MAX_DOCUMENT_BYTES,
    }
    if request.param == "embedded":
        yield settings
        return
    chroma = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "chroma")
    yield settings | {"backend": "server", "host": "127.0.0.1", "port": chroma.port}
    chroma.stop()


@pytest.fixture(scope="module")
def server(memory: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    outgoing = {"allowed_hosts": ["127.0.0.1"]}  # http_files' host; other loopback addresses stay denied
    live = LiveServer(write_config(tmp_path_factory.mktemp("memory"), memory=memory, outgoing=outgoing))
    yield live
    live.stop()


@pytest.fixture
def client(server: LiveServer) -> Iterator[Client]:
    with Client(base_url=server.base_url, timeout=httpx.Timeout(60)) as client:
        yield client


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF showing `text` in Helvetica, with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_retrieval_ranks_the_right_fact_first_for_paraphrased_questions(client: Client) -> None:
    create(client, "facts", [doc(key, text, metadata={"key": key}) for key, text in FACTS.items()])
    right = 0
    for key, question in QUESTIONS.items():
        answer = query(client, "facts", question, top_k=3)
        assert len(answer.chunks) == 3 and answer.scores == sorted(answer.scores, reverse=True)
        right += answer.chunks[0].document_id == key
    assert right >= 0.8 * len(QUESTIONS), f"{right}/{len(QUESTIONS)} questions found their fact first"


def test_bank_lifecycle_and_ids_chroma_would_reject(client: Client) -> None:
    bank_id = "../Ünïcode bank: ✓ with spaces/and slashes " + "x" * 600  # too long and odd for a collection name
    bank = create(client, bank_id, [], chunk_size_in_tokens=64, overlap_size_in_tokens=8)
    assert (bank.memory_bank_id, bank.embedding_model, bank.embedding_dimension) == (bank_id, "all-MiniLM-L6-v2", 384)
    assert (bank.chunk_size_in_tokens, bank.overlap_size_in_tokens) == (64, 8)
    assert get_memory_bank.sync(client=client, bank_id=bank_id) == bank
    assert bank_id in [b.memory_bank_id for b in listed_banks(client)]
    again = create_memory_bank.sync_detailed(client=client, bank_id=bank_id, bank_name="again", body=[])
    assert again.status_code == 409 and isinstance(again.parsed, Error) and "already exists" in again.parsed.detail
    assert drop_memory_bank.sync(client=client, bank_id=bank_id) == bank_id
    for gone in (
        get_memory_bank.sync_detailed(client=client, bank_id=bank_id),
        drop_memory_bank.sync_detailed(client=client, bank_id=bank_id),
        query_documents.sync_detailed(client=client, bank_id=bank_id, body=QueryDocumentsRequest(query="x")),
    ):
        assert gone.status_code == 404, gone.content
    assert bank_id not in [b.memory_bank_id for b in listed_banks(client)]


def test_update_and_delete_are_seen_by_the_next_query(client: Client) -> None:
    long_text = " ".join(f"Sentence {i} is about the lighthouse keeper's cat." for i in range(60))
    create(client, "edits", [doc("cat", long_text), doc("dog", "The dog sleeps in the barn.")], chunk_size_in_tokens=32)
    before = query(client, "edits", "lighthouse keeper's cat", top_k=50)
    assert len({c.metadata["chunk_index"] for c in before.chunks if c.document_id == "cat"}) > 5
    first = next(c for c in before.chunks if c.document_id == "cat")
    assert long_text[first.metadata["start_char"] : first.metadata["end_char"]] == first.content

    updated = update_documents.sync_detailed(
        client=client, bank_id="edits", body=[doc("cat", "The cat moved to a windmill.")]
    )
    assert updated.status_code == 200, updated.content
    after = query(client, "edits", "lighthouse keeper's cat", top_k=50)
    assert [c.content for c in after.chunks if c.document_id == "cat"] == ["The cat moved to a windmill."]
    (stored,) = get_documents.sync(client=client, bank_id="edits", body=["cat"]) or []
    assert stored.content == "The cat moved to a windmill."

    assert delete_documents.sync_detailed(client=client, bank_id="edits", body=["cat"]).status_code == 200
    assert {c.document_id for c in query(client, "edits", "cat", top_k=50).chunks} == {"dog"}
    assert get_documents.sync_detailed(client=client, bank_id="edits", body=["cat"]).status_code == 404
    missing = update_documents.sync_detailed(client=client, bank_id="edits", body=[doc("cat", "back again")])
    assert missing.status_code == 404 and isinstance(missing.parsed, Error) and "'cat'" in missing.parsed.detail


def test_documents_from_urls_of_every_supported_type(client: Client, files: Path, http_files: str) -> None:
    html = "<p>The <b>museum</b> opens on Sundays.</p><script>var hidden = 'secret';</script>"
    documents = [
        doc("md", {"uri": (files / "notes.md").as_uri()}),  # text/markdown, from the file's extension
        doc("html", {"uri": f"{http_files}/page.html"}),  # text/html, from the Content-Type header
        doc("pdf", {"uri": f"{http_files}/report.pdf"}, mime_type="application/pdf"),
        doc("data", {"uri": "data:text/html;base64," + base64.b64encode(html.encode()).decode()}),
        doc("inline-html", "<ul><li>Trains run hourly.</li></ul>", mime_type="text/html"),
    ]
    create(client, "urls", documents)
    texts = {c.document_id: c.content for c in query(client, "urls", "anything", top_k=10).chunks}
    assert "kettle in the staff kitchen is broken" in texts["md"]
    assert texts["html"] == "Ferries\nThe ferry to the island leaves at nine."
    assert "quarterly report shows growth in Norway" in texts["pdf"]
    assert "museum" in texts["data"] and "secret" not in texts["data"] and "<" not in texts["data"]
    assert texts["inline-html"] == "Trains run hourly."
    assert query(client, "urls", "When does the boat depart?", top_k=1).chunks[0].document_id == "html"
    stored = get_documents.sync(client=client, bank_id="urls", body=["pdf", "md"]) or []
    assert [d.document_id for d in stored] == ["pdf", "md"]
    assert stored[0].to_dict()["content"] == {"uri": f"{http_files}/report.pdf"}


def test_filters_match_document_metadata(client: Client) -> None:
    create(
        client,
        "filters",
        [
            doc("a", "Apples grow on trees.", metadata={"kind": "fruit", "year": 2020, "fresh": True, "tags": ["x"]}),
            doc("b", "Bananas grow in bunches.", metadata={"kind": "fruit", "year": 2021}),
            doc("c", "Carrots grow underground.", metadata={"kind": "vegetable", "year": 2020}),
        ],
    )
    ids = lambda answer: sorted(c.document_id for c in answer.chunks)  # noqa: E731
    assert ids(query(client, "filters", "grow", top_k=10, filter={"kind": "fruit"})) == ["a", "b"]
    assert ids(query(client, "filters", "grow", top_k=10, filter={"kind": "fruit", "year": 2020})) == ["a"]
    assert ids(query(client, "filters", "grow", top_k=10, filter={"fresh": True})) == ["a"]
    assert ids(query(client, "filters", ["apples", "carrots"], top_k=10, filter={"year": 2020.0})) == ["a", "c"]
    (apple,) = query(client, "filters", "apples", top_k=1).chunks
    assert apple.metadata.to_dict() == {
        "kind": "fruit", "year": 2020, "fresh": True, "tags": ["x"],
        "document_id": "a", "chunk_index": 0, "start_char": 0, "end_char": 21, "token_count": 5,
    }  # fmt: skip


BAD_INPUT = [
    # (what, documents, status, words the detail must contain)
    ("empty text", [doc("e", " \n ")], 400, ["'e'", "empty"]),
    ("empty file", [doc("e", {"uri": "FILES/empty.txt"})], 400, ["empty"]),
    ("text over the limit", [doc("big", "x" * (MAX_DOCUMENT_BYTES + 1))], 400, [str(MAX_DOCUMENT_BYTES), "limit"]),
    ("file over the limit", [doc("big", {"uri": "FILES/big.txt"})], 400, [str(MAX_DOCUMENT_BYTES)]),
    ("file that is not there", [doc("nf", {"uri": "FILES/missing.txt"})], 400, ["no such file"]),
    ("file outside allowed dirs", [doc("pw", {"uri": "file:///etc/hostname"})], 403, ["allowed_dirs"]),
    ("URL that cannot be read", [doc("u", {"uri": "http://127.0.0.1:9/x"})], 400, ["cannot read"]),
    ("URL on a host not allowed", [doc("u", {"uri": "http://127.0.0.2:9/x"})], 403, ["127.0.0.2", "allowed_hosts"]),
    ("URL answering 404", [doc("u", {"uri": "HTTP/nothing-here.txt"})], 400, ["HTTP 404"]),
    ("broken data URL", [doc("u", {"uri": "data:text/plain;base64,A"})], 400, ["data: URL"]),
    ("unsupported mime type", [doc("img", "abc", mime_type="image/png")], 400, ["image/png", "supported"]),
    ("PDF that is not one", [doc("p", {"uri": "data:application/pdf;base64,aGVsbG8="})], 400, ["PDF"]),
    ("PDF given as text", [doc("p", "%PDF-1.4", mime_type="application/pdf")], 400, ["PDF", "URL"]),
    ("same id twice", [doc("t", "one"), doc("t", "two")], 400, ["more than once"]),
    ("reserved metadata key", [doc("r", "text", metadata={"chunk_index": 1})], 400, ["reserved"]),
    ("id that exists", [doc("keep", "again")], 409, ["'keep'", "update_documents"]),
]


@pytest.mark.parametrize(("what", "documents", "status", "words"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_documents_are_refused_and_leave_nothing_behind(
    client: Client,
    files: Path,
    http_files: str,
    what: str,
    documents: list[MemoryBankDocument],
    status: int,
    words: list[str],
) -> None:
    bank_id = "bad-input"
    if get_memory_bank.sync_detailed(client=client, bank_id=bank_id).status_code == 404:
        create(client, bank_id, [doc("keep", "The original document stays as it was.")])
    for d in documents:
        if not isinstance(d.content, str):
            d.content.uri = d.content.uri.replace("FILES", files.as_uri()).replace("HTTP", http_files)
    good = doc("good", "A good document in a bad batch must not be stored either.")
    for operation in (insert_documents, create_memory_bank):
        if operation is insert_documents:
            answer = insert_documents.sync_detailed(client=client, bank_id=bank_id, body=[good, *documents])
        else:
            if status == 409:
                continue
            answer = create_memory_bank.sync_detailed(client=client, bank_id="never", bank_name="n", body=documents)
        assert answer.status_code == status, answer.content
        assert answer.headers["content-type"] == "application/problem+json"
        assert isinstance(answer.parsed, Error)
        for word in words:
            assert word in answer.parsed.detail
    assert get_memory_bank.sync_detailed(client=client, bank_id="never").status_code == 404
    everything = query(client, bank_id, "document", top_k=100)
    assert [(c.document_id, c.content) for c in everything.chunks] == [
        ("keep", "The original document stays as it was.")
    ]


def test_bad_requests_name_what_is_wrong(client: Client) -> None:
    create(client, "requests", [])
    cases = [
        (create_memory_bank.sync_detailed(client=client, bank_id="e", bank_name="e", embedding_model="nomic", body=[]),
         400, ["nomic", "all-MiniLM-L6-v2"]),
        (create_memory_bank.sync_detailed(
            client=client, bank_id="e", bank_name="e", chunk_size_in_tokens=1000, body=[]),
         400, ["1000", "254"]),
        (create_memory_bank.sync_detailed(
            client=client, bank_id="e", bank_name="e", chunk_size_in_tokens=32, overlap_size_in_tokens=32, body=[]),
         400, ["overlap_size_in_tokens"]),
        (insert_documents.sync_detailed(client=client, bank_id="nope", body=[doc("a", "b")]), 404, ["'nope'"]),
        (get_documents.sync_detailed(client=client, bank_id="requests", body=["ghost"]), 404, ["'ghost'"]),
        (delete_documents.sync_detailed(client=client, bank_id="requests", body=["ghost"]), 404, ["'ghost'"]),
        (query_documents.sync_detailed(client=client, bank_id="requests", body=QueryDocumentsRequest(query=[])),
         422, ["query"]),
    ]  # fmt: skip
    for answer, status, words in cases:
        assert answer.status_code == status, answer.content
        assert isinstance(answer.parsed, Error) and all(w in answer.parsed.detail for w in words), answer.parsed
    assert query(client, "requests", "anything").chunks == []


def test_banks_survive_a_restart_and_a_kill_right_after_an_insert(memory: dict[str, Any], tmp_path: Path) -> None:
    config = write_config(tmp_path, memory=memory)  # its own data_dir: one embedded Chroma per process
    first = LiveServer(config)
    try:
        with Client(base_url=first.base_url, timeout=httpx.Timeout(60)) as client:
            create(client, "durable", [doc("one", "Saturn has rings made of ice and rock.")])
            inserted = insert_documents.sync_detailed(
                client=client, bank_id="durable", body=[doc("two", "The Moon causes the tides on Earth.")]
            )
            assert inserted.status_code == 200, inserted.content
    finally:
        os.kill(first.process.pid, 9)
        first.process.wait()
    second = LiveServer(config)
    try:
        with Client(base_url=second.base_url, timeout=httpx.Timeout(60)) as client:
            assert get_memory_bank.sync(client=client, bank_id="durable").memory_bank_name == "durable bank"
            assert query(client, "durable", "What makes the sea rise and fall?", top_k=1).chunks[0].document_id == "two"
            assert len(get_documents.sync(client=client, bank_id="durable", body=["one", "two"]) or []) == 2
    finally:
        second.stop()


def test_a_registered_llama_cpp_model_can_embed_a_bank(client: Client) -> None:
    """The bank names the chat model as its embedding model: its tokenizer chunks, its pooled vectors embed."""
    facts = {
        "tower": "The Eiffel Tower stands in Paris and was finished in 1889.",
        "cats": "Cats purr when they feel content, and sometimes when they are hurt.",
        "stocks": "Stock markets fell sharply on Monday after the bank raised interest rates.",
    }
    bank = create(
        client,
        "llama-embedded",
        [doc(key, text) for key, text in facts.items()],
        embedding_model=DEFAULT_MODEL_ID,
        chunk_size_in_tokens=32,
        overlap_size_in_tokens=4,
    )
    assert (bank.embedding_model, bank.embedding_dimension) == (DEFAULT_MODEL_ID, 576)
    for key, text in facts.items():
        answer = query(client, "llama-embedded", text, top_k=3)
        assert answer.chunks[0].document_id == key and answer.scores == sorted(answer.scores, reverse=True)
        first = answer.chunks[0].metadata.to_dict()
        assert text[first["start_char"] : first["end_char"]] == answer.chunks[0].content
