"""The OpenAI-compatible API under `/v1`: OpenAI's requests are planned by the Inference API as its own
(`requests`), run on the same models' schedulers, and answered in OpenAI's shapes.

`n` choices are `n` generations of the same prompt, decoded together in the model's batch; with a seed, choice
`i` samples with seed + i. While tools are offered, a streamed answer is held until its end, when it is known to
be a tool call or text: the model writes a call as text, which must not reach the client as content.
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

import numpy as np

from lls_api import models
from lls_api.interfaces import OpenAIApi

from ..concurrency import all_or_first_error
from ..errors import InvalidRequest, NotFound
from ..inference.api import LlamaCppInference
from ..inference.chat_format import ParsedAnswer, parse_answer
from ..inference.llama_engine import Finished, Generation, LlamaCppModel, Sampling, Token
from ..memory.banks import Embedder
from .requests import chat_request, sampling_params

Item = TypeVar("Item")
FINISH_REASONS = {
    models.StopReason.out_of_tokens: models.OpenAIFinishReason.length,
    models.StopReason.end_of_turn: models.OpenAIFinishReason.stop,
    models.StopReason.end_of_message: models.OpenAIFinishReason.stop,
}


@dataclass
class Answer:
    """One choice's generation as it went: its text and, when asked for, each token's log-probabilities."""

    tokens: list[Token] = field(default_factory=list)
    finished: Finished | None = None

    @property
    def text(self) -> str:
        return "".join(token.text for token in self.tokens)

    def read(self, event: Token | Finished) -> Token | None:
        if isinstance(event, Finished):
            self.finished = event
            return None
        self.tokens.append(event)
        return event

    def finish_reason(self, called: bool = False) -> models.OpenAIFinishReason:
        assert self.finished is not None
        return models.OpenAIFinishReason.tool_calls if called else FINISH_REASONS[self.finished.stop_reason]


async def answered(generation: Generation) -> Answer:
    answer = Answer()
    async for event in generation.events():
        answer.read(event)
    return answer


def usage(answers: list[Answer]) -> models.OpenAIUsage:
    """The prompt counted once, as OpenAI counts it; every choice's tokens."""
    finished = [answer.finished for answer in answers if answer.finished is not None]
    prompt = finished[0].prompt_tokens if finished else 0
    completion = sum(done.completion_tokens for done in finished)
    cached = finished[0].cached_prompt_tokens if finished else 0
    return models.OpenAIUsage(
        prompt_tokens=prompt,
        completion_tokens=completion,
        total_tokens=prompt + completion,
        prompt_tokens_details=models.OpenAIPromptTokensDetails(cached_tokens=cached),
    )


def token_logprobs(tokens: list[Token], alternatives: int) -> models.OpenAIChoiceLogprobs:
    def entry(token: Token) -> models.OpenAITokenLogprob:
        text, logprob = token.chosen or (token.text, 0.0)
        top = list((token.logprobs or {}).items())[:alternatives]
        return models.OpenAITokenLogprob(
            token=text,
            logprob=logprob,
            bytes=list(text.encode()),
            top_logprobs=[models.OpenAITopLogprob(token=t, logprob=p, bytes=list(t.encode())) for t, p in top],
        )

    return models.OpenAIChoiceLogprobs(content=[entry(token) for token in tokens])


def tool_calls(answer: ParsedAnswer) -> list[models.OpenAIToolCall]:
    return [
        models.OpenAIToolCall(
            id=call.call_id,
            type="function",
            function=models.OpenAIFunctionCall(name=str(call.tool_name), arguments=json.dumps(call.arguments)),
        )
        for call in answer.tool_calls
    ]


Plan = tuple[list[int], int, Sampling]  # a prompt's tokens, the most tokens to generate, and the sampling


def generations(model: LlamaCppModel, plans: list[Plan], n: int) -> list[Generation]:
    """`n` generations of each plan, in order; with a seed, the i-th of a plan samples with seed + i. If one
    cannot be queued (a full queue), those queued already are cancelled."""
    made: list[Generation] = []
    try:
        for prompt, max_tokens, sampling in plans:
            for i in range(n):
                seed = None if sampling.seed is None else sampling.seed + i
                made.append(model.generate(prompt, max_tokens, replace(sampling, seed=seed)))
    except BaseException:
        for generation in made:
            generation.cancel()
        raise
    return made


