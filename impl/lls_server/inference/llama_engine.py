"""llama.cpp behind one seam: the only module that calls llama.cpp.

A `LlamaCppModel` loads one GGUF model and runs a scheduler thread over one llama.cpp context with
several sequences (continuous batching): every step decodes the next token of every active
sequence, and the next chunk of every prompt being read, in one `llama_decode`; each sequence is
sampled with its own native sampler chain. New requests join between steps; a cancelled request
frees its sequence at the next step. The asyncio side talks to the thread through `Generation`.

A scoring request (`score`, awaited by `score_tokens`) is a generation that samples nothing: it reads a prompt and
a continuation in the same batches, and gives the log-probability of each continuation token, as evaluations need.

Prompt cache: a sequence that ends keeps its KV cache and the tokens it holds. A new request takes the free
sequence that shares the longest prefix with its prompt (else the least recently used one), drops the rest
of that cache, copies a longer prefix from any other sequence where one holds it (cells of the unified cache
are shared, not duplicated), and reads only what follows: a conversation's next turn reads its new lines.

Faults stay with the request that met them: an error while admitting, sampling or decoding fails the
requests concerned and the thread goes on. Should the thread stop all the same, or a step never end,
waiting requests fail at once (503) or after the model's stall timeout (504), never wait forever.
"""

from __future__ import annotations

import asyncio
import codecs
import ctypes
import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import llama_cpp
import numpy as np
from llama_cpp.llama_grammar import json_schema_to_gbnf

from lls_api import models

from ..config import ModelConfig
from ..errors import InvalidRequest, StartupError, TimedOut, Unavailable
from ..instruments import GenerationMetrics
from ..request_context import add_tokens

log = logging.getLogger("lls.llama_cpp")
# llama-cpp-python prints llama.cpp's own log (hundreds of lines a load) unless its logger says otherwise.
logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)

PROVIDER = "llama_cpp"
END_OF_MESSAGE_TOKENS = {"<|eom_id|>"}  # Llama 3.x: the model waits for a tool's answer
PENALTY_LAST_N = 64  # the penalties look at this many of the latest prompt and answer tokens
# A free sequence is reused in place when it shares at least this part of the prompt (llama-server's default
# slot similarity); below it, the least recently used one is taken, so a few shared tokens evict no conversation.
MIN_SHARED_FRACTION = 0.1


class ModelLoadError(StartupError):
    """A registered model's weights cannot be loaded."""


# llama-cpp-python's converter lets a JSON string hold raw control characters (a newline, a tab), which JSON
# forbids, so a constrained answer could fail to parse; llama.cpp's own converter excludes them, as here.
PERMISSIVE_JSON_CHAR = 'char ::= [^"\\\\] |'
STRICT_JSON_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |'


def json_schema_grammar(schema: dict[str, Any]) -> str:
    """A GBNF grammar for JSON that satisfies `schema`, by llama-cpp-python's converter."""
    try:
        grammar: str = json_schema_to_gbnf(json.dumps(schema))
    except (AssertionError, KeyError, TypeError, ValueError, RecursionError) as exc:
        raise InvalidRequest(f"the JSON schema cannot be turned into a grammar: {exc}") from exc
    return grammar.replace(PERMISSIVE_JSON_CHAR, STRICT_JSON_CHAR)


@dataclass(frozen=True)
class Sampling:
    """How to pick tokens, in llama.cpp's terms."""

    temperature: float = 0.0  # 0: greedy
    top_p: float = 1.0
    top_k: int = 0
    repetition_penalty: float = 1.0
    frequency_penalty: float = 0.0  # OpenAI's: subtracted from a logit once per earlier occurrence of its token
    presence_penalty: float = 0.0  # OpenAI's: subtracted from a logit once if its token occurred at all
    grammar: str | None = None  # GBNF
    logprobs: int = 0  # how many alternatives to report per token
    seed: int | None = None  # None: a new random seed
    stop: tuple[str, ...] = ()  # texts that end the answer where they first appear; the answer leaves them out


@dataclass(frozen=True)
class Token:
    """One sampled token's share of the answer's text ("" while text that may begin a stop text is held back),
    and, when logprobs are asked for, the most likely tokens and the sampled token itself, by log-probability.
    A flush at the end of an answer (text held back, an unfinished utf-8 character) is a Token of text only."""

    text: str
    logprobs: dict[str, float] | None = None
    chosen: tuple[str, float] | None = None  # the sampled token's own text and natural-log probability


def split_at_stop(text: str, stops: Iterable[str]) -> tuple[str, str, bool]:
    """Split an answer's text not yet delivered into (what to deliver, what to hold back, whether it stopped).

    Where a stop text occurs, the answer stops at the earliest occurrence: the text before it is delivered and
    the rest is dropped. Otherwise the longest tail of `text` that could begin a stop text is held back, until
    more text shows whether it does; the text before it is delivered."""
    stops = [stop for stop in stops if stop]
    found = [index for index in (text.find(stop) for stop in stops) if index >= 0]
    if found:
        return text[: min(found)], "", True
    longest = min(len(text), max((len(stop) - 1 for stop in stops), default=0))
    for length in range(longest, 0, -1):
        tail = text[-length:]
        if any(stop.startswith(tail) for stop in stops):
            return text[:-length], tail, False
    return text, "", False


