"""The gRPC server interceptor that masks customer data in every response (PLT-06)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc.aio
from google.protobuf.message import Message

from cskit.grpc.caller import current_caller
from cskit.grpc.wrapping import Behavior, WrappingInterceptor, call_unary, is_observed, iterate
from cskit.privacy.masks import PersonalKind, reset_visible_kinds, set_visible_kinds
from cskit.privacy.policy import PersonalDataPolicy
from cskit.privacy.protomask import mask_message


class PersonalDataMaskingInterceptor(WrappingInterceptor):
    """Masks customer data in every response by the contract's ``personal`` option (PLT-06).

    Inside caller authentication, so it reads the RPC's verified caller and masks before the
    response is serialised: data never leaves the service unmasked unless the caller's roles
    allow it, whatever a servicer forgot (cskit.privacy). Streams are masked item by item.
    """

    def __init__(self, policy: PersonalDataPolicy) -> None:
        self.policy = policy

    def _applies_to(self, method: str) -> bool:
        return is_observed(method)

    def _wrap(self, behavior: Behavior, method: str, response_streaming: bool) -> Behavior:
        policy = self.policy

        def masked(response: Any, visible: frozenset[PersonalKind]) -> Any:
            if isinstance(response, Message):
                mask_message(response, visible)
            return response

        if response_streaming:

            async def stream(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> AsyncIterator[Any]:
                visible = policy.visible(current_caller().actor.roles)
                token = set_visible_kinds(visible)
                try:
                    async for item in iterate(behavior, request, context):
                        yield masked(item, visible)
                finally:
                    reset_visible_kinds(token)

            return stream

        async def unary(request: Any, context: grpc.aio.ServicerContext[Any, Any]) -> Any:
            # Free-form details (history) are masked by the service with the same kinds.
            visible = policy.visible(current_caller().actor.roles)
            token = set_visible_kinds(visible)
            try:
                return masked(await call_unary(behavior, request, context), visible)
            finally:
                reset_visible_kinds(token)

        return unary
