"""The run config: a YAML file that says where to listen, where to keep data, and which models to serve.

Relative paths in the file are relative to the file's own directory, so a config means the same
thing whatever directory the server is started from.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ConfigError(Exception):
    """The run config cannot be read or is invalid."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerConfig(_Section):
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8321


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

    @property
    def decode_threads(self) -> int:
        return self.threads or os.cpu_count() or 1


class RunConfig(_Section):
    server: ServerConfig = ServerConfig()
    data_dir: Path = Path("data")
    """Where the server keeps its state."""
    models: list[ModelConfig] = []


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
        }
    )
