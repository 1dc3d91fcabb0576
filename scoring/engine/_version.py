"""Engine version: bump it whenever a change can move a score, so stored results can be told apart.

0.3.0: rubrics (requirements read from the ad's sections, weights, knock-outs, certifications), stored
CV features, sentence embeddings (overall, title fit, requirement evidence), integrity filtering and
the explanation object with quoted spans.

0.3.1: requirements read from ads pasted as one paragraph: headings that run in ("... Minimum Required
Skills: Python, Go ...") open their section, and an inline "required" or "is a plus" speaks for its own
sentence, not the whole line.

0.3.2: pasted ads again: a list right after a run-in heading ends where the prose resumes ("Skills: Go,
Redis Our company is ranked on LinkedIn ..." no longer makes LinkedIn a must-have), legal boilerplate
(equal opportunity, right to work) states no requirement, and an inline "essential" in a run-on list of
duties does not make all of them must-haves.

0.4.0: alternatives. "PHP, Python or Go", "one of: Python, Perl, PHP", "such as RabbitMQ, Redis" in an ad,
"Python or Go" in an employer's list, or a rubric item's ``anyOf``, make one requirement that any of
the skills meets (the best of them decides the verdict), not one must-have per skill.  A skill the
CV does not name, where it names one of the same family (MySQL for PostgreSQL), is PARTIAL
("related").  A certification under "Nice to have" is a nice-to-have, no longer a must-have.  A
knock-out is met only by the skill itself (related or semantic evidence no longer lifts its cap).
"""

ENGINE_VERSION = "0.4.0"
