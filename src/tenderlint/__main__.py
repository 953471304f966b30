"""Entry point for ``python -m tenderlint``."""

from tenderlint.cli import main

main()
