"""Contains all the data models used in inputs/outputs"""

from .agentic_system_create_request import AgenticSystemCreateRequest
from .agentic_system_create_response import AgenticSystemCreateResponse
from .agentic_system_instance_config import AgenticSystemInstanceConfig
from .agentic_system_session_create_request import AgenticSystemSessionCreateRequest
from .agentic_system_session_create_response import AgenticSystemSessionCreateResponse
from .agentic_system_step_response import AgenticSystemStepResponse
from .agentic_system_tool_definition import AgenticSystemToolDefinition
from .agentic_system_tool_definition_parameters import AgenticSystemToolDefinitionParameters
from .agentic_system_turn_create_request import AgenticSystemTurnCreateRequest
from .agentic_system_turn_response_event import AgenticSystemTurnResponseEvent
from .agentic_system_turn_response_stream_chunk import AgenticSystemTurnResponseStreamChunk
from .attachment import Attachment
from .batch_chat_completion_request import BatchChatCompletionRequest
from .batch_chat_completion_response import BatchChatCompletionResponse
from .batch_completion_request import BatchCompletionRequest
from .batch_completion_response import BatchCompletionResponse
from .bf_16_quantization_config import Bf16QuantizationConfig
from .builtin_shield import BuiltinShield
from .builtin_tool import BuiltinTool
from .chat_completion_request import ChatCompletionRequest
from .chat_completion_response import ChatCompletionResponse
from .chat_completion_response_event import ChatCompletionResponseEvent
from .chat_completion_response_event_type import ChatCompletionResponseEventType
from .chat_completion_response_stream_chunk import ChatCompletionResponseStreamChunk
from .checkpoint import Checkpoint
from .chunk import Chunk
from .chunk_metadata import ChunkMetadata
from .completion_message import CompletionMessage
from .completion_request import CompletionRequest
from .completion_response import CompletionResponse
from .completion_response_stream_chunk import CompletionResponseStreamChunk
from .create_dataset_request import CreateDatasetRequest
from .dialog_generations import DialogGenerations
from .document_url import DocumentURL
from .dora_finetuning_config import DoraFinetuningConfig
from .dora_finetuning_config_lora_attn_modules_item import DoraFinetuningConfigLoraAttnModulesItem
from .dpo_alignment_config import DPOAlignmentConfig
from .embeddings_request import EmbeddingsRequest
from .embeddings_response import EmbeddingsResponse
from .error import Error
from .evaluate_question_answering_request import EvaluateQuestionAnsweringRequest
from .evaluate_summarization_request import EvaluateSummarizationRequest
from .evaluate_text_generation_request import EvaluateTextGenerationRequest
from .evaluation_job import EvaluationJob
from .evaluation_job_artifacts_response import EvaluationJobArtifactsResponse
from .evaluation_job_artifacts_response_metrics import EvaluationJobArtifactsResponseMetrics
from .evaluation_job_log_stream import EvaluationJobLogStream
from .evaluation_job_status_response import EvaluationJobStatusResponse
from .evaluation_row_result import EvaluationRowResult
from .evaluation_row_result_scores import EvaluationRowResultScores
from .filtering_function import FilteringFunction
from .finetuning_algorithm import FinetuningAlgorithm
from .fp_8_quantization_config import Fp8QuantizationConfig
from .grammar_response_format import GrammarResponseFormat
from .health_response import HealthResponse
from .health_status import HealthStatus
from .inference_step import InferenceStep
from .job_status import JobStatus
from .json_schema_response_format import JsonSchemaResponseFormat
from .json_schema_response_format_json_schema import JsonSchemaResponseFormatJsonSchema
from .log_prob_config import LogProbConfig
from .lora_finetuning_config import LoraFinetuningConfig
from .lora_finetuning_config_lora_attn_modules_item import LoraFinetuningConfigLoraAttnModulesItem
from .memory_bank import MemoryBank
from .memory_bank_document import MemoryBankDocument
from .memory_bank_document_metadata import MemoryBankDocumentMetadata
from .memory_retrieval_step import MemoryRetrievalStep
from .model_health import ModelHealth
from .model_serving_state import ModelServingState
from .on_violation_action import OnViolationAction
from .open_ai_assistant_message import OpenAIAssistantMessage
from .open_ai_assistant_message_param import OpenAIAssistantMessageParam
from .open_ai_chat_choice import OpenAIChatChoice
from .open_ai_chat_chunk_choice import OpenAIChatChunkChoice
from .open_ai_chat_completion import OpenAIChatCompletion
from .open_ai_chat_completion_chunk import OpenAIChatCompletionChunk
from .open_ai_chat_completion_request import OpenAIChatCompletionRequest
from .open_ai_chat_delta import OpenAIChatDelta
from .open_ai_choice_logprobs import OpenAIChoiceLogprobs
from .open_ai_completion import OpenAICompletion
from .open_ai_completion_choice import OpenAICompletionChoice
from .open_ai_completion_logprobs import OpenAICompletionLogprobs
from .open_ai_completion_logprobs_top_logprobs_item import OpenAICompletionLogprobsTopLogprobsItem
from .open_ai_completion_request import OpenAICompletionRequest
from .open_ai_embedding import OpenAIEmbedding
from .open_ai_embedding_list import OpenAIEmbeddingList
from .open_ai_embedding_usage import OpenAIEmbeddingUsage
from .open_ai_embeddings_request import OpenAIEmbeddingsRequest
from .open_ai_embeddings_request_encoding_format import OpenAIEmbeddingsRequestEncodingFormat
from .open_ai_error_detail import OpenAIErrorDetail
from .open_ai_error_response import OpenAIErrorResponse
from .open_ai_finish_reason import OpenAIFinishReason
from .open_ai_function_call import OpenAIFunctionCall
from .open_ai_function_call_delta import OpenAIFunctionCallDelta
from .open_ai_function_definition import OpenAIFunctionDefinition
from .open_ai_function_definition_parameters import OpenAIFunctionDefinitionParameters
from .open_ai_json_schema import OpenAIJsonSchema
from .open_ai_json_schema_schema import OpenAIJsonSchemaSchema
from .open_ai_model import OpenAIModel
from .open_ai_model_list import OpenAIModelList
from .open_ai_named_tool_choice import OpenAINamedToolChoice
from .open_ai_named_tool_choice_function import OpenAINamedToolChoiceFunction
from .open_ai_prompt_tokens_details import OpenAIPromptTokensDetails
from .open_ai_response_format_json_object import OpenAIResponseFormatJsonObject
from .open_ai_response_format_json_schema import OpenAIResponseFormatJsonSchema
from .open_ai_response_format_text import OpenAIResponseFormatText
from .open_ai_stream_options import OpenAIStreamOptions
from .open_ai_system_message import OpenAISystemMessage
from .open_ai_system_message_role import OpenAISystemMessageRole
from .open_ai_text_part import OpenAITextPart
from .open_ai_token_logprob import OpenAITokenLogprob
from .open_ai_tool import OpenAITool
from .open_ai_tool_call import OpenAIToolCall
from .open_ai_tool_call_delta import OpenAIToolCallDelta
from .open_ai_tool_choice_type_0 import OpenAIToolChoiceType0
from .open_ai_tool_message import OpenAIToolMessage
from .open_ai_top_logprob import OpenAITopLogprob
from .open_ai_usage import OpenAIUsage
from .open_ai_user_message import OpenAIUserMessage
from .optimizer_config import OptimizerConfig
from .optimizer_type import OptimizerType
from .post_training_job import PostTrainingJob
from .post_training_job_artifacts_response import PostTrainingJobArtifactsResponse
from .post_training_job_log_stream import PostTrainingJobLogStream
from .post_training_job_status_response import PostTrainingJobStatusResponse
from .post_training_job_status_response_resources_allocated import PostTrainingJobStatusResponseResourcesAllocated
from .post_training_rlhf_request import PostTrainingRLHFRequest
from .post_training_rlhf_request_hyperparam_search_config import PostTrainingRLHFRequestHyperparamSearchConfig
from .post_training_rlhf_request_logger_config import PostTrainingRLHFRequestLoggerConfig
from .post_training_sft_request import PostTrainingSFTRequest
from .post_training_sft_request_hyperparam_search_config import PostTrainingSFTRequestHyperparamSearchConfig
from .post_training_sft_request_logger_config import PostTrainingSFTRequestLoggerConfig
from .pretrained_model import PretrainedModel
from .prompt_cache_stats import PromptCacheStats
from .q_lora_finetuning_config import QLoraFinetuningConfig
from .q_lora_finetuning_config_lora_attn_modules_item import QLoraFinetuningConfigLoraAttnModulesItem
from .query_documents_request import QueryDocumentsRequest
from .query_documents_request_filter import QueryDocumentsRequestFilter
from .query_documents_response import QueryDocumentsResponse
from .question_answering_metric import QuestionAnsweringMetric
from .rest_api_execution_config import RestAPIExecutionConfig
from .rest_api_execution_config_body import RestAPIExecutionConfigBody
from .rest_api_execution_config_headers import RestAPIExecutionConfigHeaders
from .rest_api_execution_config_params import RestAPIExecutionConfigParams
from .rest_api_method import RestAPIMethod
from .rest_shield_request import RestShieldRequest
from .rest_shield_request_parameters import RestShieldRequestParameters
from .rest_shield_verdict import RestShieldVerdict
from .reward_scoring_request import RewardScoringRequest
from .reward_scoring_response import RewardScoringResponse
from .rlhf_algorithm import RLHFAlgorithm
from .run_shields_request import RunShieldsRequest
from .run_shields_response import RunShieldsResponse
from .sampling_params import SamplingParams
from .sampling_strategy import SamplingStrategy
from .scored_dialog_generations import ScoredDialogGenerations
from .scored_message import ScoredMessage
from .session import Session
from .shield import Shield
from .shield_call_step import ShieldCallStep
from .shield_definition import ShieldDefinition
from .shield_definition_parameters import ShieldDefinitionParameters
from .shield_response import ShieldResponse
from .step_complete_payload import StepCompletePayload
from .step_progress_payload import StepProgressPayload
from .step_start_payload import StepStartPayload
from .step_type import StepType
from .stop_reason import StopReason
from .summarization_metric import SummarizationMetric
from .synthetic_data_generation_request import SyntheticDataGenerationRequest
from .synthetic_data_generation_response import SyntheticDataGenerationResponse
from .synthetic_data_statistics import SyntheticDataStatistics
from .synthetic_data_statistics_score_counts import SyntheticDataStatisticsScoreCounts
from .system_message import SystemMessage
from .text_generation_metric import TextGenerationMetric
from .token_log_probs import TokenLogProbs
from .token_log_probs_logprobs_by_token import TokenLogProbsLogprobsByToken
from .tool_call import ToolCall
from .tool_call_arguments import ToolCallArguments
from .tool_call_arguments_additional_property_type_6 import ToolCallArgumentsAdditionalPropertyType6
from .tool_call_delta import ToolCallDelta
from .tool_call_parse_status import ToolCallParseStatus
from .tool_choice_type_0 import ToolChoiceType0
from .tool_definition import ToolDefinition
from .tool_definition_input_schema import ToolDefinitionInputSchema
from .tool_definition_parameters import ToolDefinitionParameters
from .tool_execution_step import ToolExecutionStep
from .tool_param_definition import ToolParamDefinition
from .tool_response import ToolResponse
from .tool_response_message import ToolResponseMessage
from .train_eval_dataset import TrainEvalDataset
from .train_eval_dataset_column_type import TrainEvalDatasetColumnType
from .train_eval_dataset_columns import TrainEvalDatasetColumns
from .train_eval_dataset_metadata import TrainEvalDatasetMetadata
from .training_config import TrainingConfig
from .turn import Turn
from .turn_complete_payload import TurnCompletePayload
from .turn_start_payload import TurnStartPayload
from .usage import Usage
from .user_message import UserMessage
from .version_response import VersionResponse

