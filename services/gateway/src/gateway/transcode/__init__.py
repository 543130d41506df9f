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

from gateway.transcode.routes import COMMON_PROBLEMS, mount, response_model

__all__ = ["COMMON_PROBLEMS", "mount", "response_model"]
