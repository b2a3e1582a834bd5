"""Reading a document's URL (`file://`, `http(s)://`, `data:`) into bytes, within the run config's limits."""

from __future__ import annotations

import asyncio
import mimetypes
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx

from .errors import Forbidden, InvalidRequest
from .url_policy import AddressPolicy, DeniedAddress, body_within


@dataclass(frozen=True)
class Source:
    data: bytes
    mime_type: str | None
    """The type the source declares (a Content-Type, a data: URL's type, a file's extension), if any."""


def shorten(uri: str, limit: int = 80) -> str:
    return uri if len(uri) <= limit else uri[: limit - 3] + "..."


class SourceReader:
    """Reads URLs within one run config section's limits; its errors name that section's settings
    (`section`.allowed_dirs, `section`.url_timeout_seconds and the `max_bytes_setting`)."""

    def __init__(
        self,
        *,
        allowed_dirs: list[Path],
        address_policy: AddressPolicy,
        max_bytes: int,
        timeout: float,
        section: str = "memory",
        max_bytes_setting: str = "max_document_bytes",
    ):
        self.allowed_dirs = [d.resolve() for d in allowed_dirs]
        self.address_policy = address_policy
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.section = section
        self.max_bytes_setting = max_bytes_setting

    def too_large(self, what: str, size: int | None = None) -> InvalidRequest:
        actual = f" ({size} bytes)" if size is not None else ""
        setting = f"{self.section}.{self.max_bytes_setting}"
        return InvalidRequest(f"{what} is larger than the limit of {self.max_bytes} bytes{actual} ({setting})")

    async def read(self, uri: str) -> Source:
        scheme = uri.split(":", 1)[0].lower()
        if scheme == "file":
            return await asyncio.to_thread(self._read_file, uri)
        if scheme in ("http", "https"):
            return await self._read_http(uri)
        if scheme == "data":
            return self._read_data(uri)
        raise InvalidRequest(f"cannot read {shorten(uri)}: only file://, http(s):// and data: URLs are supported")

    def _read_file(self, uri: str) -> Source:
        parts = urlsplit(uri)
        if parts.netloc not in ("", "localhost"):
            raise InvalidRequest(f"cannot read {shorten(uri)}: a file:// URL must name a local file")
        try:
            path = Path(urllib.request.url2pathname(unquote(parts.path))).resolve()
        except (OSError, ValueError) as exc:
            raise InvalidRequest(f"cannot read {shorten(uri)}: {exc}") from exc
        if not any(path.is_relative_to(d) for d in self.allowed_dirs):
            allowed = ", ".join(str(d) for d in self.allowed_dirs) or "none are configured"
            raise Forbidden(
                f"{path} is outside the directories file:// URLs may read ({self.section}.allowed_dirs: {allowed})"
            )
        try:
            if not path.is_file():
                raise InvalidRequest(f"cannot read {shorten(uri)}: no such file")
            if (size := path.stat().st_size) > self.max_bytes:
                raise self.too_large(str(path), size)
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidRequest(f"cannot read {shorten(uri)}: {exc.strerror or exc}") from exc
        return Source(data, mimetypes.guess_type(path.name)[0])

    async def _read_http(self, uri: str) -> Source:
        # One deadline for the whole read, redirects included: httpx's own timeouts apply to each socket
        # operation, so a server sending a byte now and then could hold the request for as long as it liked.
        try:
            async with asyncio.timeout(self.timeout):
                return await self._fetch(uri)
        except TimeoutError as exc:
            setting = f"{self.section}.url_timeout_seconds"
            raise InvalidRequest(
                f"cannot read {shorten(uri)}: it took longer than {self.timeout:g} s ({setting})"
            ) from exc

    async def _fetch(self, uri: str) -> Source:
        try:
            async with (
                self.address_policy.client(follow_redirects=True, timeout=None) as client,
                client.stream("GET", uri) as response,
            ):
                if response.status_code != 200:
                    raise InvalidRequest(f"cannot read {shorten(uri)}: HTTP {response.status_code}")
                data = await body_within(response, self.max_bytes)
                if data is None:
                    raise self.too_large(shorten(uri))
                return Source(data, response.headers.get("content-type"))
        except DeniedAddress as exc:  # the URL may have redirected: name the one the client gave, too
            raise DeniedAddress(f"cannot read {shorten(uri)}: {exc.detail}") from exc
        except (httpx.HTTPError, httpx.InvalidURL, UnicodeError) as exc:
            raise InvalidRequest(f"cannot read {shorten(uri)}: {exc or type(exc).__name__}") from exc

    def _read_data(self, uri: str) -> Source:
        try:
            with urllib.request.urlopen(uri) as response:  # only data: URLs get here
                data = response.read(self.max_bytes + 1)
                mime_type = response.headers.get("content-type")
        except (urllib.error.URLError, ValueError) as exc:
            raise InvalidRequest(f"cannot read {shorten(uri)}: not a valid data: URL ({exc})") from exc
        if len(data) > self.max_bytes:
            raise self.too_large(shorten(uri))
        # A data: URL without a type is text/plain by RFC 2397, so it declares nothing we should override.
        return Source(data, mime_type if uri[5:].split(",", 1)[0].split(";", 1)[0] else None)
