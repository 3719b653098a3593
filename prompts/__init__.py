"""Prompt templates, shipped in the wheel as ``assistant.prompts`` (see ``assistant.prompting``)."""
