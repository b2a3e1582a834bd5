from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.run_shields_request import RunShieldsRequest
from ...models.run_shields_response import RunShieldsResponse
from ...types import Response


def _get_kwargs(
    *,
    body: RunShieldsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/safety/run_shields",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | RunShieldsResponse | None:
    if response.status_code == 200:
        response_200 = RunShieldsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 413:
        response_413 = Error.from_dict(response.json())

        return response_413

    if response.status_code == 422:
        response_422 = Error.from_dict(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 501:
        response_501 = Error.from_dict(response.json())

        return response_501

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | RunShieldsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> Response[Error | RunShieldsResponse]:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RunShieldsResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> Error | RunShieldsResponse | None:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RunShieldsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> Response[Error | RunShieldsResponse]:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | RunShieldsResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> Error | RunShieldsResponse | None:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | RunShieldsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


def _parse_success(*, client: AuthenticatedClient | Client, response: httpx.Response) -> RunShieldsResponse:
    errors.raise_for_status(response, operation_id="run_shields")
    return cast(RunShieldsResponse, _parse_response(client=client, response=response))


def call(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> RunShieldsResponse:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        RunShieldsResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="run_shields"):
        response = client.get_httpx_client().request(
            **kwargs,
        )

    return _parse_success(client=client, response=response)


async def acall(
    *,
    client: AuthenticatedClient | Client,
    body: RunShieldsRequest,
) -> RunShieldsResponse:
    """Run shields on messages

     Runs each shield on the messages, all at once, and answers one verdict per shield, in the order
    asked. A shield is named by its `shield_type`: a built-in shield this server runs
    (`code_scanner_guard`, and `llama_guard`, `injection_shield` and `jailbreak_shield` where the run
    config sets them up), a REST shield (`third_party_shield`, or a custom name) at the
    `execution_config` the request gives, or one the run config names; `/shields/list` lists those the
    server has. A REST shield is sent a `RestShieldRequest` and answers a `RestShieldVerdict`. Every
    verdict records what its shield found; `on_violation_action` decides what the finding does (see
    `OnViolationAction`). A shield that cannot reach a verdict (a REST shield that times out, cannot be
    reached, answers an error status or something that is not a verdict; a guard model that stalls) is
    reported in the verdict's `error`, as a violation, `shield_error`, unless the run config's
    `safety.fail_closed` is false. A shield type the server does not have, a built-in shield the run
    config does not set up, or an `execution_config` on a shield this server runs itself is a 400 naming
    it; a REST shield's address that the run config does not allow (`outgoing.allowed_hosts`) is a 403.

    Args:
        body (RunShieldsRequest):

    Raises:
        errors.ApiError: If the server answers with an error status: a subclass by status, such as
            errors.NotFoundError, carrying the problem document and the response.
        errors.ApiConnectionError: If no answer came, after the client's retries (errors.ApiTimeoutError for a
            timeout).

    Returns:
        RunShieldsResponse
    """

    kwargs = _get_kwargs(
        body=body,
    )

    with errors.connection_errors(operation_id="run_shields"):
        response = await client.get_async_httpx_client().request(**kwargs)

    return _parse_success(client=client, response=response)
