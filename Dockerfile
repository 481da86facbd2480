# The dashboard as a container: how Docker Desktop (macOS, Windows) users reach the engine's VM
# and its data root. Build: docker compose build. Run: docker compose up -d (see
# docker-compose.yml for how it runs: the socket, the data root read-only, the state volume).
#
# NODE_IMAGE: a Debian slim image with Node 24 in /usr/local (node, npm and Node's headers), the
# official one by default. The tests build on a base they make themselves with debootstrap and
# the Node binary from the npm registry (server/test/integration/container-image.test.ts).
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
# python3, make and g++: npm ci builds the disk walker's C addon (server/native) with node-gyp.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
# node-gyp builds the addon against the headers of this image's own Node (/usr/local/include/node)
# rather than downloading them from nodejs.org. An ARG is in the environment of this stage's RUN
# steps only.
ARG npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY server/package.json server/binding.gyp server/
COPY server/native server/native
COPY web/package.json web/
COPY e2e/package.json e2e/
# The addon builds in npm ci (the server's install script): its sources come before it.
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
# MALLOC_ARENA_MAX=2: as `npm start` runs it. The scan cache, last-use record and layer indexes go
# to /state (a volume: the image's own file system can be read-only); the session token of each
# start goes there too, mode 0600, for the health check below.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=7077 MALLOC_ARENA_MAX=2 \
    FOOTPRINT_STATE_DIR=/state FOOTPRINT_SESSION_FILE=/state/session-token
WORKDIR /app
# The server is one bundle with its dependencies in it (scripts/bundle-server.mjs): no
# node_modules, 78 MB less. (ssh2, left out of the bundle, serves ssh:// engine addresses only;
# here the engine is the mounted socket.)
COPY --from=build /app/package.json ./
COPY --from=build /app/shared/package.json shared/
COPY --from=build /app/shared/dist shared/dist
COPY --from=build /app/server/package.json server/
COPY --from=build /app/server/dist server/dist
COPY --from=build /app/server/build/Release/walk_tree.node server/build/Release/
COPY --from=build /app/web/dist web/dist
VOLUME /state
EXPOSE 7077
# Privilege: the process runs as root, and docker-compose.yml drops every capability but
# CAP_DAC_READ_SEARCH (read any file, search any directory of the data root). Root, because the
# socket is root's (uid 0 reaches it with no group, whatever the host's docker gid) and the state
# volume is root's; a non-root user would get no capability at all from cap_add (Docker gives
# added capabilities to uid 0 only), so it could not read the data root's private directories.
#
# The same node flags as `npm start` on Node 24 (nodeFlagsFor('24.0.0') in scripts/node-flags.mjs).
CMD ["node", "--max-semi-space-size=2", "--heap-growing-percent=30", "--initial-old-space-size=64", "--no-memory-reducer", "server/dist/server.bundle.js"]
# Healthy when the server answers /api/health and the engine is reachable. Bound beyond loopback,
# the API answers only the session: the check sends this start's token as a bearer token (no
# curl in slim images: Node's own fetch).
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["node", "-e", "const t=process.env.FOOTPRINT_TOKEN||require('node:fs').readFileSync(process.env.FOOTPRINT_SESSION_FILE,'utf8').trim();fetch('http://127.0.0.1:'+process.env.PORT+'/api/health',{headers:{authorization:'Bearer '+t}}).then(r=>r.json().then(b=>process.exit(r.ok&&b.status==='ok'?0:1)),()=>process.exit(1))"]
