"""Fetch a web page by its http(s) URL: bounded in size and time, retried when that may help."""

from __future__ import annotations

import re
from pathlib import Path

from narrator.core.errors import InputError

URL_TIMEOUT_S = 20.0
"""How long a page may take to arrive, in seconds."""
URL_MAX_BYTES = 10 * 1024 * 1024
"""Pages larger than this are refused rather than read into memory."""
URL_RETRY_DELAYS_S = (0.5, 1.0)
PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}


def is_url(text: str | Path) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://", text, re.I))


def fetch_url(url: str) -> tuple[bytes, str]:
    """The body and content type of a web page; InputError naming the URL when it fails."""
    import http.client
    import time
    import urllib.error
    import urllib.request

    from narrator.core.version import __version__

    request = urllib.request.Request(url, headers={
        "User-Agent": f"narrator/{__version__} (+https://github.com/narrator)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"})
    timeout, max_bytes, retry_delays = URL_TIMEOUT_S, URL_MAX_BYTES, URL_RETRY_DELAYS_S
    problem = ""
    for attempt in range(len(retry_delays) + 1):
        if attempt:
            time.sleep(retry_delays[attempt - 1])
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                # No Content-Type at all: "text/plain" by default, but the body says (sniffed
                # by the reader).
                kind = response.headers.get_content_type() \
                    if response.headers.get("Content-Type") else "application/octet-stream"
                if kind not in PAGE_TYPES and kind != "application/octet-stream":
                    raise InputError(f"not a web page or text (the server sent {kind})", url)
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > max_bytes:
                    raise InputError(f"page is {int(length):,} bytes, over the "
                                     f"{max_bytes:,}-byte limit", url)
                return _read_body(response, max_bytes, time.monotonic() + timeout, url), kind
        except urllib.error.HTTPError as error:
            problem = f"HTTP {error.code} {error.reason}"
            if error.code not in (408, 429) and error.code < 500:
                break  # the page is not there; asking again will not change that
        except _Timeout:
            problem = "timed out"
        except http.client.IncompleteRead as error:
            problem = f"the answer stopped short ({len(error.partial):,} bytes of it came)"
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", error)
            problem = "timed out" if isinstance(reason, TimeoutError) or "timed out" in str(
                reason) else f"cannot connect ({reason or type(reason).__name__})"
    tries = attempt + 1
    raise InputError(f"could not fetch the page: {problem}"
                     + (f" (after {tries} tries)" if tries > 1 else ""), url)


class _Timeout(Exception):
    """The whole answer took longer than URL_TIMEOUT_S (a server sending a byte at a time)."""


def _read_body(response, max_bytes: int, deadline: float, url: str) -> bytes:
    """The body, read in pieces against one deadline for the whole of it."""
    import http.client
    import time

    chunks, size = [], 0
    while True:
        if time.monotonic() > deadline:
            raise _Timeout
        chunk = response.read1(64 * 1024)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"page is over the {max_bytes:,}-byte limit", url)
    data = b"".join(chunks)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and len(data) < int(length):
        raise http.client.IncompleteRead(data, int(length) - len(data))
    return data

