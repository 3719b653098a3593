"""Evaluation of the product on QA datasets, from the top of the stack: ``datasets``
(questions), ``run`` (retrieve and answer them), ``results`` (the RESULTS file),
``score`` and ``metrics`` (the numbers), ``report`` (report.md and plots), ``baseline``
(plain llama-index, the yardstick)."""
