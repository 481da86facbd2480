import type { ImageDetail, PullPreview, TagUpdate } from '@footprint/shared';
import { useQuery } from '@tanstack/react-query';
import { Bytes, MaybeBytes } from '../../../components/bytes';
import { ErrorMessage } from '../../../components/error-message';
import { InertText } from '../../../components/inert-text';
import { useEngineApi } from '../../../lib/engine-scope';
import { removalPreviewQueryOptions } from '../../image-actions/api/preview-removal';
import { useSession } from '../../session/api/get-session';
import { useUpdatePreview } from '../api/preview-update';

interface UpdateCostProps {
  image: ImageDetail;
  tag: TagUpdate;
  /** The image's tags changed since the check: the figures may be of another image now. */
  stale: boolean;
}

/**
 * What updating costs, from the two previews the dashboard already has, asked now: the pull
 * preview of the tag (what the engine will download, compressed and exact, and its labelled
 * disk estimate) and the removal preview of this image (what removing the old image frees, in
 * engine bytes and on disk: the very figures the "Remove image" dialog shows).
 */
export function UpdateCost({ image, tag, stale }: UpdateCostProps) {
  const pull = useUpdatePreview(tag.reference);
  const { access } = useSession();
  const api = useEngineApi();
  // The removal preview is refused where removing is (read-only mode, no session): not asked.
  const removal = useQuery({
    ...removalPreviewQueryOptions(api, [image.id]),
    enabled: access === 'allowed',
  });
  const freed = removal.data?.images.find((item) => item.id === image.id);
  return (
    <div className="update-cost" data-testid="update-cost">
      <h3>
        What updating <InertText value={tag.reference} max={120} /> costs
      </h3>
      {stale ? (
        <p className="action-note">The image’s tags changed since the check: check again first.</p>
      ) : null}
      {pull.data ? (
        <PullCost preview={pull.data} />
      ) : pull.error ? (
        <ErrorMessage title="Could not ask what the pull would download" error={pull.error} />
      ) : (
        <p className="loading" role="status">
          Asking the registry what the pull would download…
        </p>
      )}
      {access === 'read-only' || access === 'unauthorized' ? (
        <p className="muted" data-testid="update-reclaimable">
          {access === 'read-only'
            ? 'Read-only mode: nothing can be removed here, so what removing the old image frees is not asked.'
            : 'What removing the old image frees is asked like a removal: open the URL the server printed at start-up once in this browser.'}
        </p>
      ) : removal.data ? (
        <p data-testid="update-reclaimable">
          Reclaimable once the old image is removed:{' '}
          <span data-testid="update-freed-bytes" data-bytes={freed?.bytes}>
            {freed ? <Bytes value={freed.bytes} source="engine" /> : 'not listed now'}
          </span>{' '}
          <span className="muted">engine bytes (layers only it holds)</span> ·{' '}
          <span data-testid="update-freed-disk-bytes" data-bytes={freed?.diskBytes ?? undefined}>
            <MaybeBytes
              value={freed?.diskBytes ?? null}
              source="disk"
              reason={removal.data.disk.note}
            />
          </span>{' '}
          <span className="muted">on disk (du -B1), as the removal dialog counts them</span>
        </p>
      ) : removal.error ? (
        <ErrorMessage
          title="Could not work out what removing the old image frees"
          error={removal.error}
        />
      ) : (
        <p className="loading" role="status">
          Asking what removing the old image frees…
        </p>
      )}
      {pull.data && removal.data ? <KeptLayers image={image} preview={pull.data} /> : null}
    </div>
  );
}

function PullCost({ preview }: { preview: PullPreview }) {
  const estimate = preview.estimatedDiskBytes;
  return (
    <>
      <p data-testid="update-download">
        Download:{' '}
        <span data-testid="update-download-bytes" data-bytes={preview.downloadBytes}>
          <Bytes value={preview.downloadBytes} />
        </span>{' '}
        <span className="muted">
          compressed, {preview.downloadExact ? 'exact' : 'not exact'} (the manifest’s sizes):{' '}
          {preview.downloadLayers} {preview.downloadLayers === 1 ? 'layer' : 'layers'} to download,{' '}
          {preview.reusedLayers} already here
        </span>
      </p>
      {estimate ? (
        <p className="muted" data-testid="update-disk-estimate">
          Adds about <Bytes value={estimate.bytes} /> on disk: an estimate, not a measure (
          <InertText value={estimate.basis} max={300} />)
        </p>
      ) : null}
    </>
  );
}

/**
 * Layers only the old image holds now that the new version is made of too: removing the old
 * image after the pull does not free them. Said beside the removal figure, not subtracted
 * from it: that figure is the removal preview's, as of now.
 */
function KeptLayers({ image, preview }: { image: ImageDetail; preview: PullPreview }) {
  const reused = new Set(
    preview.layers.filter((layer) => layer.local).map((layer) => layer.chainId),
  );
  const kept = image.layers.filter(
    (layer) =>
      reused.has(layer.chainId) && layer.sharedBy.length === 1 && layer.sharedBy[0] === image.id,
  );
  if (kept.length === 0) return null;
  const engine = kept.every((layer) => layer.size !== null)
    ? kept.reduce((sum, layer) => sum + (layer.size ?? 0), 0)
    : null;
  const disk = kept.every((layer) => layer.diskBytes !== null)
    ? kept.reduce((sum, layer) => sum + (layer.diskBytes ?? 0), 0)
    : null;
  return (
    <p className="action-note" data-testid="update-kept-layers">
      {kept.length} of the layers only this image holds now {kept.length === 1 ? 'is' : 'are'} in
      the new version too (<MaybeBytes value={engine} source="engine" /> ·{' '}
      <MaybeBytes value={disk} source="disk" />
      ): once the new version is pulled, removing the old image leaves{' '}
      {kept.length === 1 ? 'it' : 'them'} and frees that much less.
    </p>
  );
}
