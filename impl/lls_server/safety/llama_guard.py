"""The `llama_guard` shield: a Llama Guard model, served by the llama.cpp engine, judges the last message.

The prompt is Llama Guard 3's, as Meta documents it (the model card, the chat template of Meta's Llama Guard 3
checkpoints, llama-stack's Llama Guard shield): a task line naming the role judged, the hazard categories
S1-S14 less the excluded ones (the rest keep their codes), the conversation, and the answer's format. It is
sent as one user message with no system prompt, in the Llama 3 format for a Llama 3 model (every Llama Guard 3
is one) or else through the model's own chat template. The answer is decoded greedily under a grammar that
admits only `safe`, or `unsafe` and a line of the offered categories' codes, so it always parses.

The format has two roles: `User`, what goes into the model, and `Agent`, what the model says. An assistant
message is an `Agent` turn (its tool calls written as the model writes them, where Llama Guard 3 looks for code
interpreter abuse); every other message is a `User` turn: a tool's answer and a system prompt are input to the
model as much as the user's words are. (Meta's shield shows user and assistant turns and turns a first message
of another role into a user one.) The role judged is `Agent` when the last message is the assistant's, else
`User`. Texts are trimmed, as the checkpoints' chat template trims them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lls_api import models

from ..config import ConfigError
from ..errors import ApiError, BadGateway, InvalidRequest
from ..inference.api import collect
from ..inference.chat_format import (
    Llama3Message,
    Message,
    PromptPiece,
    encode_call,
    is_llama3_template,
    llama31_prompt,
    render_template,
    text_of,
)
from ..inference.llama_engine import LlamaCppModel, Sampling
from .shield import Verdict

# Llama Guard 3's hazard categories, named as its prompt names them (the model card's table names some at
# more length: "S3: Sex-Related Crimes"); Llama Guard 3 1B was trained on S1-S13 only.
CATEGORIES = {
    "S1": "Violent Crimes",
    "S2": "Non-Violent Crimes",
    "S3": "Sex Crimes",
    "S4": "Child Exploitation",
    "S5": "Defamation",
    "S6": "Specialized Advice",
    "S7": "Privacy",
    "S8": "Intellectual Property",
    "S9": "Indiscriminate Weapons",
    "S10": "Hate",
    "S11": "Self-Harm",
    "S12": "Sexual Content",
    "S13": "Elections",
    "S14": "Code Interpreter Abuse",
}

TASK = (
    "Task: Check if there is unsafe content in '{role}' messages in conversations according our safety policy "
    "with the below categories.\n\n"
    "<BEGIN UNSAFE CONTENT CATEGORIES>\n{categories}\n<END UNSAFE CONTENT CATEGORIES>\n\n"
    "<BEGIN CONVERSATION>\n\n{conversation}\n\n<END CONVERSATION>\n\n"
    "Provide your safety assessment for ONLY THE LAST {role} message in the above conversation:\n"
    " - First line must read 'safe' or 'unsafe'.\n"
    " - If unsafe, a second line must include a comma-separated list of violated categories."
)


def task_text(messages: Sequence[Message], categories: Mapping[str, str]) -> str:
    """The Llama Guard 3 task: judge the last of `messages` against `categories` (code: name)."""
    if not messages:
        raise InvalidRequest("there are no messages to judge")
    turns = [f"{_role(message)}: {_text(message)}" for message in messages]
    return TASK.format(
        role=_role(messages[-1]),
        categories="\n".join(f"{code}: {name}." for code, name in categories.items()),
        conversation="\n\n".join(turns),
    )


def _role(message: Message) -> str:
    return "Agent" if isinstance(message, models.CompletionMessage) else "User"


def _text(message: Message) -> str:
    parts = [text_of(message.content)]
    if isinstance(message, models.CompletionMessage):
        parts += [encode_call(call) for call in message.tool_calls]
    return "\n".join(part.strip() for part in parts if part.strip())


def answer_grammar(codes: Sequence[str]) -> str:
    """GBNF for the answers Llama Guard 3 gives: `safe`, or `unsafe` and a line of at most as many codes as there
    are categories, so that every answer ends within `longest_answer(codes)` characters."""
    alternatives = " | ".join(f'"{code}"' for code in codes)
    more = f' ("," code){{0,{len(codes) - 1}}}' if len(codes) > 1 else ""
    return f'root ::= "safe" | "unsafe\\n" code{more}\ncode ::= {alternatives}\n'


def longest_answer(codes: Sequence[str]) -> int:
    """The length of the longest answer `answer_grammar(codes)` admits: a token holds at least one character,
    so a generation of this many tokens always ends with the answer complete."""
    return len("unsafe\n") + sum(len(code) + 1 for code in codes) - 1


def parse_answer(answer: str, categories: Mapping[str, str]) -> Verdict:
    """`safe`, or `unsafe` then a comma-separated line of codes from `categories`; blank lines and spaces around
    words are let pass. Anything else is a 502: a guard whose answer cannot be read has not said "safe"."""
    lines = [line.strip() for line in answer.splitlines() if line.strip()]
    if lines == ["safe"]:
        return Verdict()
    if len(lines) == 2 and lines[0] == "unsafe":
        codes = list(dict.fromkeys(code.strip() for code in lines[1].split(",")))
        if all(code in categories for code in codes):
            broken = ", ".join(f"{code} {categories[code]}" for code in codes)
            return Verdict(
                violation_type=",".join(codes),
                message=f"I can't answer that. This message breaks the safety policy: {broken}.",
            )
    raise BadGateway(
        f"the guard model's answer did not parse: {answer!r} is neither 'safe' nor 'unsafe' and a line of "
        f"the codes {', '.join(categories)}"
    )


class LlamaGuardShield:
    """Llama Guard 3 on a model the engine serves; `excluded_categories` are codes left out of the policy."""

    shield_type = "llama_guard"

    def __init__(self, model: LlamaCppModel, excluded_categories: Sequence[str] = ()):
        unknown = [code for code in excluded_categories if code not in CATEGORIES]
        if unknown:
            raise ConfigError(
                f"llama_guard: excluded_categories {unknown} are not Llama Guard 3 categories ({', '.join(CATEGORIES)})"
            )
        self.categories = {code: name for code, name in CATEGORIES.items() if code not in excluded_categories}
        if not self.categories:
            raise ConfigError("llama_guard: excluded_categories excludes every category, leaving nothing to check")
        template = model.chat_template
        if template is None:
            raise ConfigError(
                f"llama_guard: model {model.config.id!r} has no chat template to prompt it with; "
                "set chat_template for it in the run config"
            )
        self.model = model
        self._template = template
        self._grammar = answer_grammar(list(self.categories))
        self._max_tokens = longest_answer(list(self.categories))

    @property
    def description(self) -> str:
        listed = ", ".join(f"{code} {name}" for code, name in self.categories.items())
        return f"Llama Guard (model {self.model.config.id}): the last message, against the categories {listed}"

    def prompt(self, messages: Sequence[Message]) -> list[PromptPiece]:
        """The task as one user message in the model's chat format; the task, message texts and all, is text."""
        task = task_text(messages, self.categories)
        if is_llama3_template(self._template):
            return llama31_prompt([Llama3Message("user", [task])])
        user = models.UserMessage(role="user", content=task)
        return render_template(self._template, [user], bos=self.model.bos_text, eos=self.model.eos_text, tools=[])

    async def check(self, messages: Sequence[Message]) -> Verdict:
        """Errors name the guard model: a conversation too long for its context is a 400, an answer that does
        not parse a 502."""
        try:
            tokens = self.model.tokenize_prompt(self.prompt(messages))
            sampling = Sampling(temperature=0.0, grammar=self._grammar)
            answer = await collect(self.model.generate(tokens, self._max_tokens, sampling))
            return parse_answer(answer.text, self.categories)
        except ApiError as exc:
            raise exc.in_context(f"llama_guard model {self.model.config.id!r}") from exc
