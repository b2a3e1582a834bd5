"""One turn of an agentic system: the loop of RFC-0001's figure.

Input shields, then memory retrieval (the session's banks and its attachments' bank), then inference and tool calls
until the model ends its turn (or calls a tool the client runs, or `max_infer_iters` is reached), then output
shields. Each step is reported as it starts, progresses and completes (`emit`) and recorded in the turn.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lls_api import models

from ..config import AgentsConfig
from ..errors import ApiError, InvalidRequest, NotFound
from ..inference import LlamaCppInference
from ..inference.api import ChatPlan
from ..inference.chat_format import Message
from ..memory import MemoryBanks
from ..safety import Safety
from ..sources import shorten
from .store import AgentStore, StoredSession
from .tools import Toolbox

log = logging.getLogger("lls.agents")

Payload = (
    models.TurnStartPayload
    | models.StepStartPayload
    | models.StepProgressPayload
    | models.StepCompletePayload
    | models.TurnCompletePayload
)
Emit = Callable[[Payload], Awaitable[None]]
Step = models.InferenceStep | models.ToolExecutionStep | models.ShieldCallStep | models.MemoryRetrievalStep
StepType = models.StepType
EventType = models.ChatCompletionResponseEventType
ParseStatus = models.ToolCallParseStatus

# Tokens kept free for the answer when the sampling params set no max_tokens.
ANSWER_RESERVE = 256
CONTEXT_HEADER = "Here are the retrieved documents for relevant context:\n=== START-RETRIEVED-CONTEXT ===\n"
CONTEXT_FOOTER = "\n=== END-RETRIEVED-CONTEXT ==="


def new_id() -> str:
    return uuid.uuid4().hex


def now() -> datetime:
    return datetime.now(UTC)


def attachments_of(content: object) -> list[models.Attachment]:
    if isinstance(content, models.Attachment):
        return [content]
    if isinstance(content, list):
        return [part for part in content if isinstance(part, models.Attachment)]
    return []


def readable(content: object) -> str:
    """A message's content as text a model reads: each attachment named by its URL (its text is in memory)."""
    if isinstance(content, str):
        return content
    if isinstance(content, models.Attachment):
        return f"[attachment: {shorten(content.url, 100)} ({content.mime_type})]"
    if isinstance(content, list):
        return "\n".join(readable(part) for part in content)
    raise TypeError(f"not message content: {type(content).__name__}")


def readable_message(message: Message) -> Message:
    if isinstance(message.content, str):
        return message
    return message.model_copy(update={"content": readable(message.content)})


def turn_messages(turn: models.Turn) -> list[Message]:
    """A stored turn as its part of a later prompt: its input, the model's answers and tools' responses, its output.

    The output message stands for the last inference, which it replaces when a shield blocked the answer.
    """
    messages: list[Message] = [readable_message(m) for m in turn.input_messages]
    inferences = [step for step in turn.steps if isinstance(step, models.InferenceStep)]
    for step in turn.steps:
        if isinstance(step, models.InferenceStep) and step is not inferences[-1]:
            messages.append(step.model_response)
        elif isinstance(step, models.ToolExecutionStep):
            messages.extend(tool_response_message(response) for response in step.tool_responses)
    messages.append(turn.output_message)
    return messages


def tool_response_message(response: models.ToolResponse) -> models.ToolResponseMessage:
    return models.ToolResponseMessage(
        role="ipython", call_id=response.call_id, tool_name=response.tool_name, content=readable(response.content)
    )


def violation_message(response: models.ShieldResponse) -> models.CompletionMessage:
    name = (
        response.shield_type.value if isinstance(response.shield_type, models.BuiltinShield) else response.shield_type
    )
    text = response.violation_return_message or f"{name} found a violation ({response.violation_type})."
    return models.CompletionMessage(
        role="assistant", content=text, stop_reason=models.StopReason.end_of_turn, tool_calls=[]
    )


@dataclass(frozen=True)
class TurnServices:
    """What turns run on."""

    inference: LlamaCppInference
    memory: MemoryBanks
    safety: Safety
    store: AgentStore
    config: AgentsConfig


