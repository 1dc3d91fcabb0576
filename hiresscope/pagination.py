from django.core.paginator import Paginator
from django.db.models import QuerySet
from rest_framework import pagination
from rest_framework.response import Response


class DeferredJoinPaginator(Paginator):
    """Deep pages read the page's ids first, then only those rows (a "deferred join").

    The database applies OFFSET after it has fetched and joined every skipped row: page 500 of a job's
    applications would read 10,000 applications and their candidates to return 20 (0.5 s at 1M rows,
    docs/performance.md). The ids alone come from an index-only scan. Shallow pages keep one query.
    """

    deferred_join_offset = 200

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.deferred_join_offset or not isinstance(self.object_list, QuerySet):
            return super().page(number)
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        # A row deleted between the two queries is left out rather than failing the page.
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=&pageSize=`` (≤ 100), answered as ``{count, page, pageSize, totalPages, next, previous, results}``."""

    django_paginator_class = DeferredJoinPaginator
    page_size_query_param = "pageSize"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "page_size": self.get_page_size(self.request),
                "total_pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "pageSize", "totalPages", "results"],
            "properties": {
                "count": {"type": "integer", "example": 42},
                "page": {"type": "integer", "example": 1},
                "pageSize": {"type": "integer", "example": 20},
                "totalPages": {"type": "integer", "example": 3},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }
