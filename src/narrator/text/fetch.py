"""Fetch a web page by its http(s) URL: bounded in size and time, retried when that may help.

Redirects are followed only to http(s) addresses of the same site (the same host, "www." aside,
on the same port or the scheme's own), so that a page cannot send narrator to another host, a
service on another port of this machine, or an ftp:// address; such a redirect is refused,
naming where it led. The whole answer, headers included, must arrive within URL_TIMEOUT_S."""

from __future__ import annotations

import re
from pathlib import Path

from narrator.core.errors import InputError
from narrator.core.isolate import DeadlinePassed, within_deadline
from narrator.core.formats import HTML, PLAIN_TEXT, UNKNOWN_MIME

URL_TIMEOUT_S = 20.0
"""How long a page may take to arrive, headers and body, in seconds."""
URL_MAX_BYTES = 10 * 1024 * 1024
"""Pages larger than this are refused rather than read into memory."""
URL_RETRY_DELAYS_S = (0.5, 1.0)
MAX_REDIRECTS = 10
PAGE_TYPES = {*HTML.mime_types, *PLAIN_TEXT.mime_types}
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_url(text: str | Path) -> bool:
    return isinstance(text, str) and bool(re.match(r"^https?://", text, re.I))


def printable(text: str, limit: int = 200) -> str:
    """Text from a server or a user as one safe line: control characters shown as escapes,
    cut at `limit` characters."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]",
                  lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
    return text if len(text) <= limit else text[:limit] + "…"


def _site(url: str) -> tuple[str, str, int]:
    """(scheme, host without "www.", port) of an http(s) URL; InputError when it is not one."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise InputError(f"not a valid address ({error})", printable(url)) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise InputError("not a valid http(s) address", printable(url))
    host = parts.hostname.lower()
    return scheme, host[4:] if host.startswith("www.") else host, port or DEFAULT_PORTS[scheme]


def same_site(first: str, second: str) -> bool:
    """Whether `second` is on the site of `first`: same host ("www." aside), same port or
    each scheme's own port (http to https is an upgrade, not another site)."""
    a, b = _site(first), _site(second)
    if a[1] != b[1]:
        return False
    return a[2] == b[2] or (a[2] == DEFAULT_PORTS[a[0]] and b[2] == DEFAULT_PORTS[b[0]])


class _Refused(Exception):
    """A redirect narrator does not follow (its message says where it led)."""


def _opener():
    import urllib.request

    class SameSiteRedirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def http_error_302(self, req, fp, code, msg, headers):
            from urllib.parse import urljoin

            target = headers.get("Location") or headers.get("URI")
            if target:
                newurl = urljoin(req.full_url, target)
                try:
                    allowed = same_site(req.full_url, newurl)
                except InputError:
                    allowed = False
                if not allowed:
                    raise _Refused(f"redirected to {printable(newurl)}, another site: narrator "
                                   "follows redirects only within a site (add that address "
                                   "itself if you trust it)")
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    return urllib.request.build_opener(SameSiteRedirects)


def fetch_url(url: str) -> tuple[bytes, str, str]:
    """The body, content type and final address (after redirects) of a web page; InputError
    naming the URL when it fails."""
    import http.client
    import time
    import urllib.error
    import urllib.request

    from narrator.core.version import __version__

    _site(url)
    request = urllib.request.Request(url, headers={
        "User-Agent": f"narrator/{__version__} (+https://github.com/narrator)",
        "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"})
    timeout, max_bytes, retry_delays = URL_TIMEOUT_S, URL_MAX_BYTES, URL_RETRY_DELAYS_S
    opener = _opener()
    problem = ""
    for attempt in range(len(retry_delays) + 1):
        if attempt:
            time.sleep(retry_delays[attempt - 1])
        try:
            return within_deadline(timeout + 1.0, lambda: _attempt(opener, request, timeout,
                                                                   max_bytes, url))
        except _Refused as error:
            raise InputError(str(error), printable(url)) from None
        except urllib.error.HTTPError as error:
            if 300 <= error.code < 400:
                raise InputError(f"too many redirects (a loop?): gave up after {MAX_REDIRECTS}",
                                 printable(url)) from None
            problem = f"HTTP {error.code} {printable(error.reason, 80)}"
            if error.code not in (408, 429) and error.code < 500:
                break  # the page is not there; asking again will not change that
        except (_Timeout, DeadlinePassed):
            problem = "timed out"
        except http.client.IncompleteRead as error:
            problem = f"the answer stopped short ({len(error.partial):,} bytes of it came)"
        except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException,
                ValueError) as error:
            reason = getattr(error, "reason", error)
            problem = "timed out" if isinstance(reason, TimeoutError) or "timed out" in str(
                reason) else f"cannot connect ({printable(reason, 120) or type(reason).__name__})"
    tries = attempt + 1
    raise InputError(f"could not fetch the page: {problem}"
                     + (f" (after {tries} tries)" if tries > 1 else ""), printable(url))


def _attempt(opener, request, timeout: float, max_bytes: int, url: str):
    import time

    deadline = time.monotonic() + timeout
    with opener.open(request, timeout=timeout) as response:
        # No Content-Type at all: "text/plain" by default, but the body says (sniffed by the
        # reader).
        kind = response.headers.get_content_type() \
            if response.headers.get("Content-Type") else UNKNOWN_MIME
        if kind not in PAGE_TYPES and kind != UNKNOWN_MIME:
            raise InputError(f"not a web page or text (the server sent {printable(kind, 80)})",
                             printable(url))
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise InputError(f"page is {int(length):,} bytes, over the "
                             f"{max_bytes:,}-byte limit", printable(url))
        return _read_body(response, max_bytes, deadline, url), kind, response.geturl()


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
            raise InputError(f"page is over the {max_bytes:,}-byte limit", printable(url))
    data = b"".join(chunks)
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and len(data) < int(length):
        raise http.client.IncompleteRead(data, int(length) - len(data))
    return data
