import type { RegistryRepository, RegistryTag } from '@footprint/shared';
import { Bytes, SourceTag } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { TableScroll } from '../../../components/table-scroll';
import { inertAttribute } from '../../../lib/inert-text';
import { ActionGate } from '../../session/components/action-gate';
import { platformsLabel, shortDigest } from '../utils/registry-labels';

interface RepositoryTagsProps {
  repository: RegistryRepository;
  onDelete: (tag: RegistryTag) => void;
}

function LocalCell({ tag }: { tag: RegistryTag }) {
  const local = tag.local;
  if (local === null) return <span className="muted">not pulled</span>;
  return (
    <span data-local={local.match}>
      <Bytes value={local.size} source="engine" />{' '}
      <span className="muted">
        ({local.match === 'digest' ? 'this manifest' : 'tag only, another manifest'})
      </span>
    </span>
  );
}

/** One repository's tags: sizes as stored, platforms, bytes only each holds, the local copy. */
export function RepositoryTags({ repository, onDelete }: RepositoryTagsProps) {
  return (
    <div className="registry-tags">
      {repository.tags.length > 0 ? (
        <TableScroll label={`Tags of ${repository.name}`}>
          <table className="registry-table">
            <thead>
              <tr>
                <th scope="col">Tag</th>
                <th scope="col">Digest</th>
                <th scope="col" className="num">
                  Size (registry, compressed)
                </th>
                <th scope="col" className="num">
                  Only it holds (freed after GC)
                </th>
                <th scope="col">
                  Local copy <SourceTag source="engine" />
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {repository.tags.map((tag) => (
                <tr key={tag.tag} data-tag={inertAttribute(tag.tag)}>
                  <th scope="row">
                    <InertText className="mono" value={tag.tag} max={80} />
                    {tag.sameDigestTags.length > 0 ? (
                      <span
                        className="badge"
                        title={inertAttribute(`Same digest as ${tag.sameDigestTags.join(', ')}`)}
                      >
                        +{tag.sameDigestTags.length} same digest
                      </span>
                    ) : null}
                  </th>
                  <td title={inertAttribute(tag.digest)}>
                    <InertText className="mono" value={shortDigest(tag.digest)} max={80} />
                  </td>
                  <td className="num" data-bytes={tag.compressedBytes ?? undefined}>
                    {tag.compressedBytes !== null ? (
                      <Bytes value={tag.compressedBytes} />
                    ) : (
                      <ul className="plain-list">
                        {tag.platforms.map((p) => (
                          <li key={p.digest}>
                            <InertText value={p.platform ?? 'attestation'} max={60} />:{' '}
                            {p.compressedBytes === null ? (
                              <span className="not-measured">not fetched</span>
                            ) : (
                              <Bytes value={p.compressedBytes} />
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {tag.kind === 'index' ? (
                      <span className="visually-hidden">{platformsLabel(tag)}</span>
                    ) : null}
                  </td>
                  <td className="num" data-bytes={tag.onlyHeldBytes}>
                    <Bytes value={tag.onlyHeldBytes} />
                  </td>
                  <td>
                    <LocalCell tag={tag} />
                  </td>
                  <td>
                    <ActionGate>
                      <button
                        type="button"
                        className="link-button"
                        onClick={() => onDelete(tag)}
                        aria-label={`Delete ${repository.name}:${tag.tag} from the registry`}
                      >
                        Delete…
                      </button>
                    </ActionGate>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : null}
      {repository.untagged.length > 0 ? (
        <div data-testid="untagged-manifests">
          <p>
            Untagged manifests (the next <code>garbage-collect --delete-untagged</code> deletes
            them):
          </p>
          <ul className="plain-list">
            {repository.untagged.map((manifest) => (
              <li key={manifest.digest} data-digest={inertAttribute(manifest.digest)}>
                <InertText className="mono" value={shortDigest(manifest.digest)} max={80} /> — frees{' '}
                <Bytes value={manifest.sweptBytes} /> (registry blobs)
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