@dataclass(frozen=True)
class Scores:
    """A scoring request's answer, before its `Finished`: each scored token's natural-log probability."""

    logprobs: list[float]


@dataclass(frozen=True)
class Finished:
    stop_reason: models.StopReason
    prompt_tokens: int
    completion_tokens: int
    cached_prompt_tokens: int  # of prompt_tokens, those taken from the prompt cache


class SchedulerHealth:
    """Whether a model's scheduler thread is alive and making progress, as requests waiting on it see it."""

    def __init__(self, model_id: str, stall_timeout: float):
        self.model_id = model_id
        self.stall_timeout = stall_timeout
        self.last_progress = time.monotonic()  # a step ended, a request was admitted, or work came to an idle thread
        self.has_work = False
        self.failure: BaseException | None = None

    def progressed(self) -> None:
        self.last_progress = time.monotonic()

    def seconds_until_stalled(self) -> float:
        return self.last_progress + self.stall_timeout - time.monotonic()

    def state(self) -> tuple[Literal["serving", "stalled", "stopped"], str | None]:
        if self.failure is not None:
            return "stopped", f"its scheduler stopped: {self.failure!r}"
        if self.has_work and self.seconds_until_stalled() <= 0:
            idle = time.monotonic() - self.last_progress
            return "stalled", f"it has finished no decoding step for {idle:.0f} s"
        return "serving", None

    def raise_if_down(self) -> None:
        state, detail = self.state()
        if state == "stopped":
            raise Unavailable(f"model {self.model_id!r} cannot serve: {detail}; restart the server", retry_after=60)
        if state == "stalled":
            raise TimedOut(
                f"model {self.model_id!r} produced nothing for {self.stall_timeout:g} s "
                "(stall_timeout_seconds in the run config); the request was cancelled"
            )


class Generation:
    """One request's tokens, as the scheduler thread produces them; iterate it, or cancel it."""

    def __init__(
        self,
        prompt: list[int],
        max_tokens: int,
        sampling: Sampling,
        loop: asyncio.AbstractEventLoop,
        health: SchedulerHealth,
        *,
        scored_from: int | None = None,
    ):
        self.prompt = prompt
        self.max_tokens = max_tokens
        self.sampling = sampling
        # A scoring request: prompt[scored_from:] is scored, not generated; `scores` holds the answer once finished.
        self.scored_from = scored_from
        self.scores: list[float] = []
        self.cancelled = False
        self.queued_at = time.monotonic()  # for the time to its first token
        self._loop = loop
        self._health = health
        self._events: asyncio.Queue[Token | Scores | Finished | BaseException] = asyncio.Queue()

    def deliver(self, event: Token | Scores | Finished | BaseException) -> None:
        """Called from the scheduler thread."""
        try:
            self._loop.call_soon_threadsafe(self._events.put_nowait, event)
        except RuntimeError:  # the requester's event loop is closed: nobody is listening any more
            self.cancel()

    def cancel(self) -> None:
        self.cancelled = True

    async def _next_event(self) -> Token | Scores | Finished | BaseException:
        """The next event, or an error as soon as the scheduler has stopped or stalled."""
        while self._events.empty():
            self._health.raise_if_down()
            try:
                async with asyncio.timeout(self._health.seconds_until_stalled()):  # no task a token, unlike wait_for
                    return await self._events.get()
            except TimeoutError:
                continue
        return self._events.get_nowait()

    async def events(self) -> AsyncIterator[Token | Finished]:
        try:
            while True:
                event = await self._next_event()
                if isinstance(event, BaseException):
                    raise event
                if isinstance(event, Scores):  # kept, not yielded: generations' consumers need not know them
                    self.scores = event.logprobs
                    continue
                if isinstance(event, Finished):  # the request's access log line counts its tokens
                    add_tokens(event.prompt_tokens, event.completion_tokens)
                yield event
                if isinstance(event, Finished):
                    return
        finally:
            self.cancel()  # a no-op once finished; frees the sequence if the client went away or it stalled


def shared_prefix(a: list[int], b: list[int]) -> int:
    """How many tokens `a` and `b` share from the start."""
    n = min(len(a), len(b))
    if a[:n] == b[:n]:  # a conversation's next turn: compared at C speed
        return n
    return next(i for i in range(n) if a[i] != b[i])


@dataclass
class _Sequence:
    """A generation's state inside the scheduler thread."""

    generation: Generation
    seq_id: int
    sampler: llama_cpp.llama_sampler_p
    to_read: deque[int]  # prompt tokens not yet decoded
    # The first position whose logits are read: the prompt's last token, whose logits pick the answer's first
    # token; for a scoring request, the token before the first scored one, and every one after it but the last.
    logits_from: int
    position: int = 0
    reused: int = 0  # prompt tokens taken from the prompt cache
    generated: int = 0
    first_token_at: float | None = None  # when its first token was sampled (time.monotonic)
    last_token: int = -1
    logits_rows: list[int] = field(default_factory=list)  # this step's batch rows with logits: one when generating
    scores: list[float] = field(default_factory=list)
    text_decoder: codecs.IncrementalDecoder = field(
        default_factory=lambda: codecs.getincrementaldecoder("utf-8")("replace")
    )
    held_text: str = ""  # decoded text not yet delivered, as it may be the start of a stop text


