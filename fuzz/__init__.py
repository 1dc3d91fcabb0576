"""Fuzz harnesses for the CV readers and the scoring engine's text entry points (atheris/libFuzzer).

Scripts, not tests: ``fuzz/run.py`` runs them all (``make fuzz-parsers``; a bounded run in
tests/test_fuzz_parsers.py), ``python fuzz/fuzz_<name>.py [libFuzzer flags] [CORPUS]`` one. See the
"Parser fuzzing" section of docs/security.md.
"""
