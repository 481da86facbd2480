import type { ImageList, ImageSummary, UnusedAnswer } from '@footprint/shared';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import '../../../components/actions.css';
import { InertText } from '../../../components/inert-text';
import { useEngineApi } from '../../../lib/engine-scope';
import { useNow } from '../../../lib/use-now';
import { idleImagesQueryOptions } from '../api/get-idle-images';
import { parseIdleDays } from '../utils/idle-days';
import { basisCounts, evidenceText, recordedSpanText, spanText } from '../utils/idle-evidence';
import './idle-filter.css';

interface IdleFilterProps {
  /** The days in the URL; '' when off. */
  value: string;
  /** Since when the server records container use (lastUseKnownSince). */
  knownSince: string | undefined;
  onChange: (value: string) => void;
}

/**
 * "Unused for N days": images no container uses and none used for that long. The engine keeps
 * no last use, so the record starts when this dashboard first watches the engine; until it
 * covers N days, images qualify by their age instead, and each says which basis it rests on.
 */
export function IdleFilter({ value, knownSince, onChange }: IdleFilterProps) {
  const checkId = useId();
  const daysId = useId();
  const now = useNow();
  const on = value !== '';
  const days = parseIdleDays(value);
  // The images page asks for this answer (it filters the rows with it); this only reads it.
  const api = useEngineApi();
  const idle = useQuery({ ...idleImagesQueryOptions(api, days ?? 0), enabled: false });
  return (
    <div className="unused-filter" data-testid="unused-filter">
      <input
        id={checkId}
        type="checkbox"
        checked={on}
        onChange={(event) => onChange(event.target.checked ? '30' : '')}
      />
      <label htmlFor={checkId}>Unused for at least</label>
      <input
        id={daysId}
        type="number"
        className="input"
        min={1}
        max={36_500}
        step={1}
        aria-label="Days unused"
        value={on ? value : '30'}
        disabled={!on}
        onChange={(event) => onChange(event.target.value)}
      />
      <span>days</span>
      <p className="muted idle-record" data-testid="idle-record">
        {knownSince ? recordedSpanText(knownSince, now) : 'Container use: loading…'}
      </p>
      {on && days !== null && idle.data?.unused !== undefined ? (
        <IdleExplanation list={idle.data} answer={idle.data.unused} />
      ) : null}
    </div>
  );
}

function imageName(image: ImageSummary | undefined, id: string): string {
  return image?.repoTags[0] ?? `<none> ${id.slice(7, 19)}`;
}

/** How many match on which basis, and, on request, why each one does. */
export function IdleExplanation({ list, answer }: { list: ImageList; answer: UnusedAnswer }) {
  const [open, setOpen] = useState(false);
  const counts = basisCounts(answer);
  const asOf = Date.parse(answer.asOf);
  const byId = new Map(list.images.map((image) => [image.id, image]));
  const total = answer.evidence.length;
  // By name, so the list reads the same on every load whatever order the engine listed them in.
  const rows = answer.evidence
    .map((evidence) => ({ evidence, name: imageName(byId.get(evidence.id), evidence.id) }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.evidence.id.localeCompare(b.evidence.id));
  return (
    <div className="idle-explanation" data-testid="idle-explanation">
      <p>
        {total === 0
          ? `No image is unused for ${answer.days} days on the record or by age.`
          : `${total} ${total === 1 ? 'image matches' : 'images match'}: ` +
            `${counts.recorded} unused for at least ${answer.days} days on the record (the only ` +
            'ones “Images unused for N days” in Reclaim space takes), ' +
            `${counts.age} by age (no container seen since recording began ` +
            `${spanText(answer.recordedDays)} ago, none now, created and last tagged at least ` +
            `${answer.days} days ago).`}
        {answer.recordedDays < answer.days
          ? ` The record is shorter than ${answer.days} days, so it cannot yet show any image ` +
            `unused for ${answer.days} days by itself.`
          : null}
      </p>
      {total > 0 ? (
        <details onToggle={(event) => setOpen(event.currentTarget.open)}>
          <summary>Why each image matches</summary>
          {open ? (
            <ul className="idle-evidence">
              {rows.map(({ evidence, name }) => (
                <li key={evidence.id} data-basis={evidence.basis}>
                  <InertText value={name} max={80} />
                  <span className="idle-basis">
                    {evidence.basis === 'recorded' ? 'on the record' : 'by age'}
                  </span>{' '}
                  {evidenceText(evidence, answer.days, asOf)}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ) : null}
    </div>
  );
}
