"""Create an agentic system and a session, then stream one turn of it."""

import os

from lls_client import Client, streaming
from lls_client.api.agentic_system import create_agentic_system, create_agentic_system_session
from lls_client.models import (
    AgenticSystemCreateRequest,
    AgenticSystemInstanceConfig,
    AgenticSystemSessionCreateRequest,
    AgenticSystemTurnCreateRequest,
    StepProgressPayload,
    TurnCompletePayload,
    UserMessage,
)

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    system = create_agentic_system.call(
        client=client,
        body=AgenticSystemCreateRequest(
            model="SmolLM2-135M-Instruct",
            instance_config=AgenticSystemInstanceConfig(instructions="You are a helpful assistant."),
        ),
    )
    session = create_agentic_system_session.call(
        client=client, body=AgenticSystemSessionCreateRequest(system_id=system.system_id, session_name="example")
    )

    turn = AgenticSystemTurnCreateRequest(
        system_id=system.system_id,
        session_id=session.session_id,
        messages=[UserMessage(role="user", content="Say hello.")],
    )
    # The turn's steps stream as they run: the model's text arrives in `step_progress` events.
    for chunk in streaming.create_agentic_system_turn(client=client, body=turn):
        payload = chunk.event.payload
        if isinstance(payload, StepProgressPayload) and payload.model_response_text_delta:
            print(payload.model_response_text_delta, end="", flush=True)
        if isinstance(payload, TurnCompletePayload):
            print(f"\n[turn {payload.turn.turn_id}: {len(payload.turn.steps)} steps]")
