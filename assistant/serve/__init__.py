"""Serving the assistant: one ``Service`` (``service``) that the HTTP API (``api``) and the
Gradio UI (``ui``, HTML from ``render``) are thin layers over, composed into one server by
``app.create_app``; ``access`` (tokens, audit log), ``uploads`` and ``feedback`` beside them."""
