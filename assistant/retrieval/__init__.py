"""Finding passages: ``index`` (the searchable ``Index``), ``query`` (what a question
names), ``hybrid`` (gathering candidates), ``candidates`` (the pool and its evidence),
``fusion`` (weighted reciprocal rank), ``ranker`` (the learned final order), ``llama``
(the llama-index adapter)."""
