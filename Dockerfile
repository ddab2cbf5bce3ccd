# syntax=docker/dockerfile:1
# controlwatch as a long-running service: `controlwatch daemon` by default.
#
#   docker build -t controlwatch .
#   docker run --read-only -v controlwatch-data:/data \
#     -v ./controlwatch.yaml:/etc/controlwatch/controlwatch.yaml:ro \
#     controlwatch --config /etc/controlwatch/controlwatch.yaml daemon
#
# Build stage: TypeScript and better-sqlite3's native addon are compiled here. Runtime stage: only
# production dependencies and the built output, a non-root user, tini as PID 1, and nothing that needs
# a writable root filesystem. test/container/smoke.sh builds and runs this file with podman in CI.
# The base is named in full (docker.io/...) so podman resolves it without asking which registry.
ARG NODE_IMAGE=docker.io/library/node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# Compile native addons against the headers of the image's own Node (no header download).
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are copied; better-sqlite3's install
# script (prebuilt binary, else compile) is run explicitly instead. Dev dependencies (TypeScript)
# are needed for the build and pruned right after it.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY collectors ./collectors
COPY checks ./checks
# prune leaves empty scope folders behind (node_modules/@vitest); they go too.
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && find node_modules -depth -type d -empty -delete \
 && node -e "require('better-sqlite3')(':memory:').prepare('select 1').get()"

FROM ${NODE_IMAGE}
# tini as PID 1: forwards SIGTERM/SIGINT to Node and reaps children (the daemon's graceful stop
# depends on receiving the signal). No compiler, no test dependencies in this stage.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# config/reference/ (read by tests only) is left out by .dockerignore.
COPY config ./config
# A dedicated unprivileged user with a numeric id (Kubernetes' runAsNonRoot can verify a number,
# not a name). Evidence lives in /data (mount a volume); nothing else is written, so the container
# runs with a read-only root filesystem (Node's temporary files go to /tmp: a tmpfs where needed).
RUN groupadd --system --gid 10001 controlwatch \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin controlwatch \
 && mkdir /data && chown 10001:10001 /data && chmod 0750 /data \
 && ln -s /app/bin/controlwatch.js /usr/local/bin/controlwatch
VOLUME ["/data"]
USER 10001:10001
# ./controlwatch.yaml (the default config file) and a relative store.path resolve here.
WORKDIR /data
# The daemon's HTTP server (server.listen; 0.0.0.0:8080 in a container, see deploy/).
EXPOSE 8080
# /healthz answers while the process is alive; it is never behind the bearer token. Node's own fetch,
# so the image needs no curl. HEALTHCHECK_URL overrides it when the server listens elsewhere.
ENV HEALTHCHECK_URL=http://127.0.0.1:8080/healthz
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(process.env.HEALTHCHECK_URL,{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["tini", "--", "controlwatch"]
CMD ["daemon"]
