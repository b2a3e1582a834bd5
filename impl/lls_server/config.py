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

from lls_api.models import BuiltinShield, RestAPIExecutionConfig, RestAPIMethod, SamplingParams, SamplingStrategy

from .errors import StartupError
from .url_policy import AddressPolicy, AllowedHosts

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
    lora_adapter: Path | None = None
    """A llama.cpp LoRA adapter (GGUF) applied to the model at `path`, at full scale."""
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
    prompt_cache: bool = True
    """Keep each finished request's tokens in its sequence's KV cache, so that a later prompt that starts the
    same way (a conversation's next turn, a shared system prompt) reads only what follows; false: every prompt
    is read afresh. Off for models whose cache cannot be cut (recurrent, sliding-window attention)."""
    prompt_cache_tokens: Annotated[int, Field(ge=0)] | None = None
    """The most tokens kept cached for requests that have finished, least recently used forgotten first (default:
    one context_length). Attention spans every occupied cell of the model's cache, idle ones too: what is kept
    slows the reading and decoding of every other request."""

    base_model: str | None = None
    """The model this one was fine-tuned from (set for the models post-training registers)."""
    post_training_job_uuid: str | None = None
    """The post-training job that made this model (set for the models post-training registers)."""

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
    url_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0
    """How long reading an http(s):// document URL may take, redirects included (over: 400)."""
    chunk_size_in_tokens: Annotated[int, Field(ge=16, le=8192)] = 200
    """Tokens per chunk, for banks created without `chunk_size_in_tokens`."""
    overlap_size_in_tokens: Annotated[int, Field(ge=0, le=4096)] = 40
    """Tokens consecutive chunks share, for banks created without `overlap_size_in_tokens`."""
    embedding_model_dir: Path = DEFAULT_EMBEDDING_MODEL_DIR
    """The default embedding model's `model.onnx` and `tokenizer.json`."""

    @model_validator(mode="after")
    def _overlap_below_chunk_size(self) -> MemoryConfig:
        if self.overlap_size_in_tokens >= self.chunk_size_in_tokens:
            raise ValueError("memory.overlap_size_in_tokens must be less than memory.chunk_size_in_tokens")
        return self


class DatasetsConfig(_Section):
    """Datasets: what their `content_url` may read. Their rows are kept in `data_dir/datasets.sqlite`."""

    allowed_dirs: list[Path] = []
    """Directories whose files `file://` dataset URLs may name; none by default."""
    max_bytes: Annotated[int, Field(ge=1)] = 100_000_000
    """The largest dataset accepted, as the bytes its URL holds."""
    url_timeout_seconds: Annotated[float, Field(gt=0)] = 60.0
    """How long reading an http(s):// dataset URL may take, redirects included (over: 400)."""


class OutgoingConfig(_Section):
    """The addresses the server itself connects to: document URLs of memory banks, REST shields."""

    allowed_hosts: list[str] = []
    """Hosts that the server may connect to although they are not public: host names, IP addresses or networks
    (`10.0.0.0/8`). Others are reached only at public addresses: not loopback, private, link-local (cloud
    metadata), shared, multicast or reserved ones; every address a host resolves to is checked, at each
    connection, redirects included (denied: 403)."""

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts_parse(cls, hosts: list[str]) -> list[str]:
        AllowedHosts.parse(hosts)  # its ValueError names the entry that is not a host, address or network
        return hosts

    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(self.allowed_hosts, setting="outgoing.allowed_hosts")


# Llama Guard 3's hazard categories, S1 (violent crimes) to S14 (code interpreter abuse).
HazardCategory = Annotated[str, Field(pattern=r"^S(1[0-4]|[1-9])$")]


class LlamaGuardConfig(_Section):
    """The `llama_guard` shield: a Llama Guard 3 model among the registered models."""

    model: str
    """The id of the registered model (`models[].id`) that judges conversations."""
    excluded_categories: list[HazardCategory] = []
    """Hazard categories (`S1` to `S14`) left out of the prompt, so never reported."""


class CodeScannerConfig(_Section):
    """The `code_scanner_guard` shield: bandit on the Python code in messages, tool calls and tool responses."""

    enabled: bool = True
    """Whether the shield is offered."""
    min_severity: Literal["low", "medium", "high"] = "low"
    """The least severe finding reported (bandit's severities)."""
    skip_rules: list[Annotated[str, Field(pattern=r"^B\d{3}$")]] = ["B101", "B110", "B112", "B311"]
    """bandit rules never reported. By default those about code quality rather than hazards, which would flag much
    harmless code: `assert` (B101), `try`/`except` with `pass` or `continue` (B110, B112), the `random` module
    (B311, which bandit flags wherever it is used, in case it makes secrets)."""


