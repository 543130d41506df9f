"""Caller keys for tests: a fresh key pair per use, never the development keys."""

from __future__ import annotations

import grpc.aio

from cskit.domain.actor import Actor
from cskit.grpc.caller import CallerTokenMinter, CallerTokenVerifier, generate_private_pem, public_pem
from cskit.grpc.identity import caller_token_interceptors

TEST_ACTOR = Actor(subject="tester", branch_id="b1", roles=frozenset({"agent"}), grade=1)


def caller_pair(audience: str, issuer: str = "gateway") -> tuple[CallerTokenMinter, CallerTokenVerifier]:
    """A minter for ``issuer`` and a verifier of ``audience`` that trusts exactly it."""
    private = generate_private_pem()
    return CallerTokenMinter(issuer, private), CallerTokenVerifier(audience, {issuer: [public_pem(private)]})


def signing_interceptors(
    minter: CallerTokenMinter, audience: str, actor: Actor = TEST_ACTOR
) -> list[grpc.aio.ClientInterceptor]:
    return caller_token_interceptors(minter, audience, actor=actor)
