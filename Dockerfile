# One image per service: docker build --build-arg SERVICE=gateway .
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npx tsc -b services/*/tsconfig.app.json \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ARG SERVICE
# NODE_OPTIONS: the same heap ceiling as SERVICE_NODE_OPTIONS in scripts/infra/services.ts
ENV SERVICE=${SERVICE} NODE_ENV=production NODE_OPTIONS=--max-old-space-size=128
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
CMD ["sh", "-c", "exec node services/${SERVICE}/dist/main.js"]
