from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

from ..models.rest_api_method import RestAPIMethod
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.rest_api_execution_config_body import RestAPIExecutionConfigBody
    from ..models.rest_api_execution_config_headers import RestAPIExecutionConfigHeaders
    from ..models.rest_api_execution_config_params import RestAPIExecutionConfigParams


T = TypeVar("T", bound="RestAPIExecutionConfig")


@_attrs_define
class RestAPIExecutionConfig:
    """
    Attributes:
        method (RestAPIMethod):
        url (str): A URL: `http(s)://`, `file://` or `data:`.
        body (RestAPIExecutionConfigBody | Unset):
        headers (RestAPIExecutionConfigHeaders | Unset):
        params (RestAPIExecutionConfigParams | Unset):
    """

    method: RestAPIMethod
    url: str
    body: RestAPIExecutionConfigBody | Unset = UNSET
    headers: RestAPIExecutionConfigHeaders | Unset = UNSET
    params: RestAPIExecutionConfigParams | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        method = self.method.value

        url = self.url

        body: dict[str, Any] | Unset = UNSET
        if not isinstance(self.body, Unset):
            body = self.body.to_dict()

        headers: dict[str, Any] | Unset = UNSET
        if not isinstance(self.headers, Unset):
            headers = self.headers.to_dict()

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "method": method,
                "url": url,
            }
        )
        if body is not UNSET:
            field_dict["body"] = body
        if headers is not UNSET:
            field_dict["headers"] = headers
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.rest_api_execution_config_body import RestAPIExecutionConfigBody
        from ..models.rest_api_execution_config_headers import RestAPIExecutionConfigHeaders
        from ..models.rest_api_execution_config_params import RestAPIExecutionConfigParams

        d = dict(src_dict)
        method = RestAPIMethod(d.pop("method"))

        url = d.pop("url")

        _body = d.pop("body", UNSET)
        body: RestAPIExecutionConfigBody | Unset
        if isinstance(_body, Unset):
            body = UNSET
        else:
            body = RestAPIExecutionConfigBody.from_dict(_body)

        _headers = d.pop("headers", UNSET)
        headers: RestAPIExecutionConfigHeaders | Unset
        if isinstance(_headers, Unset):
            headers = UNSET
        else:
            headers = RestAPIExecutionConfigHeaders.from_dict(_headers)

        _params = d.pop("params", UNSET)
        params: RestAPIExecutionConfigParams | Unset
        if isinstance(_params, Unset):
            params = UNSET
        else:
            params = RestAPIExecutionConfigParams.from_dict(_params)

        rest_api_execution_config = cls(
            method=method,
            url=url,
            body=body,
            headers=headers,
            params=params,
        )

        return rest_api_execution_config
