"""rekisteri: a static-site generator for a bilingual register of digitalisation work."""

__version__ = "0.1.0"
