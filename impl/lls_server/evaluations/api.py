"""The Evaluations API: a job runs a registered model over a dataset's rows and scores each answer.

A request is checked whole before the job is made (model, dataset, every row's columns): what cannot run is a
4xx at submission, never a job that fails later. The job keeps each row's answer and scores as it makes them
(so that a cancelled job keeps its rows, and a restart goes on from the rows not yet scored); its artifacts
aggregate the rows scored so far.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from lls_api import models
from lls_api.interfaces import EvaluationsApi

from ..config import RunConfig
from ..datasets import Datasets
from ..errors import InvalidRequest
from ..inference import LlamaCppInference
from ..inference.llama_engine import score_tokens
from ..jobs.executors import Executor, create_executor
from ..jobs.runner import JobRunner, RunningJob
from ..jobs.store import JobRecord, JobStore
from .metrics import ScoredRow, aggregate, score_row

KIND = "evaluation"
Task = Literal["question_answering", "summarization", "text_generation"]
EvaluateRequest = (
    models.EvaluateQuestionAnsweringRequest | models.EvaluateSummarizationRequest | models.EvaluateTextGenerationRequest
)
INPUT_COLUMNS = {"chat_completion_input": "dialog", "input_query": "text"}  # what the model is asked, and its type
LOG_EVERY_FRACTION = 0.1  # a progress line each time this much more of the rows is scored


def evaluation_rows(rows: Iterable[Mapping[str, Any]], columns: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each row as what the model is asked (`messages`) and the answers expected (`expected_answers`); a 400
    names the first column or row that does not say them."""
    kinds = {name: models.TrainEvalDatasetColumnType(kind) for name, kind in columns.items()}
    given = [name for name in INPUT_COLUMNS if name in kinds]
    if len(given) != 1 or "expected_answer" not in kinds:
        raise InvalidRequest(
            "an evaluation dataset has the column `expected_answer` (text, or json: a list of answers) and one of "
            f"`chat_completion_input` (dialog) or `input_query` (text); this one has: {', '.join(kinds) or 'none'}"
        )
    (source,) = given
    wanted = INPUT_COLUMNS[source]
    if kinds[source].value != wanted:
        raise InvalidRequest(f"column `{source}` must be of type {wanted}, not {kinds[source].value}")
    if kinds["expected_answer"].value not in ("text", "json"):
        raise InvalidRequest(f"column `expected_answer` must be text or json, not {kinds['expected_answer'].value}")
    result = []
    for number, row in enumerate(rows, start=1):
        messages = row[source] if source == "chat_completion_input" else [{"role": "user", "content": row[source]}]
        answers = row["expected_answer"]
        answers = [answers] if isinstance(answers, str) else answers
        if not (isinstance(answers, list) and answers and all(isinstance(a, str) and a.strip() for a in answers)):
            raise InvalidRequest(
                f"row {number}, column 'expected_answer': expected a non-empty answer or a non-empty list of them"
            )
        result.append({"messages": messages, "expected_answers": answers})
    return result


def message_text(content: str | models.Attachment | list[str | models.Attachment]) -> str:
    """A message's text, without its attachments."""
    if isinstance(content, models.Attachment):
        return ""
    if isinstance(content, str):
        return content
    return "".join(part for part in content if isinstance(part, str))


@dataclass(frozen=True)
class AnswerRow:
    """One row's work on the model: its answer to the row's messages, and the log-probabilities of the first
    expected answer's tokens after them (for perplexity). Picklable, for a Ray executor."""

    model_id: str
    sampling_params: dict[str, Any]
    answers: bool
    perplexity: bool

    async def __call__(self, inference: LlamaCppInference, row: dict[str, Any]) -> dict[str, Any]:
        request = models.ChatCompletionRequest(
            model=self.model_id,
            messages=row["messages"],
            sampling_params=models.SamplingParams.model_validate(self.sampling_params),
        )
        output: dict[str, Any] = {}
        if self.answers:
            response = await inference.chat_completion(body=request)
            assert isinstance(response, models.ChatCompletionResponse)
            output["prediction"] = message_text(response.completion_message.content)
        if self.perplexity:
            model = inference.model(self.model_id)
            prompt = inference.plan_chat(request).prompt
            expected = model.tokenize(row["expected_answers"][0], special=False, add_bos=False)
            output["expected_answer_logprobs"] = await score_tokens(model, prompt, expected)
        return output


class EvaluationJobs:
    """The job kind: answer and score the rows not scored yet, keeping each as it is scored."""

    name = KIND
    resumable = True

    def __init__(self, executor: Executor):
        self.executor = executor

    async def run(self, job: RunningJob) -> None:
        request = job.request
        metrics = request["metrics"]
        rows = request["rows"]
        done = await job.done_items()
        todo = [(number, row) for number, row in enumerate(rows, start=1) if number not in done]
        if done:
            await job.log(f"{len(done)} of {len(rows)} rows were scored before; {len(todo)} to go")
        work = AnswerRow(
            model_id=request["model"],
            sampling_params=request["sampling_params"],
            answers=any(metric != "perplexity" for metric in metrics),
            perplexity="perplexity" in metrics,
        )
        scored, next_report = len(done), len(done) + max(1, int(len(rows) * LOG_EVERY_FRACTION))
        async for number, output in self.executor.map(work, todo):
            row = rows[number - 1]
            logprobs = output.get("expected_answer_logprobs", [])
            result = await asyncio.to_thread(
                score_row, metrics, output.get("prediction", ""), row["expected_answers"], logprobs
            )
            await job.keep(number, {**row, **output, "scores": result.scores})
            scored += 1
            if scored >= next_report or scored == len(rows):
                await job.log(f"{scored} of {len(rows)} rows scored")
                next_report = scored + max(1, int(len(rows) * LOG_EVERY_FRACTION))


