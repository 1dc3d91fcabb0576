"""The one way HireScope calls URLs that someone else chose (STYLE rule 12): webhooks today.

A customer's URL is untrusted input that makes our servers send requests, so every call here:

- accepts only ``http``/``https`` URLs without credentials in them;
- reads IPv4 literals the way browsers and resolvers do (``2130706433``, ``0x7f000001``, ``0177.0.0.1``,
  ``127.1``), resolves names with ``getaddrinfo`` and refuses loopback, private, link-local, carrier-grade
  NAT, multicast, reserved and cloud-metadata addresses, also when wrapped in IPv6 (mapped, 6to4, NAT64);
- connects to the address it checked, never to a name, so a second DNS answer cannot swap in another
  address between check and connect (DNS rebinding); TLS still verifies the certificate for the name;
- never follows redirects, stops after ``timeout`` seconds overall and reads at most ``max_bytes``.

``allow_private=True`` lets loopback and private networks through, for local development and the test
receiver; cloud-metadata, multicast, unspecified and reserved addresses are refused even then.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DEFAULT_TIMEOUT = 15.0
MAX_RESPONSE_BYTES = 64 * 1024
USER_AGENT = "HireScope-Webhooks/1.0"

_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Instance-metadata services answer with credentials; never reachable, whatever the settings say.
_METADATA = [
    ipaddress.ip_network(network)
    for network in (
        "169.254.169.254/32",  # AWS, GCP, Azure, OpenStack, DigitalOcean
        "169.254.170.2/32",  # AWS ECS task credentials
        "168.63.129.16/32",  # Azure wire server (a public address)
        "100.100.100.200/32",  # Alibaba Cloud
        "192.0.0.192/32",  # Oracle Cloud
        "fd00:ec2::254/128",  # AWS over IPv6
    )
]
# Characters no legitimate URL needs and parsers disagree about (WHATWG reads "\" as "/").
_BAD_URL_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
# Characters a path or query keeps unescaped: RFC 3986's reserved and unreserved ones, and "%".
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"


class UnsafeURLError(ValueError):
    """The URL must not be called: not http(s), credentials in it, or a non-public address."""


class RequestFailed(Exception):
    """No HTTP response: ``kind`` is ``dns``, ``connect``, ``tls``, ``timeout``, ``reset`` or ``protocol``."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Target:
    """A checked URL: where to connect and what to ask for."""

    scheme: str
    host: str  # the name as the receiver knows it (Host header, TLS server name); an IP for literals
    port: int
    path: str  # path and query
    literal: IPAddress | None  # set when the URL names an address instead of a host

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes  # at most max_bytes
    elapsed_ms: int
    address: str  # the IP we connected to


def _ipv4_part(part: str) -> int:
    if part[:2].lower() == "0x":
        return int(part[2:] or "0", 16)
    if len(part) > 1 and part.startswith("0"):
        return int(part, 8)
    return int(part, 10)


