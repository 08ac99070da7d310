"""Password hashing with Argon2id."""

from __future__ import annotations

from argon2 import Parameters, PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

__all__ = ["hash_password", "hash_with_parameters", "password_needs_rehash", "verify_password"]

_HASHER = PasswordHasher()
# A real hash to compare against when the account does not exist, so that a wrong email costs as much time as a
# wrong password and response times do not reveal which emails have accounts.
_DUMMY_HASH = _HASHER.hash("not-a-real-password-0123456789")


def hash_password(password: str) -> str:
    """Argon2id hash of ``password`` with a random salt."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (``None`` spends the same time and answers no)."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with weaker parameters than today's."""
    return _HASHER.check_needs_rehash(password_hash)


def hash_with_parameters(parameters: Parameters) -> None:
    """Hash new passwords with ``parameters`` from now on, in this process.

    For the test suite only, which creates thousands of accounts: it hashes with argon2's cheapest profile so that
    an account costs microseconds instead of a fifth of a second of CPU. The hash, the verification and the rehash
    check stay the real Argon2id code; every hash still records its own parameters, so a hash made either way
    verifies either way. Production never calls this.
    """
    global _HASHER
    _HASHER = PasswordHasher.from_parameters(parameters)
