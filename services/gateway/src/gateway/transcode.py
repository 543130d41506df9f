"""REST routes from the contracts: one generic transcoder instead of a route, a schema and a
mapper per RPC (as grpc-gateway and Envoy's transcoder do with ``google.api.http``).

For every RPC of a service that carries ``(cs.platform.v1.http)`` (protos/cs/platform/v1/http.proto)
this mounts a FastAPI route with:

- path parameters from the template's ``{field}``s, query parameters (GET) or a JSON body
  (``body: "*"``) for the other request fields, each a pydantic model derived from the
  request descriptor and its ``(cs.platform.v1.json)`` options: unknown members, wrong types,
  blank or over-long text, text breaking the kit's rule (cskit.domain.text), out-of-range
  numbers, unknown enum names and zone-less times are 422 problems naming the field, before
  any call;
- the permission from the gateway's table (``permission``), the success status, a Location
  header for creates, the problem responses and a response model for OpenAPI;
- the call through ``clients.call`` (caller token, request id, idempotency key, deadline, the
  one UNAVAILABLE retry) with the service's errors mapped by the problem table, field
  violations renamed to the JSON paths of this request (not another service's table);
- the reply mapped by ``cskit.jsonmap``.

Routes whose behaviour is not plain transcoding (multipart upload, CSV download, the test
clock's fan-out) stay hand-written beside these.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import Body, Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor, ServiceDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    create_model,
    field_validator,
)

from cs.platform.v1 import http_pb2
from cskit import jsonmap
from cskit.domain.actor import Actor
from cskit.domain.money import AMOUNT_PATTERN, MAX_AMOUNT, amount_problem
from gateway.clients import Downstreams, call, call_context, downstreams
from gateway.permissions import permit
from gateway.problems import problem_responses
from gateway.request_context import IdempotencyKey
from gateway.schemas import ID_PATTERN, MultiLineText, SingleLineText, Timestamp

# Every route can answer these; a rule adds its own (404, 409) in ``problems``.
COMMON_PROBLEMS = (400, 401, 403, 422, 429, 500, 503, 504)
_NOT_BLANK = r"\S"
_CURRENCY = r"^[A-Z]{3}$"  # ISO 4217; which currencies a service takes is its rule
_PATH_VAR = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_VERBS = ("get", "put", "post", "delete", "patch")
_INTS = frozenset(
    {
        FieldDescriptor.TYPE_INT32,
        FieldDescriptor.TYPE_INT64,
        FieldDescriptor.TYPE_UINT32,
        FieldDescriptor.TYPE_UINT64,
        FieldDescriptor.TYPE_SINT32,
        FieldDescriptor.TYPE_SINT64,
    }
)
_FLOATS = frozenset({FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT})


class _In(BaseModel):
    # Unknown members are an error, not silently dropped; text is kept as sent (no stripping).
    model_config = ConfigDict(extra="forbid")


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _json_integer(value: object) -> object:
    # JSON Schema's "integer" admits 5.0 but not "5" or true: pydantic's lax int is wider,
    # StrictInt narrower. (A validator, not a type, keeps minimum/maximum in OpenAPI.)
    if isinstance(value, str | bool):
        raise ValueError("must be a JSON integer")
    return value


def _bounded_amount(value: str) -> str:
    if (problem := amount_problem(Decimal(value))) is not None:
        raise ValueError(problem)
    return value


class _Models:
    """pydantic models derived from descriptors, named once each (OpenAPI components)."""

    def __init__(self) -> None:
        self._taken: dict[str, str] = {}  # model name -> the descriptor it was made for
        self._made: dict[tuple[str, str], type[BaseModel]] = {}

    def _name(self, wanted: str, full_name: str) -> str:
        owner = self._taken.setdefault(wanted, full_name)
        if owner == full_name:
            return wanted
        return self._name(full_name.replace(".", "_") + wanted.removeprefix(wanted.rstrip("InOut")), full_name)

    # ---- requests ------------------------------------------------------------------------

    def request(
        self, descriptor: Descriptor, name: str, *, exclude: frozenset[str] = frozenset(), query: bool = False
    ) -> type[BaseModel]:
        key = (descriptor.full_name + "|" + name, "in")
        if key in self._made:
            return self._made[key]
        fields: dict[str, Any] = {}
        validators: dict[str, Any] = {}
        members = [m for m in jsonmap.members(descriptor) if m.path[0].name not in exclude]
        for member in members:
            fields[member.name] = self._input_field(member, query=query)
            if member.options.not_before:
                validators[f"_{member.name}_not_before"] = _not_before(member, members)
        model = create_model(
            self._name(name, descriptor.full_name + "|" + name), __base__=_In, __validators__=validators, **fields
        )
        self._made[key] = model
        return model

    def _input_field(self, member: jsonmap.JsonMember, *, query: bool) -> tuple[Any, Any]:
        field, options = member.field, member.options
        if member.part == "currency":
            code = Annotated[str, Field(pattern=_CURRENCY, examples=[options.currency_default or "CNY"])]
            return (code, options.currency_default) if options.currency_default else (code | None, None)
        if member.part == "amount":  # the kit's one money type, bounded (cskit.domain.money)
            amount = _text_type(http_pb2.JsonField(text=http_pb2.TEXT_MONEY))
            return (amount, ...) if options.required else (amount | None, None)
        item = self._input_type(field, options, query=query)
        info: dict[str, Any] = {}
        if options.description:
            info["description"] = options.description
        if options.example:
            info["examples"] = [options.example]
        if field.is_repeated:
            limit: dict[str, Any] = {
                **({"min_length": options.min_items} if options.min_items else {}),
                **({"max_length": options.max_items} if options.max_items else {}),
            }
            default: Any = ... if options.required else Field(default_factory=list)
            return Annotated[list[item], Field(**limit, **info)], default  # type: ignore[valid-type]
        if options.required:
            return Annotated[item, Field(**info)], ...
        if options.default:
            return Annotated[item, Field(**info)], _default(field, options.default)
        if field.type == FieldDescriptor.TYPE_BOOL:
            return Annotated[item, Field(**info)], False
        return Annotated[item | None, Field(**info)], None

    def _input_type(self, field: FieldDescriptor, options: http_pb2.JsonField, *, query: bool) -> Any:
        if field.enum_type is not None:
            return Literal[tuple(jsonmap.enum_names(field.enum_type))]
        if field.message_type is not None:
            kind = field.message_type.full_name
            if kind == jsonmap.TIMESTAMP:
                return Timestamp
            if kind == jsonmap.DURATION:
                return Annotated[float, Field(description="Seconds.")]
            return self.request(field.message_type, field.message_type.name + "In")
        if options.json_object:
            return dict[str, Any]
        if field.type == FieldDescriptor.TYPE_BOOL:
            return bool if query else StrictBool
        if field.type in _INTS:
            bounds: dict[str, Any] = {
                **({"ge": options.minimum} if options.HasField("minimum") else {}),
                **({"le": options.maximum} if options.HasField("maximum") else {}),
            }
            if query:  # query values are text: "20" is the number 20 there
                return Annotated[int, Field(**bounds)]
            return Annotated[int, Field(**bounds), BeforeValidator(_json_integer)]
        if field.type in _FLOATS:
            return float
        return _text_type(options)

    # ---- responses -----------------------------------------------------------------------

    def response(self, descriptor: Descriptor) -> type[BaseModel]:
        key = (descriptor.full_name, "out")
        if key in self._made:
            return self._made[key]
        fields = {m.name: self._output_field(m) for m in jsonmap.members(descriptor)}
        model = create_model(self._name(descriptor.name, descriptor.full_name), __base__=_Out, **fields)  # type: ignore[call-overload]
        self._made[key] = model
        return model

    def _output_field(self, member: jsonmap.JsonMember) -> tuple[Any, Any]:
        field, options = member.field, member.options
        info: dict[str, Any] = {"description": options.description} if options.description else {}
        kind: Any
        nulled = bool(options.null_unless)  # null unless a sibling says so, whatever the type
        nullable = options.empty_is_null or options.nullable
        if member.part:  # a money amount (decimal string) or its currency code
            return Annotated[str | None if nulled else str, Field(**info)], ...
        if field.enum_type is not None:
            kind = Literal[tuple(jsonmap.enum_names(field.enum_type))]
            nullable = not field.is_repeated  # zero or newer than this gateway: null
        elif field.message_type is not None:
            name = field.message_type.full_name
            if name == jsonmap.TIMESTAMP:
                kind, nullable = datetime, not field.is_repeated
            elif name == jsonmap.DURATION:
                kind = float
            else:
                kind = self.response(field.message_type)
        elif options.json_object:
            kind = dict[str, Any]
        elif field.type == FieldDescriptor.TYPE_BOOL:
            kind = bool
        elif field.type in _INTS:
            kind = int
        elif field.type in _FLOATS:
            kind = float
        elif field.type == FieldDescriptor.TYPE_BYTES:
            kind = bytes
        else:
            kind = str
        if field.is_repeated:
            kind = list[kind]
        if nulled or (nullable and not field.is_repeated):
            kind = kind | None
        return Annotated[kind, Field(**info)], ...


def _text_type(options: http_pb2.JsonField) -> Any:
    constraints: dict[str, Any] = {}
    extra: list[Any] = []
    if options.text == http_pb2.TEXT_ID:
        constraints = {"min_length": 1, "pattern": ID_PATTERN}
    elif options.text == http_pb2.TEXT_MONEY:
        constraints = {
            "pattern": AMOUNT_PATTERN,
            "examples": ["1234.50"],
            "description": f"Decimal string, at most {MAX_AMOUNT}",
        }
        extra = [AfterValidator(_bounded_amount)]
    else:
        if options.required:  # required text must hold a non-blank character
            constraints = {"min_length": 1, "pattern": _NOT_BLANK}
        if options.text == http_pb2.TEXT_SINGLE_LINE:
            extra = [SingleLineText]
        elif options.text == http_pb2.TEXT_MULTI_LINE:
            extra = [MultiLineText]
    if options.max_length:
        constraints["max_length"] = options.max_length
    if options.pattern:  # the contract's own shape (a month), over the text kind's
        constraints["pattern"] = options.pattern
    return Annotated[str, Field(**constraints), *extra]


def _default(field: FieldDescriptor, text: str) -> Any:
    if field.type in _INTS:
        return int(text)
    if field.type == FieldDescriptor.TYPE_BOOL:
        return text == "true"
    return text


def _not_before(member: jsonmap.JsonMember, members: list[jsonmap.JsonMember]) -> Any:
    """A field that must not be before a sibling (a time range's end), checked on the request."""
    parent = member.path[:-1]
    other = next(m.name for m in members if m.path[:-1] == parent and m.field.name == member.options.not_before)

    def check(cls: type[BaseModel], value: datetime | None, info: ValidationInfo) -> datetime | None:
        start = info.data.get(other)
        if value is not None and start is not None and start > value:
            raise ValueError(f"must not be before {other}")
        return value

    return field_validator(member.name)(classmethod(check))


# ---- routes --------------------------------------------------------------------------------


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _verb_and_template(rule: http_pb2.HttpRule) -> tuple[str, str]:
    verb = rule.WhichOneof("pattern")
    if verb not in _VERBS:
        raise ValueError(f"unsupported HTTP rule {rule}")
    return verb.upper(), str(getattr(rule, verb))


def _registry(app: FastAPI) -> _Models:
    # One registry per app: a message's model is made once and its OpenAPI name stays unique.
    registry: _Models = app.state.__dict__.setdefault("_transcode_models", _Models())
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
    models: _Models | None = None,
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
    models: _Models,
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
        constraint = Path(
            min_length=1,
            max_length=options.max_length or None,
            pattern=options.pattern or (ID_PATTERN if options.text else None),
            description=options.description or None,
            examples=[options.example] if options.example else None,
        )
        params.append(_param(path_names[field.name], Annotated[str, constraint]))
    body_model = query_model = None
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
        params.append(_param("query", Annotated[query_model, Query()]))
    params.append(_param("request", Request))
    params.append(_param("clients", Annotated[Downstreams, Depends(downstreams)]))
    if rule.idempotent_key:
        params.append(_param("idempotency_key", IdempotencyKey, default=None))
    params.append(_param("actor", Annotated[Actor, Depends(permit(rule.permission))]))

    response_descriptor: Descriptor | None = method.output_type
    if rule.response_body:
        response_descriptor = method.output_type.fields_by_name[rule.response_body].message_type
    if response_descriptor is None:
        raise ValueError(f"{method.full_name}: response_body {rule.response_body!r} is not a message field")
    namer = jsonmap.field_namer(method.input_type)
    body_member = None
    if rule.body and rule.body != "*":
        body_member = jsonmap.json_options(fields[rule.body]).name or rule.body
    status = rule.success_status or 200
    location = rule.location

    async def endpoint(**kwargs: Any) -> JSONResponse:
        request: Request = kwargs["request"]
        data: dict[str, Any] = {path_names[name]: kwargs[path_names[name]] for name in path_names}
        body, query = kwargs.get("body"), kwargs.get("query")
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
        headers = {"Location": _location(request, location, payload)} if location else None
        return JSONResponse(jsonmap.to_json(payload), status_code=status, headers=headers)

    name = rule.operation_id or _snake(method.name)
    endpoint.__name__ = name
    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    app.add_api_route(
        route_path,
        endpoint,
        methods=[verb],
        name=name,
        status_code=status,
        response_model=models.response(response_descriptor),
        responses=problem_responses(*COMMON_PROBLEMS, *rule.problems),
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
