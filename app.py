"""Launch the research assistant in the browser: ``python app.py [--host H] [--port P]
[--index-dir DIR]`` (the same options as ``assistant serve``).

Resolves settings (flags, environment, assistant.toml), opens the engine on the index once,
and serves the Gradio UI at / with the HTTP API at /api, on 127.0.0.1:7860 by default.
Off loopback it needs --reader-token/--editor-token (or ASSISTANT_READER_TOKEN /
ASSISTANT_EDITOR_TOKEN), or an explicit --no-auth.
"""

from assistant.cli.serve import serve_cmd

if __name__ == "__main__":
    serve_cmd(prog_name="app.py")
