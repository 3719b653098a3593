"""Plain-text rules shared by every layer above, with no model and no I/O: ``dates``,
``sentences``, ``clauses``, ``normalise`` (quotes, facts) and ``stemming``."""
