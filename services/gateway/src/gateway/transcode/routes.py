"""Mounting: one FastAPI route per RPC with an HTTP rule, its parameters, permission, problem
responses and response model, calling the service through ``clients.call``."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from pydantic import BaseModel

from cs.platform.v1 import http_pb2
from cskit import jsonmap
from cskit.domain.actor import Actor
from gateway.clients import Downstreams, call, call_context, downstreams
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN
from gateway.transcode.models import Models
from gateway.transcode.values import INTS, int_bounds

# Every route can answer these; a rule adds its own (404, 409) in ``problems``.
COMMON_PROBLEMS = (400, 401, 403, 422, 429, 500, 503, 504)
_PATH_VAR = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_VERBS = ("get", "put", "post", "delete", "patch")


def _refuse_repeated(request: Request, single: frozenset[str]) -> None:
    given = [key for key, _ in request.query_params.multi_items()]
    twice = sorted({key for key in given if key in single and given.count(key) > 1})
    if twice:
        raise RequestValidationError(
            [
                {"loc": ("query", key), "msg": "given more than once; it takes one value", "type": "value_error"}
                for key in twice
            ]
        )


def is_file(descriptor: Descriptor) -> bool:
    """A file answer: ``bytes content`` with ``string content_type`` (and optionally ``string
    filename``), sent as the bytes themselves with that type, not as JSON (e.g. a catalogue's
    CSV or printable HTML): the hand-written exports' way (routes/exports.py), for any contract."""
    f = descriptor.fields_by_name
    content, kind = f.get("content"), f.get("content_type")
    return (
        content is not None
        and kind is not None
        and content.type == FieldDescriptor.TYPE_BYTES
        and kind.type == FieldDescriptor.TYPE_STRING
        and not content.is_repeated
    )


def file_response(payload: Any, status: int) -> Response:
    """The file's bytes; HTML is shown (to print it), anything else downloaded under its name."""
    name = str(getattr(payload, "filename", "") or "")
    disposition = "inline" if payload.content_type.startswith("text/html") else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename*=UTF-8''{quote(name, safe='')}"} if name else None
    return Response(content=payload.content, media_type=payload.content_type, status_code=status, headers=headers)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _verb_and_template(rule: http_pb2.HttpRule) -> tuple[str, str]:
    verb = rule.WhichOneof("pattern")
    if verb not in _VERBS:
        raise ValueError(f"unsupported HTTP rule {rule}")
    return verb.upper(), str(getattr(rule, verb))


def _registry(app: FastAPI) -> Models:
    # One registry per app: a message's model is made once and its OpenAPI name stays unique.
    registry: Models = app.state.__dict__.setdefault("_transcode_models", Models())
    return registry


def response_model(app: FastAPI, descriptor: Descriptor) -> type[BaseModel]:
    """The response model of a message, for a hand-written route that answers it as JSON."""
    return _registry(app).response(descriptor)


def mount(
    app: FastAPI,
    service: ServiceDescriptor,
    stub: Callable[[Downstreams], Any],
    *,
    audience: str = "complaints",
    models: Models | None = None,
) -> list[str]:
    """Mount a route for each RPC of ``service`` with an HTTP rule; returns their operation names.

    ``stub(downstreams)`` picks the service's stub; ``audience`` is the service the caller
    token is addressed to.
    """
    registry = models or _registry(app)
    mounted = []
    for method in service.methods:
        rule = jsonmap.http_rule(method)
        if rule is not None:
            _mount_one(app, method, rule, stub, audience, registry)
            mounted.append(rule.operation_id or _snake(method.name))
    return mounted


