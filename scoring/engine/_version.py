"""Engine version: bump it whenever a change can move a score, so stored results can be told apart."""

ENGINE_VERSION = "0.2.0"
