"""Models shipped with the package: the learned ranker and the static word-piece vectors."""
