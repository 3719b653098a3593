"""Reports that disagree (issue 15): a date two outlets give differently is surfaced with
both sides cited; wording that differs while the facts agree is no conflict; a copy is a
repeat, not a corroboration; the verification receipt checks every quote in its file.

Our own pages, indexed with the packaged MiniLM and the knowledge layer (the conflict
check reads the event dates the layer resolved and what a sentence is about)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import httpx
import pytest

import assistant
from assistant import Assistant

pytestmark = pytest.mark.slow

PAGES = {
    # Published on Monday 11 May 2026: "on Friday" is 8 May.
    "harbour-post.txt": (
        "date 2026-05-11 Harbour Post\n\nNew ferry route to Lissel confirmed\n\n"
        "Transport councillor Oona Vale announced the new ferry route to Lissel on Friday, ending months of "
        "talks with the island's operators.\n\n"
        "The route will carry up to 300 passengers a day from the old customs quay.\n"
    ),
    # Published on Tuesday 12 May 2026: "on 8 May", the same day.
    "island-times.txt": (
        "date 2026-05-12 Island Times\n\nLissel gets its ferry\n\n"
        "Oona Vale confirmed on 8 May that a ferry route to Lissel would open in the summer.\n\n"
        "Islanders had asked for a direct crossing for a decade. The ferry will carry three hundred "
        "passengers a day, and the operators said they would need three boats.\n"
    ),
    # Published on Monday 11 May 2026 too, but it says Saturday: 9 May.
    "coast-weekly.txt": (
        "date 2026-05-11 Coast Weekly\n\nFerry link for Lissel\n\n"
        "A ferry link between the town and Lissel will run from the summer, councillor Oona Vale announced "
        "on Saturday.\n\n"
        "Operators said they would need two boats for the route.\n"
    ),
    # A caption that dates something else Oona Vale did.
    "gallery.txt": (
        "date 2026-05-12 Harbour Post\n\nIn pictures: the regatta\n\n"
        "Councillor Oona Vale presents the regatta cup on the harbour steps, Sunday, May 10, 2026.\n\n"
        "Forty boats took part in the regatta this year.\n"
    ),
}


@pytest.fixture(scope="module")
def ferry(tmp_path_factory: pytest.TempPathFactory) -> tuple[Assistant, Path]:
    from conftest import write_corpus

    folder = tmp_path_factory.mktemp("ferry")
    corpus = write_corpus(folder / "corpus", PAGES)
    index = assistant.open_index(folder / "idx", create=True)  # the packaged MiniLM
    index.add(corpus)
    return Assistant(index), folder / "idx"


def test_two_days_for_one_announcement_are_a_conflict_with_both_sides_cited(ferry) -> None:
    bot, _ = ferry
    answer = bot.ask("On which day did Oona Vale announce the ferry route to Lissel?", k=6)
    assert answer.answered
    assert answer.short == "Friday 8 May 2026"  # two outlets, against one
    [conflict] = answer.conflicts
    values = {v.value: v.citations for v in conflict.values}
    assert list(values) == ["Friday 8 May 2026", "Saturday 9 May 2026"]
    by_n = {c.n: c.source for c in answer.citations}
    assert {by_n[n] for n in values["Friday 8 May 2026"]} == {"harbour-post.txt", "island-times.txt"}
    assert {by_n[n] for n in values["Saturday 9 May 2026"]} == {"coast-weekly.txt"}
    assert "Coast Weekly" in answer.text and "on Saturday" in answer.text
    assert "gallery.txt" not in {c.source for c in answer.citations}  # the caption is not a vote
    data = answer.to_json()
    assert data["conflicts"][0]["values"][1] == {"value": "Saturday 9 May 2026",
                                                 "citations": list(values["Saturday 9 May 2026"])}
    assert data["independent_sources"] == 3


def test_no_conflict_where_the_reports_agree(ferry, tmp_path: Path) -> None:
    bot, _ = ferry
    answer = bot.ask("How many passengers a day will the ferry route carry?", k=6)
    assert answer.answered and answer.conflicts == ()


def test_two_numbers_of_one_thing_are_a_conflict_and_one_number_in_two_wordings_is_not(ferry) -> None:
    bot, _ = ferry
    same = bot.ask("How many passengers a day will the ferry carry?", k=6)
    assert same.answered and same.conflicts == ()  # "300" and "three hundred" agree
    boats = bot.ask("How many boats would the operators need for the ferry route?", k=6)
    assert boats.answered
    [conflict] = boats.conflicts
    assert conflict.about.startswith("number: ")
    by_n = {c.n: c.source for c in boats.citations}
    sides = {v.value: {by_n[n] for n in v.citations} for v in conflict.values}
    assert sides == {"two": {"coast-weekly.txt"}, "three": {"island-times.txt"}}
    assert "Not every report gives that number" in boats.text


def test_amounts_are_read_as_numbers() -> None:
    from assistant.answer.conflicts import _amount

    assert _amount("80") == _amount("eighty") == _amount("80 companies") == 80
    assert _amount("1,200") == 1200 and _amount("3.5 million") == 3_500_000 and _amount("forty-two") == 42
    assert _amount("three hundred thousand") == 300_000 and _amount("$4 billion") == 4e9
    assert _amount("hundreds") is None and _amount("none") is None


def test_a_receipt_in_each_format_checks_every_quote(ferry, run_cli, tmp_path: Path) -> None:
    _, idx = ferry
    question = "On which day did Oona Vale announce the ferry route to Lissel?"
    for ext in ("md", "csv", "json"):
        out = run_cli("ask", question, "--index-dir", idx, "--receipt", tmp_path / f"r.{ext}")
        assert out.returncode == 0, out.stderr
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["all_verified"] is True and len(data["claims"]) >= 3
    assert all(c["verified"] and c["lines_verified"] for c in data["claims"])
    assert data["conflicts"] and data["conflicts"][0]["values"][0]["value"] == "Friday 8 May 2026"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8"))))
    assert [r["quote"] for r in rows] == [c["quote"] for c in data["claims"]]
    assert {r["verified"] for r in rows} == {"yes"}
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert md.count("Quote found in the file now: yes") == len(data["claims"])
    assert "Conflicts between reports" in md and "Saturday 9 May 2026" in md
    bad = run_cli("ask", question, "--index-dir", idx, "--receipt", tmp_path / "r.txt")
    assert bad.returncode != 0 and "name the file .md, .csv or .json" in bad.stderr


def test_a_receipt_says_when_a_quote_is_gone_from_its_file(ferry, tmp_path: Path) -> None:
    from assistant.answer.receipt import build

    bot, _ = ferry
    answer = bot.ask("How many passengers a day will the ferry route carry?", k=6)
    root = Path(bot.index.manifest.root)
    edited = tmp_path / "root"
    edited.mkdir()
    first = answer.citations[0]
    for name in PAGES:
        text = (root / name).read_text(encoding="utf-8")
        if name == first.source:  # the first quote's file, edited since it was indexed
            text = text.replace(" ".join(first.quote.split()[:4]), "The council said")
        (edited / name).write_text(text, encoding="utf-8")
    receipt = build(answer, edited)
    assert not receipt.verified
    assert not receipt.claims[0].verified and receipt.claims[0].lines_verified is False
    assert build(answer, root).verified


def test_corroborate_counts_a_copy_as_a_repeat(ferry, tmp_path: Path) -> None:
    from conftest import write_corpus

    bot, _ = ferry
    root = Path(bot.index.manifest.root)
    reprint = PAGES["harbour-post.txt"].replace("Harbour Post", "Valley Wire Service").replace(
        "2026-05-11", "2026-05-12") + "\nThis story was originally published by the Harbour Post.\n"
    write_corpus(root, {"wire/harbour-post-copy.txt": reprint})
    bot.index.add(root)
    found = bot.corroborate("The ferry route will carry up to 300 passengers a day")
    assert [r.hit.source for r in found.supporting] in (["harbour-post.txt"], ["wire/harbour-post-copy.txt"])
    assert len(found.repeats) == 1 and found.repeats[0].copy_of == found.supporting[0].hit.source
    against = bot.corroborate("The ferry route will carry up to 500 passengers a day")
    assert {r.hit.source for r in against.contradicting} & {"harbour-post.txt", "wire/harbour-post-copy.txt"}
    assert against.supporting == ()


def test_receipt_and_corroborate_through_the_http_api(ferry) -> None:
    from test_api import live_server

    from assistant.serve.app import create_app

    bot, _ = ferry
    with live_server(create_app(bot)) as url:
        question = {"question": "On which day did Oona Vale announce the ferry route to Lissel?", "k": 6}
        md = httpx.post(url + "/api/receipt", json={**question, "format": "md"}, timeout=60)
        assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
        assert 'filename="receipt.md"' in md.headers["content-disposition"]
        assert md.text.startswith("# Verification receipt: On which day")
        as_csv = httpx.post(url + "/api/receipt", json={**question, "format": "csv"}, timeout=60)
        assert as_csv.text.splitlines()[0].startswith("claim,quote,source")
        wrong = httpx.post(url + "/api/receipt", json={**question, "format": "pdf"}, timeout=60)
        assert wrong.status_code == 422 and "format" in wrong.text
        body = {"claim": "The ferry route will carry up to 300 passengers a day"}
        found = httpx.post(url + "/api/corroborate", json=body, timeout=60).json()
        assert found["independent_supporting"] == 1 and found["supporting"][0]["quote"]
        assert httpx.post(url + "/api/corroborate", json={"claim": "  "}, timeout=60).status_code == 422
        assert httpx.get(url + "/api/receipt", timeout=60).status_code == 405