__all__ = (
    "AgenticSystemCreateRequest",
    "AgenticSystemCreateResponse",
    "AgenticSystemInstanceConfig",
    "AgenticSystemSessionCreateRequest",
    "AgenticSystemSessionCreateResponse",
    "AgenticSystemStepResponse",
    "AgenticSystemToolDefinition",
    "AgenticSystemToolDefinitionParameters",
    "AgenticSystemTurnCreateRequest",
    "AgenticSystemTurnResponseEvent",
    "AgenticSystemTurnResponseStreamChunk",
    "Attachment",
    "BatchChatCompletionRequest",
    "BatchChatCompletionResponse",
    "BatchCompletionRequest",
    "BatchCompletionResponse",
    "Bf16QuantizationConfig",
    "BuiltinShield",
    "BuiltinTool",
    "ChatCompletionRequest",
    "ChatCompletionResponse",
    "ChatCompletionResponseEvent",
    "ChatCompletionResponseEventType",
    "ChatCompletionResponseStreamChunk",
    "Checkpoint",
    "Chunk",
    "ChunkMetadata",
    "CompletionMessage",
    "CompletionRequest",
    "CompletionResponse",
    "CompletionResponseStreamChunk",
    "CreateDatasetRequest",
    "DPOAlignmentConfig",
    "DialogGenerations",
    "DocumentURL",
    "DoraFinetuningConfig",
    "DoraFinetuningConfigLoraAttnModulesItem",
    "EmbeddingsRequest",
    "EmbeddingsResponse",
    "Error",
    "EvaluateQuestionAnsweringRequest",
    "EvaluateSummarizationRequest",
    "EvaluateTextGenerationRequest",
    "EvaluationJob",
    "EvaluationJobArtifactsResponse",
    "EvaluationJobArtifactsResponseMetrics",
    "EvaluationJobLogStream",
    "EvaluationJobStatusResponse",
    "EvaluationRowResult",
    "EvaluationRowResultScores",
    "FilteringFunction",
    "FinetuningAlgorithm",
    "Fp8QuantizationConfig",
    "GrammarResponseFormat",
    "HealthResponse",
    "HealthStatus",
    "InferenceStep",
    "JobStatus",
    "JsonSchemaResponseFormat",
    "JsonSchemaResponseFormatJsonSchema",
    "LogProbConfig",
    "LoraFinetuningConfig",
    "LoraFinetuningConfigLoraAttnModulesItem",
    "MemoryBank",
    "MemoryBankDocument",
    "MemoryBankDocumentMetadata",
    "MemoryRetrievalStep",
    "ModelHealth",
    "ModelServingState",
    "OnViolationAction",
    "OpenAIAssistantMessage",
    "OpenAIAssistantMessageParam",
    "OpenAIChatChoice",
    "OpenAIChatChunkChoice",
    "OpenAIChatCompletion",
    "OpenAIChatCompletionChunk",
    "OpenAIChatCompletionRequest",
    "OpenAIChatDelta",
    "OpenAIChoiceLogprobs",
    "OpenAICompletion",
    "OpenAICompletionChoice",
    "OpenAICompletionLogprobs",
    "OpenAICompletionLogprobsTopLogprobsItem",
    "OpenAICompletionRequest",
    "OpenAIEmbedding",
    "OpenAIEmbeddingList",
    "OpenAIEmbeddingUsage",
    "OpenAIEmbeddingsRequest",
    "OpenAIEmbeddingsRequestEncodingFormat",
    "OpenAIErrorDetail",
    "OpenAIErrorResponse",
    "OpenAIFinishReason",
    "OpenAIFunctionCall",
    "OpenAIFunctionCallDelta",
    "OpenAIFunctionDefinition",
    "OpenAIFunctionDefinitionParameters",
    "OpenAIJsonSchema",
    "OpenAIJsonSchemaSchema",
    "OpenAIModel",
    "OpenAIModelList",
    "OpenAINamedToolChoice",
    "OpenAINamedToolChoiceFunction",
    "OpenAIPromptTokensDetails",
    "OpenAIResponseFormatJsonObject",
    "OpenAIResponseFormatJsonSchema",
    "OpenAIResponseFormatText",
    "OpenAIStreamOptions",
    "OpenAISystemMessage",
    "OpenAISystemMessageRole",
    "OpenAITextPart",
    "OpenAITokenLogprob",
    "OpenAITool",
    "OpenAIToolCall",
    "OpenAIToolCallDelta",
    "OpenAIToolChoiceType0",
    "OpenAIToolMessage",
    "OpenAITopLogprob",
    "OpenAIUsage",
    "OpenAIUserMessage",
    "OptimizerConfig",
    "OptimizerType",
    "PostTrainingJob",
    "PostTrainingJobArtifactsResponse",
    "PostTrainingJobLogStream",
    "PostTrainingJobStatusResponse",
    "PostTrainingJobStatusResponseResourcesAllocated",
    "PostTrainingRLHFRequest",
    "PostTrainingRLHFRequestHyperparamSearchConfig",
    "PostTrainingRLHFRequestLoggerConfig",
    "PostTrainingSFTRequest",
    "PostTrainingSFTRequestHyperparamSearchConfig",
    "PostTrainingSFTRequestLoggerConfig",
    "PretrainedModel",
    "PromptCacheStats",
    "QLoraFinetuningConfig",
    "QLoraFinetuningConfigLoraAttnModulesItem",
    "QueryDocumentsRequest",
    "QueryDocumentsRequestFilter",
    "QueryDocumentsResponse",
    "QuestionAnsweringMetric",
    "RLHFAlgorithm",
    "RestAPIExecutionConfig",
    "RestAPIExecutionConfigBody",
    "RestAPIExecutionConfigHeaders",
    "RestAPIExecutionConfigParams",
    "RestAPIMethod",
    "RestShieldRequest",
    "RestShieldRequestParameters",
    "RestShieldVerdict",
    "RewardScoringRequest",
    "RewardScoringResponse",
    "RunShieldsRequest",
    "RunShieldsResponse",
    "SamplingParams",
    "SamplingStrategy",
    "ScoredDialogGenerations",
    "ScoredMessage",
    "Session",
    "Shield",
    "ShieldCallStep",
    "ShieldDefinition",
    "ShieldDefinitionParameters",
    "ShieldResponse",
    "StepCompletePayload",
    "StepProgressPayload",
    "StepStartPayload",
    "StepType",
    "StopReason",
    "SummarizationMetric",
    "SyntheticDataGenerationRequest",
    "SyntheticDataGenerationResponse",
    "SyntheticDataStatistics",
    "SyntheticDataStatisticsScoreCounts",
    "SystemMessage",
    "TextGenerationMetric",
    "TokenLogProbs",
    "TokenLogProbsLogprobsByToken",
    "ToolCall",
    "ToolCallArguments",
    "ToolCallArgumentsAdditionalPropertyType6",
    "ToolCallDelta",
    "ToolCallParseStatus",
    "ToolChoiceType0",
    "ToolDefinition",
    "ToolDefinitionInputSchema",
    "ToolDefinitionParameters",
    "ToolExecutionStep",
    "ToolParamDefinition",
    "ToolResponse",
    "ToolResponseMessage",
    "TrainEvalDataset",
    "TrainEvalDatasetColumnType",
    "TrainEvalDatasetColumns",
    "TrainEvalDatasetMetadata",
    "TrainingConfig",
    "Turn",
    "TurnCompletePayload",
    "TurnStartPayload",
    "Usage",
    "UserMessage",
    "VersionResponse",
)
