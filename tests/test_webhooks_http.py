"""hiresscope/http.py, the one outbound HTTP client: URL forms, the address policy, and connecting to the
checked address (with TLS verified for the name)."""

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from hiresscope import http
from tests.webhook_receiver import FakeDNS, Receiver, Reply, install_fake_dns


@pytest.fixture
def fake_dns(monkeypatch) -> FakeDNS:
    return install_fake_dns(monkeypatch)


@pytest.mark.parametrize(
    ("url", "host", "port", "path", "literal"),
    [
        ("https://Hooks.Example.com/in?a=1", "hooks.example.com", 443, "/in?a=1", None),
        ("http://hooks.example.com.:8080", "hooks.example.com", 8080, "/", None),
        ("http://bücher.example/x", "xn--bcher-kva.example", 80, "/x", None),
        ("http://2130706433/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://0x7f000001/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1", 80, "/", "127.0.0.1"),
        ("http://010.0.0.1/", "8.0.0.1", 80, "/", "8.0.0.1"),  # octal 010 is 8
        ("http://93.184.215.14./", "93.184.215.14", 80, "/", "93.184.215.14"),
        ("https://[2001:db8::1]:8443/x", "2001:db8::1", 8443, "/x", "2001:db8::1"),
    ],
)
def test_urls_are_read_as_browsers_read_them(url, host, port, path, literal):
    target = http.url_parse(url)
    assert (target.host, target.port, target.path) == (host, port, path)
    assert target.literal == (ipaddress.ip_address(literal) if literal else None)


def test_the_host_header_keeps_a_non_default_port_and_brackets():
    assert http.url_parse("https://a.example/").host_header == "a.example"
    assert http.url_parse("http://a.example:8080/").host_header == "a.example:8080"
    assert http.url_parse("http://[2001:db8::1]:81/").host_header == "[2001:db8::1]:81"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://a.example/",
        "http://user:pw@a.example/",
        "http://@a.example/",
        "http:///path",
        "http://a.example:0/",
        "http://a.example:99999/",
        "http://1.2.3.4.5/",
        "http://[::1/",
        "http://a.example/\x00",
        "http://a.example\\@b.example/",
        "",
    ],
)
def test_malformed_or_credentialed_urls_are_refused(url):
    with pytest.raises(http.UnsafeURLError):
        http.url_parse(url)


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8", "2002:808:808::1"]
)
def test_public_addresses_are_allowed(address):
    assert http.address_refusal(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    ("address", "private_allowance_lets_it_through"),
    [
        ("127.0.0.1", True),
        ("127.255.255.254", True),
        ("10.1.2.3", True),
        ("172.31.0.1", True),
        ("192.168.0.1", True),
        ("100.64.0.1", True),
        ("100.127.255.254", True),
        ("169.254.1.1", True),
        ("::1", True),
        ("fe80::1", True),
        ("fc00::1", True),
        ("::ffff:10.0.0.1", True),
        ("64:ff9b::a00:1", True),  # NAT64 of 10.0.0.1
        ("2001::a00:1", None),  # Teredo: judged by its embedded client address
        ("169.254.169.254", False),
        ("169.254.170.2", False),
        ("fd00:ec2::254", False),
        ("168.63.129.16", False),
        ("100.100.100.200", False),
        ("::ffff:169.254.169.254", False),
        ("0.0.0.0", False),  # noqa: S104 - an address to refuse, not to bind
        ("::", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),
        ("ff02::1", False),
        ("240.0.0.1", True),
        ("255.255.255.255", True),
        ("192.0.2.1", True),
        ("::7f00:1", True),  # IPv4-compatible ::127.0.0.1
    ],
)
def test_non_public_addresses_are_refused(address, private_allowance_lets_it_through):
    ip = ipaddress.ip_address(address)
    assert http.address_refusal(ip) is not None
    if private_allowance_lets_it_through is False:
        assert http.address_refusal(ip, allow_private=True) is not None


def test_a_connection_falls_through_to_the_next_checked_address(fake_dns):
    receiver = Receiver()
    try:
        # 127.0.0.2 refuses (the receiver listens on 127.0.0.1 only); the next answer is tried.
        fake_dns.answers["hooks.customer.test"] = ["127.0.0.2", "127.0.0.1"]
        response = http.post(
            f"http://hooks.customer.test:{receiver.port}/x", body=b"{}", headers={}, allow_private=True
        )
    finally:
        receiver.close()
    assert (response.status, response.address) == (200, "127.0.0.1")
    assert receiver.requests[0].headers["host"] == f"hooks.customer.test:{receiver.port}"


def test_nothing_listening_is_a_connect_failure():
    receiver = Receiver()
    port = receiver.port
    receiver.close()
    with pytest.raises(http.RequestFailed) as failure:
        http.post(f"http://127.0.0.1:{port}/", body=b"{}", headers={}, allow_private=True)
    assert failure.value.kind == "connect"


def test_a_connection_reset_after_the_request_is_a_reset_not_a_connect_failure():
    # The receiver read the request, then dropped the connection: it may have acted on it, which a
    # "connect" failure (nothing reached it) would deny.
    receiver = Receiver()
    receiver.script = [Reply(reset=True)]
    try:
        with pytest.raises(http.RequestFailed) as failure:
            http.post(receiver.url, body=b"{}", headers={}, allow_private=True)
    finally:
        receiver.close()
    assert failure.value.kind == "reset" and "reset by peer" in str(failure.value)
    assert len(receiver.requests) == 1


def _certificate(tmp_path, name: str):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / f"{name}.pem", tmp_path / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


@pytest.mark.parametrize(
    ("certificate_name", "verified"), [("hooks.customer.test", True), ("evil.test", False)]
)
def test_https_connects_to_the_checked_address_and_verifies_the_certificate_for_the_name(
    tmp_path, fake_dns, certificate_name, verified
):
    cert_path, key_path = _certificate(tmp_path, certificate_name)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_path, key_path)
    receiver = Receiver(ssl_context=server_context)
    fake_dns.answers["hooks.customer.test"] = ["127.0.0.1"]
    url = f"https://hooks.customer.test:{receiver.port}/in"
    trust = ssl.create_default_context(cafile=str(cert_path))
    try:
        if verified:
            response = http.post(url, body=b"{}", headers={}, allow_private=True, ssl_context=trust)
            assert response.status == 200 and receiver.requests[0].path == "/in"
        else:
            with pytest.raises(http.RequestFailed) as failure:
                http.post(url, body=b"{}", headers={}, allow_private=True, ssl_context=trust)
            assert failure.value.kind == "tls" and receiver.requests == []
    finally:
        receiver.close()
    assert fake_dns.lookups == ["hooks.customer.test"]
