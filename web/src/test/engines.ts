import type { EngineList, EngineSummary } from '@footprint/shared';

/** An engine as GET /api/engines lists it; tests change what they look at. */
export function engineSummary(fields: Partial<EngineSummary> & { id: string }): EngineSummary {
  return {
    name: fields.id,
    kind: 'docker',
    origin: 'docker-context',
    transport: 'unix',
    address: `unix:///run/${fields.id}.sock`,
    default: false,
    current: false,
    enabled: true,
    status: 'up',
    message: null,
    lastSeenAt: '2026-12-07T09:00:00.000Z',
    version: '27.5.1',
    backend: 'overlay2',
    dataRoot: `/var/lib/${fields.id}`,
    diskMeasured: true,
    diskReason: null,
    totals: {
      imageCount: 3,
      containerCount: 1,
      engineBytes: 300_000_000,
      engineReclaimableBytes: 120_000_000,
      diskBytes: 310_000_000,
      asOf: '2026-12-07T09:00:00.000Z',
    },
    ...fields,
  };
}

/** Three engines: the default one up and measured, a remote one away, a Podman one off. */
export function threeEngines(): EngineList {
  return {
    defaultEngineId: 'local',
    problems: [],
    engines: [
      engineSummary({ id: 'local', name: 'default', default: true, current: true }),
      engineSummary({
        id: 'build-box',
        name: 'build-box',
        transport: 'ssh',
        address: 'ssh://ci@build-box',
        status: 'away',
        lastSeenAt: '2026-12-07T08:30:00.000Z',
        message: 'ssh: connect to host build-box port 22: Connection refused',
        diskMeasured: false,
        diskReason:
          'Its data root is on another host: run the dashboard on that host to see its disk.',
        dataRoot: '/srv/docker',
        totals: {
          imageCount: 12,
          containerCount: 4,
          engineBytes: 2_570_000_000,
          engineReclaimableBytes: 1_000_000_000,
          diskBytes: null,
          asOf: '2026-12-07T08:30:00.000Z',
        },
      }),
      engineSummary({
        id: 'podman',
        name: 'podman',
        kind: 'podman',
        origin: 'podman-socket',
        enabled: false,
        status: 'off',
        dataRoot: '/var/lib/containers/storage',
      }),
    ],
  };
}
