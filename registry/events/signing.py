"""The registry's checkpoint signing key and the signing of chain heads.

The key is derived, never stored: HKDF-SHA256 over the registry's secret (``REGISTRY_JWT_SECRET``, which production
must set and development generates once under the data directory) with a label of its own, so it is independent of
the token key although both come from one secret. The same secret gives the same key on every instance and after
every restart. Changing the secret changes the key and its id: consumers then fetch the new public key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from registry.events.checkpoints import Checkpoint, checkpoint_bytes, key_id_of

__all__ = ["CheckpointSigner", "format_issued_at"]

_HKDF_SALT = b"alemai-registry"
_HKDF_INFO = b"event-chain checkpoint signing key, Ed25519, v1"


def format_issued_at(moment: datetime) -> str:
    """``moment`` in UTC as the checkpoint format writes it: ``YYYY-MM-DDTHH:MM:SS.ffffffZ``."""
    if moment.tzinfo is None:
        raise ValueError("a checkpoint's time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True, slots=True)
class CheckpointSigner:
    """Signs checkpoints with the registry's Ed25519 key."""

    private_key: Ed25519PrivateKey

    @classmethod
    def from_secret(cls, secret: str) -> CheckpointSigner:
        """The signer whose key HKDF-SHA256 derives from the registry's secret.

        Raises:
            ValueError: the secret is empty (a well-known key would sign for anyone).
        """
        if not secret:
            raise ValueError("the checkpoint key needs the registry's secret")
        seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=_HKDF_SALT, info=_HKDF_INFO).derive(secret.encode())
        return cls(Ed25519PrivateKey.from_private_bytes(seed))

    @property
    def public_key(self) -> bytes:
        """The raw 32-byte public key."""
        return self.private_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def public_key_pem(self) -> str:
        """The public key as PEM (SubjectPublicKeyInfo), for tools such as ``openssl pkeyutl``."""
        return (
            self.private_key.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            .decode("ascii")
        )

    @property
    def key_id(self) -> str:
        """The id that checkpoints name the key by."""
        return key_id_of(self.public_key)

    def sign(self, *, seq: int, hash: str, issued_at: datetime) -> Checkpoint:
        """A checkpoint of the chain head ``(seq, hash)``, issued at ``issued_at``."""
        moment = format_issued_at(issued_at)
        signed = checkpoint_bytes(seq=seq, hash=hash, issued_at=moment, key_id=self.key_id)
        signature = base64.b64encode(self.private_key.sign(signed)).decode("ascii")
        return Checkpoint(seq=seq, hash=hash, issued_at=moment, key_id=self.key_id, signature=signature)
