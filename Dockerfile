# syntax=docker/dockerfile:1
# First version (walking skeleton): build stage compiles TypeScript and better-sqlite3's native
# addon; the runtime stage carries only production dependencies and runs as a non-root user.
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# Headers of the running Node, so node-gyp does not download them.
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY collectors ./collectors
COPY checks ./checks
RUN npm run build && npm prune --omit=dev

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# config/reference/ (read by tests only) is left out by .dockerignore.
COPY config ./config
# A dedicated unprivileged user (not the base image's): evidence and configuration live in /data
# (mount a volume); the image itself can run with a read-only root filesystem.
RUN groupadd --system --gid 10001 controlwatch \
 && useradd --system --uid 10001 --gid controlwatch --home-dir /data --no-create-home --shell /usr/sbin/nologin controlwatch \
 && mkdir /data && chown controlwatch:controlwatch /data
USER controlwatch
WORKDIR /data
ENTRYPOINT ["node", "/app/bin/controlwatch.js"]
CMD ["--config", "/data/controlwatch.yaml", "run"]
