"""The UI's Quotes and Timeline tabs: who said what (filtered by speaker, topic and dates)
and the dated events of a query, oldest first, each cited with file and lines. Handlers
are methods of ``KnowledgeTabs``, handed the ``Service``; the HTML builders are plain
functions, every article word escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr

from ..errors import AssistantError
from ..types import Event, Quote
from .render import esc, parse_filters
from .service import Service

MAX_ROWS = 50  # quotes or events shown at once


def quotes_html(quotes: Sequence[Quote]) -> str:
    """Each quote with its speaker (as the text names them), the words, and where it is."""
    if not quotes:
        return '<p class="empty">No quote matches. Try another spelling of the name, or fewer words.</p>'
    rows = []
    for q in quotes:
        said = f" (as “{esc(q.said_as)}”)" if q.said_as and q.said_as != q.speaker else ""
        kind = "" if q.kind == "direct" else ' <span class="badge">reported</span>'
        meta = " · ".join(x for x in (esc(q.outlet) if q.outlet else "", esc(q.date) if q.date else "",
                                      f"<code>{esc(q.source)}</code> lines {q.line_start}–{q.line_end}") if x)
        rows.append(f'<div class="src card"><div><b>{esc(q.speaker or "(speaker not resolved)")}</b>{said}{kind}'
                    f"</div><div class=\"src-passage\">“{esc(q.quote)}”</div>"
                    f'<div class="src-meta">{meta}</div></div>')
    return "".join(rows)


def timeline_html(events: Sequence[Event]) -> str:
    """The events oldest first: the date the layer resolved (or the words, when it could not), the sentence."""
    if not events:
        return '<p class="empty">No dated event in the passages found for that query.</p>'
    rows = []
    for e in events:
        when = esc(e.date or "undated") + (f" ({esc(e.precision)})" if e.precision and e.precision != "day" else "")
        meta = " · ".join(x for x in (esc(e.outlet) if e.outlet else "", f"published {esc(e.published)}"
                                      if e.published else "", f"<code>{esc(e.source)}</code> lines "
                                      f"{e.line_start}–{e.line_end}") if x)
        rows.append(f'<div class="src card"><div><b>{when}</b> — “{esc(e.date_text)}”</div>'
                    f'<div class="src-passage">{esc(e.text)}</div><div class="src-meta">{meta}</div></div>')
    return "".join(rows)


class KnowledgeTabs:
    """The Quotes and Timeline tabs for one ``Service``."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def quotes(self, speaker: str, about: str, since: str, until: str) -> str:
        try:
            filters = parse_filters(since, until, [], [])
            found = self.service.index.quotes(speaker=speaker.strip() or None, about=about.strip() or None,
                                              filters=filters, limit=MAX_ROWS)
        except AssistantError as exc:
            return f'<p class="error"><b>Cannot list quotes:</b> {esc(exc)}</p>'
        return quotes_html(found)

    def timeline(self, query: str) -> str:
        if not query.strip():
            return '<p class="empty">Type what the timeline is about, e.g. a person or an event.</p>'
        try:
            with self.service.working():
                found = self.service.index.timeline(query, k=MAX_ROWS // 2)
        except AssistantError as exc:
            return f'<p class="error"><b>Cannot build the timeline:</b> {esc(exc)}</p>'
        return timeline_html(found)

    def layout(self) -> None:
        """The two tabs' components and events (inside an open ``gr.Tabs``)."""
        with gr.Tab("Quotes", elem_id="tab-quotes"):
            with gr.Row():
                speaker = gr.Textbox(label="Speaker (any spelling)", elem_id="quotes-speaker")
                about = gr.Textbox(label="About", elem_id="quotes-about")
            with gr.Row():
                since = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="quotes-since")
                until = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="quotes-until")
            find = gr.Button("Find quotes", elem_id="quotes-find")
            shown = gr.HTML("", elem_id="quotes-list")
            inputs: list[Any] = [speaker, about, since, until]
            for trigger in (find.click, speaker.submit, about.submit):
                trigger(self.quotes, inputs, shown, api_visibility="private")
        with gr.Tab("Timeline", elem_id="tab-timeline"):
            query = gr.Textbox(label="Timeline of", placeholder="e.g. Renault drone production in Ukraine",
                               elem_id="timeline-query")
            build = gr.Button("Build the timeline", elem_id="timeline-build")
            events = gr.HTML("", elem_id="timeline-list")
            for trigger in (build.click, query.submit):
                trigger(self.timeline, query, events, api_visibility="private")
