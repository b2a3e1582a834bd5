"""The judge: a model, prompted with a rubric, scores a candidate answer to a dialog from 1 to 10.

The prompt is a system message (the rubric) and one user message: the dialog as a transcript, then the
candidate answer, then the question. The answer is decoded greedily under a grammar that admits only the whole
numbers 1 to 10, so it always parses and the same dialog and answer always get the same score.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from lls_api import models

from ..errors import BadGateway
from ..inference import LlamaCppInference
from ..inference.chat_format import Message, text_of

LOWEST, HIGHEST = 1.0, 10.0

RUBRIC = (
    "Rate how good the answer is, from 1 (bad: wrong, off the topic, empty or harmful) to 10 (perfect: correct, "
    "complete, helpful and harmless). Reply with the number only."
)

# GBNF: a whole number from 1 to 10, nothing else. Each token holds a character at least: 2 tokens end it.
SCORE_GRAMMAR = 'root ::= "10" | [1-9]\n'
SCORE_MAX_TOKENS = 2
SCORE = re.compile(r"10|[1-9]")

ROLE_NAMES = {"user": "User", "system": "System", "assistant": "Assistant", "ipython": "Tool"}


def message_text(message: Message) -> str:
    """A message's text as the transcript shows it: an assistant's tool calls after its words."""
    text = text_of(message.content)
    if isinstance(message, models.CompletionMessage):
        calls = [f"[calls {call.tool_name}({json.dumps(call.arguments)})]" for call in message.tool_calls]
        text = "\n".join([text, *calls]) if text else "\n".join(calls)
    return text


def transcript(dialog: Sequence[Message]) -> str:
    lines = []
    for message in dialog:
        role = ROLE_NAMES[message.role]
        if isinstance(message, models.ToolResponseMessage):
            role = f"Tool ({message.tool_name})"
        lines.append(f"{role}: {message_text(message)}")
    return "\n".join(lines)


def judge_messages(dialog: Sequence[Message], answer: Message) -> list[Message]:
    """The rubric, then the dialog and the answer to judge."""
    task = (
        f"Conversation:\n{transcript(dialog) or '(empty)'}\n\n"
        f"Candidate answer:\n{message_text(answer) or '(empty)'}\n\n"
        "Score (1 to 10):"
    )
    return [models.SystemMessage(role="system", content=RUBRIC), models.UserMessage(role="user", content=task)]


def parse_score(answer: str) -> float:
    """The judge's number as a float from 1 to 10; anything else (which the grammar rules out) is a 502."""
    if not SCORE.fullmatch(answer.strip()):
        raise BadGateway(f"the judge's answer did not parse: {answer!r} is not a whole number from 1 to 10")
    return float(answer.strip())


class Judge:
    """Scores answers with a registered model, through the inference engine (which batches concurrent ones)."""

    def __init__(self, inference: LlamaCppInference):
        self.inference = inference

    async def score(self, model: str, dialog: Sequence[Message], answer: Message) -> float:
        request = models.ChatCompletionRequest(
            model=model,
            messages=judge_messages(dialog, answer),
            sampling_params=models.SamplingParams(
                strategy=models.SamplingStrategy.greedy, max_tokens=SCORE_MAX_TOKENS, repetition_penalty=1.0
            ),
            response_format=models.GrammarResponseFormat(type="grammar", bnf=SCORE_GRAMMAR),
        )
        response = await self.inference.chat_completion(body=request)
        assert isinstance(response, models.ChatCompletionResponse)  # not streamed
        return parse_score(text_of(response.completion_message.content))
