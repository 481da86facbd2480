# The dashboard as a container: how Docker Desktop (macOS, Windows) users reach the engine's VM
# and its data root. Build: docker compose build. Run: docker compose up -d.
FROM node:20-bookworm-slim AS build
# python3, make and g++: npm ci builds the disk walker's C addon (server/native) with node-gyp.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY web/package.json web/
COPY e2e/package.json e2e/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# MALLOC_ARENA_MAX=2: as `npm start` runs it (see server/test/helpers/dashboard-server.ts).
ENV NODE_ENV=production HOST=0.0.0.0 PORT=7077 MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/server/build/Release/walk_tree.node server/build/Release/
COPY --from=build /app/web/dist web/dist
EXPOSE 7077
# The same node flags as `npm start` (see server/test/helpers/dashboard-server.ts).
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=30", "--initial-old-space-size=64", "--interrupt-budget=262144", "--no-memory-reducer", "server/dist/server.bundle.js"]
