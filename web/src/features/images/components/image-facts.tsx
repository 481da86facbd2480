import type { ImageDetail } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { Reference } from '../../../components/share/redaction';
import { count } from '../../../lib/count';

/** Tags, digests, sizes and the graph driver's directories of one image. */
export function ImageFacts({ image }: { image: ImageDetail }) {
  const driver = image.graphDriver;
  const dirs: [string, string | null][] = [
    ['UpperDir', driver.upperDir],
    ['MergedDir', driver.mergedDir],
    ['WorkDir', driver.workDir],
  ];
  return (
    <div className="facts-grid">
      <dl className="facts">
        <div>
          <dt>ID</dt>
          <dd className="mono break">{image.id}</dd>
        </div>
        <div>
          <dt>Tags</dt>
          <dd>
            {image.repoTags.length === 0 ? (
              <span className="tag tag-none">{'<none>'}</span>
            ) : (
              <ul className="tags">
                {image.repoTags.map((tag) => (
                  <li key={tag} className="tag">
                    <Reference value={tag} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Digests</dt>
          <dd>
            {image.repoDigests.length === 0 ? (
              <span className="muted">none (never pushed or pulled by digest)</span>
            ) : (
              <ul className="plain-list mono break">
                {image.repoDigests.map((digest) => (
                  <li key={digest}>
                    <Reference value={digest} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{new Date(image.created).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Size · engine</dt>
          <dd data-bytes={image.size}>
            <Bytes value={image.size} source="engine" /> · shared{' '}
            <Bytes value={image.sharedSize} source="engine" /> · unique{' '}
            <Bytes value={image.uniqueSize} source="engine" />
          </dd>
        </div>
        <div>
          <dt>Containers</dt>
          <dd>{image.containers}</dd>
        </div>
      </dl>
      <dl className="facts">
        <div>
          <dt>Graph driver</dt>
          <dd className="mono">
            <InertText value={driver.name} max={80} />
          </dd>
        </div>
        {dirs.map(([label, path]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd className="mono break">
              {path !== null ? (
                <InertText value={path} max={300} />
              ) : (
                <span className="muted">none</span>
              )}
            </dd>
          </div>
        ))}
        <div>
          <dt>LowerDir</dt>
          <dd>
            {driver.lowerDir.length === 0 ? (
              <span className="muted">none (a single layer)</span>
            ) : (
              // Focusable and named: a box that scrolls must be reachable by keyboard.
              <ol
                className="plain-list mono break lower-dirs"
                tabIndex={0}
                aria-label={`LowerDir, ${count(driver.lowerDir.length, 'directory', 'directories')}`}
              >
                {driver.lowerDir.map((dir) => (
                  <li key={dir}>
                    <InertText value={dir} max={300} />
                  </li>
                ))}
              </ol>
            )}
          </dd>
        </div>
      </dl>
    </div>
  );
}