async def interleaved(streams: list[AsyncIterator[Item]]) -> AsyncIterator[Item]:
    """The items of every stream as each comes; the first error ends it all, and the other streams are closed."""
    if len(streams) == 1:
        async for item in streams[0]:
            yield item
        return
    ended = object()  # a stream's last message
    queue: asyncio.Queue[Any] = asyncio.Queue()

    async def pump(stream: AsyncIterator[Item]) -> None:
        try:
            async for item in stream:
                await queue.put(item)
        except Exception as exc:
            await queue.put(exc)
            return
        await queue.put(ended)

    tasks = [asyncio.ensure_future(pump(stream)) for stream in streams]
    try:
        running = len(tasks)
        while running:
            message = await queue.get()
            if isinstance(message, Exception):
                raise message
            if message is ended:
                running -= 1
            else:
                yield message
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class OpenAICompatible(OpenAIApi):
    def __init__(
        self, inference: LlamaCppInference, served: Mapping[str, LlamaCppModel], embedders: Mapping[str, Embedder]
    ):
        self.inference = inference
        self.served = served  # the Inference API's models, fine-tuned ones included as they are added
        self.embedders = embedders
        self.created = int(time.time())

    # ------------------------------------------------------------ chat
    async def openai_chat_completion(
        self, *, body: models.OpenAIChatCompletionRequest
    ) -> models.OpenAIChatCompletion | AsyncIterator[models.OpenAIChatCompletionChunk]:
        model = self.inference.model(body.model)  # an unknown model is a 404 before anything else
        plan = self.inference.plan_chat(chat_request(body))
        made = generations(model, [(plan.prompt, plan.max_tokens, plan.sampling)], body.n)
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
        alternatives = (body.top_logprobs or 0) if body.logprobs else None
        if body.stream:
            answers = [Answer() for _ in made]
            streams = [
                self._chat_choice(index, generation, answer, plan.tool_names, alternatives)
                for index, (generation, answer) in enumerate(zip(made, answers, strict=True))
            ]
            include_usage = body.stream_options is not None and body.stream_options.include_usage

            def chunk(choices: list[models.OpenAIChatChunkChoice], **extra: Any) -> models.OpenAIChatCompletionChunk:
                return models.OpenAIChatCompletionChunk(
                    id=completion_id, object="chat.completion.chunk", created=created, model=body.model,
                    choices=choices, **extra,
                )  # fmt: skip

            async def chunks() -> AsyncIterator[models.OpenAIChatCompletionChunk]:
                async for choice in interleaved(streams):
                    yield chunk([choice])
                if include_usage:
                    yield chunk([], usage=usage(answers))

            return chunks()
        answers = await all_or_first_error(answered(generation) for generation in made)
        choices = []
        for index, answer in enumerate(answers):
            parsed = parse_answer(answer.text, plan.tool_names)
            calls = tool_calls(parsed)
            choices.append(
                models.OpenAIChatChoice(
                    index=index,
                    message=models.OpenAIAssistantMessage(
                        role="assistant", content=None if calls else parsed.content, tool_calls=calls or None
                    ),
                    finish_reason=answer.finish_reason(called=bool(calls)),
                    logprobs=None if alternatives is None else token_logprobs(answer.tokens, alternatives),
                )
            )
        return models.OpenAIChatCompletion(
            id=completion_id, object="chat.completion", created=created, model=body.model, choices=choices,
            usage=usage(answers),
        )  # fmt: skip

    async def _chat_choice(
        self, index: int, generation: Generation, answer: Answer, tool_names: set[str], alternatives: int | None
    ) -> AsyncIterator[models.OpenAIChatChunkChoice]:
        def choice(delta: models.OpenAIChatDelta, **extra: Any) -> models.OpenAIChatChunkChoice:
            return models.OpenAIChatChunkChoice(index=index, delta=delta, **extra)

        def logprobs(tokens: list[Token]) -> models.OpenAIChoiceLogprobs | None:
            return None if alternatives is None else token_logprobs(tokens, alternatives)

        yield choice(models.OpenAIChatDelta(role="assistant", content=""))
        held = bool(tool_names)  # the answer may be a call, written as text: hold it until it is known
        async for event in generation.events():
            token = answer.read(event)
            if token is not None and not held and (token.text or alternatives is not None):
                yield choice(models.OpenAIChatDelta(content=token.text), logprobs=logprobs([token]))
        calls: list[models.OpenAIToolCall] = []
        if held:
            parsed = parse_answer(answer.text, tool_names)
            calls = tool_calls(parsed)
            if calls:
                deltas = [
                    models.OpenAIToolCallDelta(
                        index=i,
                        id=call.id,
                        type="function",
                        function=models.OpenAIFunctionCallDelta(
                            name=call.function.name, arguments=call.function.arguments
                        ),
                    )
                    for i, call in enumerate(calls)
                ]
                yield choice(models.OpenAIChatDelta(tool_calls=deltas))
            elif parsed.content:
                yield choice(models.OpenAIChatDelta(content=parsed.content), logprobs=logprobs(answer.tokens))
        yield choice(models.OpenAIChatDelta(), finish_reason=answer.finish_reason(called=bool(calls)))

    # ------------------------------------------------------------ completions
    async def openai_completion(
        self, *, body: models.OpenAICompletionRequest
    ) -> models.OpenAICompletion | AsyncIterator[models.OpenAICompletion]:
        model = self.inference.model(body.model)  # an unknown model is a 404 before anything else
        if body.echo and body.logprobs is not None:
            raise InvalidRequest("echo with logprobs is not supported: the prompt's log-probabilities are not read")
        prompts = [body.prompt] if isinstance(body.prompt, str) else list(body.prompt.root)
        params = sampling_params(
            temperature=body.temperature, top_p=body.top_p, max_tokens=body.max_tokens, seed=body.seed,
            stop=body.stop, frequency_penalty=body.frequency_penalty, presence_penalty=body.presence_penalty,
        )  # fmt: skip
        logprobs = None if body.logprobs is None else models.LogProbConfig(top_k=max(1, body.logprobs))
        requests = [
            models.CompletionRequest(model=body.model, content=prompt, sampling_params=params, logprobs=logprobs)
            for prompt in prompts
        ]
        made = generations(model, [self.inference.plan_completion(request) for request in requests], body.n)
        completion_id, created = f"cmpl-{uuid.uuid4().hex}", int(time.time())
        echoed = [prompt if body.echo else "" for prompt in prompts for _ in range(body.n)]

        def completion(choices: list[models.OpenAICompletionChoice], **extra: Any) -> models.OpenAICompletion:
            return models.OpenAICompletion(
                id=completion_id, object="text_completion", created=created, model=body.model, choices=choices,
                **extra,
            )  # fmt: skip

        if body.stream:
            answers = [Answer() for _ in made]
            include_usage = body.stream_options is not None and body.stream_options.include_usage
            streams = [
                self._completion_choice(index, generation, answer, echoed[index], body.logprobs)
                for index, (generation, answer) in enumerate(zip(made, answers, strict=True))
            ]

            async def chunks() -> AsyncIterator[models.OpenAICompletion]:
                async for choice in interleaved(streams):
                    yield completion([choice])
                if include_usage:
                    yield completion([], usage=usage_over_prompts(answers, body.n))

            return chunks()
        answers = await all_or_first_error(answered(generation) for generation in made)
        choices = [
            models.OpenAICompletionChoice(
                index=index,
                text=echoed[index] + answer.text,
                finish_reason=answer.finish_reason(),
                logprobs=None if body.logprobs is None else completion_logprobs(answer.tokens, body.logprobs),
            )
            for index, answer in enumerate(answers)
        ]
        return completion(choices, usage=usage_over_prompts(answers, body.n))

    async def _completion_choice(
        self, index: int, generation: Generation, answer: Answer, echo: str, alternatives: int | None
    ) -> AsyncIterator[models.OpenAICompletionChoice]:
        if echo:
            yield models.OpenAICompletionChoice(index=index, text=echo)
        async for event in generation.events():
            token = answer.read(event)
            if token is not None and (token.text or alternatives is not None):
                logprobs = None if alternatives is None else completion_logprobs([token], alternatives)
                yield models.OpenAICompletionChoice(index=index, text=token.text, logprobs=logprobs)
        yield models.OpenAICompletionChoice(index=index, text="", finish_reason=answer.finish_reason())

    # ------------------------------------------------------------ embeddings
    async def openai_embeddings(self, *, body: models.OpenAIEmbeddingsRequest) -> models.OpenAIEmbeddingList:
        embedder = self.embedders.get(body.model)
        if embedder is None:
            raise NotFound(f"model {body.model!r} is not an embedding model here (models: {', '.join(self.embedders)})")
        if body.dimensions is not None and body.dimensions != embedder.dimension:
            raise InvalidRequest(f"dimensions: model {body.model!r} embeds in {embedder.dimension} dimensions only")
        texts = [body.input.root] if isinstance(body.input, models.OpenAIEmbeddingInput1) else [
            item.root for item in body.input.root
        ]  # fmt: skip
        counts = [len(embedder.token_offsets(text)) for text in texts]
        for index, count in enumerate(counts):
            if count > embedder.max_input_tokens:
                raise InvalidRequest(
                    f"input.{index} has {count} tokens: model {body.model!r} embeds at most {embedder.max_input_tokens}"
                )
        vectors = await asyncio.to_thread(embedder.embed, texts)
        encode: Callable[[Any], list[float] | str] = (
            (lambda vector: base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode())
            if body.encoding_format == "base64"
            else (lambda vector: [float(x) for x in vector])
        )
        data = [
            models.OpenAIEmbedding(object="embedding", index=index, embedding=encode(vector))
            for index, vector in enumerate(vectors)
        ]
        tokens = sum(counts)
        return models.OpenAIEmbeddingList(
            object="list", data=data, model=body.model,
            usage=models.OpenAIEmbeddingUsage(prompt_tokens=tokens, total_tokens=tokens),
        )  # fmt: skip

    # ------------------------------------------------------------ models
    def _model_ids(self) -> list[str]:
        return list(dict.fromkeys([*self.served, *self.embedders]))

    def _model(self, model_id: str) -> models.OpenAIModel:
        return models.OpenAIModel(id=model_id, object="model", created=self.created, owned_by="lls")

    async def openai_list_models(self) -> models.OpenAIModelList:
        return models.OpenAIModelList(object="list", data=[self._model(model_id) for model_id in self._model_ids()])

    async def openai_get_model(self, *, model: str) -> models.OpenAIModel:
        if model not in self._model_ids():
            raise NotFound(f"model {model!r} does not exist (models: {', '.join(self._model_ids())})")
        return self._model(model)


def usage_over_prompts(answers: list[Answer], n: int) -> models.OpenAIUsage:
    """Each prompt counted once (its `n` choices share it), every choice's tokens."""
    per_prompt = [usage(answers[start : start + n]) for start in range(0, len(answers), n)]
    prompt = sum(part.prompt_tokens for part in per_prompt)
    completion = sum(part.completion_tokens for part in per_prompt)
    return models.OpenAIUsage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def completion_logprobs(tokens: list[Token], alternatives: int) -> models.OpenAICompletionLogprobs:
    texts, offsets, offset = [], [], 0
    for token in tokens:
        texts.append(token.chosen[0] if token.chosen else token.text)
        offsets.append(offset)
        offset += len(token.text)
    return models.OpenAICompletionLogprobs(
        tokens=texts,
        token_logprobs=[token.chosen[1] if token.chosen else 0.0 for token in tokens],
        top_logprobs=[dict(list((token.logprobs or {}).items())[:alternatives]) for token in tokens],
        text_offset=offsets,
    )
