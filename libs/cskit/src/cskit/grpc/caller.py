"""Cryptographic caller identity between processes (PLT-01, PLT-02).

A service believes only what a caller it trusts has signed. The calling process (the
gateway, or a service calling another) mints a short-lived **caller token**: a JWT signed
with its own Ed25519 key (EdDSA), carrying

- ``iss``: the calling process ("gateway", "after-sales", ...), ``aud``: the target service;
- ``sub``, ``branch_id``, ``roles`` (a JSON array: no join/split encoding anywhere),
  ``grade``, ``head_office``: the user the call acts for, as the gateway verified it;
- ``ip``: the end user's address for the audit trail (PLT-04), when known;
- ``iat``/``exp``: a lifetime of ``TOKEN_TTL_S`` seconds.

It travels in one metadata entry (``authorization: Bearer <token>``). The kit's server
interceptor (``cskit.grpc.interceptors.CallerAuthInterceptor``) verifies it on every RPC
except health and reflection and makes the caller available through ``current_caller()``;
a missing, expired, forged or mis-addressed token is ``UNAUTHENTICATED``. Each service
trusts a configured set of issuers' public keys (``trusted_keys``); the key id (``kid``)
is a fingerprint of the public key, so several keys per issuer allow rotation.

Both ends cache: a minter reuses a token for the same actor, audience and address while it
has more than half its life left; a verifier remembers verified tokens until they expire
(bounded), so the hot path costs a dictionary lookup.

Development keys (``dev_private_pem(issuer)``, derived from the published
``DEV_CALLER_KEY_SEED``) let ``make up`` work with no configuration; processes log a
warning when they use one and refuse it when ``allow_dev_caller_key`` is false (the Helm
chart always sets that).
"""

from __future__ import annotations

import base64
import hashlib
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, ValidationError

from cskit.domain.actor import Actor, IdentityGrammar
from cskit.domain.errors import Unauthenticated

ALGORITHM = "EdDSA"
METADATA_KEY = "authorization"
SCHEME = "Bearer "
TOKEN_TTL_S = 60
# Clock skew tolerated between pods.
LEEWAY_S = 5
CACHE_MAX = 10_000
# Issuers every service trusts with their development key when nothing is configured.
DEV_TRUSTED_ISSUERS = ("gateway",)

# Local development only: a published seed, so dev keys prove nothing. Each issuer's dev key
# is derived from it (one key per issuer, so one caller cannot speak as another even in
# dev). The Helm chart sets CS_<PROCESS>_ALLOW_DEV_CALLER_KEY=false, and a process then
# refuses to start with a dev key.
DEV_CALLER_KEY_SEED = b"cs-platform DEV caller key - never in production"


class CallerKeyError(ValueError):
    """A caller key in configuration cannot be used."""


