"""The knowledge layer end to end: entities merged across spellings, quotes with their
speakers, dated events, kept in step with the index (incremental, killed builds), and
read through the Python API, the CLI and the HTTP API. Articles are our own writing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import cli_env, write_corpus

import assistant
from assistant.knowledge.names import clean, fold, same_given, same_surname
from assistant.knowledge.store import FILENAME, KnowledgeStore

pytest.importorskip("spacy")

# Published Wednesday 11 June 2025: "on Friday" is 6 June, "on 28 May" this year.
ARTICLES = {
    "talks.txt": (
        "Ukraine and France agree on drone production\n"
        "June 11, 2025\n\n"
        "Defense Minister Rustem Umerov met French Minister of the Armed Forces Sébastien Lecornu in Kyiv "
        "on Friday.\n\n"
        "\u201cWe will build the drones together,\u201d Lecornu said after the meeting.\n\n"
        "Umerov said the first deliveries would arrive before winter.\n\n"
        "The two ministers first discussed the plan on 28 May in Brussels.\n"
    ),
    "wire.txt": (
        "Umierov signs a deal with Norway\n"
        "June 12, 2025\n\n"
        "Ukrainian Defense Minister Rustem Umierov signed a deal with Norwegian Defense Minister "
        "Tore Sandvik on Wednesday.\n\n"
        "\u201cNorway stands with Ukraine,\u201d Sandvik told reporters.\n\n"
        "Sebastian Lecornu, the French minister, was not present.\n"
    ),
    "barrots.txt": (
        "Two Barrots at the summit\n"
        "June 10, 2025\n\n"
        "Foreign Minister Jean-Noël Barrot opened the summit in Paris on Monday.\n\n"
        "The economist Pierre Barrot, who is not related to the minister, spoke later.\n\n"
        "\u201cThe budget must grow,\u201d Pierre Barrot said.\n"
    ),
}


@pytest.fixture(scope="module")
def knowledge_index(tmp_path_factory: pytest.TempPathFactory, tiny_model: str):
    root = tmp_path_factory.mktemp("kn")
    corpus = write_corpus(root / "corpus", ARTICLES)
    index = assistant.open_index(root / "idx", embed_model=tiny_model, create=True, ranker="none")
    index.add(corpus)
    return index, corpus


def _entity(index, name: str):
    found = index.entities(name=name)
    assert found, f"no entity named {name}"
    return found[0]


# -- names, one rule at a time ---------------------------------------------------------------

def test_a_mention_is_cleaned_of_titles_possessives_and_suffixes() -> None:
    assert clean("Defense Minister Rustem Umerov's", "person") == "Rustem Umerov"
    assert clean("the Renault Group", "org") == "Renault"
    assert fold("Sébastien") == "sebastien"
    # one letter of transliteration, five letters or more, same first letter
    assert same_surname("umerov", "umierov") and not same_surname("barrot", "parrot")
    assert same_given("sebastian", "sebastien") and same_given("s.", "sebastien")
    assert not same_given("jean-noel", "pierre")


def test_first_names_of_one_surname_pair_up_as_comparing_every_pair_would() -> None:
    import random

    from assistant.knowledge.names import _given_pairs

    rng = random.Random(7)
    stems = ["sebastian", "sebastien", "jean", "joan", "anna", "ana", "anne", "rustem", "rustam", "li", "lu"]
    names = set()
    for _ in range(400):  # variants, initials (with and without a dot) and a stray "."
        given = rng.choice([*stems, "s.", "j", "a.", ".", rng.choice(stems)[:-1] + rng.choice("aeiou")])
        names.add(f"{given} {rng.choice(['smith', 'smyth'])}{rng.randrange(3)}")
    names = sorted(names)
    every = {(a, b) for a in names for b in names if a < b and same_given(a.split()[0], b.split()[0])}
    assert set(_given_pairs(names)) == every and len(every) > 500


def test_entities_merge_spellings_and_keep_namesakes_apart(knowledge_index) -> None:
    index, _ = knowledge_index
    umerov = _entity(index, "Umerov")
    assert umerov.type == "person"
    # "Defense Minister Rustem Umerov met …" is beyond the small model's NER; "Umerov"
    # later in that article and "Rustem Umierov" in the other are one person.
    assert {"Rustem Umierov", "Umerov"} <= {umerov.name, *umerov.aliases}
    assert umerov.articles == 2 and set(umerov.sources) == {"talks.txt", "wire.txt"}
    lecornu = _entity(index, "Lecornu")
    assert {"Sébastien Lecornu", "Sebastian Lecornu"} <= {lecornu.name, *lecornu.aliases}
    assert _entity(index, "Sebastian Lecornu").id == lecornu.id  # any spelling finds it
    # Two Barrots whose first names differ are two people.
    barrots = [e for e in index.entities(type="person") if fold(e.name).endswith("barrot")]
    assert len(barrots) == 2, [b.name for b in barrots]


def test_quotes_have_their_speakers_and_are_verbatim(knowledge_index) -> None:
    index, corpus = knowledge_index
    by_lecornu = index.quotes(speaker="Lecornu")
    assert [q.quote for q in by_lecornu] == ["We will build the drones together"]
    q = by_lecornu[0]
    assert q.kind == "direct" and q.said_as == "Lecornu" and q.source == "talks.txt"
    lines = (corpus / "talks.txt").read_text(encoding="utf-8").splitlines()
    assert q.quote in lines[q.line_start - 1]
    sandvik = index.quotes(speaker="Sandvik")
    assert [s.quote for s in sandvik] == ["Norway stands with Ukraine"] and sandvik[0].verb == "told"
    # The economist said it, not the minister.
    pierre = index.quotes(speaker="Pierre Barrot")
    assert [p.quote for p in pierre] == ["The budget must grow"]
    assert not index.quotes(speaker="Jean-Noël Barrot")
    indirect = [q for q in index.quotes(speaker="Umerov") if q.kind == "indirect"]
    assert indirect and "first deliveries" in indirect[0].quote


def test_event_dates_resolve_against_the_publication_date(knowledge_index) -> None:
    index, _ = knowledge_index
    events = index.timeline("Umerov Lecornu drones meeting", k=10)
    by_text = {e.date_text: e for e in events}
    assert by_text["Friday"].date == "2025-06-06" and by_text["Friday"].precision == "day"
    assert by_text["28 May"].date == "2025-05-28"
    assert [e.date for e in events] == sorted(e.date for e in events), "oldest first"
    assert all(e.text in ARTICLES[e.source] for e in events), "each event's sentence is verbatim"


def test_search_by_entity_keeps_only_passages_mentioning_it(knowledge_index) -> None:
    index, _ = knowledge_index
    hits = index.search("minister", k=10, entity="Pierre Barrot")
    assert hits and {h.source for h in hits} == {"barrots.txt"}
    assert index.search("minister", k=10, entity="nobody at all") == []


# -- kept in step with the index -------------------------------------------------------------

def _sources(index_dir: Path) -> set[str]:
    return KnowledgeStore(index_dir).sources()


def test_changed_and_deleted_files_update_the_store(tmp_path: Path, tiny_model: str) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    idx = tmp_path / "idx"
    index = assistant.open_index(idx, embed_model=tiny_model, create=True, ranker="none")
    index.add(corpus)
    assert _sources(idx) == set(ARTICLES)
    (corpus / "wire.txt").write_text(ARTICLES["wire.txt"].replace("Sandvik told reporters", "Sandvik said"),
                                     encoding="utf-8")
    (corpus / "barrots.txt").unlink()
    report = index.add(corpus)
    assert report.files_updated == ["wire.txt"] and report.files_removed == ["barrots.txt"]
    assert _sources(idx) == {"talks.txt", "wire.txt"}
    assert [q.verb for q in index.quotes(speaker="Sandvik")] == ["said"]
    assert not [e for e in index.entities(type="person") if fold(e.name).endswith("barrot")]


def test_entities_merged_by_older_rules_are_merged_anew_by_the_next_index_run(tmp_path: Path,
                                                                             tiny_model: str) -> None:
    import sqlite3

    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    idx = tmp_path / "idx"
    index = assistant.open_index(idx, embed_model=tiny_model, create=True, ranker="none")
    index.add(corpus)
    right = {(e.name, e.type) for e in index.entities()}
    # A store as an older release left it: its own merge (here, every entity a place) and no rules version.
    with sqlite3.connect(idx / "knowledge.sqlite") as db:
        db.execute("UPDATE entities SET type = 'place'")
        db.execute("DELETE FROM meta WHERE key = 'resolver'")
    assert {e.type for e in index.entities()} == {"place"}
    report = index.add(corpus)  # nothing changed: nothing embedded, entities merged anew
    assert report.chunks_embedded == 0
    assert {(e.name, e.type) for e in index.entities()} == right


def test_an_index_built_without_the_layer_gains_it_without_embedding_again(tmp_path: Path, tiny_model: str,
                                                                          monkeypatch) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    idx = tmp_path / "idx"
    monkeypatch.setenv("ASSISTANT_KNOWLEDGE", "off")
    index = assistant.open_index(idx, embed_model=tiny_model, create=True, ranker="none")
    index.add(corpus)
    assert not (idx / FILENAME).exists()
    with pytest.raises(assistant.ConfigError, match="run assistant index"):
        index.entities()
    monkeypatch.delenv("ASSISTANT_KNOWLEDGE")
    report = index.add(corpus)
    assert report.chunks_embedded == 0 and sorted(report.files_unchanged) == sorted(ARTICLES)
    assert _entity(index, "Umerov").articles == 2


KILLED_BUILD = """
import sys, time
from pathlib import Path
import assistant.knowledge.store as store

