"""Placeholder: the applications pages are being built."""

urlpatterns: list = []
