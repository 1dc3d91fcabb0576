"""Optimizer version: bump it whenever a change can alter a report, so stored reports can be told apart."""

OPTIMIZER_VERSION = "1.0.0"