class LlamaCppModel:
    def __init__(self, config: ModelConfig):
        if not config.path.is_file():
            raise ModelLoadError(f"model {config.id!r}: no GGUF file at {config.path}")
        self.config = config
        parallel = config.parallel
        self.max_waiting = config.max_waiting
        params = llama_cpp.llama_model_default_params()
        self.model = llama_cpp.llama_model_load_from_file(str(config.path).encode(), params)
        if not self.model:
            raise ModelLoadError(f"model {config.id!r}: llama.cpp cannot load {config.path}")
        self.adapter = self._load_adapter(config.lora_adapter)
        self.vocab = llama_cpp.llama_model_get_vocab(self.model)
        self.n_vocab = llama_cpp.llama_vocab_n_tokens(self.vocab)
        self.metadata = self._read_metadata()
        self.context_per_sequence = config.context_length
        self.ctx = self._new_context(n_ctx=config.context_length * parallel, n_seq=parallel, embeddings=False)
        self.memory = llama_cpp.llama_get_memory(self.ctx)
        self.batch = llama_cpp.llama_batch_init(config.batch_size, 0, 1)
        self._embedding_ctx: llama_cpp.llama_context_p | None = None
        self._embedding_lock = threading.Lock()

        self.health = SchedulerHealth(config.id, config.stall_timeout_seconds)
        self._waiting: deque[Generation] = deque()
        self._active: list[_Sequence] = []
        self._free_seq_ids = list(range(parallel))  # the least recently used first
        # The prompt cache: the tokens each sequence's KV cache holds, in position order. Cutting a sequence's
        # cache, or copying part of it, is exact only in a plain attention cache: recurrent state cannot be cut,
        # and a sliding window forgets old positions.
        self._cached: list[list[int]] = [[] for _ in range(parallel)]
        self.prompt_cache = (
            config.prompt_cache
            and llama_cpp.llama_model_n_swa(self.model) == 0
            and not llama_cpp.llama_model_is_recurrent(self.model)
            and not llama_cpp.llama_model_is_hybrid(self.model)
        )
        budget = config.prompt_cache_tokens
        self.prompt_cache_tokens = config.context_length if budget is None else budget
        self.prompt_tokens_read = 0
        self.prompt_tokens_reused = 0
        self.metrics = GenerationMetrics(config.id)  # recorded once a generation, read when /metrics is scraped
        self._wakeup = threading.Condition()
        self._closing = False
        self._freed = False  # llama.cpp's model, contexts and batch: freed by `close`
        self._thread = threading.Thread(target=self._schedule, name=f"llama-{config.id}", daemon=True)
        self._thread.start()
        log.info(
            "loaded %s from %s (%d threads, %d parallel sequences of %d tokens)",
            config.id,
            config.path,
            config.decode_threads,
            parallel,
            config.context_length,
        )
        self.description = self._describe()

    def _load_adapter(self, path: Path | None) -> Any:
        """The LoRA adapter at `path`, loaded for this model (llama.cpp frees it with the model)."""
        if path is None:
            return None
        adapter = llama_cpp.llama_adapter_lora_init(self.model, str(path).encode()) if path.is_file() else None
        if not adapter:
            llama_cpp.llama_model_free(self.model)
            raise ModelLoadError(f"model {self.config.id!r}: llama.cpp cannot load the LoRA adapter {path}")
        return adapter

    # ------------------------------------------------------------ description
    def _read_metadata(self) -> dict[str, str]:
        metadata = {}
        buffer = ctypes.create_string_buffer(1 << 16)
        for i in range(llama_cpp.llama_model_meta_count(self.model)):
            if llama_cpp.llama_model_meta_key_by_index(self.model, i, buffer, len(buffer)) < 0:
                continue
            key = buffer.value.decode(errors="replace")
            if llama_cpp.llama_model_meta_val_str_by_index(self.model, i, buffer, len(buffer)) >= 0:
                metadata[key] = buffer.value.decode(errors="replace")
        return metadata

    def _describe(self) -> models.PretrainedModel:
        description = ctypes.create_string_buffer(256)
        llama_cpp.llama_model_desc(self.model, description, len(description))
        # e.g. "llama 256M Q4_1": the last word names the weights' quantization
        quantization = description.value.decode(errors="replace").rsplit(" ", 1)[-1]
        return models.PretrainedModel(
            identifier=self.config.id,
            provider=PROVIDER,
            architecture=self.metadata.get("general.architecture"),
            parameter_count=llama_cpp.llama_model_n_params(self.model),
            context_length=self.context_per_sequence,
            quantization=quantization,
            has_chat_template=self.chat_template is not None,
            embedding_dimension=llama_cpp.llama_model_n_embd(self.model),
            base_model=self.config.base_model,
            post_training_job_uuid=self.config.post_training_job_uuid,
        )

    def load(self) -> tuple[int, int]:
        """How many sequences decode, and how many requests wait for one (some perhaps cancelled already): read
        from any thread without a lock, as a scrape of /metrics reads them."""
        return len(self._active), len(self._waiting)

    def describe(self) -> models.PretrainedModel:
        cache = models.PromptCacheStats(
            enabled=self.prompt_cache, tokens_read=self.prompt_tokens_read, tokens_reused=self.prompt_tokens_reused
        )
        return self.description.model_copy(update={"prompt_cache": cache})

    @property
    def chat_template(self) -> str | None:
        return self.config.chat_template or self.metadata.get("tokenizer.chat_template")

    # ------------------------------------------------------------ tokens
    def tokenize(self, text: str, *, special: bool, add_bos: bool = True) -> list[int]:
        """`special`: the text is a formatted prompt whose special tokens (`<|im_start|>`...) are parsed.

        `add_bos`: start with the BOS token where the model's vocabulary asks for one.
        """
        self._check_loaded()
        data = text.encode()
        add_bos = add_bos and bool(llama_cpp.llama_vocab_get_add_bos(self.vocab))
        capacity = len(data) + 8
        tokens = (llama_cpp.llama_token * capacity)()
        n = llama_cpp.llama_tokenize(self.vocab, data, len(data), tokens, capacity, add_bos, special)
        if n < 0:
            raise InvalidRequest(f"the prompt cannot be tokenized for model {self.config.id!r}")
        return list(tokens[:n])

    def tokenize_prompt(self, pieces: Iterable[tuple[str, bool]]) -> list[int]:
        """A formatted prompt's tokens, given as (text, markup) pieces: special tokens are parsed in markup only,
        so text from users stays text; one BOS at the start where the vocabulary asks for one and the format
        has not written it already."""
        tokens = [token for text, markup in pieces for token in self.tokenize(text, special=markup, add_bos=False)]
        bos = llama_cpp.llama_vocab_bos(self.vocab)
        if llama_cpp.llama_vocab_get_add_bos(self.vocab) and bos >= 0 and tokens[:1] != [bos]:
            tokens.insert(0, bos)
        return tokens

    def token_offsets(self, text: str) -> list[tuple[int, int]]:
        """The character span of each token of `text`, for chunking a document by this model's tokens.

        Each token's bytes are found in the text from where the previous token ended; a token whose
        bytes are not there verbatim (a tokenizer's added leading space) spans what it can, or nothing.
        """
        data = text.encode()
        char_at_byte = [0] * (len(data) + 1)
        position = 0
        for index, character in enumerate(text):
            width = len(character.encode())
            char_at_byte[position : position + width] = [index] * width
            position += width
        char_at_byte[len(data)] = len(text)
        spans, cursor = [], 0
        for token in self.tokenize(text, special=False, add_bos=False):
            piece = self.token_bytes(token)
            start = data.find(piece, cursor) if piece else -1
            if start != cursor and piece.startswith(b" "):
                start = data.find(piece[1:], cursor) if piece[1:] else -1
                piece = piece[1:]
            if start < 0:
                start, piece = cursor, b""
            cursor = start + len(piece)
            spans.append((char_at_byte[start], char_at_byte[cursor] if cursor < len(data) else len(text)))
        return spans

    def token_bytes(self, token: int, *, special: bool = False) -> bytes:
        self._check_loaded()
        buffer = ctypes.create_string_buffer(256)
        n = llama_cpp.llama_token_to_piece(self.vocab, token, buffer, len(buffer), 0, special)
        return buffer.raw[: max(n, 0)]

    def token_text(self, token: int) -> str:
        return self.token_bytes(token, special=True).decode(errors="replace")

    def special_token(self, token: int) -> str:
        return self.token_text(token) if token >= 0 else ""

    @property
    def bos_text(self) -> str:
        return self.special_token(llama_cpp.llama_vocab_bos(self.vocab))

    @property
    def eos_text(self) -> str:
        return self.special_token(llama_cpp.llama_vocab_eos(self.vocab))

    def check_grammar(self, grammar: str) -> None:
        """Raise InvalidRequest when llama.cpp cannot parse a GBNF grammar."""
        self._check_loaded()
        sampler = llama_cpp.llama_sampler_init_grammar(self.vocab, grammar.encode(), b"root")
        if not sampler:
            raise InvalidRequest("the grammar is not valid GBNF (llama.cpp could not parse it)")
        llama_cpp.llama_sampler_free(sampler)

    # ------------------------------------------------------------ generation
    def generate(self, prompt: list[int], max_tokens: int, sampling: Sampling) -> Generation:
        """Queue a generation. max_tokens 0 means: as many as the context leaves."""
        if not prompt:  # llama.cpp cannot decode nothing; caught here, it cannot fail the others of a step
            raise InvalidRequest("the prompt is empty: there is no text to continue")
        room = self.context_per_sequence - len(prompt)
        if room <= 0:
            raise InvalidRequest(
                f"the prompt is {len(prompt)} tokens, but model {self.config.id!r} has a context "
                f"of {self.context_per_sequence} tokens"
            )
        if max_tokens > room:
            raise InvalidRequest(
                f"max_tokens is {max_tokens}, but model {self.config.id!r}'s context of "
                f"{self.context_per_sequence} tokens leaves {room} after the prompt's {len(prompt)}"
            )
        if sampling.grammar is not None:
            self.check_grammar(sampling.grammar)
        return self._queue(Generation(prompt, max_tokens or room, sampling, asyncio.get_running_loop(), self.health))

    def score(self, prompt: list[int], continuation: list[int]) -> Generation:
        """Queue a scoring request: the log-probability of each continuation token given the prompt and the
        continuation before it. It shares the batch with generations, samples nothing, and ends with `Scores`,
        kept in the request's `scores`, then `Finished`; `score_tokens` awaits it."""
        if not prompt or not continuation:
            raise InvalidRequest(
                f"scoring needs a prompt and a continuation of one token or more; they are {len(prompt)} "
                f"and {len(continuation)} tokens"
            )
        total = len(prompt) + len(continuation)
        if total > self.context_per_sequence:
            raise InvalidRequest(
                f"the prompt ({len(prompt)} tokens) and continuation ({len(continuation)} tokens) to score make "
                f"{total} tokens, but model {self.config.id!r} has a context of {self.context_per_sequence} tokens"
            )
        loop = asyncio.get_running_loop()  # Sampling(): its (greedy) sampler is set up but never used
        return self._queue(Generation(prompt + continuation, 0, Sampling(), loop, self.health, scored_from=len(prompt)))

    def _queue(self, generation: Generation) -> Generation:
        self.health.raise_if_down()
        with self._wakeup:
            if self._closing:  # checked under the lock `close` sets it with: nothing is queued after it looked
                raise Unavailable(f"model {self.config.id!r} was unloaded: the server is shutting down", retry_after=5)
            # A cancelled request leaves the queue only when the scheduler next looks: it holds no place.
            self._waiting = deque(waiting for waiting in self._waiting if not waiting.cancelled)
            if len(self._waiting) >= self.max_waiting + len(self._free_seq_ids):
                raise Unavailable(
                    f"model {self.config.id!r} is decoding {self.config.parallel} requests and has "
                    f"{len(self._waiting)} waiting already",
                    retry_after=1,
                )
            if not self.health.has_work:  # the stall clock starts now, not at the thread's last step
                self.health.has_work = True
                self.health.progressed()
            self._waiting.append(generation)
            self._wakeup.notify()
        return generation

    def _new_context(self, *, n_ctx: int, n_seq: int, embeddings: bool) -> llama_cpp.llama_context_p:
        params = llama_cpp.llama_context_default_params()
        params.n_ctx = n_ctx
        params.n_batch = self.config.batch_size
        params.n_ubatch = self.config.batch_size
        params.n_seq_max = n_seq
        params.n_threads = self.config.decode_threads
        params.n_threads_batch = self.config.decode_threads
        # One cache for all sequences: llama.cpp batches them better than split caches (4 streams: 1.6x the
        # single-stream rate, against 1.0x). It never overflows: each sequence stays within its share.
        params.kv_unified = True
        params.no_perf = True
        if embeddings:
            params.embeddings = True
            params.pooling_type = llama_cpp.LLAMA_POOLING_TYPE_MEAN
        ctx: llama_cpp.llama_context_p = llama_cpp.llama_init_from_model(self.model, params)
        if not ctx:
            raise ModelLoadError(f"model {self.config.id!r}: llama.cpp cannot create a context of {n_ctx} tokens")
        if self.adapter is not None:
            adapters = (llama_cpp.llama_adapter_lora_p_ctypes * 1)(self.adapter)
            if llama_cpp.llama_set_adapters_lora(ctx, adapters, 1, (ctypes.c_float * 1)(1.0)) != 0:
                llama_cpp.llama_free(ctx)
                raise ModelLoadError(f"model {self.config.id!r}: llama.cpp cannot apply the LoRA adapter")
        return ctx

    def _new_sampler(self, sampling: Sampling, prompt: list[int]) -> llama_cpp.llama_sampler_p:
        chain: llama_cpp.llama_sampler_p = llama_cpp.llama_sampler_chain_init(
            llama_cpp.llama_sampler_chain_default_params()
        )
        add = llama_cpp.llama_sampler_chain_add
        if sampling.grammar is not None:
            add(chain, llama_cpp.llama_sampler_init_grammar(self.vocab, sampling.grammar.encode(), b"root"))
        if sampling.repetition_penalty != 1.0 or sampling.frequency_penalty != 0.0 or sampling.presence_penalty != 0.0:
            penalties = llama_cpp.llama_sampler_init_penalties(
                self.n_vocab,
                PENALTY_LAST_N,
                sampling.repetition_penalty,
                sampling.frequency_penalty,
                sampling.presence_penalty,
            )
            # Penalise the prompt's tail too. Only this sampler sees it: the chain's grammar must not.
            for token in prompt[-PENALTY_LAST_N:]:
                llama_cpp.llama_sampler_accept(penalties, token)
            add(chain, penalties)
        if sampling.temperature <= 0:
            add(chain, llama_cpp.llama_sampler_init_greedy())
            return chain
        if sampling.top_k > 0:
            add(chain, llama_cpp.llama_sampler_init_top_k(min(sampling.top_k, self.n_vocab)))
        if sampling.top_p < 1.0:
            add(chain, llama_cpp.llama_sampler_init_top_p(sampling.top_p, 1))
        add(chain, llama_cpp.llama_sampler_init_temp(sampling.temperature))
        seed = llama_cpp.LLAMA_DEFAULT_SEED if sampling.seed is None else sampling.seed  # the default: random
        add(chain, llama_cpp.llama_sampler_init_dist(seed))
        return chain

    def _schedule(self) -> None:
        """The scheduler thread. Errors of one request are handled where they happen; anything that gets here
        stops the model, and every request waiting on it fails at once."""
        try:
            while self._wait_for_work():
                self._admit()
                self._drop_cancelled()
                if self._active:
                    self._step()
                self.health.progressed()
        except BaseException as exc:
            log.critical(
                "model %s: the scheduler stopped; its requests get 503 until a restart", self.config.id, exc_info=exc
            )
            self.health.failure = exc
            stopped = Unavailable(f"model {self.config.id!r} cannot serve: its scheduler stopped: {exc!r}")
            for sequence in list(self._active):
                sequence.generation.deliver(stopped)
            with self._wakeup:
                for generation in self._waiting:
                    generation.deliver(stopped)
                self._waiting.clear()

    def _wait_for_work(self) -> bool:
        """Block until a request waits or runs; False once the model is closing."""
        with self._wakeup:
            self.health.has_work = bool(self._waiting or self._active)
            while not self._waiting and not self._active and not self._closing:
                self._wakeup.wait()
            self.health.has_work = True
            return not self._closing

    def _admit(self) -> None:
        while True:
            with self._wakeup:
                if not self._waiting or not self._free_seq_ids:
                    return
                generation = self._waiting.popleft()
                if generation.cancelled:
                    continue
                seq_id = self._take_sequence(generation.prompt)
            prompt = generation.prompt
            try:
                sampler = self._new_sampler(generation.sampling, prompt)
            except Exception as exc:
                log.exception("model %s: cannot set up sampling for a request", self.config.id)
                generation.deliver(exc)
                with self._wakeup:
                    self._free_seq_ids.append(seq_id)
                continue
            scored_from = generation.scored_from
            logits_from = len(prompt) - 1 if scored_from is None else scored_from - 1
            reused = self._reuse_prefix(seq_id, prompt, logits_from) if self.prompt_cache else 0
            # A scoring request never reads its last token: nothing after it is scored.
            to_read = prompt[reused:] if scored_from is None else prompt[reused:-1]
            self.prompt_tokens_read += len(to_read)
            self.prompt_tokens_reused += reused
            self._active.append(
                _Sequence(generation, seq_id, sampler, deque(to_read), logits_from, position=reused, reused=reused)
            )
            self.health.progressed()

    def _take_sequence(self, prompt: list[int]) -> int:
        """The free sequence whose cache shares the longest prefix with `prompt` where it shares enough, else the
        least recently used one. Called with `_wakeup` held."""
        best, shared = self._free_seq_ids[0], 0
        for seq_id in self._free_seq_ids:
            length = shared_prefix(self._cached[seq_id], prompt)
            if length > shared:
                best, shared = seq_id, length
        if shared < MIN_SHARED_FRACTION * len(prompt):
            best = self._free_seq_ids[0]
        self._free_seq_ids.remove(best)
        return best

    def _reuse_prefix(self, seq_id: int, prompt: list[int], limit: int) -> int:
        """Leave in the sequence's cache the longest prefix of `prompt` that any sequence's cache holds, copied
        from that sequence where it is not this one, and return its length. The cache keeps no logits: the
        tokens from `limit` on, whose logits are read (a prompt's last one at least), are always read again."""
        source, longest = seq_id, min(shared_prefix(self._cached[seq_id], prompt), limit)
        for other, tokens in enumerate(self._cached):
            length = min(shared_prefix(tokens, prompt), limit)
            if length > longest:
                source, longest = other, length
        if source == seq_id:
            llama_cpp.llama_memory_seq_rm(self.memory, seq_id, longest, -1)
        else:
            llama_cpp.llama_memory_seq_rm(self.memory, seq_id, -1, -1)
            llama_cpp.llama_memory_seq_cp(self.memory, source, seq_id, 0, longest)
        self._cached[seq_id] = prompt[:longest]
        return longest

    def _forget(self, seq_id: int) -> None:
        llama_cpp.llama_memory_seq_rm(self.memory, seq_id, -1, -1)
        self._cached[seq_id] = []

    def _drop_cancelled(self) -> None:
        for sequence in [s for s in self._active if s.generation.cancelled]:
            self._count(sequence)
            self._release(sequence, keep_cache=True)

    def _count(self, sequence: _Sequence) -> None:
        """Record a generation that ends, before its requester hears of it: a scrape after its answer counts it."""
        started = sequence.first_token_at
        self.metrics.ended(sequence.generated, None if started is None else time.monotonic() - started)

    def _release(self, sequence: _Sequence, *, keep_cache: bool) -> None:
        if not (keep_cache and self.prompt_cache):
            self._forget(sequence.seq_id)
        llama_cpp.llama_sampler_free(sequence.sampler)
        self._active.remove(sequence)
        with self._wakeup:
            self._free_seq_ids.append(sequence.seq_id)
            idle = list(self._free_seq_ids)  # the least recently used first
        self._keep_within_budget(idle)

    def _keep_within_budget(self, idle: list[int]) -> None:
        """Forget the least recently used idle sequences' caches until those left hold at most the budget."""
        held = sum(len(self._cached[seq_id]) for seq_id in idle)
        for seq_id in idle:
            if held <= self.prompt_cache_tokens:
                return
            held -= len(self._cached[seq_id])
            self._forget(seq_id)

    def _fail(self, sequence: _Sequence, exc: Exception) -> None:
        self._count(sequence)
        sequence.generation.deliver(exc)
        self._release(sequence, keep_cache=False)  # a failed step or sampler leaves its cache in doubt

    def _step(self) -> None:
        """One llama_decode over every active sequence: a token each when generating, a chunk when reading."""
        batch, capacity, n = self.batch, self.config.batch_size, 0
        generating = [s for s in self._active if not s.to_read]
        reading = [s for s in self._active if s.to_read]
        for sequence in self._active:
            sequence.logits_rows.clear()
        for sequence in generating:  # first, so that reading a long prompt never stalls the others
            self._add(n, sequence.last_token, sequence, logits=True)
            n += 1
        for sequence in reading:
            while sequence.to_read and n < capacity:
                logits = sequence.position >= sequence.logits_from
                self._add(n, sequence.to_read.popleft(), sequence, logits=logits)
                n += 1
        batch.n_tokens = n
        try:
            self._decode()
        except Exception as exc:  # every sequence of the batch is in an unknown state: fail them, keep serving
            log.exception("model %s: a decoding step failed", self.config.id)
            for sequence in list(self._active):
                self._fail(sequence, exc)
            return
        for sequence in list(self._active):
            if sequence.logits_rows:
                try:
                    if sequence.generation.scored_from is None:
                        self._sample(sequence)
                    else:
                        self._score(sequence)
                except Exception as exc:
                    log.exception("model %s: sampling or scoring failed for a request", self.config.id)
                    self._fail(sequence, exc)

    def _decode(self) -> None:
        status = llama_cpp.llama_decode(self.ctx, self.batch)
        if status != 0:
            raise RuntimeError(f"llama_decode returned {status}")

    def _add(self, i: int, token: int, sequence: _Sequence, *, logits: bool) -> None:
        batch = self.batch
        batch.token[i] = token
        batch.pos[i] = sequence.position
        batch.n_seq_id[i] = 1
        batch.seq_id[i][0] = sequence.seq_id
        batch.logits[i] = logits
        sequence.position += 1
        self._cached[sequence.seq_id].append(token)
        if logits:
            sequence.logits_rows.append(i)

    def _sample(self, sequence: _Sequence) -> None:
        generation = sequence.generation
        sampling = generation.sampling
        index = sequence.logits_rows[-1]  # a generation's only one
        distribution = self._log_softmax(index) if sampling.logprobs > 0 else None
        logprobs = None if distribution is None else self._top_logprobs(distribution, sampling.logprobs)
        token = llama_cpp.llama_sampler_sample(sequence.sampler, self.ctx, index)
        if sequence.first_token_at is None:
            sequence.first_token_at = time.monotonic()
            self.metrics.first_token(sequence.first_token_at - generation.queued_at)
        prompt_tokens = len(generation.prompt)
        if llama_cpp.llama_vocab_is_eog(self.vocab, token):
            end = (
                models.StopReason.end_of_message
                if self.token_text(token) in END_OF_MESSAGE_TOKENS
                else models.StopReason.end_of_turn
            )
            self._flush(sequence)
            self._finish(sequence, Finished(end, prompt_tokens, sequence.generated, sequence.reused))
            return
        sequence.generated += 1
        sequence.last_token = token
        chosen = None if distribution is None else (self.token_text(token), float(distribution[token]))
        # special=True: Llama 3's `<|python_tag|>` must reach the tool-call parser
        text = sequence.held_text + sequence.text_decoder.decode(self.token_bytes(token, special=True))
        text, sequence.held_text, stopped = split_at_stop(text, sampling.stop)
        generation.deliver(Token(text, logprobs, chosen))  # one per sampled token, even of no text
        if stopped:
            end_of_turn = models.StopReason.end_of_turn
            self._finish(sequence, Finished(end_of_turn, prompt_tokens, sequence.generated, sequence.reused))
        elif sequence.generated >= generation.max_tokens or sequence.position >= self.context_per_sequence:
            self._flush(sequence)
            stop = models.StopReason.out_of_tokens
            self._finish(sequence, Finished(stop, prompt_tokens, sequence.generated, sequence.reused))

    def _flush(self, sequence: _Sequence) -> None:
        """At an answer's end, deliver what it still holds back: text that might have begun a stop text, and the
        bytes of an unfinished utf-8 character (as U+FFFD), up to any stop text they complete."""
        text = sequence.held_text + sequence.text_decoder.decode(b"", final=True)
        sequence.held_text = ""
        before, held, stopped = split_at_stop(text, sequence.generation.sampling.stop)
        text = before if stopped else before + held
        if text:
            sequence.generation.deliver(Token(text))

    def _score(self, sequence: _Sequence) -> None:
        """Each row's logits give the log-probability of the token that follows it; once the continuation's
        last token has been scored (its own logits are never needed), the request is answered."""
        prompt = sequence.generation.prompt
        for row in sequence.logits_rows:
            sequence.scores.append(float(self._log_softmax(row)[prompt[self.batch.pos[row] + 1]]))
        if not sequence.to_read:
            sequence.generation.deliver(Scores(sequence.scores))
            finished = Finished(models.StopReason.end_of_turn, len(prompt), 0, sequence.reused)
            self._finish(sequence, finished)

    def _finish(self, sequence: _Sequence, finished: Finished) -> None:
        self._count(sequence)
        sequence.generation.deliver(finished)
        self._release(sequence, keep_cache=True)

    def _log_softmax(self, index: int) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Every token's natural-log probability after batch row `index`: its logits' log-softmax, computed from
        their peak so that no exponential overflows."""
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self.ctx, index), shape=(self.n_vocab,))
        logits = logits.astype(np.float64)
        peak = float(logits.max())
        return logits - (peak + math.log(float(np.exp(logits - peak).sum())))

    def _top_logprobs(self, logprobs: np.ndarray[Any, np.dtype[np.float64]], k: int) -> dict[str, float]:
        """The `k` most likely tokens of a `_log_softmax` distribution, most likely first."""
        best = np.argpartition(logprobs, -k)[-k:]
        best = best[np.argsort(-logprobs[best])]
        return {self.token_text(int(t)): float(logprobs[t]) for t in best}

    def close(self) -> None:
        """Stop the scheduler, fail what is still running or waiting, and free llama.cpp's memory."""
        with self._wakeup:
            self._closing = True
            self._wakeup.notify()
        self._thread.join(timeout=30)
        if self._thread.is_alive():  # a step that never ends: its memory is in use, so leave it
            log.error("model %s: the scheduler did not stop within 30 s", self.config.id)
            return
        closed = Unavailable(f"model {self.config.id!r} was unloaded: the server is shutting down")
        for sequence in list(self._active):
            self._fail(sequence, closed)
        for generation in self._waiting:
            generation.deliver(closed)
        self._waiting.clear()
        with self._embedding_lock:  # an embedding that is running finishes first
            if self._embedding_ctx is not None:
                llama_cpp.llama_free(self._embedding_ctx)
                self._embedding_ctx = None
            self._freed = True
            llama_cpp.llama_batch_free(self.batch)
            llama_cpp.llama_free(self.ctx)
            llama_cpp.llama_model_free(self.model)

    def _check_loaded(self) -> None:
        """Refuse, rather than touch llama.cpp memory that `close` freed."""
        if self._freed:
            raise Unavailable(f"model {self.config.id!r} was unloaded: the server is shutting down", retry_after=5)

    # ------------------------------------------------------------ embeddings
    def embed(self, texts: list[str]) -> list[list[float]]:
        """Mean-pooled, L2-normalised embeddings, one per text. Blocking: call it from a worker thread."""
        token_lists = [self.tokenize(text, special=False) for text in texts]
        for index, text_tokens in enumerate(token_lists):
            if not text_tokens:
                raise InvalidRequest(f"contents.{index} is empty: there is nothing to embed")
            if len(text_tokens) > self.config.batch_size:
                raise InvalidRequest(
                    f"a text of {len(text_tokens)} tokens is longer than the {self.config.batch_size} "
                    f"tokens model {self.config.id!r} embeds at once"
                )
        with self._embedding_lock:
            self._check_loaded()
            if self._embedding_ctx is None:
                self._embedding_ctx = self._new_context(n_ctx=self.config.batch_size, n_seq=1, embeddings=True)
            ctx = self._embedding_ctx
            batch = llama_cpp.llama_batch_init(self.config.batch_size, 0, 1)
            vectors = []
            try:
                for text_tokens in token_lists:
                    llama_cpp.llama_memory_clear(llama_cpp.llama_get_memory(ctx), True)
                    for i, token in enumerate(text_tokens):
                        batch.token[i], batch.pos[i], batch.n_seq_id[i] = token, i, 1
                        batch.seq_id[i][0], batch.logits[i] = 0, True
                    batch.n_tokens = len(text_tokens)
                    if llama_cpp.llama_decode(ctx, batch) != 0:
                        raise RuntimeError("llama_decode failed while embedding")
                    n_embd = llama_cpp.llama_model_n_embd(self.model)
                    vector = np.ctypeslib.as_array(llama_cpp.llama_get_embeddings_seq(ctx, 0), shape=(n_embd,)).copy()
                    norm = float(np.linalg.norm(vector))
                    vectors.append((vector / norm if norm > 0 else vector).tolist())
            finally:
                llama_cpp.llama_batch_free(batch)
        return vectors


async def score_tokens(model: LlamaCppModel, prompt: list[int], continuation: list[int]) -> list[float]:
    """The natural-log probability of each continuation token given the prompt and the continuation before it,
    read by the model's scheduler beside its generations. Cancelling the awaiting task frees the sequence."""
    scoring = model.score(prompt, continuation)
    async for _ in scoring.events():  # `Scores` comes before `Finished`, into `scoring.scores`
        pass
    return scoring.scores
