# syntax=docker/dockerfile:1
# ONE image recipe for every service of platform.toml: build arg SERVICE names it
# (skaffold.yaml, generated, passes it). `python -m $SERVICE serve` is the default command;
# `relay` and `migrate` are the same image with another argument, exactly as
# tools/localplatform.py runs them.
#   docker build --build-arg SERVICE=complaints -t cs-complaints .
# Build context: the repo root (every service needs libs/contracts and libs/cskit).

ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:20-slim

# ---- console: the staff console's static files (console/), served by the gateway ----
# Built once and cached for every service; only the gateway's chart points at /opt/console.
FROM ${NODE_IMAGE} AS console
WORKDIR /console
COPY console/package.json console/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY console/index.html console/vite.config.ts console/tsconfig.json ./
COPY console/src/ src/
RUN npx --no-install vite build --logLevel warn

# ---- builder: wheels of the contracts, the kit and the service, installed into /opt/venv ----
FROM ${PYTHON_IMAGE} AS builder
ARG SERVICE
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
WORKDIR /src
RUN test -n "${SERVICE}" || { echo "build arg SERVICE is required (a name in platform.toml)" >&2; exit 1; } \
    && python -m venv /opt/venv
COPY constraints.txt platform.toml ./
COPY libs/contracts libs/contracts
COPY libs/cskit libs/cskit
COPY services/${SERVICE} services/${SERVICE}
COPY docker/cs-service docker/cs-healthcheck /opt/venv/bin/
# Wheels (not editable installs) so the final stage needs no sources; every third-party
# version is pinned by constraints.txt, the same pins CI tests with. pip compiles .pyc
# files here, so the read-only runtime never needs to write bytecode. The kit is installed
# WITHOUT its [dev] extra: no dev broker, no SeaweedFS, no cskit.dev launchers' binaries.
RUN /opt/venv/bin/pip wheel --no-cache-dir --no-deps --wheel-dir /wheels \
        ./libs/contracts ./libs/cskit "./services/${SERVICE}" \
    && /opt/venv/bin/pip install --no-cache-dir -c constraints.txt /wheels/*.whl \
    && /opt/venv/bin/pip uninstall --yes pip setuptools \
    && cp platform.toml /opt/venv/platform.toml \
    && chmod 0755 /opt/venv/bin/cs-service /opt/venv/bin/cs-healthcheck

# ---- runtime: python:3.11-slim plus the venv; no compilers, no pip, no sources ----
FROM ${PYTHON_IMAGE}
ARG SERVICE
# Fixed numeric IDs so Kubernetes can check runAsNonRoot without a passwd lookup.
RUN groupadd --system --gid 10001 cs \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /tmp --shell /usr/sbin/nologin cs
COPY --from=builder /opt/venv /opt/venv
COPY --from=console /console/dist /opt/console
# Read-only root filesystem: nothing writes outside /tmp (an emptyDir in the chart).
# CS_SERVICE tells the launcher and the health check which service this image is.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/tmp \
    TMPDIR=/tmp \
    CS_SERVICE=${SERVICE}
WORKDIR /tmp
USER 10001:10001
# No EXPOSE: each service's ports are in platform.toml and the chart declares them.
# The health endpoint of whatever PID 1 runs (gRPC health for serve, /healthz for a relay,
# /readyz for the gateway). Kubernetes ignores HEALTHCHECK and uses the chart's probes.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["cs-healthcheck"]
# `python -m $CS_SERVICE <args>`, with no shell between the stop signal and Python.
ENTRYPOINT ["cs-service"]
CMD ["serve"]
