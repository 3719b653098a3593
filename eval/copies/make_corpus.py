"""Write the duplicate-detection corpus (``corpus.jsonl``) from our own stories.

``stories.jsonl`` holds 24 stories we wrote (fictional people and places): 10 topics
covered by two outlets each, written independently (the same event, names and figures,
other words: they must never merge), and 4 covered once; 4 of the 24 are short wire
briefs. Each story is printed again 1 to 3 times (the kinds in turn), the way reprints arrive:

- ``reprint``: another outlet's name and a day later, quotes straightened, a credit line
  ("This story was originally published by …") at the end;
- ``trimmed``: a middle paragraph dropped and the headline changed;
- ``extended``: a paragraph added at the end and every line re-wrapped at 58 columns;
- ``dateline``: another outlet's dateline put before the first paragraph;
- ``house``: edited to another house style ("says" for "said", American spellings,
  "percent") and the last sentence of the first paragraph cut.

Each record keeps the labels ``story`` (which story it prints) and ``variant``; the
collection loader ignores fields it does not know. Deterministic: run it again and the
file is byte for byte the same (a test checks that).

    python eval/copies/make_corpus.py            # writes eval/copies/corpus.jsonl
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
VARIANTS = ("reprint", "trimmed", "extended", "dateline", "house")
REPRINTERS = ("Valley Wire Service", "Northern Ledger", "Coastline Daily", "Metro Morning Post")
_HOUSE = ((" said", " says"), ("isation", "ization"), ("ised", "ized"), ("centre", "center"),
          ("per cent", "percent"), ("programme", "program"), ("neighbour", "neighbor"), ("—", "-"))
_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _later(date: str, days: int) -> str:
    return (dt.date.fromisoformat(date) + dt.timedelta(days=days)).isoformat()


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def variant(story: dict, kind: str, n: int) -> dict:
    """The ``kind`` printing of ``story``; ``n`` picks its outlet."""
    paras = _paragraphs(story["body"])
    outlet = REPRINTERS[n % len(REPRINTERS)]
    title = story["title"]
    if kind == "reprint":
        paras = [p.translate(_STRAIGHT) for p in paras]
        paras.append(f"This story was originally published by {story['outlet']}.")
    elif kind == "trimmed":
        del paras[len(paras) // 2]
        title = f"What we know: {title[0].lower()}{title[1:]}"
    elif kind == "extended":
        paras = ["\n".join(textwrap.wrap(p, 58)) for p in [*paras, story["extra_paragraph"]]]
    elif kind == "dateline":
        place = story["title"].split()[0].upper()
        paras[0] = f"{place} ({outlet}) — {paras[0]}"
    elif kind == "house":
        for old, new in _HOUSE:
            paras = [p.replace(old, new) for p in paras]
        first = paras[0].rsplit(". ", 1)
        paras[0] = first[0] + "." if len(first) == 2 else paras[0]
    else:
        raise ValueError(kind)
    return {"title": title, "body": "\n\n".join(paras), "source": outlet,
            "published_at": _later(story["published_at"], 1 + VARIANTS.index(kind)),
            "author": f"{outlet} staff", "story": story["id"], "variant": kind}


def build(stories: list[dict]) -> list[dict]:
    records = []
    for i, story in enumerate(stories):
        records.append({"title": story["title"], "body": story["body"], "source": story["outlet"],
                        "published_at": story["published_at"], "author": story["author"],
                        "story": story["id"], "topic": story["topic"], "variant": "original"})
        for j in range(1 + i % 3):
            kind = VARIANTS[(i + j) % len(VARIANTS)]
            records.append(variant(story, kind, i + j) | {"topic": story["topic"]})
    return records


def main(out: Path = HERE / "corpus.jsonl") -> None:
    stories = [json.loads(line) for line in (HERE / "stories.jsonl").read_text(encoding="utf-8").splitlines()
               if line.strip()]
    records = build(stories)
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    copies = sum(r["variant"] != "original" for r in records)
    print(f"{out}: {len(records)} records, {len(stories)} stories, {copies} copies")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "corpus.jsonl")
