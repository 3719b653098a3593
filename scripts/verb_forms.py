"""Rebuild the packaged irregular verb forms (assistant/models/verb_forms.txt) from the
installed spaCy English pipeline's lemmatizer tables; see assistant/text/verbs.py for why.

    python scripts/verb_forms.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.knowledge.nlp import model_name, verb_exceptions
from assistant.text import verbs
from assistant.text.stemming import english

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "assistant/models" / verbs.PACKAGED))
    args = ap.parse_args()
    forms = verbs.irregular(verb_exceptions().items(), english().stem_word)
    verbs.write(args.out, forms, f"spaCy {model_name()}'s lemma_exc (verb)")
    print(f"wrote {args.out}: {len(forms)} forms")


if __name__ == "__main__":
    main()
