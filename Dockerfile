# One image per service: docker build --build-arg SERVICE=gateway .
# The Node that npm start and npm test run on: the `node` devDependency, the same exact version
# (scripts/node-version.spec.ts checks they agree).
ARG NODE_VERSION=24.21.0
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx tsc -b services/*/tsconfig.app.json \
 && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim
ARG SERVICE
# SERVICE_ENV of scripts/infra/services.ts (malloc maps blocks of 32 KB and more on their own)
ENV SERVICE=${SERVICE} NODE_ENV=production MALLOC_MMAP_THRESHOLD_=32768
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
# node's options: SERVICE_NODE_ARGS of scripts/infra/services.ts (heap and young-generation sizes, one kafkajs warning off)
CMD ["sh", "-c", "exec node --max-old-space-size=128 --max-semi-space-size=4 --disable-warning=TimeoutNegativeWarning services/${SERVICE}/dist/main.js"]
