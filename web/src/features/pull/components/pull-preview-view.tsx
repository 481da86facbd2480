import type { PullPreview, PullPreviewLayer } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { TableScroll } from '../../../components/table-scroll';
import { shortDigest } from '../utils/pull-format';

/** The preview: what the pull downloads (exact) and adds on disk (an estimate), layer by layer. */
export function PullPreviewView({ preview }: { preview: PullPreview }) {
  const platform = [preview.platform.os, preview.platform.architecture, preview.platform.variant]
    .filter(Boolean)
    .join('/');
  const estimate = preview.estimatedDiskBytes;
  return (
    <div className="pull-preview" data-testid="pull-preview">
      <p className="muted">
        <InertText value={preview.reference} max={200} /> for {platform} · {preview.layers.length}{' '}
        {preview.layers.length === 1 ? 'layer' : 'layers'}
        {preview.alreadyPulled ? ' · this exact image is on the engine already' : ''}
      </p>
      <dl className="pull-totals">
        <div>
          <dt>Download, compressed, exact</dt>
          <dd data-testid="pull-download-bytes" data-bytes={preview.downloadBytes}>
            <Bytes value={preview.downloadBytes} /> in {preview.downloadLayers}{' '}
            {preview.downloadLayers === 1 ? 'layer' : 'layers'}
            {preview.downloadExact ? '' : ' (if the engine knows its local layers: not known)'}
          </dd>
        </div>
        <div>
          <dt>Reused, already on this engine</dt>
          <dd data-testid="pull-reused-layers">
            {preview.reusedLayers} {preview.reusedLayers === 1 ? 'layer' : 'layers'}
          </dd>
        </div>
        <div>
          <dt>Disk added, estimate</dt>
          <dd data-testid="pull-disk-estimate">
            {estimate === null ? (
              <span className="muted">not known (no gzip size could be read)</span>
            ) : (
              <>
                about <Bytes value={estimate.bytes} />
                <span className="muted"> · {estimate.basis}</span>
              </>
            )}
          </dd>
        </div>
      </dl>
      {preview.downloadedAgainBytes > 0 ? (
        <p className="action-note" data-testid="pull-downloaded-again">
          <Bytes value={preview.downloadedAgainBytes} /> of it are layers this engine already holds
          but has no record of pulling (they came from <code>docker load</code> or a build): the
          engine downloads them again, though the disk keeps one copy.
        </p>
      ) : null}
      {!preview.digestRecords.readable ? (
        <p className="action-note">
          Whether the engine downloads its local layers again is not known:{' '}
          <InertText value={preview.digestRecords.reason ?? ''} max={400} />
        </p>
      ) : null}
      {preview.sharedBaseWith.length > 0 ? (
        <p className="muted" data-testid="pull-shared-base">
          Shares its base with{' '}
          {preview.sharedBaseWith.slice(0, 5).map((image, index) => (
            <span key={image.id}>
              {index > 0 ? ', ' : ''}
              <InertText value={image.name ?? shortDigest(image.id)} max={80} /> (
              {image.sharedLayers} {image.sharedLayers === 1 ? 'layer' : 'layers'})
            </span>
          ))}
          {preview.sharedBaseWith.length > 5
            ? ` and ${preview.sharedBaseWith.length - 5} more`
            : ''}
        </p>
      ) : null}
      {preview.rateLimit?.remaining != null ? (
        <p className="muted">
          Registry pull quota left: {preview.rateLimit.remaining}
          {preview.rateLimit.limit !== null ? ` of ${preview.rateLimit.limit}` : ''}
        </p>
      ) : null}
      <TableScroll label="Layers of the image to pull">
        <table className="pull-layers" data-testid="pull-preview-layers">
          <caption className="visually-hidden">Layers, bottom first</caption>
          <thead>
            <tr>
              <th scope="col">Layer digest</th>
              <th scope="col" className="numeric">
                Compressed
              </th>
              <th scope="col">On this engine</th>
              <th scope="col">Pull</th>
            </tr>
          </thead>
          <tbody>
            {preview.layers.map((layer, index) => (
              <tr key={`${index}-${layer.digest}`} data-will-download={layer.willDownload}>
                <td>
                  <code title={layer.digest}>{shortDigest(layer.digest)}</code>
                </td>
                <td className="numeric">
                  <Bytes value={layer.compressedBytes} />
                </td>
                <td>{localText(layer)}</td>
                <td>{pullText(layer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function localText(layer: PullPreviewLayer): string {
  if (!layer.local) return 'no';
  if (layer.engineKnowsDigest === false) return 'yes, no pull record';
  if (layer.engineKnowsDigest === null) return 'yes (pull record not known)';
  return 'yes';
}

function pullText(layer: PullPreviewLayer): string {
  if (!layer.willDownload) return 'reused';
  return layer.local ? 'downloaded again, kept once on disk' : 'downloaded';
}
