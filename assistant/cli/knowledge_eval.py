"""``assistant eval-knowledge``: score the knowledge layer (speakers of quotes, merged
entities, event dates) of one or more indexes against a labelled set.

What it does: reads the labels folder (``eval/knowledge/README.md``), the knowledge
store of each ``--index-dir`` (each labelled article is scored in the first index that
holds it), and the bodies of JSON records from the folder each index was built from;
prints the numbers, every miss with ``--verbose``, or the report as ``--json``.

What it does not: index anything (``assistant index`` does) or score (``evaluate.knowledge``
does). Library errors become one ``Error:`` line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .options import json_option, library_errors


@click.command("eval-knowledge")
@click.argument("labels_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--index-dir", "index_dirs", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="Index folder; repeat for several [env ASSISTANT_INDEX_DIR; default ./index].")
@click.option("--collection", "collections", multiple=True, metavar="NAME",
              help="Only the labels file(s) of this collection (their \"collection\" field); repeatable.")
@click.option("--verbose", "-v", is_flag=True, help="List every miss: file, line, expected and got.")
@json_option("Print the report as JSON (with --verbose, the misses too).")
def eval_knowledge_cmd(labels_dir: Path, index_dirs: tuple[Path, ...], collections: tuple[str, ...], verbose: bool,
                       as_json: bool) -> None:
    """Precision and recall of speaker attribution, entity merging and event dates on LABELS_DIR."""
    from ..config import resolve
    from ..errors import ConfigError
    from ..evaluate.knowledge import load_labels, read_system, score
    from ..indexing import manifest
    from ..ingest.sources import SourceTexts
    from ..knowledge.store import KnowledgeStore

    with library_errors():
        labels = [ls for ls in load_labels(labels_dir) if not collections or ls.collection in collections]
        if not labels:
            raise ConfigError(f"no labels file in {labels_dir} is of collection {', '.join(collections)}")
        wanted = {doc for ls in labels for doc in ls.docs}
        systems = []
        for index_dir in index_dirs or (resolve(index_dir=None).index_dir,):
            built = manifest.load(index_dir)
            if built is None:
                raise ConfigError(f"no index at {index_dir}; build one with: "
                                  f"assistant index PATH --index-dir {index_dir}")
            facts = read_system(index_dir, wanted, SourceTexts(built.root).text if built.root else None)
            if not KnowledgeStore(index_dir).resolved():
                # Mentions not merged (a run stopped before the end): no entity to score.
                raise ConfigError(f"the knowledge store in {index_dir} was not merged into entities by this "
                                  f"version's rules (an index run stopped early, or an older release merged "
                                  f"it); run assistant index on its folder again")
            systems.append(facts)
        report = score(labels, systems)
    if as_json:
        click.echo(json.dumps(report.to_json(verbose), ensure_ascii=False, indent=2))
    else:
        click.echo("\n".join(format_report(report.to_json(verbose=True), verbose)))


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_report(r: dict[str, Any], verbose: bool) -> list[str]:
    """The report as lines of text; the lists only when ``verbose``."""
    a, m, d, t = r["attribution"], r["merging"], r["dates"], r["targets"]
    met = {k: "met" if v else "NOT met" for k, v in r["targets_met"].items()}
    lines = [
        f"labelled articles scored: {r['articles']}" + (f" (not indexed: {len(r['not_indexed'])})"
                                                       if r["not_indexed"] else ""),
        f"speaker attribution: precision {_num(a['precision'])} ({a['correct']}/{a['system_quotes']} system quotes "
        f"with a speaker; target {t['attribution_precision']}, {met['attribution_precision']})",
        f"  recall {_num(a['recall'])} ({a['found']}/{a['labelled']} labelled quotes with a named speaker; "
        f"target {t['attribution_recall']}, {met['attribution_recall']})",
        "  recall by " + ", ".join(f"{k} {_num(v['recall'])} ({v['found']}/{v['labelled']})"
                                   for k, v in a["recall_by"].items()),
        f"  system quotes with no speaker: {a['unattributed']}; labelled quotes naming no speaker: "
        f"{a['unnamed_labelled']}; kind agreement {_num(a['kind_agreement'])}",
        f"entity merging: pairwise precision {_num(m['precision'])} ({m['merged_right']}/"
        f"{m['merged_right'] + m['merged_wrong']}), recall {_num(m['recall'])} ({m['merged_right']}/"
        f"{m['same_pairs']}); spellings recognised {m['recognised']}/{m['spellings']}",
        f"  different people merged: {len(m['people_merged'])} ({met['people_merged']})",
        *(f"    {' + '.join(p['labelled'])} → {p['system_entity']}" for p in m["people_merged"]),
        f"  labelled distinct pairs merged: {len(m['distinct_merged'])}",
        f"dates: found {_num(d['recall'])} ({d['found']}/{d['labelled']}), right date and precision "
        f"{_num(d['accuracy'])} ({d['correct']}/{d['found']}); system events matching no label: "
        f"{d['unlabelled_system']}",
    ]
    if verbose:
        lines += [f"not indexed: {x}" for x in r["not_indexed"]]
        lines += ["", "wrong attributions (where: expected | got):"]
        lines += [f"  {e['where']}: {', '.join(e['expected'])} | {e['got']} ({e['kind']})" for e in a["errors"]]
        lines += ["", "labelled quotes not found (where: expected | got near):"]
        lines += [f"  {e['where']}: {', '.join(e['expected'])} ({e['kind']}) | {', '.join(e['got'])}"
                  for e in a["misses"]]
        lines += ["", "labelled distinct pairs merged:"]
        lines += [f"  {' + '.join(p['labelled'])} → {p['system_entity']}" for p in m["distinct_merged"]]
        lines += ["", "entities split (labelled: system entities):"]
        lines += [f"  {s['labelled']}: {' | '.join(s['system_entities'])}" for s in m["splits"]]
        lines += ["", "spellings no system mention has:"] + [f"  {x}" for x in m["not_recognised"]]
        lines += ["", "dates (where date_text: expected | got):"]
        lines += [f"  {e['where']} {e['date_text']!r}: {e['expected']} | {e['got']}" for e in d["misses"]]
    return lines


@click.command("eval-copies")
@click.argument("corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="List every copy missed and every false merge.")
@json_option("Print the report as JSON.")
def eval_copies_cmd(corpus: Path, verbose: bool, as_json: bool) -> None:
    """Precision and recall of copy clustering on CORPUS, a JSON/JSONL collection whose
    records carry a ``story`` label (eval/copies/corpus.jsonl). Nothing is indexed."""
    from ..evaluate.copies import evaluate

    with library_errors():
        report = evaluate(corpus).to_json()
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    c, p, m, t = report["copies"], report["pairs"], report["margins"], report["targets_met"]
    lines = [
        f"records {report['records']}, stories {report['stories']}",
        f"copies joined to their original: {c['joined']}/{c['labelled']} (recall {_num(c['recall'])}; "
        f"target {report['targets']['copy_recall']}, {'met' if t['copy_recall'] else 'NOT met'})",
        f"pairs: recall {_num(p['recall'])} ({p['found']}/{p['true']}), precision {_num(p['precision'])} "
        f"({p['merged'] - len(report['false_merges'])}/{p['merged']})",
        f"false merges of different stories: {len(report['false_merges'])} "
        f"({'met' if t['false_merges'] else 'NOT met'})",
        f"containment: threshold {m['threshold']}, lowest of a true pair {_num(m['lowest_true_pair'])}, "
        f"highest of two different stories {_num(m['highest_different_pair'])}",
        f"seconds: shingles {report['seconds']['shingles']}, "
        f"clustering {report['seconds']['clustering']}",
    ]
    if verbose:
        lines += [f"  missed: record {x['record']} ({x['variant']}) of {x['story']}: {x['title']}"
                  for x in report["missed"]]
        lines += [f"  false merge: records {x['records']} ({' + '.join(x['stories'])}), containment {x['containment']}"
                  for x in report["false_merges"]]
    click.echo("\n".join(lines))
