# ticketgate gateway image.
#   docker build -t ticketgate .
#   docker run --rm --env-file ticketgate.env -v "$PWD/desk.yaml:/etc/ticketgate/desk.yaml:ro" ticketgate
# The entrypoint is the CLI; the default command runs ingest and workers
# ("run"). Other commands: "run --role ingest|worker", "check-config",
# "replay <paths...> [--json]".

# --- build: compile TypeScript to dist/ -------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# Dependencies first, so this layer is reused until the lock file changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
RUN npm run build

# --- runtime: production dependencies, compiled code, templates --------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    TICKETGATE_CONFIG=/etc/ticketgate/desk.yaml
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# Read at run time (src/mail/render.ts looks for ../../../src/templates from dist/src/mail).
COPY src/templates ./src/templates
# Files stay root-owned and read-only for the process; it writes nothing to disk.
# 1000:1000 is the image's "node" user, numeric so that Kubernetes'
# runAsNonRoot can verify it.
USER 1000:1000
ENTRYPOINT ["node", "dist/src/cli/index.js"]
CMD ["run"]
