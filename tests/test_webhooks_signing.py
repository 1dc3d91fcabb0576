"""Standard Webhooks signatures: the spec's test vector, verification rules, and the documented receiver."""

import re
import time
from pathlib import Path

import pytest

from webhooks.signing import WebhookVerificationError, secret_generate, sign, signature_header, verify

# The test vector of the Standard Webhooks reference libraries.
VECTOR = {
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "msg_id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
    "timestamp": 1614265330,
    "body": b'{"test": 2432232314}',
    "signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
}


def _headers(signature: str, timestamp: int = VECTOR["timestamp"], msg_id: str = VECTOR["msg_id"]) -> dict:
    return {"Webhook-Id": msg_id, "Webhook-Timestamp": str(timestamp), "Webhook-Signature": signature}


def test_the_standard_webhooks_test_vector():
    assert (
        sign(VECTOR["secret"], VECTOR["msg_id"], VECTOR["timestamp"], VECTOR["body"]) == VECTOR["signature"]
    )


def test_a_genuine_delivery_verifies_and_returns_its_id():
    headers = _headers(VECTOR["signature"])
    assert verify(VECTOR["secret"], headers, VECTOR["body"], now=VECTOR["timestamp"] + 10) == VECTOR["msg_id"]


@pytest.mark.parametrize(
    ("headers", "body", "now"),
    [
        (_headers(VECTOR["signature"]), b'{"test": 2432232315}', 0),  # body changed
        (_headers(VECTOR["signature"], msg_id="msg_other"), VECTOR["body"], 0),  # id changed
        (_headers(VECTOR["signature"], timestamp=VECTOR["timestamp"] + 1), VECTOR["body"], 0),
        (_headers("v1,AAAA"), VECTOR["body"], 0),
        (_headers("v2," + VECTOR["signature"][3:]), VECTOR["body"], 0),  # unknown version
        (_headers(VECTOR["signature"]), VECTOR["body"], 301),  # too old
        (_headers(VECTOR["signature"]), VECTOR["body"], -301),  # from the future
        ({"webhook-id": VECTOR["msg_id"], "webhook-timestamp": "1614265330"}, VECTOR["body"], 0),
        (_headers(VECTOR["signature"]) | {"Webhook-Timestamp": "soon"}, VECTOR["body"], 0),
    ],
)
def test_forged_stale_or_incomplete_deliveries_are_refused(headers, body, now):
    with pytest.raises(WebhookVerificationError):
        verify(VECTOR["secret"], headers, body, now=VECTOR["timestamp"] + now)


def test_another_secret_does_not_verify():
    with pytest.raises(WebhookVerificationError):
        verify(secret_generate(), _headers(VECTOR["signature"]), VECTOR["body"], now=VECTOR["timestamp"])


def test_one_matching_signature_among_several_is_enough():
    other = secret_generate()
    header = signature_header(
        [other, VECTOR["secret"]], VECTOR["msg_id"], VECTOR["timestamp"], VECTOR["body"]
    )
    assert header.split(" ")[1] == VECTOR["signature"]
    assert verify(VECTOR["secret"], _headers(header), VECTOR["body"], now=VECTOR["timestamp"])
    assert verify(other, _headers(header), VECTOR["body"], now=VECTOR["timestamp"])


def test_secrets_are_whsec_and_32_random_bytes():
    secrets = {secret_generate() for _ in range(20)}
    assert len(secrets) == 20
    assert all(re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", secret) for secret in secrets)


def _documented_receiver():
    """The verification snippet of docs/webhooks.md, executed as published."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "webhooks.md").read_text()
    block = text.split("<!-- verify-snippet", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(compile(block, "docs/webhooks.md", "exec"), namespace)  # noqa: S102 - our own documentation
    return namespace["verify_webhook"]


def test_the_documented_receiver_snippet_works():
    verify_webhook = _documented_receiver()
    secret, now = secret_generate(), int(time.time())
    body = b'{"type":"job.created","timestamp":"2026-01-01T00:00:00Z","data":{"jobId":"j"}}'
    header = signature_header([secret_generate(), secret], "msg_1", now, body)

    assert verify_webhook(secret, _headers(header, now, "msg_1"), body)["data"] == {"jobId": "j"}
    for forged in (
        (secret, _headers(header, now, "msg_2"), body),
        (secret, _headers(header, now, "msg_1"), body + b" "),
        (secret_generate(), _headers(header, now, "msg_1"), body),
        (secret, _headers(signature_header([secret], "msg_1", now - 600, body), now - 600, "msg_1"), body),
        (secret, {}, body),
    ):
        with pytest.raises(ValueError):
            verify_webhook(*forged)