class Evaluations(EvaluationsApi):
    def __init__(self, runner: JobRunner, datasets: Datasets, inference: LlamaCppInference):
        self.runner = runner
        self.datasets = datasets
        self.inference = inference

    async def start(self) -> None:
        await self.runner.start()

    async def stop(self) -> None:
        await self.runner.stop()

    def close(self) -> None:
        self.runner.store.close()

    async def evaluate_question_answering(
        self, *, body: models.EvaluateQuestionAnsweringRequest
    ) -> models.EvaluationJob:
        return await self._submit("question_answering", body)

    async def evaluate_summarization(self, *, body: models.EvaluateSummarizationRequest) -> models.EvaluationJob:
        return await self._submit("summarization", body)

    async def evaluate_text_generation(self, *, body: models.EvaluateTextGenerationRequest) -> models.EvaluationJob:
        return await self._submit("text_generation", body)

    async def _submit(self, task: Task, body: EvaluateRequest) -> models.EvaluationJob:
        model = self.inference.model(body.checkpoint.identifier)  # a 404 now, not a failed job later
        await self.runner.check_free(body.job_uuid)  # before reading what may be a large dataset
        definition, rows = await self.datasets.given(body.dataset, body.dataset_uuid)
        request = {
            "task": task,
            "model": model.config.id,
            "sampling_params": body.sampling_params.model_dump(mode="json", exclude_none=True),
            "metrics": [metric.value for metric in body.metrics],
            "dataset_uuid": body.dataset_uuid,
            "rows": evaluation_rows(rows, definition.columns),
        }
        await self.runner.submit(body.job_uuid, KIND, request, len(rows))
        return models.EvaluationJob(job_uuid=body.job_uuid, status=models.JobStatus.scheduled)

    async def list_evaluation_jobs(self) -> list[models.EvaluationJob]:
        jobs = await asyncio.to_thread(self.runner.store.of_kind, KIND)
        return [models.EvaluationJob(job_uuid=job_uuid, status=status) for job_uuid, status in jobs]

    async def get_evaluation_job_status(self, *, job_uuid: str) -> models.EvaluationJobStatusResponse:
        job = await self.runner.get(job_uuid, KIND)
        return models.EvaluationJobStatusResponse(
            job_uuid=job.job_uuid,
            status=job.status,
            scheduled_at=job.scheduled_at,
            started_at=job.started_at,
            completed_at=job.completed_at,
            rows_done=job.items_done,
            rows_total=job.items_total,
            error=job.error,
        )

    async def get_evaluation_job_logs(self, *, job_uuid: str) -> models.EvaluationJobLogStream:
        lines = await self.runner.logs(job_uuid, KIND)
        return models.EvaluationJobLogStream(job_uuid=job_uuid, log_lines=lines)

    async def cancel_evaluation_job(self, *, job_uuid: str) -> None:
        await self.runner.cancel(job_uuid, KIND)

    async def get_evaluation_job_artifacts(self, *, job_uuid: str) -> models.EvaluationJobArtifactsResponse:
        job = await self.runner.get(job_uuid, KIND)
        rows = await asyncio.to_thread(self._scored_rows, job)
        metrics = await asyncio.to_thread(aggregate, job.request["metrics"], rows)
        return models.EvaluationJobArtifactsResponse(job_uuid=job_uuid, metrics=metrics, rows_scored=len(rows))

    def _scored_rows(self, job: JobRecord) -> list[ScoredRow]:
        return [
            ScoredRow(
                prediction=item.get("prediction", ""),
                references=tuple(item["expected_answers"]),
                scores=item["scores"],
                reference_logprobs=tuple(item.get("expected_answer_logprobs", ())),
            )
            for _, item in self.runner.store.items(job.job_uuid)
        ]

    async def get_evaluation_job_rows(self, *, job_uuid: str) -> AsyncIterator[models.EvaluationRowResult]:
        await self.runner.get(job_uuid, KIND)
        items = await asyncio.to_thread(lambda: list(self.runner.store.items(job_uuid)))
        return self._row_results(items)

    @staticmethod
    async def _row_results(items: list[tuple[int, dict[str, Any]]]) -> AsyncIterator[models.EvaluationRowResult]:
        for number, item in items:
            yield models.EvaluationRowResult(
                row=number,
                messages=item["messages"],
                prediction=item.get("prediction"),
                expected_answers=item["expected_answers"],
                scores=item["scores"],
                expected_answer_tokens=len(item["expected_answer_logprobs"])
                if "expected_answer_logprobs" in item
                else None,
            )


def create_evaluations(config: RunConfig, apis: Mapping[str, object]) -> Evaluations:
    """Evaluations on `data_dir/jobs.sqlite`, run by the run config's `jobs` executor."""
    inference, datasets = apis["Inference"], apis["Datasets"]
    assert isinstance(inference, LlamaCppInference) and isinstance(datasets, Datasets)
    runner = JobRunner(JobStore(config.data_dir / "jobs.sqlite"), max_running=config.jobs.max_running)
    runner.register(EvaluationJobs(create_executor(config.jobs, config.models, inference)))
    return Evaluations(runner, datasets, inference)
