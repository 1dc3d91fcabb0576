"""Placeholder: the jobs pages are being built."""

urlpatterns: list = []
