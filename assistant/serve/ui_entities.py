"""The UI's people, organisations and places: the entities named in the current answer's
sources as facets; picking one opens its page (aliases, counts, quotes, articles), from
which the journalist can ask what it said or keep the conversation's searches to
passages naming it. Handlers are methods of ``EntityFacets``; the page is plain escaped
HTML.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import gradio as gr

from ..errors import AssistantError
from ..knowledge import query as knowledge_query
from ..types import Answer, Entity, Quote
from .render import esc
from .service import Service
from .ui_knowledge import quotes_html

MAX_FACETS = 12
TYPES = ("person", "org", "place")
_TYPE_NAMES = {"person": "person", "org": "organisation", "place": "place"}


def entity_html(entity: Entity, quotes: list[Quote]) -> str:
    """An entity's page: its names, how often and where it is named, what it said."""
    aliases = ", ".join(esc(a) for a in entity.aliases) or "none"
    files = ", ".join(f"<code>{esc(s)}</code>" for s in entity.sources[:20])
    more = f" and {len(entity.sources) - 20} more" if len(entity.sources) > 20 else ""
    return (f'<div class="card"><div><b>{esc(entity.name)}</b> · {esc(_TYPE_NAMES.get(entity.type, entity.type))}'
            f"</div><div class=\"src-meta\">Also written: {aliases}</div>"
            f'<div class="src-meta">Named {entity.mentions} times in {entity.articles} articles: {files}{more}</div>'
            f"</div><div><b>Quoted</b> ({len(quotes)})</div>{quotes_html(quotes) if quotes else ''}")


class EntityFacets:
    """Entity facets and pages for one ``Service``."""

    def __init__(self, service: Service) -> None:
        self.service = service

    def _named(self, answer: Answer | None) -> list[Entity]:
        """The people, organisations and places the answer's sources name, once per mention."""
        if answer is None or not answer.hits:
            return []
        hits = answer.cited_hits() or list(answer.hits)
        spans = [(h.doc, h.char_start, h.char_end) for h in hits]
        try:
            found = knowledge_query.mentions_in(self.service.index.knowledge, spans)
        except AssistantError:  # an index without the knowledge layer: no facets
            return []
        return [e for _, _, _, e in found if e.type in TYPES]

    def facets(self, answer: Answer | None) -> Any:
        """The people, organisations and places the answer's sources name, most named first."""
        named = self._named(answer)
        counts = Counter(e.name for e in named)
        kinds = {e.name: e.type for e in named}
        names = [n for n, _ in counts.most_common(MAX_FACETS)]
        return gr.Radio(choices=[(f"{n} ({_TYPE_NAMES[kinds[n]]})", n) for n in names], value=None)

    def spellings(self, answer: Answer | None) -> dict[str, str]:
        """Each spelling of an entity the answer's sources name → that entity's name: what
        ``render.answer_markdown`` links to the entity's page."""
        out: dict[str, str] = {}
        for e in self._named(answer):
            for spelling in (e.name, *e.aliases):
                out.setdefault(spelling, e.name)
        return out

    def page(self, name: str | None) -> str:
        if not name:
            return ""
        try:
            entity = next(iter(self.service.index.entities(name=name, limit=1)), None)
            quotes = self.service.index.quotes(speaker=name, limit=10) if entity else []
        except AssistantError as exc:
            return f'<p class="error"><b>Cannot open {esc(name)}:</b> {esc(exc)}</p>'
        if entity is None:
            return f'<p class="empty">{esc(name)} is not in the knowledge store.</p>'
        return entity_html(entity, quotes)

    def opened(self, name: str | None) -> tuple[Any, Any, Any]:
        """A name clicked in the conversation: its page, it as the entity picked, and the
        bridge field emptied (so the same name clicked again opens it again)."""
        name = " ".join((name or "").split())[:200]
        if not name:  # the field emptied, below
            return gr.skip(), gr.skip(), gr.skip()
        return self.page(name), name, ""

    def layout(self, ask_box: Any) -> tuple[Any, Any]:
        """The facets panel (below the answer's sources); returns (facets, entity filter)."""
        picked = gr.State("")  # the entity whose page is open, from a facet or a name in the conversation
        with gr.Accordion("People, organisations and places in this answer", open=True, elem_id="entities-panel"):
            facets = gr.Radio(choices=[], label="Pick one to see its page", elem_id="entity-facets")
            page = gr.HTML("", elem_id="entity-page")
            with gr.Row():
                said = gr.Button("Ask what they said", size="sm", elem_id="entity-ask")
                keep = gr.Button("Search only passages naming them", size="sm", elem_id="entity-filter-set")
            entity = gr.Textbox(label="Searching only passages naming (clear to search everything)",
                                elem_id="entity-filter")
            opener = gr.Textbox(label="Open the page of", elem_id="entity-open")  # hidden; set by UI_JS
        facets.input(lambda n: (self.page(n), n or ""), facets, [page, picked], api_visibility="private")
        # .change, not .input: the page script sets the field, which Gradio does not count as input.
        opener.change(self.opened, opener, [page, picked, opener], api_visibility="private").then(
            None, None, None, api_visibility="private",
            js="() => document.querySelector('#entity-page')?.scrollIntoView({block: 'center'})")
        said.click(lambda n: f"What did {n} say?" if n else "", picked, ask_box, api_visibility="private")
        keep.click(lambda n, current: n or current, [picked, entity], entity, api_visibility="private")
        return facets, entity