def _mount_one(
    app: FastAPI,
    method: MethodDescriptor,
    rule: http_pb2.HttpRule,
    stub: Callable[[Downstreams], Any],
    audience: str,
    models: Models,
) -> None:
    verb, template = _verb_and_template(rule)
    request_type: type[Message] = GetMessageClass(method.input_type)
    fields = method.input_type.fields_by_name
    path_fields = [fields[name] for name in _PATH_VAR.findall(template)]
    path_names = {f.name: jsonmap.json_options(f).name or f.name for f in path_fields}
    route_path = _PATH_VAR.sub(lambda m: "{" + path_names[m.group(1)] + "}", template)
    bound = frozenset(path_names)
    rest = [m for m in jsonmap.members(method.input_type) if m.path[0].name not in bound]

    params: list[inspect.Parameter] = []
    for field in path_fields:
        options = jsonmap.json_options(field)
        if field.type in INTS:  # "/2026" is the number 2026; "/x" or "/9999999999" a 422
            low, high = int_bounds(field, options)
            described = Path(ge=low, le=high, description=options.description or None)
            params.append(_param(path_names[field.name], Annotated[int, described]))
            continue
        constraint = Path(
            min_length=1,
            max_length=options.max_length or None,
            pattern=options.pattern or (ID_PATTERN if options.text else None),
            description=options.description or None,
            examples=[options.example] if options.example else None,
        )
        params.append(_param(path_names[field.name], Annotated[str, constraint]))
    body_model = query_model = None
    # A query parameter of a single-valued field given twice is refused, not "the last one wins"
    # (the schema says one value; a proxy or client that doubles it must not pick silently).
    single_query: frozenset[str] = frozenset()
    if rule.body == "*" and not rest:
        pass  # everything is in the path: no body
    elif rule.body == "*":
        body_model = models.request(method.input_type, method.name + "Body", exclude=bound)
        if any(m.options.required for m in rest):
            params.append(_param("body", Annotated[body_model, Body()]))
        else:  # every member optional: so is the body
            params.append(_param("body", Annotated[body_model | None, Body()], default=None))
    elif rule.body:  # one message field is the body; its members are the JSON object
        body_field = fields[rule.body]
        if body_field.message_type is None or body_field.is_repeated or rest != _members_of(body_field, rest):
            raise ValueError(f"{method.full_name}: body {rule.body!r} must be the one non-path message field")
        body_model = models.request(body_field.message_type, method.name + "Body")
        params.append(_param("body", Annotated[body_model, Body()]))
    elif rest:
        query_model = models.request(method.input_type, method.name + "Query", exclude=bound, query=True)
        single_query = frozenset(m.name for m in rest if not m.field.is_repeated)
        params.append(_param("query", Annotated[query_model, Query()]))
    params.append(_param("request", Request))
    params.append(_param("clients", Annotated[Downstreams, Depends(downstreams)]))
    if rule.idempotent_key:
        params.append(_param("idempotency_key", IdempotencyKey, default=None))
    params.append(_param("actor", Annotated[Actor, Depends(permit(rule.permission))]))

    response_descriptor: Descriptor | None = method.output_type
    if rule.response_body:
        answered = method.output_type.fields_by_name[rule.response_body]
        # A repeated field is no JSON object to answer with (and would hide the page token).
        response_descriptor = None if answered.is_repeated else answered.message_type
    if response_descriptor is None:
        raise ValueError(f"{method.full_name}: response_body {rule.response_body!r} is not a single message field")
    namer = jsonmap.field_namer(method.input_type)
    body_member = None
    if rule.body and rule.body != "*":
        body_member = jsonmap.json_options(fields[rule.body]).name or rule.body
    status = rule.success_status or 200
    location = rule.location
    a_file = is_file(response_descriptor)

    async def endpoint(**kwargs: Any) -> Response:
        request: Request = kwargs["request"]
        data: dict[str, Any] = {path_names[name]: kwargs[path_names[name]] for name in path_names}
        body, query = kwargs.get("body"), kwargs.get("query")
        if single_query:
            _refuse_repeated(request, single_query)
        if body is not None and body_member is not None:  # body: "<field>": that field's object
            data[body_member] = body.model_dump()
        elif body is not None:
            data.update(body.model_dump())
        if query is not None:
            data.update(query.model_dump())
        message = jsonmap.from_json(data, request_type)
        ctx = call_context(request, kwargs["actor"], idempotency_key=kwargs.get("idempotency_key"), audience=audience)
        reply = await call(getattr(stub(kwargs["clients"]), method.name), message, ctx, field_name=namer)
        payload = getattr(reply, rule.response_body) if rule.response_body else reply
        if a_file:
            return file_response(payload, status)
        headers = {"Location": _location(request, location, payload)} if location else None
        return JSONResponse(jsonmap.to_json(payload), status_code=status, headers=headers)

    name = rule.operation_id or _snake(method.name)
    endpoint.__name__ = name
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    problems = problem_responses(*COMMON_PROBLEMS, *rule.problems, *((409,) if rule.idempotent_key else ()))
    if a_file:
        # Any type: the contract's content_type says which (a catalogue's text/csv or text/html).
        problems[status] = {"content": {"*/*": {}}, "description": "The file, of the type its Content-Type names"}
    app.add_api_route(
        route_path,
        endpoint,
        methods=[verb],
        name=name,
        status_code=status,
        response_model=None if a_file else models.response(response_descriptor),
        **({"response_class": Response} if a_file else {}),  # type: ignore[arg-type]
        # A keyed write can always meet its key reused with another request: 409, declared or not.
        responses=problems,
        tags=[rule.tag] if rule.tag else None,
        description=rule.description or None,
    )


def _members_of(field: FieldDescriptor, members: list[jsonmap.JsonMember]) -> list[jsonmap.JsonMember]:
    return [m for m in members if m.path[0].full_name == field.full_name]


def _param(name: str, annotation: Any, **default: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, **default)


def _location(request: Request, template: str, payload: Message) -> str:
    def value(match: re.Match[str]) -> str:
        return quote(str(getattr(payload, match.group(1))), safe="")

    return str(request.scope.get("root_path", "")) + _PATH_VAR.sub(value, template)
