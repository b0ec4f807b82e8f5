# syntax=docker/dockerfile:1
# sitrep's image: compiled in one stage, production dependencies installed in another, and only
# those two copied into a slim runtime that runs as the unprivileged `node` user. One image serves
# every role: the bot or one shard of it (default), `npm run start:sharded`'s manager
# (node dist/shard-manager.js) and the shared REST proxy (node dist/rest-proxy.js). See docs/DEPLOY.md.
# It holds what production runs and nothing else: no development dependencies (tsx, the test tools;
# ws only as discord.js's own dependency), and no playground or Discord emulator (without a token the
# bot exits 1 with one line saying so).
ARG NODE_VERSION=22

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build
# The playground and the Discord emulator it drives are for a terminal on a development machine; no
# production entry point imports them (tests/deployment.test.ts follows the imports to check).
RUN rm -rf dist/emulator dist/playground

FROM node:${NODE_VERSION}-bookworm-slim AS production-dependencies
# sqlite3 downloads a prebuilt binary; the toolchain is there for platforms without one, and stays
# in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:${NODE_VERSION}-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# The SQLite file's home (STORE_URL=sqlite://data/sitrep.sqlite): the runtime user's alone (a new
# named volume takes this mode); the bot creates the file itself 0600.
RUN mkdir -p data && chown node:node data && chmod 700 data
USER node
VOLUME ["/app/data"]
# /healthz and /metrics; the REST proxy listens on 8080 (https with REST_PROXY_TLS_CERT_FILE and _KEY_FILE).
EXPOSE 9464 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/healthcheck.js"]
CMD ["node", "dist/index.js"]
