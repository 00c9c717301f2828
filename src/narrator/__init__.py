"""narrator: turn written text into podcast episodes."""

__version__ = "0.1.0"
