"""Outbound webhooks: endpoints, signed deliveries and their log (issue 8)."""
