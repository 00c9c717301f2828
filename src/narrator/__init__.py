"""narrator: turn written text into podcast episodes."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("narrator")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
