"""Helpers for the webhook tests: a real HTTP receiver on 127.0.0.1 with scripted answers, and a fake
customer DNS. The test modules wrap them in fixtures.

The receiver stands in for a customer's server (outside our system, so standing in for it is fair);
the same class serves as the *canary*: a server that must never be reached.
"""

import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # read the request, then drop the connection with a TCP reset instead of answering


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _handle(self) -> None:
        receiver: Receiver = self.server.receiver  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        receiver.requests.append(
            Received(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        reply = receiver.script.pop(0) if receiver.script else receiver.default
        if reply.delay:
            time.sleep(reply.delay)
        if reply.reset:
            reset_connection(self)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)

    do_POST = do_GET = do_PUT = _handle

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


def reset_connection(handler: BaseHTTPRequestHandler) -> None:
    """Close the handler's connection with a TCP RST (SO_LINGER 0), as a crashing server or a proxy does."""
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A client that gave up (our timeout test) leaves a broken pipe here: expected, not news.
        pass


class Receiver:
    """Listens on 127.0.0.1:<free port>; ``script`` answers requests in order, then ``default``."""

    def __init__(self, ssl_context=None) -> None:
        self.requests: list[Received] = []
        self.script: list[Reply] = []
        self.default = Reply()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.receiver = self  # type: ignore[attr-defined]
        if ssl_context is not None:  # an https receiver
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


class FakeDNS:
    """Answers for chosen names (the customer's DNS is outside our system); other names resolve normally.

    ``answers[name]`` is a list of addresses, or a callable returning one per lookup (to play a
    rebinding attacker); an empty list means the name does not resolve.
    """

    def __init__(self) -> None:
        self.answers: dict = {}
        self.lookups: list[str] = []


def install_fake_dns(monkeypatch) -> FakeDNS:
    """Route ``socket.getaddrinfo`` through a :class:`FakeDNS` for this test (undone by ``monkeypatch``)."""
    dns = FakeDNS()
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in dns.answers:
            return real(host, port, *args, **kwargs)
        dns.lookups.append(name)
        answer = dns.answers[name]
        addresses = answer() if callable(answer) else answer
        if not addresses:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port or 0, 0, 0))
            if ":" in a
            else (socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
            for a in addresses
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return dns
