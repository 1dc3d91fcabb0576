"""Placeholder: the insights pages are being built."""

urlpatterns: list = []
