"""freelance-kg: a typed, evidence-backed knowledge graph of the freelance economy."""

__version__ = "0.1.0"