corpus, index_dir, marker, model = sys.argv[1:5]
replace = store.KnowledgeStore.replace
calls = [0]

def slow_replace(self, source, facts):
    calls[0] += 1
    if calls[0] == 2:  # one file's facts are in; hold the second until the test kills us
        Path(marker).write_text("1")
        time.sleep(600)
    return replace(self, source, facts)

store.KnowledgeStore.replace = slow_replace
import assistant.indexing.build as build
build.EMBED_BATCH_CHUNKS = 1
sys.argv = ["assistant", "index", corpus, "--index-dir", index_dir, "--embed-model", model]
from assistant.cli.main import main
main()
"""


def test_a_build_killed_mid_way_leaves_the_store_consistent_and_resumes(tmp_path: Path, tiny_model: str) -> None:
    corpus = write_corpus(tmp_path / "corpus", ARTICLES)
    idx, marker = tmp_path / "idx", tmp_path / "one-file"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(corpus), str(idx), str(marker), tiny_model],
                            env=cli_env(), cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        while not marker.exists():
            assert proc.poll() is None, proc.communicate()[1].decode()[-2000:]
            assert time.monotonic() < deadline, "the build never stored its first file's facts"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    saved = json.loads((idx / "manifest.json").read_text())
    listed = set(saved["files"])
    stored = _sources(idx)
    # Facts are committed before the manifest lists a file: every listed file has them.
    assert listed <= stored and len(stored) == 1
    with sqlite3.connect(idx / FILENAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    resumed = assistant.open_index(idx, embed_model=tiny_model, ranker="none")
    resumed.add(corpus)
    clean_idx = assistant.open_index(tmp_path / "clean", embed_model=tiny_model, create=True, ranker="none")
    clean_idx.add(corpus)
    assert [e.to_json() for e in resumed.entities()] == [e.to_json() for e in clean_idx.entities()]
    assert [q.to_json() for q in resumed.quotes()] == [q.to_json() for q in clean_idx.quotes()]


# -- the CLI and the HTTP API ----------------------------------------------------------------

def test_cli_commands_print_the_contract_fields(knowledge_index, run_cli) -> None:
    index, _ = knowledge_index
    out = run_cli("entities", "--type", "person", "--json", "--index-dir", index.index_dir)
    assert out.returncode == 0, out.stderr
    people = json.loads(out.stdout)["entities"]
    assert set(people[0]) == {"id", "name", "type", "aliases", "mentions", "articles", "sources", "sections"}
    assert all(p["type"] == "person" for p in people)
    assert [p["mentions"] for p in people] == sorted((p["mentions"] for p in people), reverse=True)
    out = run_cli("quotes", "--speaker", "Lecornu", "--json", "--index-dir", index.index_dir)
    quote = json.loads(out.stdout)["quotes"][0]
    assert set(quote) == {"speaker", "speaker_id", "said_as", "quote", "kind", "verb", "source", "lines", "outlet",
                          "date", "title", "section"}
    out = run_cli("timeline", "drones", "--json", "--index-dir", index.index_dir)
    doc = json.loads(out.stdout)
    assert doc["query"] == "drones" and all(set(e) == {"date", "precision", "date_text", "text", "source", "lines",
                                                       "outlet", "published", "title"} for e in doc["events"])
    bad = run_cli("entities", "--type", "animal", "--index-dir", index.index_dir)
    assert bad.returncode == 2 and "animal" in bad.stderr


def test_http_api_serves_the_same_shapes(knowledge_index) -> None:
    from fastapi.testclient import TestClient

    from assistant.answer.assistant import Assistant
    from assistant.serve.app import create_app

    index, _ = knowledge_index
    client = TestClient(create_app(Assistant(index), ui=False), base_url="http://127.0.0.1")
    people = client.get("/api/entities", params={"type": "person"}).json()["entities"]
    assert people == [e.to_json() for e in index.entities(type="person")]
    quotes = client.get("/api/quotes", params={"speaker": "Lecornu"}).json()["quotes"]
    assert quotes == [q.to_json() for q in index.quotes(speaker="Lecornu")]
    timeline = client.post("/api/timeline", json={"query": "drones", "k": 5}).json()
    assert timeline["events"] == [e.to_json() for e in index.timeline("drones", k=5)]
    assert client.get("/api/entities", params={"type": "animal"}).status_code == 422
    assert client.get("/api/quotes", params={"since": "2025-07-01", "until": "2025-06-01"}).status_code == 422
    assert client.post("/api/timeline", json={"query": " "}).status_code == 422


def test_an_organisation_is_not_absorbed_by_a_person_whose_last_word_it_is() -> None:
    from assistant.knowledge.names import Mention, resolve

    def mention(i: int, text: str, kind: str, doc: str = "a") -> Mention:
        return Mention(i, doc, i * 10, text, kind, "body", f"{doc}.txt")

    # The model read boilerplate "Loading Brightwell" once as a person; "Brightwell" is an
    # organisation in every other article. "Okafor" read once as an organisation is a slip.
    mentions = [mention(1, "Loading Brightwell", "person", "x")]
    mentions += [mention(10 + i, "Brightwell", "org", f"d{i}") for i in range(6)]
    mentions += [mention(30, "Nadia Okafor", "person", "o"), mention(31, "Okafor", "person", "o"),
                 mention(32, "Okafor", "org", "o")]
    clusters = {c.key: c for c in resolve(mentions)}
    kinds = {m.text: c.kind for c in clusters.values() for m in c.members}
    assert kinds["Brightwell"] == "org"
    brightwell = next(c for c in clusters.values() if any(m.text == "Brightwell" for m in c.members))
    assert {m.text for m in brightwell.members} == {"Brightwell"}  # not merged into the junk person
    okafor = next(c for c in clusters.values() if any(m.text == "Nadia Okafor" for m in c.members))
    assert sorted(m.id for m in okafor.members) == [30, 31, 32]
    assert okafor.kind == "person"


def test_a_surname_two_people_of_a_story_share_is_the_one_not_called_by_first_name() -> None:
    from assistant.knowledge.names import Mention, resolve

    def mention(i: int, text: str, kind: str, doc: str) -> Mention:
        return Mention(i, doc, i * 10, text, kind, "body", f"{doc}.txt")

    # A story about Mara Lindqvist that calls her brother "Tomas": "Lindqvist" is Mara, also where the
    # model read it as a place. "Tomas" alone is the one Tomas the story names in full.
    story = [mention(1, "Mara Lindqvist", "person", "s"), mention(2, "Tomas Lindqvist", "person", "s"),
             mention(3, "Tomas", "person", "s"), mention(4, "Tomas", "person", "s"),
             mention(5, "Lindqvist", "person", "s"), mention(6, "Lindqvist", "place", "s")]
    # Where the brother is named alone only once (a line may break a name), or the family is three, or no one
    # is called by first name, a bare "Lindqvist" could be either and stays apart.
    once = [mention(11, "Mara Lindqvist", "person", "o"), mention(12, "Tomas Lindqvist", "person", "o"),
            mention(13, "Tomas", "person", "o"), mention(14, "Lindqvist", "person", "o")]
    three = [mention(21, "Mara Lindqvist", "person", "t"), mention(22, "Tomas Lindqvist", "person", "t"),
             mention(23, "Ebba Lindqvist", "person", "t"), mention(24, "Tomas", "person", "t"),
             mention(25, "Tomas", "person", "t"), mention(26, "Lindqvist", "person", "t")]
    # "Sam" of two Sams calls neither; a stray full name ("Echoing Lindqvist", a parse's slip) named once
    # beside a Lindqvist named three times is not the story's Lindqvist.
    sams = [mention(31, "Sam Lindqvist", "person", "u"), mention(32, "Sam Berg", "person", "u"),
            mention(33, "Eli Lindqvist", "person", "u"), mention(34, "Sam", "person", "u"),
            mention(35, "Sam", "person", "u"), mention(36, "Lindqvist", "person", "u")]
    stray = [mention(41, "Sam Lindqvist", "person", "v"), mention(42, "Sam Lindqvist", "person", "v"),
             mention(43, "Sam Lindqvist", "person", "v"), mention(44, "Echoing Lindqvist", "person", "v"),
             mention(45, "Sam", "person", "v"), mention(46, "Sam", "person", "v"),
             mention(47, "Lindqvist", "person", "v")]
    clusters = resolve(story + once + three + sams + stray)
    entity = {m.id: c for c in clusters for m in c.members}
    assert entity[5] is entity[1] and entity[6] is entity[1] and entity[1].kind == "person"
    assert entity[3] is entity[2] and entity[4] is entity[2] and entity[2] is not entity[1]
    assert entity[14] is not entity[11] and entity[14] is not entity[12]
    assert entity[26] not in (entity[21], entity[22], entity[23])
    assert entity[11] is entity[1] and entity[12] is entity[2]  # and the two stay two across stories
    assert entity[36] not in (entity[31], entity[33]) and entity[47] not in (entity[41], entity[44])
