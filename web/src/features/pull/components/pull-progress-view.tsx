import type { PullLayerProgress, PullState } from '@footprint/shared';
import { Bytes, MaybeBytes } from '../../../components/bytes';
import { InertText } from '../../../components/inert-text';
import { TableScroll } from '../../../components/table-scroll';
import {
  downloadFraction,
  etaText,
  layerPhaseLabels,
  pullPhaseLabels,
  rateText,
  shortDigest,
} from '../utils/pull-format';

/**
 * A pull as the server runs it: one byte-weighted total for the download (known before the first
 * byte), the extraction as its own phase, every layer's row, then what it really downloaded
 * beside what the preview promised.
 */
export function PullProgressView({ state }: { state: PullState }) {
  const { totals } = state;
  const running = state.phase === 'measuring' || state.phase === 'pulling';
  const percent = Math.round(downloadFraction(state) * 100);
  return (
    <div className="pull-progress" data-testid="pull-progress" data-phase={state.phase}>
      <p className="pull-phase" role="status">
        {pullPhaseLabels[state.phase]} <InertText value={state.reference} max={200} />
      </p>
      <div className="pull-bar">
        <label>
          Download
          <progress
            max={Math.max(1, totals.downloadTotalBytes)}
            value={Math.min(totals.downloadedBytes, totals.downloadTotalBytes)}
            aria-valuetext={`${percent}%`}
            data-testid="pull-progress-bar"
          />
        </label>
        <span data-testid="pull-downloaded" data-bytes={totals.downloadedBytes}>
          <Bytes value={totals.downloadedBytes} /> of <Bytes value={totals.downloadTotalBytes} />{' '}
          compressed ({percent}%)
        </span>
        {running ? (
          <span className="muted" data-testid="pull-rate">
            {rateText(totals.bytesPerSecond)} · {etaText(totals.etaSeconds)}
          </span>
        ) : null}
      </div>
      <p className="muted" data-testid="pull-extracted">
        Extract: {totals.extractedLayers} of {totals.extractLayersTotal}{' '}
        {totals.extractLayersTotal === 1 ? 'layer' : 'layers'} unpacked
      </p>
      {state.error !== null ? (
        <div className="error-message" role="alert" data-testid="pull-error">
          <p className="error-message-title">
            {state.phase === 'cancelled' ? 'The pull was cancelled' : 'The pull failed'}
          </p>
          <p>
            <InertText value={state.error} max={600} />
          </p>
        </div>
      ) : null}
      {state.result !== null ? <PullResultView state={state} /> : null}
      <TableScroll label="Layers being pulled">
        <table className="pull-layers" data-testid="pull-progress-layers">
          <caption className="visually-hidden">Layers, bottom first</caption>
          <thead>
            <tr>
              <th scope="col">Layer digest</th>
              <th scope="col">Phase</th>
              <th scope="col" className="numeric">
                Downloaded
              </th>
              <th scope="col">Unpacked</th>
            </tr>
          </thead>
          <tbody>
            {state.layers.map((layer, index) => (
              <tr key={`${index}-${layer.digest}`} data-layer-phase={layer.phase}>
                <td>
                  <code title={layer.digest}>{shortDigest(layer.digest)}</code>
                </td>
                <td>{layerPhaseLabels[layer.phase]}</td>
                <td className="numeric">
                  {layer.expected === 'reuse' && layer.downloadedBytes === 0 ? (
                    <span className="muted">reused</span>
                  ) : (
                    <>
                      <Bytes value={layer.downloadedBytes} /> of{' '}
                      <Bytes value={layer.compressedBytes} />
                    </>
                  )}
                </td>
                <td>{extractText(layer)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}

function extractText(layer: PullLayerProgress): string {
  if (layer.phase === 'done') return 'done';
  if (layer.extract === null) return '';
  if (layer.extract.unit === 'seconds') return `${Math.round(layer.extract.current)} s`;
  const total = layer.extract.total;
  return total > 0 ? `${Math.round((layer.extract.current / total) * 100)}%` : '';
}

/** What the engine did beside what the preview said; the data root's growth from the scan. */
function PullResultView({ state }: { state: PullState }) {
  const result = state.result;
  if (result === null) return null;
  return (
    <div className="pull-result" data-testid="pull-result" data-agrees={result.agrees}>
      <dl className="pull-totals">
        <div>
          <dt>Downloaded, compressed</dt>
          <dd data-testid="pull-result-downloaded" data-bytes={result.downloadedBytes}>
            <Bytes value={result.downloadedBytes} /> in {result.downloadedLayers}{' '}
            {result.downloadedLayers === 1 ? 'layer' : 'layers'} · {result.alreadyExistsLayers}{' '}
            already there
          </dd>
        </div>
        <div>
          <dt>Promised by the preview</dt>
          <dd data-testid="pull-result-promised" data-bytes={result.promisedDownloadBytes}>
            <Bytes value={result.promisedDownloadBytes} /> · {result.promisedReusedLayers} reused
          </dd>
        </div>
        <div>
          <dt>Data root grew, measured on disk</dt>
          <dd data-testid="pull-result-disk">
            <MaybeBytes
              value={result.disk.gainedBytes === null ? null : Math.max(0, result.disk.gainedBytes)}
              reason={result.disk.reason}
              source="disk"
            />
            {result.disk.gainedBytes !== null && result.disk.gainedBytes < 0
              ? ' (it shrank: something else freed space meanwhile)'
              : ''}
          </dd>
        </div>
      </dl>
      <p className={result.agrees ? 'muted' : 'action-note'} data-testid="pull-result-verdict">
        {result.agrees
          ? 'The engine downloaded exactly what the preview said.'
          : 'The engine did not download what the preview said (the tag may have moved, or the ' +
            'engine’s records differ from what was read).'}
      </p>
    </div>
  );
}
