"""The outgoing-address policy: which addresses are public, what allowed hosts open, and, end to end
through the memory bank API, that document URLs are read only from allowed addresses, redirects
included, within memory.url_timeout_seconds, and several at once.

Nothing here connects anywhere but 127.0.0.0/8: other addresses are only classified.
"""

from __future__ import annotations

import asyncio
import http.server
import ipaddress
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpcore
import httpx
import pytest
from pydantic import ValidationError

from lls_client import Client
from lls_client.api.memory_banks import create_memory_bank, get_documents, get_memory_bank, insert_documents
from lls_client.models import Error
from lls_server.config import OutgoingConfig
from lls_server.errors import Forbidden
from lls_server.testing import LiveServer, LocalEndpoint, write_config
from lls_server.url_policy import (
    AddressPolicy,
    DeniedAddress,
    PolicyNetworkBackend,
    _transport,
    is_public,
    kind_of,
)

from .test_memory import create, doc, query

SETTING = "outgoing.allowed_hosts"
DEFAULT = AddressPolicy([], setting=SETTING)

PUBLIC = ["8.8.8.8", "1.1.1.1", "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"]
NOT_PUBLIC = [  # (address, the kind an error names)
    ("127.0.0.1", "loopback"),
    ("127.0.0.2", "loopback"),
    ("::1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.0.1", "private"),
    ("192.168.1.1", "private"),
    ("fd12:3456::1", "private"),
    ("169.254.169.254", "link-local"),  # the metadata service of AWS, GCP, Azure, OpenStack
    ("fd00:ec2::254", "private"),  # AWS's, over IPv6
    ("100.100.100.200", "shared"),  # Alibaba's
    ("100.64.0.1", "shared"),
    ("fe80::1", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("::", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("239.255.255.250", "multicast"),
    ("ff02::1", "multicast"),
    ("ff0e::1", "multicast"),  # global scope, still not one host
    ("240.0.0.1", "reserved"),
    ("255.255.255.255", "reserved"),
    ("::7f00:1", "reserved"),  # IPv4-compatible IPv6, which Python 3.11 calls global
    ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: judged as the IPv4 address it reaches
    ("::ffff:10.0.0.1", "private"),
    ("::ffff:169.254.169.254", "link-local"),
    ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
    ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 of 169.254.169.254
    ("192.0.2.1", "private"),  # documentation
    ("2001:db8::1", "private"),  # documentation
]


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed_by_default(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))
    DEFAULT.check("example.com", ipaddress.ip_address(address))


@pytest.mark.parametrize(("address", "kind"), NOT_PUBLIC, ids=[a for a, _ in NOT_PUBLIC])
def test_other_addresses_are_denied_by_default_with_what_they_are(address: str, kind: str) -> None:
    ip = ipaddress.ip_address(address)
    assert not is_public(ip)
    assert kind in kind_of(ip)
    with pytest.raises(DeniedAddress) as literal:
        DEFAULT.check(address, ip)
    assert literal.value.detail.startswith(f"{address} is a") and f" {kind}" in literal.value.detail
    with pytest.raises(DeniedAddress) as named:
        DEFAULT.check("docs.example", ip)
    assert named.value.detail.startswith(f"docs.example resolves to {ip}, ")
    for denied in (literal.value, named.value):
        assert isinstance(denied, Forbidden) and denied.status == 403
        assert denied.detail.endswith(f"only for hosts listed in {SETTING}")


def test_allowed_hosts_open_host_names_addresses_and_networks() -> None:
    policy = AddressPolicy(["wiki.internal", "Bücher.example", "10.0.0.0/8", "[fd00::5]", "127.0.0.1"], setting=SETTING)
    allowed = [
        ("wiki.internal", "192.168.7.7"),  # a name is allowed whatever it resolves to
        ("xn--bcher-kva.example", "127.0.0.5"),  # as httpx writes the URL's host
        ("10.2.3.4", "10.2.3.4"),
        ("intranet.example", "10.9.9.9"),  # a network is allowed whatever name reaches it
        ("intranet.example", "::ffff:10.9.9.9"),
        ("fd00::5", "fd00::5"),
        ("127.0.0.1", "127.0.0.1"),
    ]
    for host, address in allowed:
        policy.check(host, ipaddress.ip_address(address))
    denied = [
        ("wiki.internal.example", "192.168.7.7"),
        ("127.0.0.2", "127.0.0.2"),
        ("fd00::6", "fd00::6"),
        ("intranet.example", "169.254.169.254"),
    ]
    for host, address in denied:
        with pytest.raises(DeniedAddress, match=host):
            policy.check(host, ipaddress.ip_address(address))


@pytest.mark.parametrize("entry", ["", "host:8080", "*.example.com", "a/b", "http://example.com", "10.0.0.0/33"])
def test_allowed_hosts_entries_are_hosts_addresses_or_networks(entry: str) -> None:
    with pytest.raises(ValidationError, match="is not a host name, an IP address or a network"):
        OutgoingConfig(allowed_hosts=[entry])


class LocalHandler(http.server.BaseHTTPRequestHandler):
    """/doc: a text document; /slow?seconds=S: the same after S seconds; /redirect?to=URL: a redirect;
    /trickle: a body sent a byte every 0.2 s."""

    server: LocalServer

    def do_GET(self) -> None:
        self.server.paths.append(self.path)
        url = urlsplit(self.path)
        if url.path == "/doc":
            self.send_document()
        elif url.path == "/slow":
            with self.server.counting:
                self.server.in_flight += 1
                self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
            try:
                time.sleep(float(parse_qs(url.query)["seconds"][0]))
                self.send_document()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader gave up: another document's read failed
            finally:
                with self.server.counting:
                    self.server.in_flight -= 1
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("Location", parse_qs(url.query)["to"][0])
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif url.path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the reader gave up, as it should
        else:
            self.send_error(404)

    def send_document(self) -> None:
        body = b"The night train to Vienna leaves from platform seven."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class LocalServer(LocalEndpoint):
    """LocalHandler on `host`; `paths` are the paths it was asked for, `most_in_flight` the most /slow requests
    it answered at once."""

    def __init__(self, host: str):
        self.paths: list[str] = []
        self.counting = threading.Lock()
        self.in_flight = self.most_in_flight = 0
        super().__init__(host, LocalHandler)


@pytest.fixture(scope="module")
def allowed_host() -> Iterator[LocalServer]:
    server = LocalServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def other_host() -> Iterator[LocalServer]:
    """A server on 127.0.0.2: loopback too on Linux, but not listed in any allowed_hosts here."""
    server = LocalServer("127.0.0.2")
    yield server
    server.stop()


async def fetch(policy: AddressPolicy, url: str) -> httpx.Response:
    async with policy.client(follow_redirects=True, timeout=10) as client:
        return await client.get(url)


def test_the_policy_client_checks_every_connection(allowed_host: LocalServer, other_host: LocalServer) -> None:
    """Also guards url_policy._transport, which gives httpx's transport a new pool through a private attribute:
    if httpx stopped using it, the first request here would reach the server."""
    before = len(allowed_host.paths)
    with pytest.raises(DeniedAddress, match=r"^127\.0\.0\.1 is a loopback address"):
        asyncio.run(fetch(DEFAULT, f"{allowed_host.url}/doc"))
    with pytest.raises(DeniedAddress, match=r"^localhost resolves to (127\.0\.0\.1|::1), a loopback address"):
        asyncio.run(fetch(DEFAULT, allowed_host.url.replace("127.0.0.1", "localhost") + "/doc"))
    assert len(allowed_host.paths) == before

    policy = AddressPolicy(["127.0.0.1"], setting=SETTING)
    assert asyncio.run(fetch(policy, f"{allowed_host.url}/doc")).text.startswith("The night train")
    by_name = AddressPolicy(["localhost"], setting=SETTING)
    assert asyncio.run(fetch(by_name, allowed_host.url.replace("127.0.0.1", "localhost") + "/doc")).status_code == 200
    same_host = f"{allowed_host.url}/redirect?to=/doc"
    assert asyncio.run(fetch(policy, same_host)).text.startswith("The night train")
    with pytest.raises(DeniedAddress, match=r"^127\.0\.0\.2 is a loopback address"):
        asyncio.run(fetch(policy, f"{allowed_host.url}/redirect?to={other_host.url}/doc"))
    assert other_host.paths == []


class RecordingStream(httpcore.AsyncNetworkStream):
    def __init__(self, record: dict[str, Any]):
        self.record = record

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        self.record["server_hostname"] = server_hostname
        raise httpcore.ConnectError("stopped before any handshake")

    async def aclose(self) -> None:
        pass


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """Records what it is asked to connect to, and connects nowhere."""

    def __init__(self) -> None:
        self.record: dict[str, Any] = {}

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.record["host"] = host
        return RecordingStream(self.record)


def test_tls_checks_the_url_host_while_connecting_to_the_checked_address() -> None:
    backend = PolicyNetworkBackend(AddressPolicy(["localhost"], setting=SETTING))
    recording = backend.backend = RecordingBackend()

    async def get() -> None:
        async with httpx.AsyncClient(transport=_transport(backend)) as client:
            await client.get("https://localhost:8443/")

    with pytest.raises(httpx.ConnectError, match="stopped before any handshake"):
        asyncio.run(get())
    assert recording.record["host"] in ("127.0.0.1", "::1")  # the resolved address, not the name again
    assert recording.record["server_hostname"] == "localhost"  # the certificate must be localhost's


# End to end: lls servers with no llama.cpp model (memory banks need only the default embedding).


@pytest.fixture(scope="module")
def default_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(write_config(tmp_path_factory.mktemp("url-policy-default"), models=[]))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def allowing_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    memory = {"url_timeout_seconds": 1}
    outgoing = {"allowed_hosts": ["127.0.0.1"]}
    directory = tmp_path_factory.mktemp("url-policy-allowing")
    live = LiveServer(write_config(directory, models=[], memory=memory, outgoing=outgoing))
    yield live
    live.stop()


def api(server: LiveServer) -> Client:
    return Client(base_url=server.base_url, timeout=httpx.Timeout(60))


def refused(client: Client, bank_id: str, uri: str, status: int) -> str:
    """Inserts a document read from `uri` next to a good one, expects `status`, and checks nothing was stored."""
    create(client, bank_id, [doc("keep", "The harbour master keeps the keys.")])
    body = [doc("good", "The lighthouse is painted red."), doc("from-url", {"uri": uri})]
    answer = insert_documents.sync_detailed(client=client, bank_id=bank_id, body=body)
    assert answer.status_code == status, answer.content
    assert answer.headers["content-type"] == "application/problem+json" and isinstance(answer.parsed, Error)
    assert get_documents.sync_detailed(client=client, bank_id=bank_id, body=["from-url"]).status_code == 404
    assert get_documents.sync_detailed(client=client, bank_id=bank_id, body=["good"]).status_code == 404
    assert [c.document_id for c in query(client, bank_id, "keys", top_k=10).chunks] == ["keep"]
    never = create_memory_bank.sync_detailed(client=client, bank_id=f"{bank_id}-new", bank_name="n", body=body[1:])
    assert never.status_code == status, never.content
    assert get_memory_bank.sync_detailed(client=client, bank_id=f"{bank_id}-new").status_code == 404
    return answer.parsed.detail


@pytest.mark.slow
def test_document_urls_on_local_addresses_are_denied_by_default(
    default_server: LiveServer, allowed_host: LocalServer
) -> None:
    before = len(allowed_host.paths)
    with api(default_server) as client:
        detail = refused(client, "denied", f"{allowed_host.url}/doc", 403)
    assert detail.startswith(f"document 'from-url': cannot read {allowed_host.url}/doc: 127.0.0.1 is a loopback")
    assert detail.endswith(f"listed in {SETTING}")
    assert len(allowed_host.paths) == before


@pytest.mark.slow
def test_allowed_hosts_open_a_host_but_not_where_it_redirects(
    allowing_server: LiveServer, allowed_host: LocalServer, other_host: LocalServer
) -> None:
    with api(allowing_server) as client:
        create(client, "allowed", [doc("train", {"uri": f"{allowed_host.url}/doc"})])
        assert "night train to Vienna" in query(client, "allowed", "rail", top_k=1).chunks[0].content

        redirect = f"{allowed_host.url}/redirect?to={other_host.url}/doc"
        detail = refused(client, "redirected", redirect, 403)
    assert "127.0.0.2 is a loopback address" in detail and SETTING in detail
    assert other_host.paths == []


@pytest.mark.slow
def test_a_url_read_stops_at_the_timeout_however_slowly_bytes_arrive(
    allowing_server: LiveServer, allowed_host: LocalServer
) -> None:
    with api(allowing_server) as client:
        create(client, "slow", [])
        started = time.monotonic()
        answer = insert_documents.sync_detailed(
            client=client, bank_id="slow", body=[doc("trickle", {"uri": f"{allowed_host.url}/trickle"})]
        )
        elapsed = time.monotonic() - started
    assert answer.status_code == 400 and isinstance(answer.parsed, Error), answer.content
    assert "took longer than 1 s (memory.url_timeout_seconds)" in answer.parsed.detail
    assert 1 <= elapsed < 3, elapsed


@pytest.mark.slow
def test_document_urls_are_read_together_at_most_8_at_once(
    allowing_server: LiveServer, allowed_host: LocalServer
) -> None:
    slow = {"uri": f"{allowed_host.url}/slow?seconds=0.5"}
    with api(allowing_server) as client:
        create(client, "together", [])
        allowed_host.most_in_flight = 0
        started = time.monotonic()
        answer = insert_documents.sync_detailed(
            client=client, bank_id="together", body=[doc(f"slow-{i}", slow) for i in range(4)]
        )
        elapsed = time.monotonic() - started
        assert answer.status_code == 200, answer.content
        assert elapsed < 1.5 and allowed_host.most_in_flight == 4, (elapsed, allowed_host.most_in_flight)

        allowed_host.most_in_flight = 0
        answer = insert_documents.sync_detailed(
            client=client, bank_id="together", body=[doc(f"more-{i}", slow) for i in range(12)]
        )
        assert answer.status_code == 200, answer.content
        assert allowed_host.most_in_flight == 8
        assert len(query(client, "together", "night train", top_k=20).chunks) == 16


@pytest.mark.slow
def test_the_first_document_url_that_fails_fails_the_request_and_stops_the_other_reads(
    allowing_server: LiveServer, allowed_host: LocalServer
) -> None:
    # Read to the end, the slow ones would fail too, after the server's 1 s timeout; read in order, the first would.
    slow = {"uri": f"{allowed_host.url}/slow?seconds=5"}
    body = [doc("slow-1", slow), doc("missing", {"uri": f"{allowed_host.url}/gone"}), doc("slow-2", slow)]
    with api(allowing_server) as client:
        create(client, "one-fails", [])
        started = time.monotonic()
        answer = insert_documents.sync_detailed(client=client, bank_id="one-fails", body=body)
        elapsed = time.monotonic() - started
    assert answer.status_code == 400 and isinstance(answer.parsed, Error), answer.content
    assert answer.parsed.detail == f"document 'missing': cannot read {allowed_host.url}/gone: HTTP 404"
    assert elapsed < 0.8, elapsed
