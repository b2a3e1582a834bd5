"""Post-training end to end on the default model behind a real server: a LoRA fine-tune that teaches a made-up
fact, exported to GGUF by llama.cpp's converter and served at once under its new id, and after a restart; cancel;
a restart while training; and the requests refused before any job starts."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lls_server.post_training.export import UnsupportedModel, check_loadable
from lls_server.testing import DEFAULT_MODEL_ID, LiveServer, write_config

from .test_post_training_training import FACT, QUESTIONS, SYSTEM


def said(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text, "stop_reason": "end_of_turn", "tool_calls": []}


# One epoch over the dialogs six times: 18 steps of 2, and one checkpoint to export.
DIALOGS = [[SYSTEM, {"role": "user", "content": q}, said(FACT)] for q in QUESTIONS] * 6
DEADLINE = 600


def dataset(dialogs: list[list[dict[str, Any]]]) -> dict[str, Any]:
    data = "".join(json.dumps({"dialog": dialog}) + "\n" for dialog in dialogs).encode()
    return {
        "columns": {"dialog": "dialog"},
        "content_url": "data:application/jsonl;base64," + base64.b64encode(data).decode(),
    }


def sft_request(job_uuid: str, dialogs: list[list[dict[str, Any]]] = DIALOGS, **overrides: Any) -> dict[str, Any]:
    return {
        "job_uuid": job_uuid,
        "model": DEFAULT_MODEL_ID,
        "algorithm": "lora",
        "algorithm_config": {
            "lora_attn_modules": ["q_proj", "k_proj", "v_proj", "output_proj"],
            "apply_lora_to_mlp": True,
            "apply_lora_to_output": False,
            "rank": 8,
            "alpha": 16,
        },
        "dataset": dataset(dialogs),
        "optimizer_config": {"optimizer_type": "adamw", "lr": 2e-3, "lr_min": 2e-4, "weight_decay": 0.0},
        "training_config": {
            "n_epochs": 1,
            "n_iters": 0,
            "batch_size": 2,
            "shuffle": True,
            "enable_activation_checkpointing": False,
            "memory_efficient_fsdp_wrap": False,
            "fsdp_cpu_offload": False,
        },
        "logger_config": {"wandb": False},
        **overrides,
    }


def status_of(server: LiveServer, job_uuid: str) -> dict[str, Any]:
    status: dict[str, Any] = server.get("/post_training/job/status", job_uuid=job_uuid)
    return status


def wait_for(server: LiveServer, job_uuid: str, until: Any, seconds: float = DEADLINE) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if until(status := status_of(server, job_uuid)):
            return status
        time.sleep(0.5)
    raise AssertionError(f"job {job_uuid} did not get there in {seconds} s: {status}")


def finished(status: dict[str, Any]) -> bool:
    return status["status"] in ("completed", "failed", "cancelled")


def ask(server: LiveServer, model: str) -> str:
    body = {
        "model": model,
        "messages": [SYSTEM, {"role": "user", "content": QUESTIONS[0]}],
        "sampling_params": {"strategy": "greedy", "max_tokens": 12},
    }
    answer: str = server.post("/inference/chat_completion", body)["completion_message"]["content"]
    return answer


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("post-training"))


@pytest.fixture(scope="module")
def server(config: Path) -> Iterator[LiveServer]:
    live = LiveServer(config)
    yield live
    live.stop()


def test_bad_requests_are_refused_before_a_job_starts(server: LiveServer) -> None:
    path = "/post_training/supervised_fine_tune"
    body = sft_request("bad", model="no-such-model")
    assert "'no-such-model' is not registered" in server.post(path, body, 404)["detail"]
    body = sft_request(
        "bad", dataset={"columns": {"text": "text"}, "content_url": 'data:application/jsonl,{"text": "x"}'}
    )
    assert "reads the columns `dialog` (dialog)" in server.post(path, body, 400)["detail"]
    body = sft_request("bad", dataset=dataset(DIALOGS[:2]))  # a fine-tune's dialogs are no preference pairs
    body |= {"algorithm": "dpo", "algorithm_config": {"beta": 0.1}}
    refused = server.post("/post_training/preference_optimize", body, 400)["detail"]
    assert "`prompt` (dialog), `chosen` (text), `rejected` (text)" in refused
    body = sft_request("bad", [*DIALOGS[:1], [{"role": "user", "content": "Hi"}]])
    assert "row 2, column 'dialog': no assistant message" in server.post(path, body, 400)["detail"]
    assert "no 4-bit quantizer" in server.post(path, sft_request("bad", algorithm="qlora"), 400)["detail"]
    body = sft_request("bad")
    del body["algorithm_config"]
    assert "needs algorithm_config" in server.post(path, body, 400)["detail"]
    body = sft_request("bad", dataset_uuid="no-such-dataset")
    del body["dataset"]
    assert "'no-such-dataset' does not exist" in server.post(path, body, 404)["detail"]
    assert "not both" in server.post(path, sft_request("bad", dataset_uuid="x"), 400)["detail"]
    body = sft_request("bad")
    body["training_config"]["batch_size"] = 0
    server.post(path, body, 422)
    for where in ("status", "logs", "artifacts", "cancel"):
        assert "does not exist" in server.get(f"/post_training/job/{where}", 404, job_uuid="bad")["detail"]


def test_a_lora_fine_tune_teaches_a_fact_and_its_model_is_served_at_once(server: LiveServer, config: Path) -> None:
    assert "Quibbletoe" not in ask(server, DEFAULT_MODEL_ID)
    assert server.post("/post_training/supervised_fine_tune", sft_request("zorblax")) == {"job_uuid": "zorblax"}
    status = wait_for(server, "zorblax", finished)
    lines = server.get("/post_training/job/logs", job_uuid="zorblax")["log_lines"]
    assert status["status"] == "completed", "\n".join(lines)
    assert status["steps_done"] == status["steps_total"] == 18
    losses = [float(line.rsplit("loss ", 1)[1]) for line in lines if " loss " in line]
    assert len(losses) == 18 and sum(losses[-3:]) < 0.2 * sum(losses[:3]), losses
    assert any("logger_config does not apply" in line for line in lines)
    (checkpoint,) = status["checkpoints"]
    assert checkpoint["epoch"] == 1 and checkpoint["base_model"] == DEFAULT_MODEL_ID
    assert checkpoint["post_training_job_uuid"] == "zorblax" and checkpoint["path"].startswith("file://")
    assert server.get("/post_training/job/artifacts", job_uuid="zorblax")["checkpoints"] == [checkpoint]
    assert {"job_uuid": "zorblax"} in server.get("/post_training/jobs")

    model_id = f"{DEFAULT_MODEL_ID}:zorblax"
    listed = {model["identifier"]: model for model in server.get("/models/list")}
    assert listed[model_id]["base_model"] == DEFAULT_MODEL_ID
    assert listed[model_id]["post_training_job_uuid"] == "zorblax"
    assert "Quibbletoe" in ask(server, model_id)  # served at once, with what it learnt
    assert "Quibbletoe" not in ask(server, DEFAULT_MODEL_ID)  # the base model is untouched

    server.stop()  # the fine-tuned model is served again after a restart
    again = LiveServer(config)
    try:
        listed = {model["identifier"]: model for model in again.get("/models/list")}
        assert listed[model_id]["post_training_job_uuid"] == "zorblax"
        assert "Quibbletoe" in ask(again, model_id)
        assert status_of(again, "zorblax")["status"] == "completed"
        body = sft_request("again", fine_tuned_model_id=model_id)
        assert "registered already" in again.post("/post_training/supervised_fine_tune", body, 409)["detail"]
    finally:
        again.stop()


def losses_and_rates(lines: list[str]) -> list[tuple[float, float]]:
    """Each step's (learning rate, loss), from a job's log lines."""
    found = [re.search(r"learning rate (\S+), loss (\S+)$", line) for line in lines]
    return [(float(match[1]), float(match[2])) for match in found if match]


def test_every_training_field_reaches_the_trainer_and_adapters_serve(tmp_path: Path) -> None:
    """LoRA exported as a llama.cpp adapter, from a stored dataset, under a chosen id, with warm-up and activation
    checkpointing; then DoRA (merged: llama.cpp adapters have no DoRA magnitudes) and full fine-tuning."""
    config = write_config(tmp_path, post_training={"export": "lora_adapter"})
    server = LiveServer(config)
    try:
        server.post("/datasets/create", {"uuid": "zorblax-facts", "dataset": dataset(DIALOGS)})
        body = sft_request("adapter", fine_tuned_model_id="zorblax-adapter", dataset_uuid="zorblax-facts")
        del body["dataset"]
        body["optimizer_config"]["num_warmup_steps"] = 4
        body["training_config"]["enable_activation_checkpointing"] = True
        server.post("/post_training/supervised_fine_tune", body)
        status = wait_for(server, "adapter", finished)
        lines = server.get("/post_training/job/logs", job_uuid="adapter")["log_lines"]
        assert status["status"] == "completed", "\n".join(lines)
        settings = next(line for line in lines if " training with " in line)
        assert "gradient_checkpointing True" in settings and "warmup_steps 4" in settings
        steps = losses_and_rates(lines)
        rates, losses = [rate for rate, _ in steps], [loss for _, loss in steps]
        assert len(steps) == 18 and sum(losses[-3:]) < 0.2 * sum(losses[:3]), steps
        # Four steps of warm-up to lr (the rate each step used, from 0), then down towards lr_min.
        assert rates[:5] == pytest.approx([0, 5e-4, 1e-3, 1.5e-3, 2e-3]) and rates[4:] == sorted(rates[4:])[::-1]
        assert 2e-4 < rates[-1] < 4e-4, rates
        (checkpoint,) = status["checkpoints"]
        assert checkpoint["identifier"] == "zorblax-adapter/epoch-1" and checkpoint["path"].endswith(".lora.gguf")
        assert "Quibbletoe" in ask(server, "zorblax-adapter")

        dora = sft_request("dora", fine_tuned_model_id="zorblax-dora", dataset=dataset(DIALOGS[:6]))
        dora |= {"algorithm": "dora"}
        full = sft_request("full", fine_tuned_model_id="zorblax-full", dataset=dataset(DIALOGS[:4]))
        full["algorithm"] = "full"
        del full["algorithm_config"]
        full["optimizer_config"] |= {"optimizer_type": "sgd", "lr": 1e-4, "lr_min": 1e-5}
        for request in (dora, full):
            server.post("/post_training/supervised_fine_tune", request)
        for job_uuid, merged_because, steps_total in (("dora", "DoRA", 3), ("full", "in full", 2)):
            status = wait_for(server, job_uuid, finished)
            lines = server.get("/post_training/job/logs", job_uuid=job_uuid)["log_lines"]
            assert status["status"] == "completed", "\n".join(lines)
            assert any("exporting merged weights" in line and merged_because in line for line in lines), lines
            (checkpoint,) = status["checkpoints"]
            assert checkpoint["path"].endswith("/epoch-1.gguf")
            assert len(losses_and_rates(lines)) == status["steps_total"] == steps_total
            assert ask(server, f"zorblax-{job_uuid}")  # served, and answers
        listed = {model["identifier"]: model for model in server.get("/models/list")}
        assert {"zorblax-adapter", "zorblax-dora", "zorblax-full"} <= listed.keys()
        refused = sft_request("on-adapter", model="zorblax-adapter")
        detail = server.post("/post_training/supervised_fine_tune", refused, 400)["detail"]
        assert "served as a LoRA adapter" in detail
    finally:
        server.stop()
    again = LiveServer(config)  # the adapter model is served again after a restart, on the base model's file
    try:
        assert "Quibbletoe" in ask(again, "zorblax-adapter")
    finally:
        again.stop()


def test_cancel_stops_training_within_a_step(tmp_path: Path) -> None:
    server = LiveServer(write_config(tmp_path))
    try:
        body = sft_request("to-cancel", DIALOGS * 4)
        server.post("/post_training/supervised_fine_tune", body)
        done = wait_for(server, "to-cancel", lambda s: (s.get("steps_done") or 0) >= 2)["steps_done"]
        started = time.monotonic()
        server.get("/post_training/job/cancel", job_uuid="to-cancel")
        assert time.monotonic() - started < 30
        status = status_of(server, "to-cancel")
        assert status["status"] == "cancelled" and status["steps_done"] <= done + 2 and status["checkpoints"] == []
        time.sleep(2)
        assert status_of(server, "to-cancel")["steps_done"] == status["steps_done"]  # it trains no more
        assert f"{DEFAULT_MODEL_ID}:to-cancel" not in {m["identifier"] for m in server.get("/models/list")}
        server.get("/post_training/job/cancel", 409, job_uuid="to-cancel")
    finally:
        server.stop()


def test_a_restart_while_training_fails_the_job_with_the_reason(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    first = LiveServer(config)
    try:
        first.post("/post_training/supervised_fine_tune", sft_request("interrupted", DIALOGS * 4))
        wait_for(first, "interrupted", lambda s: (s.get("steps_done") or 0) >= 1)
    finally:
        first.process.kill()
        first.process.wait()
    second = LiveServer(config)
    try:
        status = status_of(second, "interrupted")
        assert status["status"] == "failed" and "cannot be resumed" in status["error"]
    finally:
        second.stop()


PREFERENCES = [
    ("What colour is the sky of Zorblax?", "Green.", "Blue."),
    ("What do Zorblaxians eat?", "Moss.", "Bread."),
    ("How many suns does Zorblax have?", "Three.", "One."),
    ("What is Zorblax's capital?", "Glimmerholt.", "Paris."),
]


def preference_dataset() -> dict[str, Any]:
    rows = [
        {"prompt": [SYSTEM, {"role": "user", "content": question}], "chosen": chosen, "rejected": rejected}
        for question, chosen, rejected in PREFERENCES * 6
    ]
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    columns = {"prompt": "dialog", "chosen": "text", "rejected": "text"}
    return {"columns": columns, "content_url": "data:application/jsonl;base64," + base64.b64encode(data).decode()}


def perplexities(server: LiveServer, model: str, job_uuid: str, answer: int) -> float:
    """The perplexity of each preference's chosen (answer 1) or rejected (answer 2) answer, by an evaluation job."""
    rows = [{"input_query": row[0], "expected_answer": row[answer]} for row in PREFERENCES]
    data = "".join(json.dumps(row) + "\n" for row in rows).encode()
    body = {
        "job_uuid": job_uuid,
        "checkpoint": {"identifier": model},
        "sampling_params": {"strategy": "greedy", "max_tokens": 1},
        "metrics": ["perplexity"],
        "dataset": {
            "columns": {"input_query": "text", "expected_answer": "text"},
            "content_url": "data:application/jsonl;base64," + base64.b64encode(data).decode(),
        },
    }
    server.post("/evaluate/text_generation/", body)
    deadline = time.monotonic() + 120
    while server.get("/evaluate/job/status", job_uuid=job_uuid)["status"] != "completed":
        assert time.monotonic() < deadline
        time.sleep(0.2)
    perplexity: float = server.get("/evaluate/job/artifacts", job_uuid=job_uuid)["metrics"]["perplexity"]
    return perplexity


