import '../layer-explorer.css';
import type { ImageAnalysis } from '@footprint/shared';
import { Bytes } from '../../../components/bytes';
import { EmptyState } from '../../../components/query-state';
import { useEngineApi } from '../../../lib/engine-scope';
import { inertAttribute } from '../../../lib/inert-text';
import { imageAnalysisPath } from '../api/get-image-analysis';
import { diveEfficiency, fateLabels, percent } from '../utils/entry-labels';
import { InertName } from './inert-name';

/** Rows drawn at most; the JSON export has every one. */
const shownFiles = 300;

/**
 * Waste: dive's score as dive reports it, beside the bytes squashing truly reclaims, and the
 * files later layers overwrote or deleted with each copy's fate.
 */
export function WasteSummary({ analysis }: { analysis: ImageAnalysis }) {
  const { dive } = analysis;
  return (
    <>
      <dl className="summary-figures waste-figures">
        <div data-figure="dive-efficiency" data-value={dive.efficiency}>
          <dt>dive efficiency</dt>
          <dd>{diveEfficiency(dive.efficiency)}</dd>
          <dd className="figure-note">As dive v0.13 computes it, to compare with dive.</dd>
        </div>
        <div data-figure="dive-wasted" data-bytes={dive.wastedBytes}>
          <dt>dive: potential wasted space</dt>
          <dd>
            <Bytes value={dive.wastedBytes} />
          </dd>
          <dd className="figure-note">
            Every copy of a path seen twice, kept copies too
            {dive.userWastedPercent !== null
              ? ` · ${percent(dive.userWastedPercent)} of the layers above the base`
              : ''}
            .
          </dd>
        </div>
        <div data-figure="reclaimable" data-bytes={analysis.reclaimableBytes}>
          <dt>Reclaimable by squashing</dt>
          <dd>
            <Bytes value={analysis.reclaimableBytes} />
          </dd>
          <dd className="figure-note">
            What squashing the image truly saves: every copy a later layer overwrote, deleted or
            hid, the one kept excepted.
          </dd>
        </div>
        <div data-figure="total" data-bytes={analysis.totalApparentBytes}>
          <dt>All layers’ files</dt>
          <dd>
            <Bytes value={analysis.totalApparentBytes} />
          </dd>
          <dd className="figure-note">
            Of which <Bytes value={analysis.visibleApparentBytes} /> is what a container sees.
          </dd>
        </div>
      </dl>
      <p className="advice">
        dive counts the copy a container keeps as waste and misses files deleted with their
        directory or hidden by an opaque directory (dive issue 684), so its figure can be higher or
        lower than what squashing reclaims.
      </p>
    </>
  );
}

export function WastedFilesTable({ analysis }: { analysis: ImageAnalysis }) {
  const files = [...analysis.wastedFiles].sort((a, b) => b.reclaimableBytes - a.reclaimableBytes);
  if (files.length === 0) {
    return (
      <EmptyState title="No wasted files">
        No layer of this image overwrites or deletes a file from a layer below it.
      </EmptyState>
    );
  }
  // The build step of a layer, for a copy's tooltip: from the image config, so inert.
  const layerOf = (index: number) => {
    const createdBy = analysis.layers[index]?.createdBy;
    return createdBy ? inertAttribute(createdBy) : undefined;
  };
  return (
    <>
      <div className="table-scroll">
        <table className="wasted-files">
          <caption className="visually-hidden">Wasted files, most reclaimable first</caption>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Copies, bottom layer first</th>
              <th scope="col" className="num">
                Reclaimable
              </th>
            </tr>
          </thead>
          <tbody>
            {files.slice(0, shownFiles).map((file) => (
              <tr
                key={file.path}
                data-path={inertAttribute(file.path)}
                data-bytes={file.reclaimableBytes}
              >
                <th scope="row" className="wasted-path">
                  <InertName className="mono" text={file.displayPath} />
                </th>
                <td>
                  <ol className="copies">
                    {file.copies.map((copy) => (
                      <li key={copy.layer} data-fate={copy.fate}>
                        <span className="copy-layer" title={layerOf(copy.layer)}>
                          layer {copy.layer}
                        </span>{' '}
                        <Bytes value={copy.apparentBytes} />{' '}
                        <span className="copy-fate" data-fate={copy.fate}>
                          {fateLabels[copy.fate]}
                          {copy.byLayer !== null && copy.fate !== 'kept'
                            ? ` by layer ${copy.byLayer}`
                            : ''}
                        </span>
                        {copy.heldByLink !== null ? (
                          <span className="muted">
                            {' '}
                            · still held by hard link{' '}
                            <InertName className="mono" text={copy.heldByLink} />
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ol>
                </td>
                <td className="num">
                  <Bytes value={file.reclaimableBytes} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {files.length > shownFiles ? (
        <p className="muted table-note">
          The {shownFiles} most reclaimable of {files.length.toLocaleString('en-US')} files; the
          JSON export lists all.
        </p>
      ) : null}
    </>
  );
}

/** Opens the analysis as JSON, the same document a CI job gets. */
export function AnalysisJsonLink({ imageId }: { imageId: string }) {
  const api = useEngineApi();
  return (
    <a
      className="button button-quiet"
      href={api.path(imageAnalysisPath(imageId))}
      target="_blank"
      rel="noreferrer"
    >
      Analysis as JSON
    </a>
  );
}
