"""The one policy for the addresses the server itself connects to when it fetches a URL.

By default only public addresses are allowed: anything loopback, private, link-local (cloud metadata
services live there, at 169.254.169.254 and fd00:ec2::254), shared (100.64.0.0/10, Alibaba's metadata
at 100.100.100.200), unspecified, multicast or reserved is denied, so a URL a client sends cannot make
the server reach inside its own network. A run config's list of allowed hosts opens named hosts, IP
addresses and networks.

The check is made where httpx connects (an httpcore network backend), on every address the host
resolves to, for every connection, redirects included; the connection is made to an address checked.
Nothing is checked ahead of time that a second resolution could change (DNS rebinding).
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass

import anyio
import httpcore
import httpx

from .errors import Forbidden

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
SHARED = ipaddress.IPv4Network("100.64.0.0/10")
HOST_NAME = re.compile(r"[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?")  # after IDNA: no wildcards, ports or paths


class DeniedAddress(Forbidden):
    """A connection to an address the policy does not allow (403)."""


def embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for (IPv4-mapped, 6to4, NAT64), else the address itself.

    ::ffff:127.0.0.1 reaches 127.0.0.1, so it must be judged as 127.0.0.1.
    """
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public(address: IPAddress) -> bool:
    """Whether the address is a global unicast one, what any host on the internet may have."""
    address = embedded_ipv4(address)
    # is_global is true of multicast addresses, and in Python 3.11 of some reserved IPv6 ranges (::/8).
    return address.is_global and not address.is_multicast and not address.is_reserved


def is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def kind_of(address: IPAddress) -> str:
    """What an address that is not public is, for error messages."""
    address = embedded_ipv4(address)
    kinds = [
        (address.is_unspecified, "an unspecified"),
        (address.is_loopback, "a loopback"),
        (address.is_link_local, "a link-local"),
        (address.is_multicast, "a multicast"),
        (address in SHARED, "a shared (carrier-grade NAT)"),
        (address.is_reserved, "a reserved"),
        (address.is_private, "a private"),
    ]
    return next((kind for matches, kind in kinds if matches), "a non-public") + " address"


def host_name(entry: str) -> str:
    """A host name as httpx writes it in a request, and so as the network backend receives it: lowercase,
    international names in their xn-- form."""
    try:
        name = httpx.URL(scheme="http", host=entry).raw_host.decode("ascii")
    except httpx.InvalidURL:  # its message is about IPv6 whatever the entry: say what we expected instead
        name = ""
    if not HOST_NAME.fullmatch(name):
        raise ValueError(f"{entry!r} is not a host name, an IP address or a network")
    return name


@dataclass(frozen=True)
class AllowedHosts:
    """Hosts the policy allows whatever they resolve to, and addresses and networks it allows."""

    names: frozenset[str]
    networks: tuple[IPNetwork, ...]

    @classmethod
    def parse(cls, entries: Iterable[str]) -> AllowedHosts:
        """Entries are host names, IP addresses (IPv6 with or without brackets) or networks (10.0.0.0/8)."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                names.add(host_name(entry))
        return cls(frozenset(names), tuple(networks))

    def allow(self, host: str, address: IPAddress) -> bool:
        if host.lower() in self.names:
            return True
        return any(a in network for network in self.networks for a in (address, embedded_ipv4(address)))


class AddressPolicy:
    """Public addresses, and the allowed hosts; `setting` names the config field that lists those."""

    def __init__(self, allowed_hosts: Iterable[str], *, setting: str):
        self.allowed = AllowedHosts.parse(allowed_hosts)
        self.setting = setting

    def check(self, host: str, address: IPAddress) -> None:
        """Raises DeniedAddress unless the server may connect to `address` for `host` (a URL's host)."""
        if is_public(address) or self.allowed.allow(host, address):
            return
        kind = kind_of(address)
        what = f"{host} is {kind}" if is_ip_address(host) else f"{host} resolves to {address}, {kind}"
        raise DeniedAddress(f"{what}: the server connects to such addresses only for hosts listed in {self.setting}")

    def client(self, *, follow_redirects: bool, timeout: float | None) -> httpx.AsyncClient:
        """An httpx client whose every connection, redirects included, is checked by this policy."""
        # trust_env=False: no proxy from the environment (it would connect for us, unchecked), no .netrc.
        return httpx.AsyncClient(
            transport=_transport(PolicyNetworkBackend(self)),
            trust_env=False,
            follow_redirects=follow_redirects,
            timeout=timeout,
        )


class PolicyNetworkBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, connecting only to addresses the policy allows.

    It resolves the host itself and connects to a resolved address, so the address checked is the one
    connected to. TLS is unchanged: httpcore gives `start_tls` the URL's host as the server name.
    """

    def __init__(self, policy: AddressPolicy):
        self.policy = policy
        self.backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.resolve(host, port, timeout)
        for address in addresses:  # all of them: a host with one denied address is denied
            self.policy.check(host, address)
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return await self.backend.connect_tcp(
                    str(address), port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
            except httpcore.ConnectError as exc:
                failure = exc
        assert failure is not None  # resolve() returns at least one address
        raise failure

    async def sleep(self, seconds: float) -> None:
        await self.backend.sleep(seconds)

    @staticmethod
    async def resolve(host: str, port: int, timeout: float | None) -> list[IPAddress]:
        try:
            with anyio.fail_after(timeout):
                found = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except TimeoutError as exc:
            raise httpcore.ConnectTimeout(f"resolving {host} took longer than {timeout} s") from exc
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in found]
        if not addresses:
            raise httpcore.ConnectError(f"{host} has no address")
        return list(dict.fromkeys(addresses))


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """certifi's CAs, as httpx's own transport has. Made once: reading them takes tens of milliseconds of
    CPU, which every URL read would spend on the event loop, one read after another."""
    return httpx.create_ssl_context(trust_env=False)


def _transport(backend: httpcore.AsyncNetworkBackend) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (its exception mapping, its streams), connecting through `backend`.

    httpx takes no network backend, so this replaces the connection pool its transport built, `_pool`,
    a private attribute of httpx 0.28, with one like it on `backend`. tests/test_url_policy.py fails if
    httpx stops using it.
    """
    ssl_context = _ssl_context()
    transport = httpx.AsyncHTTPTransport(verify=ssl_context)
    transport._pool = httpcore.AsyncConnectionPool(ssl_context=ssl_context, network_backend=backend)
    return transport


async def body_within(response: httpx.Response, limit: int) -> bytes | None:
    """A streamed response's body, or None as soon as it is longer than `limit` bytes: no more is read."""
    body = bytearray()
    async for block in response.aiter_bytes():
        body += block
        if len(body) > limit:
            return None
    return bytes(body)