def load_private_key(pem: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise CallerKeyError(f"not a PEM private key: {exc}") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CallerKeyError("caller keys are Ed25519")
    return key


def load_public_key(pem: str) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except (ValueError, TypeError) as exc:
        raise CallerKeyError(f"not a PEM public key: {exc}") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise CallerKeyError("caller keys are Ed25519")
    return key


def public_pem(private_pem: str) -> str:
    """The public half of a private key, as PEM (what a service's trusted keys list)."""
    return (
        load_private_key(private_pem)
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.urlsafe_b64encode(hashlib.sha256(raw).digest()[:12]).decode().rstrip("=")


def generate_private_pem() -> str:
    """A fresh Ed25519 private key as PEM (for `make`-style key generation and tests)."""
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def dev_private_pem(issuer: str) -> str:
    """The development key of ``issuer`` (derived from the published seed)."""
    seed = hashlib.sha256(DEV_CALLER_KEY_SEED + b"/" + issuer.encode()).digest()
    return (
        Ed25519PrivateKey.from_private_bytes(seed)
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def dev_trusted_keys(issuers: Iterable[str] = DEV_TRUSTED_ISSUERS) -> dict[str, list[str]]:
    return {issuer: [public_pem(dev_private_pem(issuer))] for issuer in issuers}


def uses_dev_key(
    issuer: str, private_pem: str | None = None, trusted: Mapping[str, Iterable[str]] | None = None
) -> bool:
    """Whether a process's own key (as ``issuer``) or any key it trusts is a development key."""
    names = {issuer, *DEV_TRUSTED_ISSUERS, *(trusted or {})}
    dev_kids = {key_id(load_private_key(dev_private_pem(name)).public_key()) for name in names}
    if private_pem is not None and key_id(load_private_key(private_pem).public_key()) in dev_kids:
        return True
    return any(key_id(load_public_key(pem)) in dev_kids for pems in (trusted or {}).values() for pem in pems)


def refuse_dev_key_unless_allowed(
    *, allow: bool, process: str, private_pem: str | None = None, trusted: Mapping[str, Iterable[str]] | None = None
) -> bool:
    """Raise when a dev key is configured but not allowed; True when one is in use (warn)."""
    if not uses_dev_key(process, private_pem, trusted):
        return False
    if not allow:
        raise CallerKeyError(
            f"{process} is configured with the published development caller key; set real keys "
            f"(see docs/architecture.md 'How callers are authenticated')"
        )
    return True


class _Claims(BaseModel):
    """The caller token's body; extra claims are refused so nothing rides along unchecked."""

    model_config = ConfigDict(extra="forbid", strict=True)

    iss: str
    aud: str
    iat: StrictInt
    exp: StrictInt
    sub: str
    branch_id: str
    roles: list[str] = Field(max_length=IdentityGrammar.MAX_ROLES)
    grade: StrictInt
    head_office: StrictBool
    ip: str | None = Field(default=None, max_length=64)


@dataclass(frozen=True, slots=True)
class Caller:
    """A verified call: the calling process, the user it acts for, and the user's address."""

    issuer: str
    actor: Actor
    client_ip: str | None = None


class CallerTokenMinter:
    """Mints caller tokens as ``issuer`` with its private key; reuses them while fresh."""

    def __init__(
        self,
        issuer: str,
        private_pem: str,
        *,
        ttl_s: int = TOKEN_TTL_S,
        now: Callable[[], float] = time.time,
        cache_max: int = CACHE_MAX,
    ) -> None:
        self.issuer = issuer
        self._key = load_private_key(private_pem)
        self._kid = key_id(self._key.public_key())
        self._ttl = ttl_s
        self._now = now
        self._cache: OrderedDict[tuple[str, Actor, str | None], tuple[float, str]] = OrderedDict()
        self._cache_max = cache_max

    def mint(self, actor: Actor, audience: str, *, client_ip: str | None = None) -> str:
        now = self._now()
        cache_key = (audience, actor, client_ip)
        hit = self._cache.get(cache_key)
        # Reused while more than half its life is left, so a receiver always has >= ttl/2.
        if hit is not None and now < hit[0]:
            return hit[1]
        # The grammar travels both ways: never sign what a verifier must refuse.
        IdentityGrammar.check(actor)
        issued = int(now)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": audience,
            "iat": issued,
            "exp": issued + self._ttl,
            "sub": actor.subject,
            "branch_id": actor.branch_id,
            "roles": sorted(actor.roles),
            "grade": actor.grade,
            "head_office": actor.head_office,
        }
        if client_ip:
            claims["ip"] = client_ip
        token = jwt.encode(claims, self._key, algorithm=ALGORITHM, headers={"kid": self._kid})
        self._cache[cache_key] = (issued + self._ttl / 2, token)
        self._cache.move_to_end(cache_key)
        while len(self._cache) > self._cache_max:
            self._cache.popitem(last=False)
        return token

    def metadata(self, actor: Actor, audience: str, *, client_ip: str | None = None) -> tuple[str, str]:
        return (METADATA_KEY, SCHEME + self.mint(actor, audience, client_ip=client_ip))


class CallerTokenVerifier:
    """Verifies caller tokens addressed to ``audience`` from the trusted issuers' keys."""

    def __init__(
        self,
        audience: str,
        trusted_keys: Mapping[str, Iterable[str]],
        *,
        now: Callable[[], float] = time.time,
        cache_max: int = CACHE_MAX,
    ) -> None:
        self.audience = audience
        # kid -> (issuer, key): a key vouches for exactly one issuer.
        self._keys: dict[str, tuple[str, Ed25519PublicKey]] = {}
        for issuer, pems in trusted_keys.items():
            for pem in pems:
                public = load_public_key(pem)
                self._keys[key_id(public)] = (issuer, public)
        self._now = now
        self._cache: OrderedDict[str, tuple[float, Caller]] = OrderedDict()
        self._cache_max = cache_max

    @property
    def issuers(self) -> frozenset[str]:
        return frozenset(issuer for issuer, _ in self._keys.values())

    def verify(self, token: str) -> Caller:
        now = self._now()
        hit = self._cache.get(token)
        if hit is not None and now < hit[0]:
            self._cache.move_to_end(token)
            return hit[1]
        caller, expires = self._verify(token, now)
        self._cache[token] = (expires, caller)
        while len(self._cache) > self._cache_max:
            self._cache.popitem(last=False)
        return caller

    def _verify(self, token: str, now: float) -> tuple[Caller, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise _refused("caller token is malformed") from exc
        found = self._keys.get(str(header.get("kid", "")))
        if found is None:
            raise _refused("caller token is signed with an untrusted key")
        issuer, key = found
        try:
            payload = jwt.decode(
                token,
                key,
                algorithms=[ALGORITHM],  # pinned: "none" and every other algorithm are refused
                audience=self.audience,
                issuer=issuer,  # the key's own issuer: one caller cannot speak as another
                leeway=LEEWAY_S,
                # Expiry is checked below against this verifier's clock (injectable in tests).
                options={"require": ["iss", "aud", "iat", "exp", "sub"], "verify_iat": False, "verify_exp": False},
            )
        except jwt.PyJWTError as exc:
            raise _refused(f"caller token refused: {type(exc).__name__}") from exc
        try:
            claims = _Claims.model_validate(payload)
            actor = Actor(
                subject=claims.sub,
                branch_id=claims.branch_id,
                roles=frozenset(claims.roles),
                grade=claims.grade,
                head_office=claims.head_office,
            )
            # Defence in depth: even a trusted issuer cannot smuggle a malformed identity.
            IdentityGrammar.check(actor)
        except (ValidationError, ValueError) as exc:
            raise _refused("caller token claims are malformed") from exc
        if claims.exp + LEEWAY_S <= now:
            raise _refused("caller token has expired")
        if claims.exp - claims.iat > TOKEN_TTL_S * 10 or claims.iat - LEEWAY_S > now:
            raise _refused("caller token lives too long or comes from the future")
        return Caller(issuer=issuer, actor=actor, client_ip=claims.ip), float(min(claims.exp + LEEWAY_S, now + 60))

    def verify_metadata(self, metadata: Iterable[tuple[str, str | bytes]] | None) -> Caller:
        values = [v for k, v in metadata or () if k.lower() == METADATA_KEY]
        if len(values) != 1:
            raise _refused("caller token missing" if not values else "more than one caller token")
        value = values[0]
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else value
        if not text.startswith(SCHEME):
            raise _refused("caller token missing")
        return self.verify(text[len(SCHEME) :].strip())


def _refused(message: str) -> Unauthenticated:
    return Unauthenticated(message, code="caller_unauthenticated")


_current: ContextVar[Caller | None] = ContextVar("cs_caller", default=None)


def current_caller() -> Caller:
    """The verified caller of the RPC being served (set by the server interceptor)."""
    caller = _current.get()
    if caller is None:
        # Only reachable when a servicer runs without the kit's interceptor: fail closed.
        raise Unauthenticated("no verified caller for this call", code="caller_unauthenticated")
    return caller


def set_current_caller(caller: Caller | None) -> object:
    return _current.set(caller)


def reset_current_caller(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
