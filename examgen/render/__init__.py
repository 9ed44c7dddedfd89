"""Rendering of problems and exams through Jinja2, one module per output format."""
