"""Placeholder: the application pages are being built."""

urlpatterns: list = []
