"""HTML and Markdown for answers, sources, articles and the index: plain functions of their
inputs, testable without a browser, used by the Gradio UI (``ui``).

Everything taken from articles, questions or file names is escaped with ``esc`` before it
becomes HTML; a quote is highlighted by escaping the text around it and wrapping the
escaped quote in ``<mark>``. ``UI_CSS`` styles the classes these builders emit.
``parse_filters`` turns the UI's filter fields into ``Filters``. No gradio, no ``Service``,
no I/O; does not print.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError
from ..types import Filters, IndexInfo, IndexReport

if TYPE_CHECKING:
    from ..types import Answer

CONTEXT_CHARS = 280  # of passage shown around a quote under an answer

UI_CSS = """
.sources { margin-top: .6em; border-top: 1px solid var(--border-color-primary); padding-top: .4em; }
.src { margin: .35em 0; font-size: .92em; }
/* The chat draws its messages at 0.8 opacity: grey that passes 4.5:1 there too. */
.src-meta, .notes, .empty, #chat .src-meta, #chat .notes { color: #374151 !important; }
.dark .src-meta, .dark .notes, .dark .empty, .dark #chat .src-meta, .dark #chat .notes { color: #c9cdd4 !important; }
footer a, footer button, .show-api, .built-with { color: #4b5563 !important; }
#thread-delete, #thread-delete:hover { background: #b91c1c; border-color: #b91c1c; color: #ffffff; }
/* White on the theme's orange is 3.6:1; a darker orange keeps the look at 5.2:1. */
#ask, #ask:hover { background: #c2410c; border-color: #c2410c; color: #ffffff; }
/* The theme's orange on white is 2.8:1; a selected tab's label needs 4.5:1 (WCAG AA). */
#desk-tabs button[role="tab"][aria-selected="true"] { color: #9a3412; }
.dark #desk-tabs button[role="tab"][aria-selected="true"] { color: #fdba74; }
.src-passage { margin: .15em 0 0 1.6em; line-height: 1.45; }
.src mark, #article-view mark { background: #ffe066; color: #1f2328; padding: 0 .1em; border-radius: 2px; }
#article-view .passage { background: rgba(56, 139, 253, .15); border-radius: 3px; }
#article-view .article-text { white-space: pre-wrap; max-height: 60vh; overflow-y: auto; line-height: 1.5;
  padding: .6em .8em; border: 1px solid var(--border-color-primary); border-radius: 6px; }
