"""The Inference API on llama.cpp: completion and chat (whole or streamed), batches, tool calls,
structured output and embeddings, over the per-model schedulers of `llama_engine`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from lls_api import models
from lls_api.interfaces import InferenceApi

from ..concurrency import all_or_first_error
from ..errors import ApiError, InvalidRequest, NotFound
from .chat_format import (
    Message,
    ParsedAnswer,
    is_llama3_template,
    llama31_dialog,
    llama31_prompt,
    parse_answer,
    render_template,
    text_of,
    tool_call_schema,
    tool_name_of,
)
from .llama_engine import Finished, Generation, LlamaCppModel, Sampling, Token, json_schema_grammar

EventType = models.ChatCompletionResponseEventType
ParseStatus = models.ToolCallParseStatus
# Below this, dividing logits by the temperature overflows llama.cpp's floats; 0 means greedy.
MIN_TEMPERATURE = 0.001
Answer = TypeVar("Answer")


@dataclass(frozen=True)
class ChatPlan:
    """What a chat request asks of the engine, and how to read the answer."""

    prompt: list[int]
    max_tokens: int
    sampling: Sampling
    tool_names: set[str]
    forced_tool_call: bool


@dataclass
class Collected:
    text: str
    logprobs: list[models.TokenLogProbs] | None
    finished: Finished

    @property
    def usage(self) -> models.Usage:
        return usage_of(self.finished)


def usage_of(finished: Finished) -> models.Usage:
    return models.Usage(
        prompt_tokens=finished.prompt_tokens,
        completion_tokens=finished.completion_tokens,
        total_tokens=finished.prompt_tokens + finished.completion_tokens,
        cached_prompt_tokens=finished.cached_prompt_tokens,
    )


def token_logprobs(token: Token) -> models.TokenLogProbs | None:
    return models.TokenLogProbs(logprobs_by_token=token.logprobs) if token.logprobs is not None else None


async def collect(generation: Generation) -> Collected:
    pieces: list[str] = []
    logprobs: list[models.TokenLogProbs] = []
    async for event in generation.events():
        if isinstance(event, Finished):
            return Collected("".join(pieces), logprobs or None, event)
        pieces.append(event.text)
        if (probs := token_logprobs(event)) is not None:
            logprobs.append(probs)
    raise RuntimeError("the generation ended without finishing")  # events() always ends with Finished


async def all_or_none(field: str, requests: Iterable[Coroutine[Any, Any, Answer]]) -> list[Answer]:
    """A batch's answers, in order. The first element that fails fails the batch and cancels the others, so
    that none goes on decoding for nobody; the error names the element (`field.index`)."""

    async def element(index: int, request: Coroutine[Any, Any, Answer]) -> Answer:
        try:
            return await request
        except ApiError as exc:
            raise exc.in_context(f"{field}.{index}") from exc

    return await all_or_first_error(element(index, request) for index, request in enumerate(requests))


class LlamaCppInference(InferenceApi):
    def __init__(self, served: Mapping[str, LlamaCppModel]):
        self._models = served

    def model(self, model_id: str) -> LlamaCppModel:
        """The registered model; a 404 names the registered ones."""
        model = self._models.get(model_id)
        if model is None:
            known = ", ".join(self._models) or "none"
            raise NotFound(f"model {model_id!r} is not registered (registered: {known})")
        return model

    # ------------------------------------------------------------ request → sampling
    def _sampling(
        self,
        model: LlamaCppModel,
        params: models.SamplingParams | None,
        logprobs: models.LogProbConfig | None,
        response_format: models.JsonSchemaResponseFormat | models.GrammarResponseFormat | None,
        quantization: object | None,
        grammar: str | None = None,
    ) -> tuple[Sampling, int]:
        if quantization is not None:
            raise InvalidRequest(
                f"model {model.config.id!r} runs with the quantization of its GGUF weights "
                f"({model.description.quantization}); quantization_config cannot change it"
            )
        # The request's fields over the model's defaults, validated again: a plain update would leave `stop`'s
        # items as the dump's strings.
        requested = params.model_dump(exclude_unset=True) if params else {}
        params = models.SamplingParams.model_validate(
            {**model.config.sampling.model_dump(exclude_unset=True), **requested}
        )
        if grammar is None and response_format is not None:
            grammar = (
                json_schema_grammar(response_format.json_schema)
                if isinstance(response_format, models.JsonSchemaResponseFormat)
                else response_format.bnf
            )
        strategy = params.strategy or models.SamplingStrategy.greedy
        if strategy != models.SamplingStrategy.greedy and 0 < params.temperature < MIN_TEMPERATURE:
            raise InvalidRequest(
                f"sampling_params.temperature is {params.temperature:g}: use 0 for the most likely token, "
                f"or at least {MIN_TEMPERATURE:g} to sample"
            )
        sampling = Sampling(
            temperature=0.0 if strategy == models.SamplingStrategy.greedy else params.temperature,
            top_p=params.top_p if strategy == models.SamplingStrategy.top_p else 1.0,
            top_k=params.top_k if strategy == models.SamplingStrategy.top_k else 0,
            repetition_penalty=params.repetition_penalty,
            frequency_penalty=params.frequency_penalty,
            presence_penalty=params.presence_penalty,
            grammar=grammar,
            logprobs=logprobs.top_k if logprobs is not None and logprobs.top_k is not None else 0,
            seed=params.seed,
            stop=tuple(stop.root for stop in params.stop or ()),
        )
        return sampling, params.max_tokens

    # ------------------------------------------------------------ completion
    def plan_completion(self, request: models.CompletionRequest) -> tuple[list[int], int, Sampling]:
        """The prompt's tokens, the most tokens to generate and the sampling of a completion request."""
        model = self.model(request.model)
        sampling, max_tokens = self._sampling(
            model, request.sampling_params, request.logprobs, request.response_format, request.quantization_config
        )
        return model.tokenize(text_of(request.content), special=False), max_tokens, sampling

    async def completion(
        self, *, body: models.CompletionRequest
    ) -> models.CompletionResponse | AsyncIterator[models.CompletionResponseStreamChunk]:
        generation = self.model(body.model).generate(*self.plan_completion(body))
        if body.stream:
            return self._stream_completion(generation)
        done = await collect(generation)
        return models.CompletionResponse(
            content=done.text, stop_reason=done.finished.stop_reason, logprobs=done.logprobs, usage=done.usage
        )

    async def _stream_completion(self, generation: Generation) -> AsyncIterator[models.CompletionResponseStreamChunk]:
        async for event in generation.events():
            if isinstance(event, Token):
                probs = token_logprobs(event)
                yield models.CompletionResponseStreamChunk(delta=event.text, logprobs=[probs] if probs else None)
            else:
                yield models.CompletionResponseStreamChunk(
                    delta="", stop_reason=event.stop_reason, usage=usage_of(event)
                )

    async def batch_completion(self, *, body: models.BatchCompletionRequest) -> models.BatchCompletionResponse:
        shared = {name: value for name, value in body if name != "content_batch"}
        requests = [models.CompletionRequest(**shared, content=content) for content in body.content_batch]
        answers = await all_or_none("content_batch", (self.completion(body=request) for request in requests))
        return models.BatchCompletionResponse(
            completion_message_batch=[
                models.CompletionMessage(
                    role="assistant", content=answer.content, stop_reason=answer.stop_reason, tool_calls=[]
                )
                for answer in answers
                if isinstance(answer, models.CompletionResponse)
            ]
        )

    # ------------------------------------------------------------ chat
    def plan_chat(self, request: models.ChatCompletionRequest) -> ChatPlan:
        """The prompt's tokens, the sampling and the tools of a chat request."""
        model = self.model(request.model)
        messages: list[Message] = list(request.messages)
        tools = request.available_tools or []
        tool_choice = request.tool_choice
        choice = tool_choice.value if isinstance(tool_choice, models.ToolChoice1) else tool_choice or "auto"
        offered = [] if choice == "none" else tools
        names = {tool_name_of(tool) for tool in offered}
        if choice == "required":
            if not offered:
                raise InvalidRequest("tool_choice is 'required' but available_tools is empty")
            forced = offered
        elif choice not in ("auto", "none"):
            forced = [tool for tool in offered if tool_name_of(tool) == choice]
            if not forced:
                raise InvalidRequest(
                    f"tool_choice names {choice!r}, which is not in available_tools "
                    f"({', '.join(sorted(names)) or 'none'})"
                )
        else:
            forced = []
        if forced and request.response_format is not None:
            raise InvalidRequest("response_format cannot be combined with a tool_choice that forces a tool call")
        template = model.chat_template
        if template is None:
            raise InvalidRequest(
                f"model {model.config.id!r} has no chat template: use completion, or set "
                "chat_template for it in the run config"
            )
        if is_llama3_template(template):
            prompt = llama31_prompt(llama31_dialog(messages, offered, choice, today=date.today()))
        else:
            prompt = render_template(template, messages, bos=model.bos_text, eos=model.eos_text, tools=offered)
        grammar = json_schema_grammar(tool_call_schema(forced)) if forced else None
        sampling, max_tokens = self._sampling(
            model,
            request.sampling_params,
            request.logprobs,
            request.response_format,
            request.quantization_config,
            grammar,
        )
        return ChatPlan(model.tokenize_prompt(prompt), max_tokens, sampling, names, bool(forced))

    async def chat_completion(
        self, *, body: models.ChatCompletionRequest
    ) -> models.ChatCompletionResponse | AsyncIterator[models.ChatCompletionResponseStreamChunk]:
        model = self.model(body.model)
        plan = self.plan_chat(body)
        generation = model.generate(plan.prompt, plan.max_tokens, plan.sampling)
        if body.stream:
            return self.stream_chat(generation, plan)
        done = await collect(generation)
        answer = parse_answer(done.text, plan.tool_names)
        return models.ChatCompletionResponse(
            completion_message=self._message(answer, done.finished), logprobs=done.logprobs, usage=done.usage
        )

    @staticmethod
    def _message(answer: ParsedAnswer, finished: Finished) -> models.CompletionMessage:
        return models.CompletionMessage(
            role="assistant", content=answer.content, stop_reason=finished.stop_reason, tool_calls=answer.tool_calls
        )

    async def stream_chat(
        self, generation: Generation, plan: ChatPlan
    ) -> AsyncIterator[models.ChatCompletionResponseStreamChunk]:
        """A planned chat's generation as stream chunks: `chat_completion`'s stream, and what agents' turns read."""

        def event(
            event_type: EventType, delta: str | models.ToolCallDelta, **extra: Any
        ) -> models.ChatCompletionResponseStreamChunk:
            return models.ChatCompletionResponseStreamChunk(
                event=models.ChatCompletionResponseEvent(event_type=event_type, delta=delta, **extra)
            )

        yield event(EventType.start, "")
        pieces: list[str] = []
        calling = plan.forced_tool_call
        async for item in generation.events():
            if isinstance(item, Token):
                if not any(pieces) and item.text.lstrip().startswith("<|python_tag|>") and plan.tool_names:
                    calling = True  # Llama 3.1 announces a tool call with its first token
                probs = token_logprobs(item)
                delta: str | models.ToolCallDelta = item.text
                if calling:
                    status = ParseStatus.started if not pieces else ParseStatus.in_progress
                    delta = models.ToolCallDelta(content=item.text, parse_status=status)
                pieces.append(item.text)
                yield event(EventType.progress, delta, logprobs=[probs] if probs else None)
                continue
            answer = parse_answer("".join(pieces), plan.tool_names)
            for call in answer.tool_calls:
                yield event(EventType.progress, models.ToolCallDelta(content=call, parse_status=ParseStatus.success))
            if calling and not answer.tool_calls:
                yield event(
                    EventType.progress, models.ToolCallDelta(content="".join(pieces), parse_status=ParseStatus.failure)
                )
            yield event(EventType.complete, "", stop_reason=item.stop_reason, usage=usage_of(item))

    async def batch_chat_completion(
        self, *, body: models.BatchChatCompletionRequest
    ) -> models.BatchChatCompletionResponse:
        shared = {name: value for name, value in body if name != "messages_batch"}
        requests = [models.ChatCompletionRequest(**shared, messages=dialog.root) for dialog in body.messages_batch]
        answers = await all_or_none("messages_batch", (self.chat_completion(body=request) for request in requests))
        return models.BatchChatCompletionResponse(
            completion_message_batch=[
                answer.completion_message for answer in answers if isinstance(answer, models.ChatCompletionResponse)
            ]
        )

    # ------------------------------------------------------------ embeddings
    async def embeddings(self, *, body: models.EmbeddingsRequest) -> models.EmbeddingsResponse:
        model = self.model(body.model)
        vectors = await asyncio.to_thread(model.embed, body.contents)
        return models.EmbeddingsResponse(embeddings=vectors, dimension=model.description.embedding_dimension or 0)
