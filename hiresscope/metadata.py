"""What ``OPTIONS`` answers on API routes.

DRF's default describes each writable action's fields, and to do so it builds the serializer for the
object in the URL through ``get_object()``: on routes whose object is named by another keyword than
``pk`` (``/jobs/:id/rubric``) that raised, and it runs queries on behalf of a request that only asked
what the route accepts. The OpenAPI schema (``/api/v1/schema/``) is where shapes are documented, so
``OPTIONS`` answers the route's name, description, formats and allowed methods, the same for every route.
"""

from rest_framework.metadata import BaseMetadata


class RouteMetadata(BaseMetadata):
    def determine_metadata(self, request, view) -> dict:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "allowedMethods": sorted(view.allowed_methods),
            "schema": "/api/v1/schema/",
        }
