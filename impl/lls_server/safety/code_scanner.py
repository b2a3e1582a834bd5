"""The `code_scanner_guard` shield: bandit, in-process, on the Python code in messages, tool calls and tool responses.

Code is found in fenced blocks (```python, or untagged ones that parse as Python), in whole texts that parse
as Python (more than a bare word or number, which parse too), and in tool calls' string arguments the same way,
except the code interpreter's `code`, which is code whatever it looks like. Messages with no code never reach
bandit. Each finding is reported as its rule id and the line of the message (or argument) it is on: "B602:3".
"""

from __future__ import annotations

import ast
import asyncio
import re
import tempfile
import threading
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import bandit
from bandit.core import config as bandit_config
from bandit.core import constants, manager

from lls_api import models

from ..config import CodeScannerConfig
from ..errors import BadGateway, InvalidRequest
from ..inference.chat_format import Message
from .shield import Verdict

# A fence opens a line, with an optional language tag; an answer cut short may leave the last block unclosed.
FENCED_BLOCK = re.compile(r"^[ \t]*```[ \t]*([\w+#.-]*)[^\n]*\n(.*?)(?:^[ \t]*```|\Z)", re.MULTILINE | re.DOTALL)
PYTHON_TAGS = {"python", "python3", "py", "py3"}
SEVERITIES = {"low": constants.LOW, "medium": constants.MEDIUM, "high": constants.HIGH}
# Written first in every file bandit reads: Python honours an encoding declared on line 1 or 2, and code that
# declared its own (utf-7) would be decoded by bandit otherwise than the code interpreter, which runs text, sees it.
ENCODING_LINE = "# -*- coding: utf-8 -*-\n"


@dataclass(frozen=True)
class Snippet:
    where: str
    """Where it was found, for the user: "message 2", "message 3, code_interpreter call's 'code'"."""
    code: str
    first_line: int
    """The line of `where`'s text the code starts on."""


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    where: str
    severity: str
    text: str


def is_python(text: str) -> bool:
    """Whether `text` parses as Python and says more than a bare name or constant ("Thanks" parses as a name)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: a null byte
        return False
    return any(
        not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Name | ast.Constant)) for node in tree.body
    )


def code_in_text(text: str, where: str) -> list[Snippet]:
    """The fenced Python blocks of `text`, or else the whole of it if it is Python."""
    blocks = list(FENCED_BLOCK.finditer(text))
    if not blocks:
        return [Snippet(where, text, 1)] if is_python(text) else []
    return [
        Snippet(where, block[2], text.count("\n", 0, block.start(2)) + 1)
        for block in blocks
        if block[1].lower() in PYTHON_TAGS or (not block[1] and is_python(block[2]))
    ]


def message_text(message: Message, where: str) -> str:
    if isinstance(message.content, str):
        return message.content
    parts = message.content if isinstance(message.content, list) else [message.content]
    if not all(isinstance(part, str) for part in parts):
        raise InvalidRequest(f"code_scanner_guard cannot read attachments, and {where} holds one")
    return "".join(str(part) for part in parts)


def code_in(messages: Sequence[Message]) -> list[Snippet]:
    """Every piece of code in the messages' texts and in the assistant's tool calls."""
    snippets: list[Snippet] = []
    for number, message in enumerate(messages, 1):
        where = f"message {number}"
        snippets += code_in_text(message_text(message, where), where)
        if not isinstance(message, models.CompletionMessage):
            continue
        for call in message.tool_calls:
            tool = call.tool_name.value if isinstance(call.tool_name, models.BuiltinTool) else call.tool_name
            for argument, value in call.arguments.items():
                if not isinstance(value, str):
                    continue
                place = f"{where}, {tool} call's {argument!r}"
                if call.tool_name == models.BuiltinTool.code_interpreter and argument == "code":
                    snippets.append(Snippet(place, value, 1))
                else:
                    snippets += code_in_text(value, place)
    return snippets


class CodeScanner:
    """Reports bandit's findings of at least `min_severity`, but for the rules in `skip_rules`."""

    shield_type = "code_scanner_guard"

    def __init__(self, config: CodeScannerConfig):
        self.config = config
        self._bandit_config = bandit_config.BanditConfig()  # bandit's defaults: no file is read
        self._profile = {"exclude": list(config.skip_rules)}
        # Scans run one at a time: warnings are silenced around each (parsing a user's code warns about its
        # invalid escapes, and under `-W error` would fail), and Python's warning filters are one global list.
        self._lock = threading.Lock()

    @property
    def description(self) -> str:
        return (
            f"Python code in messages, tool calls (the code interpreter's code above all) and tool responses, "
            f"scanned by bandit {bandit.__version__}: each finding of {self.config.min_severity} severity or more, "
            "as its rule id and line (B602:3)"
        )

    async def check(self, messages: Sequence[Message]) -> Verdict:
        findings = await asyncio.to_thread(self._findings, messages)
        if not findings:
            return Verdict()
        listed = "\n".join(
            f"- {f.where}, line {f.line}: {f.rule} ({f.severity.lower()} severity) {f.text}" for f in findings
        )
        return Verdict(
            violation_type=",".join(dict.fromkeys(f"{f.rule}:{f.line}" for f in findings)),
            message=f"The code has security issues (bandit):\n{listed}",
        )

    def _findings(self, messages: Sequence[Message]) -> list[Finding]:
        with self._lock, warnings.catch_warnings():
            warnings.simplefilter("ignore")
            snippets = code_in(messages)
            return self._scan(snippets) if snippets else []

    def _scan(self, snippets: list[Snippet]) -> list[Finding]:
        with tempfile.TemporaryDirectory(prefix="lls-code-scan-") as directory:
            files = {}
            for number, snippet in enumerate(snippets):
                path = Path(directory) / f"snippet_{number:05d}.py"  # bandit scans files in the order of their names
                path.write_text(ENCODING_LINE + snippet.code, encoding="utf-8")
                files[str(path)] = snippet
            # ignore_nosec: a `# nosec` comment in the code must not hide its findings.
            scan = manager.BanditManager(
                self._bandit_config, "file", quiet=True, ignore_nosec=True, profile=self._profile
            )
            scan.discover_files(list(files))
            scan.run_tests()
            # Code that does not parse cannot run, so has nothing to report; bandit failing on code that does is no
            # verdict.
            failed = [files[name].where for name, reason in scan.get_skipped() if not reason.startswith("syntax error")]
            if failed:
                raise BadGateway(f"code_scanner_guard failed: bandit could not scan the code in {', '.join(failed)}")
            issues = scan.get_issue_list(sev_level=SEVERITIES[self.config.min_severity], conf_level=constants.LOW)
        ordered = sorted(issues, key=lambda issue: (issue.fname, issue.lineno))
        return [
            Finding(
                rule=issue.test_id,
                line=files[issue.fname].first_line + issue.lineno - 2,  # less ENCODING_LINE, from 1
                where=files[issue.fname].where,
                severity=issue.severity,
                text=issue.text,
            )
            for issue in ordered
        ]
