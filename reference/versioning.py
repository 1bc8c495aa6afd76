"""The library version: a number that moves on whenever published content changes.

The counter and the functions that read and move it live with its model (``reference/models/library.py``),
so the models that bump it never import this module; everything else imports them from here.
"""

from reference.models.library import bump_library_version, current_library_version, one_version_change

__all__ = ["bump_library_version", "current_library_version", "one_version_change"]
