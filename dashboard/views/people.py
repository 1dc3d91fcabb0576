"""Placeholder: the people pages are being built."""

urlpatterns: list = []
