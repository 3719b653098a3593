"""The knowledge layer: who is in the corpus, who said what, and when, read at index time.

``nlp`` loads the spaCy pipeline; ``extract`` reads one file's articles into mentions,
quotes (``quotes``: who said what) and dated events (``dates`` over ``calendar``);
``names`` merges mentions into entities across spellings; ``store`` keeps it all in
SQLite beside the index, in step with the manifest; ``query`` reads it back.
"""
