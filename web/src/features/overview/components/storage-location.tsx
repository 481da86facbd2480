import type { DiskMeasurement, Health } from '@footprint/shared';
import { InertText } from '../../../components/inert-text';
import { engineKind } from '../utils/storage-location';

interface StorageLocationProps {
  health: Health | undefined;
  measurement: DiskMeasurement;
}

/** Where the images live on this machine, and how that differs between kinds of engine. */
export function StorageLocation({ health, measurement }: StorageLocationProps) {
  const kind = engineKind(health, measurement);
  const dataRoot = measurement.dataRoot ?? health?.engine.dockerRootDir ?? null;
  return (
    <div className="storage-location">
      <dl className="facts">
        <div>
          <dt>Data root</dt>
          <dd className="mono">
            {dataRoot !== null ? <InertText value={dataRoot} max={300} /> : 'unknown'}
          </dd>
        </div>
        <div>
          <dt>Storage driver</dt>
          <dd className="mono">
            <InertText
              value={measurement.driver ?? health?.engine.storageDriver ?? 'unknown'}
              max={80}
            />
            {measurement.backend !== measurement.driver ? ` (${measurement.backend})` : ''}
          </dd>
        </div>
        <div>
          <dt>Engine</dt>
          <dd>
            {kind === 'desktop' ? 'Docker Desktop' : kind === 'rootless' ? 'Rootless' : 'Linux'}
            {health?.engine.os ? (
              <>
                {' · '}
                <InertText value={health.engine.os} max={120} />
              </>
            ) : null}
          </dd>
        </div>
      </dl>
      <ul className="explain-list">
        <li data-current={kind === 'linux' || undefined}>
          <strong>Linux.</strong> The engine keeps everything under its data root,{' '}
          <code>/var/lib/docker</code> by default: image layers in <code>overlay2/</code>, their
          metadata in <code>image/</code>, containers and their logs in <code>containers/</code>,
          volumes in <code>volumes/</code>, BuildKit’s cache in <code>buildkit/</code>.
        </li>
        <li data-current={kind === 'desktop' || undefined}>
          <strong>Docker Desktop.</strong> The engine runs in a Linux VM: the data root is inside
          the VM’s disk image (<code>Docker.raw</code> on macOS, <code>ext4.vhdx</code> with WSL 2),
          so the host sees one large file, which does not shrink by itself after a prune.
        </li>
        <li data-current={kind === 'rootless' || undefined}>
          <strong>Rootless.</strong> The engine runs as a user and keeps its data root in that
          user’s home, <code>~/.local/share/docker</code>, separate from the system engine’s.
        </li>
      </ul>
      {measurement.reason && !measurement.measured ? (
        <p className="muted">
          On-disk figures: <InertText value={measurement.reason} max={600} />
        </p>
      ) : null}
    </div>
  );
}
