from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="OpenAIErrorDetail")


@_attrs_define
class OpenAIErrorDetail:
    """
    Attributes:
        message (str): What is wrong, naming the field where one is at fault.
        type_ (str): `invalid_request_error` (4xx), `rate_limit_error`, `service_unavailable_error`, `timeout_error` or
            `server_error`.
        param (None | str | Unset): The request field at fault, where one is.
        code (None | str | Unset): A short code: `model_not_found`, `invalid_value`, `not_implemented`, ...
    """

    message: str
    type_: str
    param: None | str | Unset = UNSET
    code: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        type_ = self.type_

        param: None | str | Unset
        if isinstance(self.param, Unset):
            param = UNSET
        else:
            param = self.param

        code: None | str | Unset
        if isinstance(self.code, Unset):
            code = UNSET
        else:
            code = self.code

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "message": message,
                "type": type_,
            }
        )
        if param is not UNSET:
            field_dict["param"] = param
        if code is not UNSET:
            field_dict["code"] = code

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        message = d.pop("message")

        type_ = d.pop("type")

        def _parse_param(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        param = _parse_param(d.pop("param", UNSET))

        def _parse_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        code = _parse_code(d.pop("code", UNSET))

        open_ai_error_detail = cls(
            message=message,
            type_=type_,
            param=param,
            code=code,
        )

        return open_ai_error_detail