class PromptGuardConfig(_Section):
    """The `injection_shield` and `jailbreak_shield`: a prompt-injection and jailbreak classifier."""

    model_dir: Path
    """The classifier's files."""
    injection_threshold: Annotated[float, Field(ge=0, le=1)] = 0.5
    """Messages scored above it are prompt injections (`injection_shield`)."""
    jailbreak_threshold: Annotated[float, Field(ge=0, le=1)] = 0.5
    """Messages scored above it are jailbreaks (`jailbreak_shield`)."""


class RestEndpointConfig(_Section):
    """Where a REST shield is, as a request's `execution_config` says it."""

    url: Annotated[str, Field(pattern=r"^https?://[^/?#\s]+")]
    """The endpoint, `http://` or `https://`."""
    method: Literal["GET", "POST", "PUT", "DELETE"] = "POST"
    """The HTTP method of the request that sends it the messages."""
    params: dict[str, str] = {}
    """Query parameters of that request."""
    headers: dict[str, str] = {}
    """Headers of that request (an API key): sent only to this endpoint, never to one a request names."""
    body: dict[str, str] = {}
    """More fields of that request's JSON object, besides `shield_type`, `messages` and `parameters`."""
    timeout_seconds: Annotated[float, Field(gt=0)] | None = None
    """How long the endpoint may take to answer, in all; default: `safety.rest_timeout_seconds`."""

    def execution_config(self) -> RestAPIExecutionConfig:
        """The endpoint as the API describes one."""
        return RestAPIExecutionConfig(
            url=self.url, method=RestAPIMethod(self.method), params=self.params, headers=self.headers, body=self.body
        )


class CustomShieldConfig(_Section):
    """A shield of the run config's own, behind a REST endpoint; requests name it by its `shield_type`."""

    shield_type: Annotated[str, Field(min_length=1)]
    """The name requests give it; not a built-in shield's."""
    description: str = "A REST shield of this server's run config."
    """What it checks, for /shields/list."""
    execution_config: RestEndpointConfig
    """Its endpoint."""

    @field_validator("shield_type")
    @classmethod
    def _not_builtin(cls, name: str) -> str:
        if name in set(BuiltinShield):
            raise ValueError(f"{name!r} is a built-in shield's name: give the custom shield another")
        return name


class SafetyConfig(_Section):
    """The shields /safety/run_shields (and agents) may run; a request names each by its shield type."""

    llama_guard: LlamaGuardConfig | None = None
    """The `llama_guard` shield; none by default."""
    code_scanner: CodeScannerConfig = CodeScannerConfig()
    """The `code_scanner_guard` shield."""
    prompt_guard: PromptGuardConfig | None = None
    """The `injection_shield` and `jailbreak_shield`; none by default."""
    third_party: RestEndpointConfig | None = None
    """The endpoint of `third_party_shield` when a request gives no `execution_config`; none by default."""
    custom: list[CustomShieldConfig] = []
    """Named REST shields."""
    rest_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0
    """How long a REST shield may take to answer, in all; past it, the shield has failed."""
    fail_closed: bool = True
    """A shield that fails (a REST shield that times out, cannot be reached, answers an error or something that
    is not a verdict) reports a violation, `shield_error`; false: no violation. Either way its `error` says why."""

    @field_validator("custom")
    @classmethod
    def _custom_names_unique(cls, custom: list[CustomShieldConfig]) -> list[CustomShieldConfig]:
        names = [shield.shield_type for shield in custom]
        if len(names) != len(set(names)):
            raise ValueError(f"custom shields' shield_type must be unique, got {names}")
        return custom


class CodeInterpreterConfig(_Section):
    """The `code_interpreter` tool: the model's Python, run in a bubblewrap sandbox (no network, its own PID and
    mount namespaces, a read-only system, an unprivileged user, resource limits)."""

    enabled: bool = True
    """Whether agents may list `code_interpreter`; it also needs bubblewrap (`bwrap`) installed."""
    bwrap: str = "bwrap"
    """The bubblewrap executable: a path, or a name looked up on PATH."""
    python: Path | None = None
    """The interpreter the sandbox runs; default: the base interpreter of the server's own Python (not its
    virtual environment, which holds the server), or /usr/bin/python3 when the sandbox's unprivileged user cannot
    reach that one (as under a root-only /root). Outside /usr, its prefix is shown to the sandbox read-only."""
    cpu_seconds: Annotated[int, Field(ge=1)] = 10
    """CPU time a run may use, all its processes each (RLIMIT_CPU)."""
    wall_seconds: Annotated[float, Field(gt=0)] = 15.0
    """How long a run may take; at the deadline its whole process tree is killed."""
    memory_bytes: Annotated[int, Field(ge=16 * 1024 * 1024)] = 1024 * 1024 * 1024
    """Address space of each process (RLIMIT_AS)."""
    max_processes: Annotated[int, Field(ge=1)] = 64
    """Processes and threads a run may have at once."""
    max_file_bytes: Annotated[int, Field(ge=1024)] = 16 * 1024 * 1024
    """The largest file a run may write (RLIMIT_FSIZE)."""
    scratch_bytes: Annotated[int, Field(ge=1024 * 1024)] = 64 * 1024 * 1024
    """The size of a session's scratch directory, all its files together (an in-memory tmpfs during a run, kept
    on disk between runs); /tmp and /dev/shm, emptied after each run, get as much each."""
    output_bytes: Annotated[int, Field(ge=1024)] = 64 * 1024
    """Stdout and stderr kept of a run, each; the rest is cut, and the response says so."""


