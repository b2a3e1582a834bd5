"""The run config: a YAML file that says where to listen, where to keep data, and which models to serve.

Relative paths in the file are relative to the file's own directory, so a config means the same
thing whatever directory the server is started from.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from lls_api.models import SamplingParams

from .errors import StartupError
from .url_policy import AllowedHosts

# A batch of documents at memory.max_document_bytes' default of 10 MB each, several at once, or a batch of long
# prompts, fits; a body past it would take the server seconds to parse.
DEFAULT_MAX_REQUEST_BYTES = 32 * 1024 * 1024


class ConfigError(StartupError):
    """The run config cannot be read or is invalid."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerConfig(_Section):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8321
    max_request_bytes: Annotated[int, Field(ge=1024)] = DEFAULT_MAX_REQUEST_BYTES
    """The largest request body the server reads; a larger one is refused with 413 as soon as its
    `Content-Length`, or the bytes read so far, go past it."""


class ModelConfig(_Section):
    """A model to serve with llama.cpp."""

    id: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/-]*$")]
    path: Path
    """The GGUF file."""
    context_length: Annotated[int, Field(ge=64)] = 2048
    threads: Annotated[int, Field(ge=1)] | None = None
    """Threads for decoding; default: every core (llama-cpp-python's own default is half)."""
    batch_size: Annotated[int, Field(ge=1)] = 512
    chat_template: str | None = None
    """A Jinja chat template to use instead of the one in the GGUF metadata."""
    parallel: Annotated[int, Field(ge=1, le=64)] = 4
    """How many requests are decoded together; each has `context_length` tokens of context."""
    max_waiting: Annotated[int, Field(ge=0)] = 16
    """How many more requests may wait for a free sequence before the server answers 503."""
    sampling: SamplingParams = SamplingParams()
    """Default sampling params (`strategy`, `temperature`, `top_p`, `top_k`, `repetition_penalty`, `max_tokens`),
    used for the fields a request's `sampling_params` leaves out."""
    stall_timeout_seconds: Annotated[float, Field(gt=0)] = 60.0
    """How long the model may go without finishing a decoding step while it has requests; past it, they fail
    with 504 and `/health` reports the model as stalled."""

    @model_validator(mode="after")
    def _batch_holds_a_token_of_each_sequence(self) -> ModelConfig:
        # Each decoding step puts the next token of every running sequence in one native batch of batch_size.
        if self.batch_size < self.parallel:
            raise ValueError(
                f"model {self.id!r}: batch_size ({self.batch_size}) must be at least parallel ({self.parallel}), "
                "since each decoding step holds a token of every sequence"
            )
        return self

    @property
    def decode_threads(self) -> int:
        return self.threads or os.cpu_count() or 1


# Where scripts/fetch_models.py puts the default embedding model: the checkout's models/ directory.
DEFAULT_EMBEDDING_MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "all-MiniLM-L6-v2"


class MemoryConfig(_Section):
    """Memory banks: where Chroma keeps them, what documents may be read, how they are chunked."""

    backend: Literal["embedded", "server"] = "embedded"
    """`embedded`: Chroma in-process, on disk under `data_dir/chroma`; `server`: a Chroma server at host:port.
    Either way the documents as given are kept in `data_dir/memory_banks.sqlite`, so one lls server owns
    the banks of a Chroma database."""
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    allowed_dirs: list[Path] = []
    """Directories whose files `file://` document URLs may name; none by default."""
    max_document_bytes: Annotated[int, Field(ge=1)] = 10_000_000
    """The largest document accepted, as text (UTF-8) or as the bytes its URL holds."""
    allowed_hosts: list[str] = []
    """Hosts that `http(s)://` document URLs may name although they are not public: host names, IP addresses
    or networks (`10.0.0.0/8`). Others are read only from public addresses: not loopback, private,
    link-local (cloud metadata), shared, multicast or reserved ones; every address a host resolves to is
    checked, at each connection, redirects included (denied: 403)."""
    url_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0
    """How long reading an http(s):// document URL may take, redirects included (over: 400)."""
    chunk_size_in_tokens: Annotated[int, Field(ge=16, le=8192)] = 200
    """Tokens per chunk, for banks created without `chunk_size_in_tokens`."""
    overlap_size_in_tokens: Annotated[int, Field(ge=0, le=4096)] = 40
    """Tokens consecutive chunks share, for banks created without `overlap_size_in_tokens`."""
    embedding_model_dir: Path = DEFAULT_EMBEDDING_MODEL_DIR
    """The default embedding model's `model.onnx` and `tokenizer.json`."""

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts_parse(cls, hosts: list[str]) -> list[str]:
        AllowedHosts.parse(hosts)  # its ValueError names the entry that is not a host, address or network
        return hosts

    @model_validator(mode="after")
    def _overlap_below_chunk_size(self) -> MemoryConfig:
        if self.overlap_size_in_tokens >= self.chunk_size_in_tokens:
            raise ValueError("memory.overlap_size_in_tokens must be less than memory.chunk_size_in_tokens")
        return self


class RunConfig(_Section):
    server: ServerConfig = ServerConfig()
    data_dir: Path = Path("data")
    """Where the server keeps its state."""
    models: list[ModelConfig] = []
    memory: MemoryConfig = MemoryConfig()


def _resolve(path: Path, base: Path) -> Path:
    path = path.expanduser()
    return path if path.is_absolute() else (base / path).resolve()


def load_config(file: Path) -> RunConfig:
    try:
        raw = yaml.safe_load(file.read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read run config {file}: {exc}") from exc
    try:
        config = RunConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"invalid run config {file}:\n{exc}") from exc
    base = file.resolve().parent
    ids = [m.id for m in config.models]
    if len(ids) != len(set(ids)):
        raise ConfigError(f"invalid run config {file}: model ids must be unique, got {ids}")
    return config.model_copy(
        update={
            "data_dir": _resolve(config.data_dir, base),
            "models": [m.model_copy(update={"path": _resolve(m.path, base)}) for m in config.models],
            "memory": config.memory.model_copy(
                update={
                    "allowed_dirs": [_resolve(d, base) for d in config.memory.allowed_dirs],
                    "embedding_model_dir": _resolve(config.memory.embedding_model_dir, base),
                }
            ),
        }
    )
