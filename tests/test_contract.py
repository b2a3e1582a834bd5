"""Schemathesis against the app in-process: every operation, positive and negative data, and the spec's links.

No response may be a 500 or stray from the spec; a 501 is allowed only for an operation that the
README's status table lists as not implemented.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

import schemathesis
import yaml
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import positive_data_acceptance
from starlette.testclient import TestClient

from lls_api.routes import ROUTES
from lls_server.config import load_config
from lls_server.stack import create_server_app
from lls_server.testing import write_config

from .conftest import ROOT, with_schemas_inlined

# A fresh data directory each run: what one run stores must not change what the next one sees.
CONFIG_DIR = Path(tempfile.mkdtemp(prefix="lls-contract-"))
# Synthetic data generation bounded as an operator limiting its cost would: its model is optional, so every
# positive case reaches the engine, and each candidate is generated and then read again by the judge. At most 4
# candidates in all, of 8 tokens, to prompts of at most 128 tokens, take under 4 s on two cores, within
# schemathesis' 10 s response timeout (32 dialogs of 2 short candidates took 15 s; 8 candidates to prompts of
# 2000 tokens, 140 s).
SYNTHETIC_DATA = {"num_candidates": 2, "max_request_candidates": 4, "max_tokens": 8, "max_prompt_tokens": 128}
# No training: a schema-valid fine-tune would train for a minute in the background of every later test. The
# fine-tuning operations answer 403 then; tests/test_post_training.py runs them on a real server.
POST_TRAINING = {"enabled": False}
app = create_server_app(
    load_config(write_config(CONFIG_DIR, synthetic_data=SYNTHETIC_DATA, post_training=POST_TRAINING))
)

# The spec the app serves, with its schemas inlined (see with_schemas_inlined); cases are sent to the app in-process.
served = yaml.safe_load(TestClient(app).get("/openapi.yaml").text)
schema = schemathesis.openapi.from_dict(with_schemas_inlined(served))
schema.app = app
schema.config.generation.update(max_examples=25)
# A deadline for every response, over schemathesis' 10 s: on a loaded machine (a build beside the tests) the
# largest synthetic data case took over 10 s; 30 s still fails a request that hangs.
schema.config.update(request_timeout=30)

README = (ROOT / "README.md").read_text()
NOT_IMPLEMENTED = set(re.findall(r"^\| \w+ \| `(\w+)` \| .* \| not implemented", README, re.M))


# Operations whose schema-valid input can still be refused with a 400 that the schema cannot express: a
# document whose URL cannot be read, whose text is blank, or whose mime type this server does not read; a
# shield type this server does not know, or one the run config does not set up; a dataset whose URL cannot be read
# or whose rows do not fit its columns; a synthetic data generation of more candidates than the run config allows,
# a prompt longer than it allows, a filter that keeps none to save, or a dataset uuid to save as that is taken; an
# evaluation that gives both `dataset` and `dataset_uuid` (or neither), or whose dataset cannot be read or lacks the
# columns an evaluation asks and answers with; a fine-tune on a server whose run config disables post-training.
REFUSES_VALID_INPUT = {
    "supervised_fine_tune",
    "preference_optimize",
    "evaluate_question_answering",
    "evaluate_summarization",
    "evaluate_text_generation",
    "create_memory_bank",
    "insert_documents",
    "update_documents",
    "run_shields",
    "create_dataset",
    "synthetic_data_generate",
}


def excluded_checks(case: Case) -> list[Any]:
    excluded: list[Any] = [not_a_server_error]
    if case.operation.definition.raw["operationId"] in REFUSES_VALID_INPUT:
        excluded.append(positive_data_acceptance)
    return excluded


@schemathesis.check
def no_server_error_but_listed_501(ctx: object, response: Response, case: Case) -> None:
    """Schemathesis' own not_a_server_error, except that a 501 is fine where the README says so."""
    operation_id = case.operation.definition.raw["operationId"]
    if response.status_code == 501 and operation_id in NOT_IMPLEMENTED:
        return
    if response.status_code >= 500:
        raise AssertionError(f"{operation_id} answered {response.status_code}: {response.text[:500]}")


def test_status_table_lists_operations() -> None:
    rows = re.findall(r"^\| \w+ \| `(\w+)` \| .* \| (implemented|not implemented \(501\)) \|$", README, re.M)
    operations = {operation.operation_id for operation in ROUTES}
    assert {operation for operation, _ in rows} == operations and len(rows) == len(operations)
    assert {operation for operation, state in rows if state != "implemented"} == NOT_IMPLEMENTED
    assert "health" not in NOT_IMPLEMENTED and "completion" not in NOT_IMPLEMENTED


@schema.parametrize()
@settings(suppress_health_check=list(HealthCheck), deadline=None, derandomize=True)
def test_operation_conforms_to_the_spec(case: Case) -> None:
    case.call_and_validate(additional_checks=[no_server_error_but_listed_501], excluded_checks=excluded_checks(case))


class StatefulRun(schema.as_state_machine()):  # type: ignore[misc]
    def validate_response(self, response: Response, case: Case, **kwargs: Any) -> None:
        case.validate_response(
            response,
            additional_checks=[no_server_error_but_listed_501],
            excluded_checks=excluded_checks(case),
            transport_kwargs=kwargs or None,
        )


TestStatefulRuns = StatefulRun.TestCase
TestStatefulRuns.settings = settings(
    max_examples=20, stateful_step_count=5, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