def _ipv4_whatwg(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host like ``2130706433``, ``0x7f.1`` or ``0177.0.0.1`` stands for (WHATWG URL).

    Returns None for a host name. A host that ends in a number but is no valid address is refused:
    browsers and resolvers would not treat it as a name either.
    """
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    if not (last.isdigit() or re.fullmatch(r"0[xX][0-9a-fA-F]*", last)):
        return None
    try:
        if len(parts) > 4 or "" in parts:
            raise ValueError(host)
        numbers = [_ipv4_part(part) for part in parts]
        if any(number > 255 for number in numbers[:-1]) or numbers[-1] >= 256 ** (5 - len(numbers)):
            raise ValueError(host)
    except ValueError as exc:
        raise UnsafeURLError(f"'{host}' is neither a host name nor a valid IPv4 address.") from exc
    value = numbers[-1] + sum(number * 256 ** (3 - index) for index, number in enumerate(numbers[:-1]))
    return ipaddress.IPv4Address(value)


def url_parse(url: str) -> Target:
    """Check a URL's form (scheme, credentials, host, port) without resolving anything."""
    if not isinstance(url, str) or not url or len(url) > 2000:
        raise UnsafeURLError("Give an absolute http(s) URL of at most 2000 characters.")
    if _BAD_URL_CHARS.search(url):
        raise UnsafeURLError("The URL contains spaces, control characters or backslashes.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURLError(f"The URL cannot be parsed: {exc}.") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeURLError("Only http and https URLs can receive webhooks.")
    if "@" in parts.netloc:
        raise UnsafeURLError("Credentials in the URL are not allowed; authenticate with the signature.")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsafeURLError("The URL has no host.")
    literal: IPAddress | None
    if parts.netloc.split("]")[0].startswith("["):
        try:
            literal = ipaddress.IPv6Address(host)
        except ValueError as exc:
            raise UnsafeURLError(f"'{host}' is not a valid IPv6 address.") from exc
    else:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise UnsafeURLError(f"'{host}' is not a valid host name.") from exc
        literal = _ipv4_whatwg(host)
    if port == 0:
        raise UnsafeURLError("Port 0 cannot be called.")
    # The request line is ASCII: non-ASCII in the path or query is sent as UTF-8 percent-escapes, the
    # way a browser sends it; escapes already present and reserved characters are kept as they are.
    path = quote(parts.path or "/", safe=_URL_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_URL_SAFE)
    return Target(
        scheme=scheme,
        host=str(literal) if literal is not None else host.lower(),
        port=port or (443 if scheme == "https" else 80),
        path=path,
        literal=literal,
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries to the same host (mapped, 6to4, Teredo, NAT64, compatible)."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) >> 32 == 0 and int(address) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(address))
    return None


def address_refusal(address: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why we will not connect to ``address`` ("a loopback address"), or None when it is public (or allowed)."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(str(address).split("%")[0])
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return address_refusal(embedded, allow_private=allow_private)
    if any(address in network for network in _METADATA):
        return "a cloud metadata address"
    if address.is_unspecified:
        return "the unspecified address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_loopback:
        return None if allow_private else "a loopback address"
    if address.is_link_local:
        return None if allow_private else "a link-local address"
    if address.version == 4 and address in _CGNAT:
        return None if allow_private else "a carrier-grade NAT address"
    if address.is_private:
        # Python's is_private also covers documentation, benchmarking and other special ranges.
        return None if allow_private else "a private or special-purpose address"
    if address.is_reserved or not address.is_global:
        return "a reserved address"
    return None


def _resolve(target: Target) -> list[IPAddress]:
    if target.literal is not None:
        return [target.literal]
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise RequestFailed(f"{target.host} does not resolve: {exc}", kind="dns") from exc
    addresses: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise RequestFailed(f"{target.host} does not resolve", kind="dns")
    return addresses


def resolve_checked(target: Target, *, allow_private: bool = False) -> list[IPAddress]:
    """The addresses to connect to; refused if any answer is not public (a mixed answer is an attack)."""
    addresses = _resolve(target)
    for address in addresses:
        reason = address_refusal(address, allow_private=allow_private)
        if reason:
            where = f"{address} is" if target.literal is not None else f"{target.host} resolves to {address},"
            raise UnsafeURLError(f"{where} {reason}: only public addresses can be called.")
    return addresses


def url_check(url: str, *, allow_private: bool = False) -> Target:
    """Check a URL at registration: its form, and its addresses if the name resolves today.

    A name that does not resolve yet may be registered (its DNS may come later); every delivery
    checks again and sends nothing while the name does not resolve.
    """
    target = url_parse(url)
    with contextlib.suppress(RequestFailed):
        resolve_checked(target, allow_private=allow_private)
    return target


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a checked IP, with SNI and certificate verification for the URL's name."""

    def __init__(
        self, address: str, port: int, *, server_name: str, timeout: float, context: ssl.SSLContext | None
    ):
        super().__init__(address, port, timeout=timeout, context=context or ssl.create_default_context())
        self._server_name = server_name

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline reached")
    return left


def post(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_RESPONSE_BYTES,
    allow_private: bool = False,
    ssl_context: ssl.SSLContext | None = None,
) -> HttpResponse:
    """POST ``body`` to a checked address of ``url``; the answer, whatever its status (3xx included).

    ``ssl_context`` replaces the system's trusted CAs (tests, private CAs); the certificate is always
    verified, for the URL's host name.

    Raises :class:`UnsafeURLError` before any connection for a refused URL or address, and
    :class:`RequestFailed` when there is no HTTP answer within ``timeout`` seconds (overall).
    """
    target = url_parse(url)
    addresses = resolve_checked(target, allow_private=allow_private)
    started = time.monotonic()
    deadline = started + timeout
    last_error: Exception | None = None
    for address in addresses:
        try:
            connection: http.client.HTTPConnection
            if target.scheme == "https":
                connection = _PinnedHTTPSConnection(
                    str(address),
                    target.port,
                    server_name=target.host,
                    timeout=_remaining(deadline),
                    context=ssl_context,
                )
            else:
                connection = http.client.HTTPConnection(
                    str(address), target.port, timeout=_remaining(deadline)
                )
            try:
                connection.connect()
            except OSError as exc:
                if isinstance(exc, (TimeoutError, ssl.SSLError)):
                    raise
                last_error = exc  # refused or unreachable: the next checked address may answer
                connection.close()
                continue
            return _exchange(connection, target, str(address), body, headers, deadline, started, max_bytes)
        except TimeoutError as exc:
            raise RequestFailed(f"No answer within {timeout:g} s.", kind="timeout") from exc
        except ssl.SSLError as exc:  # includes certificate errors
            raise RequestFailed(f"TLS failed: {exc}", kind="tls") from exc
        except http.client.HTTPException as exc:
            raise RequestFailed(f"Invalid HTTP answer: {exc!r}", kind="protocol") from exc
        except OSError as exc:
            raise RequestFailed(f"Connection failed: {exc}", kind="connect") from exc
    raise RequestFailed(f"Connection failed: {last_error}", kind="connect")


def _exchange(
    connection: http.client.HTTPConnection,
    target: Target,
    address: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float,
    started: float,
    max_bytes: int,
) -> HttpResponse:
    try:
        sent_headers = {
            "Host": target.host_header,
            "User-Agent": USER_AGENT,
            "Connection": "close",
            **headers,
        }
        connection.request("POST", target.path, body=body, headers=sent_headers)
        # getresponse() may drop connection.sock (Connection: close); the response still reads from it.
        sock = connection.sock
        sock.settimeout(_remaining(deadline))
        response = connection.getresponse()
        chunks: list[bytes] = []
        received = 0
        while received < max_bytes and not response.isclosed():  # closed: the whole body was read
            sock.settimeout(_remaining(deadline))
            chunk = response.read(min(16384, max_bytes - received))
            if not chunk:
                break
            chunks.append(chunk)
            received += len(chunk)
        return HttpResponse(
            status=response.status,
            headers={name.lower(): value for name, value in response.getheaders()},
            body=b"".join(chunks),
            elapsed_ms=int((time.monotonic() - started) * 1000),
            address=address,
        )
    except ConnectionError as exc:
        # Connected, then dropped before a whole answer (a crash, a proxy's reset): unlike a connection
        # that never opened, the receiver may have taken the request, so the log must not say "connect".
        raise RequestFailed(f"The connection was closed before an answer: {exc}", kind="reset") from exc
    finally:
        # Never drain the rest: an endless body must not keep a worker busy.
        connection.close()