async def store_attachments(
    services: TurnServices,
    session: StoredSession,
    turn_id: str,
    messages: Sequence[models.UserMessage | models.ToolResponseMessage],
) -> tuple[StoredSession, list[str]]:
    """Read a turn's attachments into the session's own bank, made on first use (or again, if it was dropped),
    before the turn starts: an attachment that cannot be read fails the request with its 4xx. The session as it
    is then, and the ids of the documents stored."""
    attachments = [a for m in messages for a in attachments_of(m.content)]
    if not attachments:
        return session, []
    memory = services.memory
    bank_id = session.attachment_bank_id or f"attachments-{session.session_id}"
    try:
        await memory.get_memory_bank(bank_id=bank_id)
    except NotFound:
        await memory.create_memory_bank(
            bank_id=bank_id, bank_name=f"attachments of session {session.session_id}", body=[]
        )
    if session.attachment_bank_id != bank_id:
        await asyncio.to_thread(services.store.set_attachment_bank, session.session_id, bank_id)
        session = dataclasses.replace(session, attachment_bank_id=bank_id)
    documents = [
        models.MemoryBankDocument(
            document_id=f"{turn_id}-{index}",
            content=models.DocumentURL(uri=attachment.url),
            mime_type=attachment.mime_type,
            metadata={"url": shorten(attachment.url, 200), "turn_id": turn_id},
        )
        for index, attachment in enumerate(attachments)
    ]
    try:
        await memory.insert_documents(bank_id=bank_id, body=documents)
    except ApiError as exc:  # a URL the run config does not allow, too large, of a type no reader takes...
        raise exc.in_context("an attachment cannot be read") from exc
    return session, [document.document_id for document in documents]


