"""TLS on a café's LAN with no certificate authority: the hub makes its own key and certificate the first time
it needs them, and kiosks and staff windows pin its fingerprint, given to them at enrolment.

The hub's pair is kept in its data folder (`hub-key.pem`, readable by its owner only, and `hub-cert.pem`).
`netbar seats add` prints the fingerprint and the hub shows it when it starts; a client checks it on every
connection, before it sends anything, so a stranger's hub on the LAN never sees a token or a password.
"""

import datetime
import hashlib
import os
import ssl
from pathlib import Path

KEY_FILE = "hub-key.pem"
CERT_FILE = "hub-cert.pem"
FINGERPRINT_PATTERN = r"^sha256:([0-9A-F]{2}:){31}[0-9A-F]{2}$"
_VALID_FOR = datetime.timedelta(days=20 * 365)  # a café's hub is not re-enrolled every year


class PinMismatch(Exception):
    """The hub answered with a certificate other than the one enrolled."""


def fingerprint(certificate_der: bytes) -> str:
    """`sha256:AB:CD:…`, as `netbar seats add` prints it and a client's `hub_fingerprint` holds it."""
    digest = hashlib.sha256(certificate_der).hexdigest().upper()
    return "sha256:" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def hub_certificate(folder: Path) -> tuple[Path, Path]:
    """The hub's key and certificate files in `folder`, made the first time."""
    key_path, cert_path = folder / KEY_FILE, folder / CERT_FILE
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    # Imported only to make the pair, once: a kiosk, which checks a fingerprint with the stdlib, never loads it.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder.mkdir(parents=True, exist_ok=True)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "netbar hub")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + _VALID_FOR)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    # The key is written readable by its owner only, before anything is in it.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(key_pem)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def hub_fingerprint(folder: Path) -> str:
    """The fingerprint of the hub's certificate in `folder` (made the first time)."""
    _, cert_path = hub_certificate(folder)
    return fingerprint(ssl.PEM_cert_to_DER_cert(cert_path.read_text(encoding="ascii")))


def server_context(folder: Path) -> ssl.SSLContext:
    key_path, cert_path = hub_certificate(folder)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert_path, key_path)
    # A client never resumes a session (a link makes a new one each time it connects), so the tickets TLS 1.3 sends
    # after every handshake would be made by the hub and taken in by the client for nothing.
    context.num_tickets = 0
    return context


def client_context() -> ssl.SSLContext:
    """Encryption without a certificate authority: the hub's certificate is checked against the pinned fingerprint
    (`check_pin`) once the handshake is done, and before anything is sent."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def check_pin(ssl_object: ssl.SSLObject | ssl.SSLSocket | None, pinned: str) -> None:
    """Raise PinMismatch unless the connection's peer certificate has the `pinned` fingerprint."""
    der = None if ssl_object is None else ssl_object.getpeercert(binary_form=True)
    found = "none" if der is None else fingerprint(der)
    if found != pinned:
        raise PinMismatch(f"the hub's certificate is {found}, not the enrolled {pinned}")


def is_loopback(host: str) -> bool:
    return host in ("localhost", "::1") or host.startswith("127.")