.notes { font-size: .85em; }
.card { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: .35em .6em; }
.chip { border-bottom: 1px dotted currentColor; cursor: help; }
.badge { font-size: .85em; border: 1px solid var(--border-color-primary); border-radius: 9px; padding: 0 .45em; }
.conflict, .conflict-badge { color: #8a4b00; }
.dark .conflict, .dark .conflict-badge { color: #fbbf24; }
.conflict { margin-top: .4em; }
.ent { border-bottom: 1px solid currentColor; cursor: pointer; }
.ent:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 1px; }
/* The bridge between a name clicked in the conversation and its page: not for eyes. */
#entity-open { display: none !important; }
#assumed label { border-radius: 12px; }
"""

# Run once when the page loads: a citation chip opens its article (by picking the source
# whose card supports that [n]), and Escape closes the article. Reads only the page's own
# labels; sets no HTML.
UI_JS = """
() => {
  document.addEventListener('click', (event) => {
    const chip = event.target.closest('#chat .chip');
    const n = chip && (chip.textContent.match(/\\d+/) || [])[0];
    if (!n) return;
    event.stopPropagation();  // not also a click on the message, which would pick it anew
    for (const label of document.querySelectorAll('#source-pick label')) {
      const cited = label.textContent.match(/^\\s*\\[([\\d, ]+)\\]/);
      if (cited && cited[1].split(',').map((x) => x.trim()).includes(n)) { label.click(); break; }
    }
  }, true);
  // A name in an answer opens its entity page: the name goes to a hidden field the UI reads.
  const openEntity = (name) => {
    const box = document.querySelector('#entity-open textarea');
    if (!box || !name) return;
    box.value = name;
    box.dispatchEvent(new Event('input', {bubbles: true}));
  };
  document.addEventListener('click', (event) => {
    const name = event.target.closest('#chat .ent');
    if (!name) return;
    event.stopPropagation();
    openEntity(name.title.replace(/^Open the page of /, ''));
  }, true);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') document.querySelector('#article-close')?.click();
    const name = (event.key === 'Enter' || event.key === ' ') && event.target.closest?.('#chat .ent');
    if (name) { event.preventDefault(); openEntity(name.title.replace(/^Open the page of /, '')); }
  });
}
"""

# -- escaping and highlighting ---------------------------------------------------------------

# One pass over the text: HTML's specials and Markdown's (and gradio templates'). Two passes
# would escape the first one's output ("'" → "&#x27;" → "&&#35;x27;", shown as "&#x27;").
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                          "{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;", "\\": "&#92;",
                          "*": "&#42;", "_": "&#95;", "[": "&#91;", "]": "&#93;", "#": "&#35;",
                          "|": "&#124;", "~": "&#126;"})


def esc(text: object) -> str:
    """Text made inert as HTML and as Markdown (also ``{``, ``$``: gradio templates).

    >>> esc("<script>x</script> *a* {{b}}")
    '&lt;script&gt;x&lt;/script&gt; &#42;a&#42; &#123;&#123;b&#125;&#125;'
    """
    return ("" if text is None else str(text)).translate(_ESCAPES)


def one_line(text: str) -> str:
    return " ".join(text.split())


def mark(text: str, start: int, end: int) -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in ``<mark>``.

    >>> mark("a <b> c", 2, 5)
    'a <mark>&lt;b&gt;</mark> c'
    """
    start, end = max(0, start), min(len(text), end)
    if end <= start:
        return esc(text)
    return f"{esc(text[:start])}<mark>{esc(text[start:end])}</mark>{esc(text[end:])}"


def quote_span(passage: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``passage`` (verbatim, else after normalisation)."""
    if not quote:
        return None
    at = passage.find(quote)
    if at >= 0:
        return at, at + len(quote)
    from ..text.normalise import find_quote

    return find_quote(passage, quote)


def meta_line(title: str | None, outlet: str | None, date: str | None, source: str,
              lines: tuple[int, int]) -> str:
    """``Outlet · Title · date · file lines a–b``, escaped."""
    parts = [f"<b>{esc(outlet)}</b>" if outlet else "", f"<i>{esc(title or '(untitled)')}</i>",
             esc(date) if date else ""]
    where = f"<code>{esc(source)}</code> lines {lines[0]}–{lines[1]}"
    return " · ".join(p for p in [*parts, where] if p)


def passage_snippet(passage: str, span: tuple[int, int] | None, context: int = CONTEXT_CHARS) -> str:
    """The quote highlighted inside the passage around it, on one line, escaped."""
    if span is None:
        text = one_line(passage)
        return esc(text[: 2 * context] + ("…" if len(text) > 2 * context else ""))
    a, b = span
    lo, hi = max(0, a - context), min(len(passage), b + context)
    before, quoted, after = passage[lo:a], passage[a:b], passage[b:hi]
    return (("…" if lo > 0 else "") + esc(one_line(before) + (" " if before[-1:].isspace() else ""))
            + f"<mark>{esc(one_line(quoted))}</mark>"
            + esc((" " if after[:1].isspace() else "") + one_line(after)) + ("…" if hi < len(passage) else ""))


# -- answers and their sources ---------------------------------------------------------------

def sources_of(answer: Answer) -> list[dict[str, Any]]:
    """What to show under an answer: each citation (or, when it did not answer, the
    closest passages), with the passage it came from and where the quote sits in it."""
    out: list[dict[str, Any]] = []
    if answer.citations:
        for c in answer.citations:
            hit = answer.hits[c.n - 1] if 0 < c.n <= len(answer.hits) else None
            passage = hit.text if hit else c.quote
            out.append({"n": c.n, "hit": hit, "passage": passage, "quote": c.quote,
                        "span": quote_span(passage, c.quote), "title": c.title, "outlet": c.outlet,
                        "date": c.date, "source": c.source, "lines": c.lines})
    else:
        for n, hit in enumerate(answer.hits[:3], 1):
            out.append({"n": n, "hit": hit, "passage": hit.text, "quote": "", "span": None,
                        "title": hit.title, "outlet": hit.outlet, "date": hit.date,
                        "source": hit.source, "lines": hit.lines})
    return out


def cards_of(answer: Answer) -> list[dict[str, Any]]:
    """One card per article under an answer: its entries (``sources_of``) grouped by file
    and record, in the order the answer first cites them."""
    cards: dict[tuple[str, int | None], dict[str, Any]] = {}
    for s in sources_of(answer):
        hit = s["hit"]
        card = cards.setdefault((s["source"], hit.record if hit else None), {
            "entries": [], "hit": hit, "title": s["title"], "outlet": s["outlet"], "date": s["date"],
            "source": s["source"], "copies": hit.copies if hit else (),
            "section": hit.section if hit else "body"})
        card["entries"].append(s)
    return list(cards.values())


def answer_markdown(answer: Answer, names: Mapping[str, str] | None = None) -> str:
    """The chat message for an answer: the short answer, the text with a chip for each
    ``[n]`` (hover: the quote, its outlet and date, whether it was found in its passage),
    what the reports disagree about, then one card per article (copies folded in).
    ``names`` (a spelling → the entity it names) turns those names into links to the
    entity's page."""
    entries: dict[int, list[dict[str, Any]]] = {}
    for s in sources_of(answer) if answer.citations else []:
        entries.setdefault(s["n"], []).append(s)
    text = _CHIP.sub(lambda m: _chip(int(m.group(1)), entries), _named(esc(answer.text), names))
    text = text.replace("\n", "<br>")
    if answer.short and answer.short != answer.text:  # the answer itself first, its evidence after
        text = f'<div class="short"><b>{_named(esc(answer.short), names)}</b></div>{text}'
    gives = {n: (c.about.split(":")[0], v.value) for c in answer.conflicts for v in c.values for n in v.citations}
    if answer.conflicts:
        text += "".join('<div class="conflict">⚠ The reports disagree on the ' + esc(c.about.split(":")[0]) + ": "
                        + " against ".join(f"{esc(v.value)} ({', '.join(f'[{n}]' for n in v.citations)})"
                                           for v in c.values) + "</div>" for c in answer.conflicts)
    cards = [_card(card, gives) for card in cards_of(answer)]
    head = "Sources" if answer.citations else "Closest passages (none answers the question)"
    block = f'<div class="sources"><div class="src-meta"><b>{head}</b> — one card per article; open one ' \
            "below to read it</div>" + "".join(cards) + "</div>"
    notes = ""
    if answer.notes:
        notes = '<div class="notes">Removed by the citation check: ' + \
            "; ".join(esc(n) for n in answer.notes) + "</div>"
    return f"{text}\n\n{block}{notes}" if cards else f"{text}\n\n{notes}" if notes else text


_CHIP = re.compile(r"&#91;(\d+)&#93;")
ENTITY_LINK = "Open the page of "


def _named(text: str, names: Mapping[str, str] | None) -> str:
    """Escaped ``text`` with each spelling of ``names`` found in it (whole words, longest
    first) wrapped as a link to its entity's page. The chat keeps a span's ``title`` but
    drops ``data-`` attributes, so the entity's name rides in the title, read by ``UI_JS``."""
    if not names:
        return text
    spelled = {esc(n): esc(e) for n, e in names.items() if len(n) > 1 and n[:1].isupper()}
    if not spelled:
        return text
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(spelled, key=len, reverse=True))
                         + r")(?![\w])")
    return pattern.sub(lambda m: f'<span class="ent" role="button" tabindex="0" '
                                 f'title="{ENTITY_LINK}{spelled[m.group(1)]}">{m.group(1)}</span>', text)


