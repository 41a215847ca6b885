"""Claim tracking: the same claim across articles (statements) and the fact-checks it
already had, on top of the matching engine (claims/matching).

- candidates: the engine's CandidateSource over the database's full-text search
- index: each claim's and fact-check's stored key and vector
- services: matching claims and fact-checks, the editors' decisions on matches
- factchecks, claimreview: our verdicts as fact-checks, and other organisations' imported
- selectors: what the pages, the admin and the API show of it
- tasks: the thin Celery tasks
"""
