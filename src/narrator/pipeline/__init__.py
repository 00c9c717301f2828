"""A build's phases, one step of data each: plan → make → release → publish (`run.py`), with the
manifest and the release fingerprint."""