def _chip(n: int, entries: dict[int, list[dict[str, Any]]]) -> str:
    quoted = entries.get(n)
    if not quoted:
        return f"&#91;{n}&#93;"
    s = quoted[0]
    found = "✓ found in the passage" if all(e["span"] is not None for e in quoted) else "✗ not found in the passage"
    tip = " … ".join(f"“{one_line(e['quote'])}”" for e in quoted) + " — " + \
        ", ".join(x for x in (s["outlet"], s["date"], s["source"]) if x) + f" · {found}"
    return f'<span class="chip" title="{esc(tip)}">&#91;{n}&#93;</span>'


def _card(card: dict[str, Any], gives: dict[int, tuple[str, str]]) -> str:
    ns = [e["n"] for e in card["entries"]]
    badges = []
    if card["section"] == "sidebar":
        badges.append('<span class="badge">sidebar, not the story</span>')
    if card["copies"]:
        names = "; ".join(f"{c.outlet or c.source}{', ' + c.date if c.date else ''}" for c in card["copies"])
        badges.append(f'<span class="badge" title="{esc("Also printed by: " + names)}">+{len(card["copies"])} '
                      f'cop{"y" if len(card["copies"]) == 1 else "ies"}</span>')
    for kind, value in dict.fromkeys(gives[n] for n in ns if n in gives):
        badges.append(f'<span class="badge conflict-badge">⚠ gives the {esc(kind)} {esc(value)}</span>')
    meta = " · ".join(x for x in (f"<b>{esc(card['outlet'])}</b>" if card["outlet"] else "",
                                  f"<i>{esc(card['title'] or '(untitled)')}</i>",
                                  esc(card["date"]) if card["date"] else "") if x)
    rows = "".join(f'<div class="src-passage">[{e["n"]}] <code>{esc(e["source"])}</code> lines '
                   f'{e["lines"][0]}–{e["lines"][1]}: {passage_snippet(e["passage"], e["span"])}</div>'
                   for e in card["entries"])
    supports = " ".join(f"[{n}]" for n in dict.fromkeys(ns))
    return (f'<div class="src card"><div class="src-meta">{meta} {" ".join(badges)}'
            f' <span class="supports">supports {supports}</span></div>{rows}</div>')


