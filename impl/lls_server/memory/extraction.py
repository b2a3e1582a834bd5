"""A document's text from its bytes and mime type: the only module that imports pypdf and BeautifulSoup."""

from __future__ import annotations

import io
import logging
import re
from email.message import Message

import pypdf
from bs4 import BeautifulSoup

from ..errors import InvalidRequest

SUPPORTED_TYPES = ("text/plain", "text/markdown", "text/html", "application/pdf")
# pypdf logs every oddity of a malformed PDF as a warning; what matters reaches the client as a 400.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def parse_mime_type(value: str) -> tuple[str, str | None]:
    """`text/html; charset=latin-1` -> ("text/html", "latin-1")."""
    message = Message()
    message["content-type"] = value
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def check_supported(mime_type: str) -> str:
    kind, _ = parse_mime_type(mime_type)
    if kind not in SUPPORTED_TYPES:
        raise InvalidRequest(f"unsupported mime type {mime_type!r} (supported: {', '.join(SUPPORTED_TYPES)})")
    return kind


def text_of_string(content: str, mime_type: str) -> str:
    """The text of a document given inline: plain text and Markdown as they are, HTML reduced to its text."""
    kind = check_supported(mime_type)
    if kind == "application/pdf":
        raise InvalidRequest("a PDF document must be given as a URL (a data: URL will do), not as text")
    return html_text(content) if kind == "text/html" else content


def text_of_bytes(data: bytes, mime_type: str) -> str:
    kind = check_supported(mime_type)
    if kind == "application/pdf":
        return pdf_text(data)
    if kind == "text/html":
        return html_text(data)
    _, charset = parse_mime_type(mime_type)
    try:
        return data.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError) as exc:
        raise InvalidRequest(f"cannot decode the {kind} document as {charset or 'utf-8'}: {exc}") from exc


def html_text(html: str | bytes) -> str:
    """The text a reader sees: no scripts, styles or markup; one line per block, blank runs collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template", "head"]):
        hidden.decompose()
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


def pdf_text(data: bytes) -> str:
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() for page in reader.pages).strip()
    except Exception as exc:  # pypdf raises many kinds of errors on damaged input; all mean "unreadable"
        raise InvalidRequest(f"not a readable PDF: {exc or type(exc).__name__}") from exc
