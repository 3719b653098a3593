"""Building and keeping an index folder (not the ``index/`` data folder itself):
``build`` (the incremental indexer), ``folder`` (an opened folder, whole across processes),
``manifest``, ``store`` (Chroma), ``lexical`` (BM25) over ``table`` (every chunk in
memory), ``embedding`` and ``static_vectors``."""
