"""tenderlint: policy-as-code for public-sector technology tenders and contracts."""

__version__ = "0.1.0"
