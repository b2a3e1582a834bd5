"""The AgenticSystem API: agents and their sessions in SQLite, each turn run by `turns.TurnRun` in a task of its own.

A turn's task runs to its end whatever becomes of the request that started it, so a client that goes away
mid-turn leaves a whole turn stored, which `turn/get` returns; its events go through a queue the request reads.
A session runs one turn at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime

from lls_api import models
from lls_api.interfaces import AgenticSystemApi

from ..config import RunConfig
from ..errors import ApiError, Conflict, InvalidRequest, NotFound, Unavailable
from ..inference import LlamaCppInference
from ..inference.llama_engine import LlamaCppModel
from ..memory import MemoryBanks
from ..safety import Safety
from .sandbox import CodeSandbox, SandboxUnavailable
from .store import AgentStore, StoredSession
from .tools import ServerTools, Toolbox
from .turns import Payload, TurnRun, TurnServices, new_id, store_attachments
from .web_tools import builtin_search_tools

log = logging.getLogger("lls.agents")


class TurnEnded:
    """What a turn's task puts in its queue last."""


END = TurnEnded()
Events = asyncio.Queue[Payload | BaseException | TurnEnded]


def merged(
    config: models.AgenticSystemInstanceConfig, override: models.AgenticSystemInstanceConfig | None
) -> models.AgenticSystemInstanceConfig:
    """The agent's config with the fields a turn's override gives replaced."""
    if override is None:
        return config
    return config.model_copy(update={name: getattr(override, name) for name in override.model_fields_set})


