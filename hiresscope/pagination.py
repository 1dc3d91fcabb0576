import functools

from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import Count, IntegerField, QuerySet, Subquery, Window
from django.utils.functional import cached_property
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset's ids>))``: the number of rows ``queryset`` selects."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"

    def __init__(self, queryset: QuerySet):
        super().__init__(queryset.order_by().values("pk"), output_field=IntegerField())


class DeferredJoinPaginator(Paginator):
    """Deep pages read the page's ids first, then only those rows (a "deferred join").

    The database applies OFFSET after it has fetched and joined every skipped row: page 500 of a job's
    applications would read 10,000 applications and their candidates to return 20 (0.5 s at 1M rows,
    docs/performance.md). The ids alone come from an index-only scan. Shallow pages keep one query.

    ``count_in_page_query`` lets a shallow page carry the total, so one round trip answers both:

    * ``"window"``: ``COUNT(*) OVER ()`` over the page query's own rows, so its filters run once. That
      pays when the filters are the expensive part and leave few rows, as a name search does; on a large
      list it would join every row before the limit.
    * ``"subquery"``: ``(SELECT COUNT(*) FROM (<the same query's ids>))``, which PostgreSQL evaluates
      once, apart from the page's rows (the count Paginator would have sent on its own).
    * a QuerySet of one integer: a total kept elsewhere (a job's tally of applications), for a list
      known to select exactly what it counts. Deep pages read it too, in place of counting.

    An empty page (no rows, or past the end) carries no total; the plain path then counts and phrases
    the error. It is the caller's choice, per request.
    """

    deferred_join_offset = 200

    def __init__(self, *args, count_in_page_query: str | QuerySet | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_in_page_query = count_in_page_query

    @cached_property
    def count(self):
        if isinstance(self.count_in_page_query, QuerySet):
            return next(iter(self.count_in_page_query), None) or 0
        return super().count

    def page(self, number):
        # "is not None": the truth of a QuerySet would run it.
        if self.count_in_page_query is not None and isinstance(self.object_list, QuerySet):
            counted = self._counted_page(number)
            if counted is not None:
                return counted
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

    def _counted_page(self, number):
        """The page with the total from the same query; None (count separately) for an empty or deep
        page, or a page number the plain path must phrase an error for."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return None
        bottom = (number - 1) * self.per_page
        if number < 1 or bottom >= self.deferred_join_offset:
            return None
        total = self._total_expression()
        queryset = self.object_list.annotate(matching_rows=total)
        rows = list(queryset[bottom : bottom + self.per_page])
        if not rows:  # no match, or past the end: the plain path tells those apart
            return None
        self.__dict__["count"] = rows[0].matching_rows  # Paginator.count is a cached_property
        return self._get_page(rows, number, self)

    def _total_expression(self):
        if isinstance(self.count_in_page_query, QuerySet):
            return Subquery(self.count_in_page_query, output_field=IntegerField())
        if self.count_in_page_query == "window":
            return Window(Count("*"))
        return CountOf(self.object_list)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=&pageSize=`` (≤ 100), answered as ``{count, page, pageSize, totalPages, next, previous, results}``."""

    page_size_query_param = "pageSize"
    max_page_size = 100
    # A view sets it per request (see DeferredJoinPaginator).
    count_in_page_query: str | QuerySet | None = None

    @property
    def django_paginator_class(self):
        return functools.partial(DeferredJoinPaginator, count_in_page_query=self.count_in_page_query)

    def get_page_size(self, request) -> int:
        return self._positive_int(request, self.page_size_query_param, self.page_size, self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        return self._positive_int(request, self.page_query_param, 1, None)

    @staticmethod
    def _positive_int(request, name: str, default: int, maximum: int | None) -> int:
        """A page parameter as sent, or a 400: DRF's own would read ``?page=abc`` as a missing page (404)
        and ``?pageSize=abc`` as the default, hiding the client's mistake."""
        raw = request.query_params.get(name)
        if raw is None or raw == "":
            return default
        # ASCII digits only: int() would also take " 5", "+5" and other scripts' digits.
        value = int(raw) if raw.isascii() and raw.isdigit() else 0
        if value < 1 or (maximum is not None and value > maximum):
            limit = f" from 1 to {maximum}" if maximum else " of at least 1"
            raise ValidationError({name: [f"Must be a whole number{limit}."]})
        return value

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            # Past the last page: an empty page with the real totals, as a client paging until "next" is
            # null expects; the request was valid, nothing is missing.
            self.page = Page([], number, paginator)
        return list(self.page)

    def get_previous_link(self):
        last = self.page.paginator.num_pages
        if self.page.number > last:  # past the end: "previous" is the last page that has rows
            url = self.request.build_absolute_uri()
            return (
                replace_query_param(url, self.page_query_param, last) if self.page.paginator.count else None
            )
        return super().get_previous_link()

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1, "default": 1}
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                    "default": self.page_size,
                }
        return parameters

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