class SearchApiConfig(_Section):
    """A built-in search tool's service: its API key, given here or read from an environment variable."""

    api_key: str | None = None
    """The key itself."""
    api_key_env: str | None = None
    """The environment variable that holds the key (read when the server starts)."""
    url: Annotated[str, Field(pattern=r"^https?://[^/?#\s]+")] | None = None
    """The service's endpoint; default: the service's documented public one."""

    @model_validator(mode="after")
    def _one_key(self) -> SearchApiConfig:
        if (self.api_key is None) == (self.api_key_env is None):
            raise ValueError("give exactly one of api_key and api_key_env")
        return self

    def key(self) -> str:
        """The API key; a StartupError if its environment variable is not set."""
        if self.api_key is not None:
            return self.api_key
        assert self.api_key_env is not None
        value = os.environ.get(self.api_key_env)
        if not value:
            raise ConfigError(f"environment variable {self.api_key_env} (a search tool's api_key_env) is not set")
        return value


class AgentsConfig(_Section):
    """Agentic systems: where their tools run, and how much retrieved memory a turn's prompt takes."""

    code_interpreter: CodeInterpreterConfig = CodeInterpreterConfig()
    """The `code_interpreter` tool's sandbox."""
    brave_search: SearchApiConfig | None = None
    """The `brave_search` tool (Brave's Web Search API); none by default."""
    wolfram_alpha: SearchApiConfig | None = None
    """The `wolfram_alpha` tool (Wolfram|Alpha's Full Results API); none by default."""
    tool_timeout_seconds: Annotated[float, Field(gt=0)] = 10.0
    """How long a REST tool or a search tool may take to answer, in all."""
    tool_output_bytes: Annotated[int, Field(ge=1024)] = 64 * 1024
    """The most of a REST or search tool's answer the model is given; the rest is cut."""
    retrieval_top_k: Annotated[int, Field(ge=1, le=100)] = 5
    """Chunks retrieved from each memory bank a turn queries."""
    retrieval_max_tokens: Annotated[int, Field(ge=0)] = 512
    """The most tokens of retrieved chunks a turn's prompt takes, best scores first."""


class SyntheticDataConfig(_Section):
    """Synthetic data generation: defaults for what a request leaves out, and bounds on one request's work."""

    model: str | None = None
    """The registered model that answers; default: the first registered model."""
    judge_model: str | None = None
    """The registered model that scores the answers; default: the model that answers."""
    num_candidates: Annotated[int, Field(ge=1, le=16)] = 4
    """Answers sampled for each dialog when a request does not say."""
    max_request_candidates: Annotated[int, Field(ge=1, le=512)] = 128
    """The most candidates one request may have sampled and scored, all its dialogs together (dialogs times
    `num_candidates`); more is a 400."""
    sampling: SamplingParams = SamplingParams(strategy=SamplingStrategy.top_p, temperature=0.7, max_tokens=64)
    """How the candidates are sampled: the fields set here go over the model's own `sampling` defaults, and a
    request's `sampling_params` over these (a `sampling` given here replaces this default as a whole)."""
    max_tokens: Annotated[int, Field(ge=1)] = 256
    """The most tokens a candidate may have: a larger `max_tokens`, here or in a request, or 0, gets this many."""
    max_prompt_tokens: Annotated[int, Field(ge=1)] | None = None
    """The most tokens a dialog's prompt may have; more is a 400. Default: the model's context. The judge reads
    the prompt again with each answer, so a request's work is about `max_request_candidates` times twice this
    plus `max_tokens`."""

    @model_validator(mode="after")
    def _default_within_bounds(self) -> SyntheticDataConfig:
        if self.num_candidates > self.max_request_candidates:
            raise ValueError(
                f"synthetic_data.num_candidates ({self.num_candidates}) is more than max_request_candidates "
                f"({self.max_request_candidates})"
            )
        return self


