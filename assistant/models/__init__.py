"""Models shipped with the package (the learned ranker)."""