def source_label(card: dict[str, Any]) -> str:
    title = one_line(card["title"] or "(untitled)")
    title = title if len(title) <= 70 else title[:69] + "…"
    ns = ", ".join(str(n) for n in dict.fromkeys(e["n"] for e in card["entries"]))
    return f"[{ns}] {title} — {card['source']}" + (f" (+{len(card['copies'])} copies)" if card["copies"] else "")


def article_html(title: str | None, outlet: str | None, date: str | None, source: str,
                 lines: tuple[int, int], text: str, passage: tuple[int, int],
                 quote: tuple[int, int] | None) -> str:
    """The whole article, escaped, the passage shaded and the quote marked inside it."""
    a, b = passage
    body = esc(text[:a]) + '<span class="passage">'
    if quote is not None:
        qa, qb = quote
        body += esc(text[a:qa]) + f"<mark>{esc(text[qa:qb])}</mark>" + esc(text[qb:b])
    else:
        body += esc(text[a:b])
    body += "</span>" + esc(text[b:])
    return (f'<div class="article-head">{meta_line(title, outlet, date, source, lines)}</div>'
            f'<div class="article-text">{body}</div>')


# -- the index and indexing ------------------------------------------------------------------

def info_markdown(info: IndexInfo | None, index_dir: Path) -> str:
    if info is None or info.chunks == 0:
        return f"**Nothing indexed yet** in <code>{esc(index_dir)}</code>."
    outlets = ", ".join(esc(o) for o in info.outlets[:12]) + (" …" if len(info.outlets) > 12 else "")
    return (f"**{info.files}** files ({info.documents} articles), **{info.chunks}** chunks  \n"
            f"Dates: {esc(info.date_first or '?')} to {esc(info.date_last or '?')}  \n"
            f"Model: <code>{esc(info.embed_model)}</code> ({info.dimension} dimensions)  \n"
            f"Outlets: {outlets or '(none named)'}  \n"
            f"Corpus folder: <code>{esc(info.root)}</code>  \nIndex: <code>{esc(info.index_dir)}</code>"
            + ("" if info.complete else "  \n⚠ the last indexing run did not finish: re-index"))


def report_markdown(report: IndexReport, saved: Sequence[str] = ()) -> str:
    lines = [f"Saved {len(saved)} file(s): " + ", ".join(f"<code>{esc(s)}</code>" for s in saved)] if saved else []
    lines.append(f"Indexed: {len(report.files_added)} added, {len(report.files_updated)} updated, "
                 f"{len(report.files_removed)} removed, {len(report.files_unchanged)} unchanged, "
                 f"{len(report.files_skipped)} skipped; {report.chunks_embedded} chunks embedded, "
                 f"{report.chunks_total} in the index ({report.seconds:.1f}s).")
    lines += [f"- skipped <code>{esc(s.source)}</code>: {esc(s.reason)}" for s in report.files_skipped[:20]]
    lines += [f"- warning: {esc(w)}" for w in report.warnings[:20]]
    return "\n".join(lines)


def parse_filters(since: str | None, until: str | None, outlets: Sequence[str] | None,
                  sources: Sequence[str] | None) -> Filters:
    """Filters from the UI's fields; ConfigError names a bad date."""
    dates: list[dt.date | None] = []
    for label, value in (("From", since), ("To", until)):
        value = (value or "").strip()
        try:
            dates.append(dt.date.fromisoformat(value) if value else None)
        except ValueError:
            raise ConfigError(f"{label} date {value!r} is not a date; use YYYY-MM-DD") from None
    if dates[0] and dates[1] and dates[0] > dates[1]:
        raise ConfigError("the From date is after the To date; swap them")
    return Filters(dates[0], dates[1], tuple(outlets or ()), tuple(s for s in (sources or ()) if s))


__all__ = ["UI_CSS", "UI_JS", "answer_markdown", "article_html", "cards_of", "esc", "info_markdown", "mark", "one_line",
           "parse_filters", "passage_snippet", "report_markdown", "source_label", "sources_of"]
