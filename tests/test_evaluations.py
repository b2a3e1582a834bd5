"""Evaluations end to end: jobs on the real default model behind a real server, through HTTP and the generated
client; the job runner's restart and cancel; the rows' checks; and a job handed to a real local Ray cluster."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from lls_client import Client
from lls_client.api.evaluations import get_evaluation_job_rows
from lls_client.types import File
from lls_server.errors import InvalidRequest
from lls_server.evaluations.api import evaluation_rows
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, free_port, write_config

# Questions the 135M default model answers right often enough that EM and F1 are not all 0.
QUESTIONS = [
    ("What is the capital of France?", ["Paris"]),
    ("What is 2 + 2?", ["4", "four"]),
    ("What colour is the sky on a clear day?", ["blue"]),
    ("How many days are in a week?", ["7", "seven"]),
    ("What is the opposite of hot?", ["cold"]),
]
QA_ROWS = [{"input_query": q, "expected_answer": a} for q, a in QUESTIONS * 4]  # 20 rows
QA_COLUMNS = {"input_query": "text", "expected_answer": "json"}
GREEDY = {"strategy": "greedy", "max_tokens": 12}
DEADLINE = 240


def data_url(rows: list[dict[str, Any]]) -> str:
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    return "data:application/jsonl;base64," + base64.b64encode(data).decode()


def qa_request(job_uuid: str, **dataset: Any) -> dict[str, Any]:
    return {
        "job_uuid": job_uuid,
        "checkpoint": {"identifier": DEFAULT_MODEL_ID},
        "sampling_params": GREEDY,
        "metrics": ["em", "f1"],
        **dataset,
    }


def status_of(server: LiveServer, job_uuid: str) -> dict[str, Any]:
    status: dict[str, Any] = server.get("/evaluate/job/status", job_uuid=job_uuid)
    return status


def rows_of(server: LiveServer, job_uuid: str) -> list[dict[str, Any]]:
    """The job's rows, from their JSON Lines download."""
    response = httpx.get(f"{server.base_url}/evaluate/job/rows", params={"job_uuid": job_uuid}, timeout=60)
    assert response.status_code == 200 and response.headers["content-type"] == "application/jsonl", response.text
    return [json.loads(line) for line in response.text.splitlines()]


def wait_for(server: LiveServer, job_uuid: str, until: Any, seconds: float = DEADLINE) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = status_of(server, job_uuid)
        if until(status):
            return dict(status)
        time.sleep(0.2)
    raise AssertionError(f"job {job_uuid} did not get there in {seconds} s: {status}")


def finished(status: dict[str, Any]) -> bool:
    return status["status"] in ("completed", "failed", "cancelled")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("eval-data")
    (directory / "qa.jsonl").write_text("".join(json.dumps(row) + "\n" for row in QA_ROWS))
    return directory


