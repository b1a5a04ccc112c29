"""Pavilion: international defence and security exhibitions, end to end."""

__version__ = "0.1.0"