class Agents(AgenticSystemApi):
    def __init__(self, services: TurnServices, tools: ServerTools):
        self.services = services
        self.store = services.store
        self.tools = tools
        self._busy: set[str] = set()  # sessions with a turn under way, from its attachments to its storing

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------ agents
    async def create_agentic_system(
        self, *, body: models.AgenticSystemCreateRequest
    ) -> models.AgenticSystemCreateResponse:
        self._check(body.model, body.instance_config)
        agent_id = new_id()
        await asyncio.to_thread(self.store.add_agent, agent_id, body)
        return models.AgenticSystemCreateResponse(system_id=agent_id)

    def _check(self, model: str, config: models.AgenticSystemInstanceConfig) -> Toolbox:
        """The config's tools; a 4xx names what cannot run: the model, a tool, a shield, a tool choice, sampling."""
        self.services.inference.model(model)
        toolbox = self.tools.toolbox(config.available_tools or [])
        tool_shields = [
            shield
            for tool in config.available_tools or []
            for shield in (tool.input_shields or []) + (tool.output_shields or [])
        ]
        self.services.safety.resolve([*(config.input_shields or []), *(config.output_shields or []), *tool_shields])
        # Plans an inference as turns will, so that a tool choice, sampling params or a template that cannot serve
        # this agent is refused now, not at its first turn.
        self.services.inference.plan_chat(
            models.ChatCompletionRequest(
                model=model,
                messages=[models.SystemMessage(role="system", content=config.instructions)],
                available_tools=toolbox.prompt_tools() or None,
                tool_choice=config.tool_choice,
                sampling_params=config.sampling_params,
                quantization_config=config.quantization_config,
            )
        )
        return toolbox

    async def delete_agentic_system(self, *, agent_id: str) -> None:
        sessions = await asyncio.to_thread(self.store.sessions, agent_id)
        if running := [s.session_id for s in sessions if s.session_id in self._busy]:
            raise Conflict(f"agentic system {agent_id!r} is running a turn in session {running[0]!r}")
        for session in await asyncio.to_thread(self.store.delete_agent, agent_id):
            await self._clean_up(session)

    # ------------------------------------------------------------ sessions
    async def create_agentic_system_session(
        self, *, body: models.AgenticSystemSessionCreateRequest
    ) -> models.AgenticSystemSessionCreateResponse:
        await asyncio.to_thread(self.store.agent, body.system_id)
        session = StoredSession(new_id(), body.system_id, body.session_name, datetime.now(UTC), [], None)
        await asyncio.to_thread(self.store.add_session, session)
        return models.AgenticSystemSessionCreateResponse(session_id=session.session_id)

    async def get_agentic_system_session(
        self, *, agent_id: str, session_id: str, body: list[str] | None
    ) -> models.Session:
        session = await asyncio.to_thread(self.store.session, agent_id, session_id)
        turns = await asyncio.to_thread(self.store.turns, session_id)
        if body is not None:
            by_id = {turn.turn_id: turn for turn in turns}
            if missing := [turn_id for turn_id in body if turn_id not in by_id]:
                raise NotFound(f"session {session_id!r} has no turn {', '.join(map(repr, missing))}")
            turns = [by_id[turn_id] for turn_id in body]
        return models.Session(
            session_id=session.session_id,
            session_name=session.session_name,
            started_at=session.started_at,
            turns=turns,
            memory_bank_ids=session.memory_bank_ids,
            attachment_bank_id=session.attachment_bank_id,
        )

    async def delete_agentic_system_session(self, *, agent_id: str, session_id: str) -> None:
        await asyncio.to_thread(self.store.session, agent_id, session_id)  # 404 before 409
        if session_id in self._busy:
            raise Conflict(f"session {session_id!r} is running a turn: delete it once the turn has ended")
        await self._clean_up(await asyncio.to_thread(self.store.delete_session, agent_id, session_id))

    async def _clean_up(self, session: StoredSession) -> None:
        """Drop what a deleted session held besides its rows: its attachments' bank and its sandbox files."""
        if session.attachment_bank_id is not None:
            with contextlib.suppress(NotFound):  # dropped already
                await self.services.memory.drop_memory_bank(bank_id=session.attachment_bank_id)
        if self.tools.sandbox is not None:
            await asyncio.to_thread(self.tools.sandbox.drop, session.session_id)

    async def attach_memory_bank(self, *, agent_id: str, session_id: str, body: list[str]) -> None:
        session = await asyncio.to_thread(self.store.session, agent_id, session_id)
        for bank_id in body:
            await self.services.memory.get_memory_bank(bank_id=bank_id)  # 404 for one that does not exist
        banks = list(dict.fromkeys([*session.memory_bank_ids, *body]))
        await asyncio.to_thread(self.store.set_memory_banks, session_id, banks)

    async def detach_memory_bank(self, *, agent_id: str, session_id: str, body: list[str]) -> None:
        session = await asyncio.to_thread(self.store.session, agent_id, session_id)
        if missing := [bank_id for bank_id in body if bank_id not in session.memory_bank_ids]:
            raise NotFound(f"session {session_id!r} has no memory bank {', '.join(map(repr, missing))} attached")
        banks = [bank_id for bank_id in session.memory_bank_ids if bank_id not in body]
        await asyncio.to_thread(self.store.set_memory_banks, session_id, banks)

    # ------------------------------------------------------------ turns
    async def get_agentic_system_turn(self, *, agent_id: str, turn_id: str) -> models.Turn:
        return await asyncio.to_thread(self.store.turn, agent_id, turn_id)

    async def get_agentic_system_step(
        self, *, agent_id: str, turn_id: str, step_id: str
    ) -> models.AgenticSystemStepResponse:
        turn = await asyncio.to_thread(self.store.turn, agent_id, turn_id)
        for step in turn.steps:
            if step.step_id == step_id:
                return models.AgenticSystemStepResponse(step=step)
        raise NotFound(f"turn {turn_id!r} has no step {step_id!r}")

    async def create_agentic_system_turn(
        self, *, body: models.AgenticSystemTurnCreateRequest
    ) -> models.Turn | AsyncIterator[models.AgenticSystemTurnResponseStreamChunk]:
        agent = await asyncio.to_thread(self.store.agent, body.system_id)
        session = await asyncio.to_thread(self.store.session, body.system_id, body.session_id)
        config = merged(agent.instance_config, body.override_config)
        toolbox = (
            self._check(agent.model, config)
            if body.override_config
            else self.tools.toolbox(config.available_tools or [])
        )
        history = await asyncio.to_thread(self.store.turns, session.session_id)
        self._check_tool_responses(body.messages, history)
        session_id, turn_id = session.session_id, new_id()
        if session_id in self._busy:
            raise Conflict(f"session {session_id!r} is running a turn already: send the next when it ends")
        self._busy.add(session_id)  # before the first wait: a second turn sent meanwhile is a conflict too
        try:
            session, attached = await store_attachments(self.services, session, turn_id, body.messages)
        except BaseException:
            self._busy.discard(session_id)
            raise
        events: Events = asyncio.Queue()

        async def emit(payload: Payload) -> None:
            events.put_nowait(payload)

        run = TurnRun(self.services, turn_id, agent.model, config, toolbox, session, history, list(body.messages), emit)
        task = asyncio.create_task(self._run(run, attached, events))
        task.add_done_callback(lambda done: self._finished(session_id, done))
        if body.stream:
            return self._events(events)
        return await asyncio.shield(task)  # a client that goes away cancels the wait, not the turn

    def _check_tool_responses(
        self, messages: list[models.UserMessage | models.ToolResponseMessage], history: list[models.Turn]
    ) -> None:
        """A tool response must answer a call of the session's last turn that the client was to run."""
        pending = {call.call_id for call in history[-1].output_message.tool_calls} if history else set()
        for index, message in enumerate(messages):
            if isinstance(message, models.ToolResponseMessage) and message.call_id not in pending:
                waiting = ", ".join(sorted(pending)) or "none"
                raise InvalidRequest(
                    f"messages.{index}: call_id {message.call_id!r} answers no tool call of the session's last turn "
                    f"(calls waiting for an answer: {waiting})"
                )

    async def _run(self, run: TurnRun, attached: list[str], events: Events) -> models.Turn:
        """Run the turn and store it; one that fails stores nothing, and its attachments are taken out again."""
        try:
            turn = await run.run()
            await asyncio.to_thread(self.store.add_turn, turn)
            events.put_nowait(models.TurnCompletePayload(event_type="turn_complete", turn=turn))
            return turn
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                exc = Unavailable("the turn was stopped: the server is shutting down", retry_after=5)
            events.put_nowait(exc)
            if attached and run.session.attachment_bank_id is not None:
                with contextlib.suppress(ApiError):
                    body = models.DocumentIds(attached)
                    await self.services.memory.delete_documents(bank_id=run.session.attachment_bank_id, body=body)
            raise
        finally:
            events.put_nowait(END)

    def _finished(self, session_id: str, task: asyncio.Task[models.Turn]) -> None:
        self._busy.discard(session_id)
        if task.cancelled():
            log.warning("session %s: a turn was cancelled before it ended; it is not stored", session_id)
        elif (exc := task.exception()) is not None and not (isinstance(exc, ApiError) and exc.status < 500):
            log.error("session %s: a turn failed", session_id, exc_info=exc)

    async def _events(self, events: Events) -> AsyncIterator[models.AgenticSystemTurnResponseStreamChunk]:
        while not isinstance(item := await events.get(), TurnEnded):
            if isinstance(item, BaseException):
                raise item
            yield models.AgenticSystemTurnResponseStreamChunk(event=models.AgenticSystemTurnResponseEvent(payload=item))


def create_agents(config: RunConfig, served_models: Mapping[str, LlamaCppModel], apis: Mapping[str, object]) -> Agents:
    inference, memory, safety = apis["Inference"], apis["MemoryBanks"], apis["Safety"]
    assert isinstance(inference, LlamaCppInference) and isinstance(memory, MemoryBanks) and isinstance(safety, Safety)
    agents = config.agents
    sandbox: CodeSandbox | None = None
    unavailable: str | None = "agents.code_interpreter.enabled is false in the run config"
    if agents.code_interpreter.enabled:
        try:
            sandbox = CodeSandbox(agents.code_interpreter, config.data_dir / "sandbox")
            sandbox.check()
            unavailable = None
        except SandboxUnavailable as exc:
            log.warning("the code_interpreter tool is not available: %s", exc)
            sandbox, unavailable = None, str(exc)
    policy = config.outgoing.address_policy()
    tools = ServerTools(sandbox, unavailable, builtin_search_tools(agents, policy), policy, agents)
    store = AgentStore(config.data_dir / "agents.sqlite")
    return Agents(TurnServices(inference, memory, safety, store, agents), tools)
