"""Distributing rule packs: archives, signatures, trust, version pins, the lock file and diffs.

The modules below ``lang`` (``versions``, ``archive``, ``minisign``, ``sources``) import nothing of
the rule language, so ``lang.packs`` can read archives and installed packs through them; the
modules above it (``trust``, ``lock``, ``provenance``, ``diff``) work on loaded packs.
"""
