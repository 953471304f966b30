"""The rule language: its nouns, vocabulary, parser, descriptions in words, and rule packs."""