class JobsConfig(_Section):
    """The job runner of evaluations (and of post-training next): how many jobs run at once, how hard each
    drives the models, and where they execute. Jobs are kept in `data_dir/jobs.sqlite`."""

    max_running: Annotated[int, Field(ge=1, le=64)] = 1
    """Jobs that run at once; the others wait, `scheduled`, in the order they came."""
    max_concurrent_requests: Annotated[int, Field(ge=1, le=64)] = 2
    """A job's generations in flight at once. Below a model's `parallel`, interactive requests keep sequences
    of the continuous batch that jobs do not take."""
    executor: Literal["local", "ray"] = "local"
    """`local`: a job's generations run on the server's own models, sharing their continuous batch with
    interactive requests. `ray`: each job runs on a Ray cluster (`pip install lls[ray]`), in an actor that loads
    the model from the same path on its node; for evaluations larger than one machine serves."""
    ray_address: str | None = None
    """The Ray cluster for `executor: ray`, as `ray.init` takes it (`auto`, `HOST:PORT`, `ray://HOST:PORT`);
    null: a local cluster started with the server."""
    ray_actor_cpus: Annotated[float, Field(gt=0)] = 1.0
    """CPUs a job's Ray actor reserves on its node."""


class PostTrainingConfig(_Section):
    """Fine-tuning jobs: training in PyTorch beside the server, and how the result is written as GGUF. The models
    they make are kept under `data_dir/post_training` and registered in `data_dir/models.sqlite`."""

    enabled: bool = True
    """false: the fine-tuning operations answer 403 (a server that must never spend its cores on training)."""
    threads: Annotated[int, Field(ge=1)] | None = None
    """PyTorch's threads for training; default: every core but one, left to the models that serve meanwhile."""
    quantization: Literal["f16", "q8_0", "q4_1", "q4_0"] = "q8_0"
    """How each checkpoint's weights are stored in its GGUF, by llama.cpp's quantizer."""
    export: Literal["merged", "lora_adapter"] = "merged"
    """What a LoRA job writes and serves: `merged`, the adapter merged into the weights, as one GGUF; or
    `lora_adapter`, a llama.cpp LoRA adapter served on the base model's GGUF, a small file (10 MB against 145 for
    the default model at rank 8) that serves slower (`make bench`: decode 0.70x, prompt reading 0.56x the merged
    model's). DoRA, full fine-tuning and an adapted output layer tied to the embeddings are always merged."""


class RunConfig(_Section):
    server: ServerConfig = ServerConfig()
    data_dir: Path = Path("data")
    """Where the server keeps its state."""
    models: list[ModelConfig] = []
    memory: MemoryConfig = MemoryConfig()
    datasets: DatasetsConfig = DatasetsConfig()
    """Where datasets' rows may be read from."""
    outgoing: OutgoingConfig = OutgoingConfig()
    """The addresses the server itself connects to: memory banks' document URLs, datasets' URLs, REST shields."""
    safety: SafetyConfig = SafetyConfig()
    """The shields that `/safety/run_shields` and agents may run."""
    agents: AgentsConfig = AgentsConfig()
    """Agentic systems' tools and memory retrieval."""
    jobs: JobsConfig = JobsConfig()
    """The job runner: evaluations and post-training."""
    post_training: PostTrainingConfig = PostTrainingConfig()
    """Fine-tuning jobs."""
    synthetic_data: SyntheticDataConfig = SyntheticDataConfig()
    """Synthetic data generation's default models, candidates and sampling, and the bounds of one request."""

    @model_validator(mode="after")
    def _llama_guard_model_registered(self) -> RunConfig:
        guard = self.safety.llama_guard
        if guard and guard.model not in (ids := [model.id for model in self.models]):
            raise ValueError(
                f"safety.llama_guard.model {guard.model!r} is not a registered model: register its GGUF under "
                f"`models` (registered: {', '.join(ids) or 'none'})"
            )
        return self


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
            "datasets": config.datasets.model_copy(
                update={"allowed_dirs": [_resolve(d, base) for d in config.datasets.allowed_dirs]}
            ),
            "safety": _resolved_safety(config.safety, base),
            "agents": _resolved_agents(config.agents, base),
        }
    )


def _resolved_agents(agents: AgentsConfig, base: Path) -> AgentsConfig:
    interpreter = agents.code_interpreter
    if interpreter.python is None:
        return agents
    python = interpreter.model_copy(update={"python": _resolve(interpreter.python, base)})
    return agents.model_copy(update={"code_interpreter": python})


def _resolved_safety(safety: SafetyConfig, base: Path) -> SafetyConfig:
    if safety.prompt_guard is None:
        return safety
    prompt_guard = safety.prompt_guard.model_copy(update={"model_dir": _resolve(safety.prompt_guard.model_dir, base)})
    return safety.model_copy(update={"prompt_guard": prompt_guard})
