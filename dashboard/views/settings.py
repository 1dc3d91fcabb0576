"""Placeholder: the settings pages are being built."""

urlpatterns: list = []