def config_for(directory: Path, data_dir: Path, **jobs: Any) -> Path:
    return write_config(
        directory, datasets={"allowed_dirs": [str(data_dir)]}, jobs={"max_concurrent_requests": 2, **jobs}
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[LiveServer]:
    live = LiveServer(config_for(tmp_path_factory.mktemp("evaluations"), data_dir))
    yield live
    live.stop()


# ---------------------------------------------------------------- rows
def test_rows_need_an_input_column_and_expected_answers() -> None:
    rows = evaluation_rows(
        [{"input_query": "Q?", "expected_answer": "A"}], {"input_query": "text", "expected_answer": "text"}
    )
    assert rows == [{"messages": [{"role": "user", "content": "Q?"}], "expected_answers": ["A"]}]
    dialog = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Q?"}]
    rows = evaluation_rows(
        [{"chat_completion_input": dialog, "expected_answer": ["A", "B"]}],
        {"chat_completion_input": "dialog", "expected_answer": "json"},
    )
    assert rows == [{"messages": dialog, "expected_answers": ["A", "B"]}]
    with pytest.raises(InvalidRequest, match="has the column `expected_answer`"):
        evaluation_rows([], {"input_query": "text"})
    with pytest.raises(InvalidRequest, match="has the column `expected_answer`"):  # two inputs: which?
        evaluation_rows([], {"input_query": "text", "chat_completion_input": "dialog", "expected_answer": "text"})
    with pytest.raises(InvalidRequest, match="`input_query` must be of type text, not json"):
        evaluation_rows([], {"input_query": "json", "expected_answer": "text"})
    with pytest.raises(InvalidRequest, match="row 2, column 'expected_answer'"):
        evaluation_rows(
            [{"input_query": "Q", "expected_answer": ["A"]}, {"input_query": "Q", "expected_answer": [3]}],
            {"input_query": "text", "expected_answer": "json"},
        )


# ---------------------------------------------------------------- end to end
def test_a_question_answering_job_runs_to_completion_with_em_f1_rows_and_logs(
    server: LiveServer, data_dir: Path
) -> None:
    dataset = {"columns": QA_COLUMNS, "content_url": (data_dir / "qa.jsonl").as_uri()}
    server.post("/datasets/create", {"uuid": "qa-20", "dataset": dataset})
    job = server.post("/evaluate/question_answering/", qa_request("qa-job", dataset_uuid="qa-20"))
    assert job == {"job_uuid": "qa-job", "status": "scheduled"}
    status = wait_for(server, "qa-job", finished)
    assert status["status"] == "completed", status
    assert status["rows_done"] == status["rows_total"] == 20
    assert status["scheduled_at"] <= status["started_at"] <= status["completed_at"]

    artifacts = server.get("/evaluate/job/artifacts", job_uuid="qa-job")
    assert artifacts["rows_scored"] == 20 and set(artifacts["metrics"]) == {"em", "f1"}
    with Client(base_url=server.base_url) as client:
        download = get_evaluation_job_rows.sync(client=client, job_uuid="qa-job")
    assert isinstance(download, File)
    rows = [json.loads(line) for line in io.TextIOWrapper(download.payload, encoding="utf-8")]
    assert [row["row"] for row in rows] == list(range(1, 21))
    for row, (question, answers) in zip(rows, QUESTIONS * 4, strict=True):
        assert row["messages"] == [{"role": "user", "content": question}] and row["expected_answers"] == answers
        assert isinstance(row["prediction"], str) and row["prediction"]
        assert 0 <= row["scores"]["f1"] <= 100 and row["scores"]["em"] in (0, 100)
        assert row["scores"]["em"] <= row["scores"]["f1"] or row["scores"]["em"] == 0
    # The aggregates are the rows' means; greedy answers repeat, so each question scores alike each time.
    for metric in ("em", "f1"):
        assert artifacts["metrics"][metric] == pytest.approx(sum(r["scores"][metric] for r in rows) / 20)
    assert artifacts["metrics"]["f1"] > 0  # the model answers some (Paris, 4)

    lines = server.get("/evaluate/job/logs", job_uuid="qa-job")["log_lines"]
    text = "\n".join(lines)
    assert "scheduled: 20 items" in text and "running" in text and "20 of 20 rows scored" in text
    assert lines[-1].endswith("completed")
    assert {"job_uuid": "qa-job", "status": "completed"} in server.get("/evaluate/jobs")
    assert "has finished (completed)" in server.get("/evaluate/job/cancel", 409, job_uuid="qa-job")["detail"]


def test_text_generation_scores_rouge_bleu_and_the_perplexity_of_expected_answers(server: LiveServer) -> None:
    prompt = "Continue: one, two, three,"
    greedy = server.post(
        "/inference/chat_completion",
        {"model": DEFAULT_MODEL_ID, "messages": [{"role": "user", "content": prompt}], "sampling_params": GREEDY},
    )["completion_message"]["content"]
    rows = [
        {"input_query": prompt, "expected_answer": greedy},  # what the model itself says: likely
        {"input_query": prompt, "expected_answer": "zebra quantum marmalade oscillates"},  # unlikely
    ]
    body = {
        "job_uuid": "textgen",
        "checkpoint": {"identifier": DEFAULT_MODEL_ID},
        "sampling_params": GREEDY,
        "metrics": ["perplexity", "rouge", "bleu"],
        "dataset": {"columns": {"input_query": "text", "expected_answer": "text"}, "content_url": data_url(rows)},
    }
    server.post("/evaluate/text_generation/", body)
    assert wait_for(server, "textgen", finished)["status"] == "completed"
    metrics = server.get("/evaluate/job/artifacts", job_uuid="textgen")["metrics"]
    assert set(metrics) == {"perplexity", "rouge1", "rouge2", "rougeL", "bleu"}
    scored = rows_of(server, "textgen")
    own, odd = (row["scores"] for row in scored)
    assert 1 <= own["perplexity"] < 3 < odd["perplexity"]  # the model's own greedy answer is what it expects
    assert own["rouge1"] == pytest.approx(1.0) and own["bleu"] == pytest.approx(100.0)  # greedy: the same answer
    assert odd["rouge1"] < 0.5
    assert (
        min(own["perplexity"], odd["perplexity"]) <= metrics["perplexity"] <= max(own["perplexity"], odd["perplexity"])
    )
    assert all(row["expected_answer_tokens"] > 0 for row in scored)


def test_a_summarization_job_with_a_dialog_column(server: LiveServer) -> None:
    dialog = [
        {"role": "system", "content": "Summarize the text in a few words."},
        {"role": "user", "content": "The cat sat on the mat all day and did not move at all."},
    ]
    rows = [{"chat_completion_input": dialog, "expected_answer": "A cat sat on a mat."}]
    body = {
        "job_uuid": "summary",
        "checkpoint": {"identifier": DEFAULT_MODEL_ID},
        "sampling_params": {"strategy": "top_p", "temperature": 0.5, "top_p": 0.9, "max_tokens": 16},
        "metrics": ["rouge", "bleu"],
        "dataset": {
            "columns": {"chat_completion_input": "dialog", "expected_answer": "text"},
            "content_url": data_url(rows),
        },
    }
    server.post("/evaluate/summarization/", body)
    assert wait_for(server, "summary", finished)["status"] == "completed"
    (row,) = rows_of(server, "summary")
    assert row["messages"] == dialog and set(row["scores"]) == {"rouge1", "rouge2", "rougeL", "bleu"}


def test_bad_requests_are_refused_at_submission(server: LiveServer, data_dir: Path, tmp_path: Path) -> None:
    inline = {"dataset": {"columns": QA_COLUMNS, "content_url": data_url(QA_ROWS[:2])}}
    body = qa_request("bad", **inline) | {"checkpoint": {"identifier": "no-such-model"}}
    assert "'no-such-model' is not registered" in server.post("/evaluate/question_answering/", body, 404)["detail"]
    body = qa_request("bad", dataset_uuid="no-such-dataset")
    assert "'no-such-dataset' does not exist" in server.post("/evaluate/question_answering/", body, 404)["detail"]
    assert "not both" in server.post("/evaluate/question_answering/", qa_request("bad"), 400)["detail"]
    both = qa_request("bad", dataset_uuid="qa-20", **inline)
    assert "not both" in server.post("/evaluate/question_answering/", both, 400)["detail"]
    outside = tmp_path / "qa.jsonl"
    shutil.copy(data_dir / "qa.jsonl", outside)
    body = qa_request("bad", dataset={"columns": QA_COLUMNS, "content_url": outside.as_uri()})
    server.post("/evaluate/question_answering/", body, 403)
    body = qa_request("bad", dataset={"columns": {"question": "text"}, "content_url": data_url([{"question": "Q"}])})
    assert "`expected_answer`" in server.post("/evaluate/question_answering/", body, 400)["detail"]
    body = qa_request("bad", **inline) | {"metrics": ["bleu"]}  # not a question-answering metric
    server.post("/evaluate/question_answering/", body, 422)
    server.post("/evaluate/question_answering/", qa_request("dup", **inline))
    assert "already exists" in server.post("/evaluate/question_answering/", qa_request("dup", **inline), 409)["detail"]
    for path in ("status", "logs", "artifacts", "rows", "cancel"):
        assert "does not exist" in server.get(f"/evaluate/job/{path}", 404, job_uuid="no-such-job")["detail"]
    assert not any(job["job_uuid"] == "bad" for job in server.get("/evaluate/jobs"))


def test_cancel_stops_a_running_job_and_keeps_its_rows(server: LiveServer) -> None:
    rows = [{"input_query": f"Write a long story about the number {n}.", "expected_answer": "x"} for n in range(40)]
    body = qa_request("to-cancel", dataset={"columns": QA_COLUMNS, "content_url": data_url(rows)})
    body["sampling_params"] = {"strategy": "greedy", "max_tokens": 48}
    server.post("/evaluate/question_answering/", body)
    wait_for(server, "to-cancel", lambda s: s["rows_done"] >= 2)
    started = time.monotonic()
    server.get("/evaluate/job/cancel", job_uuid="to-cancel")
    assert time.monotonic() - started < 5
    status = server.get("/evaluate/job/status", job_uuid="to-cancel")
    assert status["status"] == "cancelled" and 2 <= status["rows_done"] < 40
    time.sleep(1)  # nothing more is scored after the cancel
    assert server.get("/evaluate/job/status", job_uuid="to-cancel")["rows_done"] == status["rows_done"]
    assert server.get("/evaluate/job/artifacts", job_uuid="to-cancel")["rows_scored"] == status["rows_done"]
    assert "cancelled by the client" in "\n".join(server.get("/evaluate/job/logs", job_uuid="to-cancel")["log_lines"])
    server.get("/evaluate/job/cancel", 409, job_uuid="to-cancel")
    # The model serves on: its sequences were freed.
    chat = {"model": DEFAULT_MODEL_ID, "messages": [{"role": "user", "content": "Hi"}], "sampling_params": GREEDY}
    server.post("/inference/chat_completion", chat)


def test_a_job_interrupted_by_a_killed_server_goes_on_after_the_restart(tmp_path: Path, data_dir: Path) -> None:
    config = config_for(tmp_path, data_dir)
    first = LiveServer(config)
    try:
        body = qa_request("survivor", dataset={"columns": QA_COLUMNS, "content_url": data_url(QA_ROWS)})
        body["sampling_params"] = {"strategy": "greedy", "max_tokens": 32}
        first.post("/evaluate/question_answering/", body)
        done_before = wait_for(first, "survivor", lambda s: s["rows_done"] >= 3)["rows_done"]
    finally:
        first.process.kill()  # no shutdown: as a power cut or an OOM kill would stop it
        first.process.wait()
    second = LiveServer(config)
    try:
        status = wait_for(second, "survivor", finished)
        assert status["status"] == "completed" and status["rows_done"] == 20
        assert second.get("/evaluate/job/artifacts", job_uuid="survivor")["rows_scored"] == 20
        text = "\n".join(second.get("/evaluate/job/logs", job_uuid="survivor")["log_lines"])
        assert "the server restarted: the job goes on" in text
        assert f"{done_before} of 20 rows were scored before" in text or "rows were scored before" in text
    finally:
        second.stop()


# ---------------------------------------------------------------- Ray
@pytest.fixture
def ray_cluster() -> Iterator[str]:
    """A real one-node Ray cluster on loopback, started by the `ray` command as an operator would, then stopped."""
    ray = shutil.which("ray", path=str(Path(__file__).resolve().parents[1] / ".venv/bin"))
    assert ray is not None, "make setup installs the ray extra"
    port = free_port()
    # Short: Ray's Unix sockets live under it, and a socket path is at most 107 bytes.
    temp_dir = tempfile.mkdtemp(prefix="ray-", dir="/tmp")
    start = [ray, "start", "--head", f"--port={port}", "--node-ip-address=127.0.0.1", "--num-cpus=2"]
    options = ["--object-store-memory=100000000", "--include-dashboard=false", "--disable-usage-stats"]
    started = subprocess.run([*start, *options, f"--temp-dir={temp_dir}"], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stdout + started.stderr
    try:
        yield f"127.0.0.1:{port}"
    finally:
        subprocess.run([ray, "stop", "--force"], capture_output=True, timeout=120)
        shutil.rmtree(temp_dir, ignore_errors=True)


def test_the_ray_executor_runs_a_job_on_a_ray_cluster(tmp_path: Path, data_dir: Path, ray_cluster: str) -> None:
    server = LiveServer(config_for(tmp_path, data_dir, executor="ray", ray_address=ray_cluster))
    try:
        body = qa_request("on-ray", dataset={"columns": QA_COLUMNS, "content_url": data_url(QA_ROWS[:5])})
        server.post("/evaluate/question_answering/", body)
        status = wait_for(server, "on-ray", finished)
        assert status["status"] == "completed", server.get("/evaluate/job/logs", job_uuid="on-ray")
        assert server.get("/evaluate/job/artifacts", job_uuid="on-ray")["rows_scored"] == 5
        # The answers came from the cluster's copy of the model: the server's own read no prompt.
        served = server.get("/models/get", model_id=DEFAULT_MODEL_ID)
        assert served["prompt_cache"]["tokens_read"] == 0
    finally:
        server.stop()
