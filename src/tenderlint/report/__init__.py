"""Output formats: one module each, chosen by name from ``FORMATS``."""
