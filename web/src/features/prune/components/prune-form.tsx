import type { PruneKind } from '@footprint/shared';
import { useId, useState } from 'react';
import { pruneKinds } from '../utils/prune-kinds';
import { labelLines, type PruneForm } from '../utils/prune-url';

interface PruneFormProps {
  form: PruneForm;
  onChange: (form: PruneForm) => void;
  onPreview: () => void;
  busy: boolean;
  /** Why the form cannot be previewed yet; null when it can. */
  problem: string | null;
  lastUseKnownSince: string | undefined;
}

/** Kinds and the engine's filters; "Preview" asks the server what exactly would go. */
export function PruneFormView({
  form,
  onChange,
  onPreview,
  busy,
  problem,
  lastUseKnownSince,
}: PruneFormProps) {
  const ids = { days: useId(), until: useId(), label: useId(), notLabel: useId(), hint: useId() };
  // Raw text, so a half-typed line is kept; the URL holds the parsed lines.
  const [labelText, setLabelText] = useState(form.label.join('\n'));
  const [notLabelText, setNotLabelText] = useState(form.notLabel.join('\n'));

  const toggle = (kind: PruneKind, on: boolean) => {
    const kinds = on ? [...form.kinds, kind] : form.kinds.filter((k) => k !== kind);
    onChange({
      ...form,
      kinds: pruneKinds.map((info) => info.kind).filter((k) => kinds.includes(k)),
    });
  };

  return (
    <form
      className="prune-form"
      onSubmit={(event) => {
        event.preventDefault();
        onPreview();
      }}
    >
      <fieldset className="prune-kinds">
        <legend>What to remove</legend>
        {pruneKinds.map((info) => {
          const checked = form.kinds.includes(info.kind);
          return (
            <label key={info.kind} data-checked={checked || undefined} data-kind={info.kind}>
              <input
                type="checkbox"
                checked={checked}
                onChange={(event) => toggle(info.kind, event.target.checked)}
              />
              <span>
                {info.label}
                <small>{info.hint}</small>
              </span>
            </label>
          );
        })}
      </fieldset>
      <fieldset className="prune-filters">
        <legend>Filters (as the engine’s)</legend>
        {form.kinds.includes('unused-for-days') ? (
          <div className="field">
            <label htmlFor={ids.days}>Unused for days</label>
            <input
              id={ids.days}
              className="input"
              type="number"
              min={1}
              max={36_500}
              value={form.days}
              onChange={(event) => onChange({ ...form, days: event.target.value })}
              aria-describedby={ids.hint}
            />
            <small id={ids.hint} className="muted">
              Last use known since{' '}
              {lastUseKnownSince ? new Date(lastUseKnownSince).toLocaleString() : '…'}
            </small>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={ids.until}>Created before (until)</label>
          <input
            id={ids.until}
            className="input"
            placeholder="24h, 1h30m or 2026-01-31T12:00:00Z"
            value={form.until}
            onChange={(event) => onChange({ ...form, until: event.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.label}>Only with labels (one a line)</label>
          <textarea
            id={ids.label}
            className="input"
            rows={2}
            placeholder="key or key=value"
            value={labelText}
            onChange={(event) => {
              setLabelText(event.target.value);
              onChange({ ...form, label: labelLines(event.target.value) });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.notLabel}>Never with labels (one a line)</label>
          <textarea
            id={ids.notLabel}
            className="input"
            rows={2}
            placeholder="key or key=value"
            value={notLabelText}
            onChange={(event) => {
              setNotLabelText(event.target.value);
              onChange({ ...form, notLabel: labelLines(event.target.value) });
            }}
          />
        </div>
      </fieldset>
      <div className="prune-actions">
        <button type="submit" className="button" disabled={busy || problem !== null}>
          {busy ? 'Previewing…' : 'Preview'}
        </button>
        <span className="muted">
          {problem ?? 'Nothing is removed until you confirm the preview.'}
        </span>
      </div>
    </form>
  );
}
