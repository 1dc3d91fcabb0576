"""Writes of the candidates app, one module per capability (import the module you need; no re-exports).

- ``people``: one record per person (upsert by email or phone, the default source, merge and undo)
- ``talent_pool``: saving candidates to the pool, and confirming a job's deletion with the pool
- ``submission``: CV intake (one, bulk, the public link) and the candidate's receipt
- ``status``: moving an application between hiring stages, by a person
- ``exports``: recording who exported a job's applications (the audit trail)
- ``candidate_account``: the candidate's own realm (email confirmation, profile edits)
- ``reviews``: a candidate's request for a human review of a score
- ``tally``: repairing the per-job application tally

The CV processing state machine (claim, parse, hand-off to scoring, fail, retry, the stall sweep) is
``candidates.pipeline``.
"""