@dataclass
class TurnRun:
    """One turn, run once: `run` returns it whole."""

    services: TurnServices
    turn_id: str
    model: str
    config: models.AgenticSystemInstanceConfig
    toolbox: Toolbox
    session: StoredSession
    history: list[models.Turn]
    input_messages: list[models.UserMessage | models.ToolResponseMessage]
    emit: Emit
    steps: list[Step] = field(default_factory=list)

    async def run(self) -> models.Turn:
        started_at = now()
        await self.emit(models.TurnStartPayload(event_type="turn_start", turn_id=self.turn_id))
        output = await self._loop()
        return models.Turn(
            turn_id=self.turn_id,
            session_id=self.session.session_id,
            input_messages=self.input_messages,
            steps=self.steps,
            output_message=output,
            started_at=started_at,
            completed_at=now(),
        )

    async def _loop(self) -> models.CompletionMessage:
        inputs = [readable_message(m) for m in self.input_messages]
        if blocked := await self._shields(self.config.input_shields, inputs):
            return blocked
        context = await self._retrieve()
        this_turn: list[Message] = []  # the model's answers and the tools' responses so far
        for iteration in range(1, self.config.max_infer_iters + 1):
            answer = await self._infer(context, this_turn)
            calls = answer.tool_calls
            if not calls or iteration == self.config.max_infer_iters or any(map(self.toolbox.runs_in_client, calls)):
                break  # the answer is the turn's output: the client runs its tools' calls
            this_turn.append(answer)
            tool_input_shields = [shield for call in calls for shield in self.toolbox.shields(call)[0]]
            if blocked := await self._shields(tool_input_shields, [answer]):
                return blocked
            responses = await self._execute(calls)
            tool_output_shields = [shield for call in calls for shield in self.toolbox.shields(call)[1]]
            if blocked := await self._shields(tool_output_shields, responses):
                return blocked
            this_turn.extend(responses)
        if blocked := await self._shields(self.config.output_shields, [answer]):
            return blocked
        return answer

    # ------------------------------------------------------------ steps
    async def _start(self, step_type: StepType) -> tuple[str, datetime]:
        step_id = new_id()
        await self.emit(models.StepStartPayload(event_type="step_start", step_type=step_type, step_id=step_id))
        return step_id, now()

    async def _complete(self, step: Step) -> None:
        self.steps.append(step)
        await self.emit(
            models.StepCompletePayload(
                event_type="step_complete", step_type=StepType(step.step_type), step_details=step
            )
        )

    async def _shields(
        self, definitions: Sequence[models.ShieldDefinition] | None, messages: Sequence[Message]
    ) -> models.CompletionMessage | None:
        """Run the shields together, a step each; the message that ends the turn if one raises a violation."""
        if not definitions:
            return None
        started = [await self._start(StepType.shield_call) for _ in definitions]
        responses = await self.services.safety.check(definitions, messages)
        for (step_id, started_at), response in zip(started, responses, strict=True):
            await self._complete(
                models.ShieldCallStep(
                    turn_id=self.turn_id,
                    step_id=step_id,
                    step_type="shield_call",
                    response=response,
                    started_at=started_at,
                    completed_at=now(),
                )
            )
        blocking = [response for response in responses if response.is_violation]
        return violation_message(blocking[0]) if blocking else None

    # ------------------------------------------------------------ memory
    async def _retrieve(self) -> str | None:
        """Query the session's banks, its attachments' too, with the user's text: the best chunks, within the token
        budget, as context for the prompt."""
        query = "\n".join(
            part
            for m in self.input_messages
            if isinstance(m, models.UserMessage)
            for part in (m.content if isinstance(m.content, list) else [m.content])
            if isinstance(part, str)
        ).strip()
        banks = list(self.session.memory_bank_ids)
        if self.session.attachment_bank_id is not None:
            banks.append(self.session.attachment_bank_id)
        if not banks or not query:
            return None
        step_id, started_at = await self._start(StepType.memory_retrieval)
        found: list[tuple[float, str, models.Chunk]] = []
        queried: list[str] = []
        for bank_id in banks:
            request = models.QueryDocumentsRequest(query=query, top_k=self.services.config.retrieval_top_k)
            try:
                answer = await self.services.memory.query_documents(bank_id=bank_id, body=request)
            except NotFound:  # dropped since it was attached: the session goes on without it
                log.warning("session %s: memory bank %r no longer exists", self.session.session_id, bank_id)
                continue
            queried.append(bank_id)
            found += [(score, bank_id, chunk) for score, chunk in zip(answer.scores, answer.chunks, strict=True)]
        found.sort(key=lambda item: -item[0])
        model = self.services.inference.model(self.model)
        budget = self.services.config.retrieval_max_tokens
        kept: list[tuple[float, str, models.Chunk]] = []
        for score, bank_id, chunk in found:
            tokens = len(model.tokenize(chunk.content, special=False, add_bos=False))
            if tokens <= budget:
                kept.append((score, bank_id, chunk))
                budget -= tokens
        await self._complete(
            models.MemoryRetrievalStep(
                turn_id=self.turn_id,
                step_id=step_id,
                step_type="memory_retrieval",
                memory_bank_ids=queried,
                documents=[
                    models.MemoryBankDocument(
                        document_id=chunk.document_id,
                        content=chunk.content,
                        metadata={**chunk.metadata, "memory_bank_id": bank_id},
                    )
                    for _, bank_id, chunk in kept
                ],
                scores=[score for score, _, _ in kept],
                started_at=started_at,
                completed_at=now(),
            )
        )
        if not kept:
            return None
        pieces = [f"id:{chunk.document_id}; content:{chunk.content}" for _, _, chunk in kept]
        return CONTEXT_HEADER + "\n".join(pieces) + CONTEXT_FOOTER

    # ------------------------------------------------------------ inference
    def _plan(self, context: str | None, this_turn: list[Message]) -> tuple[ChatPlan, list[str]]:
        """The inference's plan, within the model's context: the oldest earlier turns dropped first, never the
        instructions or this turn; the ids of those dropped."""
        inference = self.services.inference
        room = inference.model(self.model).context_per_sequence
        inputs = [readable_message(m) for m in self.input_messages]
        if context is not None:
            users = [i for i, m in enumerate(inputs) if isinstance(m, models.UserMessage)]
            last = users[-1]
            inputs[last] = inputs[last].model_copy(update={"content": f"{inputs[last].content}\n\n{context}"})
        kept, dropped = list(self.history), list[str]()
        while True:
            messages: list[Message] = [models.SystemMessage(role="system", content=self.config.instructions)]
            messages += self.config.debug_prefix_messages or []
            messages += [message for turn in kept for message in turn_messages(turn)]
            messages += inputs + this_turn
            plan = inference.plan_chat(
                models.ChatCompletionRequest(
                    model=self.model,
                    messages=messages,
                    available_tools=self.toolbox.prompt_tools() or None,
                    tool_choice=self.config.tool_choice,
                    sampling_params=self.config.sampling_params,
                    quantization_config=self.config.quantization_config,
                )
            )
            needed = len(plan.prompt) + (plan.max_tokens or min(ANSWER_RESERVE, room // 4))
            if needed <= room:
                return plan, dropped
            if not kept:
                raise InvalidRequest(
                    f"this turn's prompt is {len(plan.prompt)} tokens (instructions, tools, retrieved context, input "
                    f"and this turn's tool calls), too many for model {self.model!r}'s context of {room} tokens "
                    "with room for an answer"
                )
            dropped.append(kept.pop(0).turn_id)

    async def _infer(self, context: str | None, this_turn: list[Message]) -> models.CompletionMessage:
        step_id, started_at = await self._start(StepType.inference)
        plan, dropped = self._plan(context, this_turn)
        if dropped:
            log.info("turn %s: left %d earlier turns out of the prompt to fit the context", self.turn_id, len(dropped))
        inference = self.services.inference
        generation = inference.model(self.model).generate(plan.prompt, plan.max_tokens, plan.sampling)
        text: list[str] = []
        calls: list[models.ToolCall] = []
        unparsed: str | None = None
        stop_reason, usage = models.StopReason.end_of_turn, None
        async for chunk in inference.stream_chat(generation, plan):
            event = chunk.event
            if event.event_type == EventType.complete:
                stop_reason, usage = event.stop_reason or stop_reason, event.usage
                continue
            if event.event_type != EventType.progress:
                continue
            delta = event.delta
            if isinstance(delta, str):
                text.append(delta)
                progress = models.StepProgressPayload(
                    event_type="step_progress",
                    step_type=StepType.inference,
                    step_id=step_id,
                    model_response_text_delta=delta,
                )
            else:
                if delta.parse_status == ParseStatus.success and isinstance(delta.content, models.ToolCall):
                    calls.append(delta.content)
                elif delta.parse_status == ParseStatus.failure and isinstance(delta.content, str):
                    unparsed = delta.content
                progress = models.StepProgressPayload(
                    event_type="step_progress", step_type=StepType.inference, step_id=step_id, tool_call_delta=delta
                )
            await self.emit(progress)
        content = "" if calls else unparsed if unparsed is not None else "".join(text)
        answer = models.CompletionMessage(role="assistant", content=content, stop_reason=stop_reason, tool_calls=calls)
        await self._complete(
            models.InferenceStep(
                turn_id=self.turn_id,
                step_id=step_id,
                step_type="inference",
                model_response=answer,
                dropped_turn_ids=dropped or None,
                usage=usage,
                started_at=started_at,
                completed_at=now(),
            )
        )
        return answer

    # ------------------------------------------------------------ tools
    async def _execute(self, calls: list[models.ToolCall]) -> list[models.ToolResponseMessage]:
        step_id, started_at = await self._start(StepType.tool_execution)

        async def on_output(text: str) -> None:
            await self.emit(
                models.StepProgressPayload(
                    event_type="step_progress",
                    step_type=StepType.tool_execution,
                    step_id=step_id,
                    tool_response_text_delta=text,
                )
            )

        responses = []
        for call in calls:
            answer = await self.toolbox.run(call, self.session.session_id, on_output)
            responses.append(models.ToolResponse(call_id=call.call_id, tool_name=call.tool_name, content=answer))
        await self._complete(
            models.ToolExecutionStep(
                turn_id=self.turn_id,
                step_id=step_id,
                step_type="tool_execution",
                tool_calls=calls,
                tool_responses=responses,
                started_at=started_at,
                completed_at=now(),
            )
        )
        return [tool_response_message(response) for response in responses]
