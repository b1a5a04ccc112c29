"""Engines: plain Python, no Django. Each takes and returns dataclasses or JSON and has a CLI."""
