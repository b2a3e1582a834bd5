"""List the shields the server offers, then check a message with code in it for security issues."""

import os

from lls_client import Client
from lls_client.api.safety import list_shields, run_shields
from lls_client.models import RunShieldsRequest

with Client(base_url=os.environ.get("LLS_URL", "http://127.0.0.1:8321"), timeout=120) as client:
    shields = list_shields.call(client=client)
    print("shields:", ", ".join(str(shield.shield_type) for shield in shields))

    # on_violation_action: 0 ignore (the finding is recorded), 1 warn (with a message), 2 raise (is_violation too).
    code = "Is this safe?\n```python\nimport os\nos.system('ls ' + input())\n```"
    request = RunShieldsRequest.from_dict(
        {
            "messages": [{"role": "user", "content": code}],
            "shields": [{"shield_type": "code_scanner_guard", "on_violation_action": 2}],
        }
    )
    verdicts = run_shields.call(client=client, body=request)
    for verdict in verdicts.responses:
        print(verdict.shield_type, f"violation {verdict.violation_type}" if verdict.is_violation else "ok")
