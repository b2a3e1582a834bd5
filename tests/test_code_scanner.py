"""code_scanner_guard: where code is found in messages, and what bandit, run for real, reports about it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from bandit.core import manager

from lls_api import models
from lls_server.config import CodeScannerConfig
from lls_server.errors import InvalidRequest
from lls_server.inference.chat_format import Message
from lls_server.safety import code_scanner
from lls_server.safety.code_scanner import CodeScanner, code_in, is_python
from lls_server.safety.shield import Verdict

SCANNER = CodeScanner(CodeScannerConfig())


def user(content: Any) -> models.UserMessage:
    return models.UserMessage(role="user", content=content)


def assistant(content: str = "", **calls: dict[str, Any]) -> models.CompletionMessage:
    tool_calls = [
        models.ToolCall(call_id=f"c{n}", tool_name=name, arguments=args) for n, (name, args) in enumerate(calls.items())
    ]
    return models.CompletionMessage(role="assistant", content=content, stop_reason="end_of_turn", tool_calls=tool_calls)


def tool_answer(content: str) -> models.ToolResponseMessage:
    return models.ToolResponseMessage(role="ipython", call_id="c0", tool_name="code_interpreter", content=content)


def check(*messages: Message, scanner: CodeScanner = SCANNER) -> Verdict:
    return asyncio.run(scanner.check(messages))


def fenced(code: str, tag: str = "python") -> str:
    return f"Here you are:\n```{tag}\n{code}\n```\nRun it with care."


# Each known-bad snippet, and the rule bandit must report on its line (1: the snippet's first line).
KNOWN_BAD = [
    ("shell injection", "import subprocess\n\ndef run(cmd):\n    subprocess.call(cmd, shell=True)", "B602", 4),
    ("os.system on input", "import os\nos.system('ls ' + input())", "B605", 2),
    ("eval of input", "x = eval(input('expression? '))", "B307", 1),
    ("hard-coded password", "def connect():\n    password = 'hunter2'\n    return password", "B105", 2),
    ("hard-coded password argument", "login(user='admin', password='s3cret!')", "B106", 1),
    ("md5", "import hashlib\ndigest = hashlib.md5(data).hexdigest()", "B324", 2),
    ("sha1", "import hashlib\ndigest = hashlib.sha1(data).hexdigest()", "B324", 2),
    ("pickle of input", "import pickle\nobj = pickle.loads(blob)", "B301", 2),
    ("yaml.load", "import yaml\nconfig = yaml.load(text)", "B506", 2),
]

CLEAN = [
    "def fibonacci(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a",
    "import hashlib\nimport json\n\ndigest = hashlib.sha256(json.dumps(data).encode()).hexdigest()",
    "from pathlib import Path\n\nwords = Path('notes.txt').read_text().split()\nprint(len(words))",
    # The rules skipped by default: assert, try/except/pass, random.
    "import random\n\ntry:\n    roll = random.randint(1, 6)\nexcept ValueError:\n    pass\nassert roll > 0",
]


@pytest.mark.parametrize(("what", "code", "rule", "line"), KNOWN_BAD, ids=[case[0] for case in KNOWN_BAD])
def test_known_bad_code_in_a_fenced_block_is_reported_with_its_rule_and_line(
    what: str, code: str, rule: str, line: int
) -> None:
    verdict = check(user(fenced(code)))
    assert verdict.violation_type is not None and verdict.message is not None
    # The block starts on the message's third line: lines are the message's own.
    assert f"{rule}:{line + 2}" in verdict.violation_type.split(","), verdict.violation_type
    assert f"message 1, line {line + 2}: {rule} (" in verdict.message


@pytest.mark.parametrize("code", CLEAN)
def test_clean_code_passes(code: str) -> None:
    assert check(user(fenced(code)), tool_answer(code), assistant(code_interpreter={"code": code})) == Verdict()


def test_the_verdict_lists_every_finding_in_order_with_a_readable_message() -> None:
    code = "import subprocess\nsubprocess.call(cmd, shell=True)\nx = eval(input())"
    verdict = check(user("What does this do?"), user(code))
    assert verdict.violation_type == "B404:1,B602:2,B307:3"
    assert verdict.message == (
        "The code has security issues (bandit):\n"
        "- message 2, line 1: B404 (low severity) Consider possible security implications associated with the "
        "subprocess module.\n"
        "- message 2, line 2: B602 (high severity) subprocess call with shell=True identified, security issue.\n"
        "- message 2, line 3: B307 (medium severity) Use of possibly insecure function - consider using safer "
        "ast.literal_eval."
    )


def test_the_code_interpreters_code_is_scanned_whatever_it_looks_like() -> None:
    call = assistant("Let me run that.", code_interpreter={"code": "eval(input())"})
    verdict = check(user("Evaluate what I type"), call)
    assert verdict.violation_type == "B307:1"
    assert verdict.message is not None and "message 2, code_interpreter call's 'code', line 1: B307" in verdict.message


def test_other_tool_calls_arguments_are_scanned_when_they_hold_code() -> None:
    call = assistant(run_script={"language": "python", "source": fenced("import os\nos.system(command)")})
    assert check(call).violation_type == "B605:4"
    assert check(assistant(get_weather={"city": "Paris", "days": 3})) == Verdict()


def test_tool_responses_are_scanned() -> None:
    assert check(tool_answer("import pickle\npickle.loads(payload)")).violation_type == "B403:1,B301:2"


def test_blocks_tagged_with_other_languages_and_plain_text_are_not_python() -> None:
    assert check(user(fenced("curl http://example.com | sh", tag="bash"))) == Verdict()
    assert check(user(fenced("eval(input())", tag="javascript"))) == Verdict()
    # An untagged block is scanned when it parses as Python.
    assert check(user(fenced("eval(input())", tag=""))).violation_type == "B307:3"
    for text in ["Thanks", "42", "How do I hash passwords in Python?", "eval means evaluate, roughly."]:
        assert not is_python(text)
    assert code_in([user("Thanks"), user("What is 2 + 2?")]) == []


def test_messages_without_code_pass_without_running_bandit(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    real_manager = manager.BanditManager

    def counted(*args: Any, **kwargs: Any) -> Any:
        runs.append(args)
        return real_manager(*args, **kwargs)

    monkeypatch.setattr(code_scanner.manager, "BanditManager", counted)
    chat = [user("What is the capital of France?"), assistant("Paris."), user("Thanks")]
    assert check(*chat) == Verdict() and runs == []
    assert check(*chat, user("print(eval(input()))")).violation_type == "B307:1" and len(runs) == 1


def test_nosec_comments_do_not_hide_findings() -> None:
    assert check(user("x = eval(input())  # nosec")).violation_type == "B307:1"
    assert check(user("x = eval(input())  # nosec B307")).violation_type == "B307:1"


def test_a_declared_encoding_cannot_make_bandit_read_other_code_than_runs() -> None:
    # Decoded as UTF-7, `+eval` would be a base64 run, no call; run as text, it is `1 + eval(input())`.
    code = "# -*- coding: utf-7 -*-\nx = 1 +eval(input())"
    assert check(assistant(code_interpreter={"code": code})).violation_type == "B307:2"


def test_code_that_draws_syntax_warnings_is_scanned() -> None:
    # An invalid escape and `is` with a literal warn when parsed; pytest turns warnings into errors here.
    code = 'import re\npattern = re.compile("\\d+")\nif pattern is "x":\n    eval(input())'
    assert check(user(code)).violation_type == "B307:4"


def test_code_that_does_not_parse_has_nothing_to_report() -> None:
    assert check(assistant(code_interpreter={"code": "def broken(:\n    eval(input())"})) == Verdict()


def test_min_severity_and_skip_rules_filter_findings() -> None:
    code = "import subprocess\nsubprocess.call(cmd, shell=True)\npassword = 'hunter2'\nx = eval(input())"
    assert check(user(code)).violation_type == "B404:1,B602:2,B105:3,B307:4"
    medium = CodeScanner(CodeScannerConfig(min_severity="medium"))
    assert check(user(code), scanner=medium).violation_type == "B602:2,B307:4"
    high = CodeScanner(CodeScannerConfig(min_severity="high", skip_rules=["B602"]))
    assert check(user(code), scanner=high) == Verdict()
    everything = CodeScanner(CodeScannerConfig(skip_rules=[]))
    assert check(user("assert user.is_admin"), scanner=everything).violation_type == "B101:1"


def test_attachments_cannot_be_scanned_and_say_so() -> None:
    attachment = models.Attachment(url="data:text/x-python,eval(input())", mime_type="text/x-python")
    with pytest.raises(InvalidRequest, match="code_scanner_guard cannot read attachments, and message 2 holds one"):
        check(user("hello"), user(["Look:", attachment]))


def test_a_list_of_texts_is_one_text() -> None:
    assert check(user(["Try this:\n", "```python\neval(input())\n```"])).violation_type == "B307:3"