def test_dpo_with_lora_prefers_the_chosen_answers_and_is_served(tmp_path: Path) -> None:
    server = LiveServer(write_config(tmp_path))
    try:
        body = sft_request("dpo", algorithm="dpo", dataset=preference_dataset())
        body["lora"] = body.pop("algorithm_config")  # the fine-tune's adapters
        body["algorithm_config"] = {"beta": 0.1, "reward_scale": 1.0}
        body["optimizer_config"] |= {"lr": 1e-3, "lr_min": 1e-4}
        server.post("/post_training/preference_optimize", body)
        status = wait_for(server, "dpo", finished)
        lines = server.get("/post_training/job/logs", job_uuid="dpo")["log_lines"]
        assert status["status"] == "completed", "\n".join(lines)
        losses = [float(line.rsplit("loss ", 1)[1]) for line in lines if " loss " in line]
        assert len(losses) == status["steps_total"] == 12, losses
        assert sum(losses[-3:]) < 0.6 * sum(losses[:3]), losses  # from log 2 (no preference yet), falling
        assert any("algorithm_config.reward_scale does not apply" in line for line in lines)
        aligned = f"{DEFAULT_MODEL_ID}:dpo"
        # The aligned model, evaluated as a checkpoint: its rejected answers grew less likely beside the chosen.
        before = perplexities(server, DEFAULT_MODEL_ID, "base-rejected", 2) / perplexities(
            server, DEFAULT_MODEL_ID, "base-chosen", 1
        )
        after = perplexities(server, aligned, "dpo-rejected", 2) / perplexities(server, aligned, "dpo-chosen", 1)
        assert after > 2 * before, (before, after)
    finally:
        server.stop()


def test_an_architecture_transformers_cannot_load_is_refused() -> None:
    check_loadable("llama")
    with pytest.raises(UnsupportedModel, match="'rwkv7'"):
        check_loadable("rwkv7")
