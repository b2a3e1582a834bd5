from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.query_documents_request_filter import QueryDocumentsRequestFilter


T = TypeVar("T", bound="QueryDocumentsRequest")


@_attrs_define
class QueryDocumentsRequest:
    """
    Attributes:
        query (list[str] | str): The text to search for, or several texts whose results are merged.
        top_k (int | Unset): How many chunks to return. Default: 5.
        filter_ (QueryDocumentsRequestFilter | Unset): Only chunks whose document metadata has these exact values.
    """

    query: list[str] | str
    top_k: int | Unset = 5
    filter_: QueryDocumentsRequestFilter | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        query: list[str] | str
        if isinstance(self.query, list):
            query = self.query

        else:
            query = self.query

        top_k = self.top_k

        filter_: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filter_, Unset):
            filter_ = self.filter_.to_dict()

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "query": query,
            }
        )
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.query_documents_request_filter import QueryDocumentsRequestFilter

        d = dict(src_dict)

        def _parse_query(data: object) -> list[str] | str:
            try:
                if not isinstance(data, list):
                    raise TypeError()
                query_type_1 = cast(list[str], data)

                return query_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | str, data)

        query = _parse_query(d.pop("query"))

        top_k = d.pop("top_k", UNSET)

        _filter_ = d.pop("filter", UNSET)
        filter_: QueryDocumentsRequestFilter | Unset
        if isinstance(_filter_, Unset):
            filter_ = UNSET
        else:
            filter_ = QueryDocumentsRequestFilter.from_dict(_filter_)

        query_documents_request = cls(
            query=query,
            top_k=top_k,
            filter_=filter_,
        )

        return query_documents_request
