"""examgen: randomized, verified practice problems and exams for multimedia signal processing."""

__version__ = "0.1.0"
