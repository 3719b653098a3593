"""From files to articles and chunks: ``discover`` (which files), ``files`` (their bytes
and text), ``loaders`` and ``collections`` (articles), ``cleaning`` (story apart from page
furniture), ``chunking`` (model-sized, sentence-aligned passages), ``sources`` (reading
indexed files back)."""
