import type { EngineSummary } from '@footprint/shared';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { InertText } from '../../../components/inert-text';
import { useNow } from '../../../lib/use-now';
import { useEngines } from '../api/get-engines';
import {
  engineKindLine,
  enginePagePathFor,
  engineSection,
  findEngine,
} from '../utils/engine-labels';
import { EngineStateBadge } from './engine-state-badge';
import '../engine-switcher.css';

interface EngineSwitcherProps {
  /** The engine in the URL; null at unprefixed URLs (the default engine) and on /engines. */
  engineId: string | null;
  /** The all-engines overview is open: no one engine is shown. */
  allEngines: boolean;
}

function EngineLine({ engine, now }: { engine: EngineSummary; now: number }) {
  return (
    <>
      {/* Spaces between the parts: flex drops them on screen, but names and text keep them. */}
      <span className="engine-name">
        <InertText value={engine.name} max={40} />
      </span>{' '}
      <span className="engine-kind muted">{engineKindLine(engine)}</span>{' '}
      <EngineStateBadge engine={engine} now={now} />
    </>
  );
}

/**
 * The header's engine: which one the pages show, and a list to change to another one's same
 * page, or to all engines. A disclosure (a button and a list of links): Tab reaches each link,
 * Escape closes it and gives the focus back to the button.
 */
export function EngineSwitcher({ engineId, allEngines }: EngineSwitcherProps) {
  const engines = useEngines();
  const list = engines.data;
  const { pathname } = useLocation();
  const now = useNow();
  const [open, setOpen] = useState(false);
  const listId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const current = list && !allEngines ? findEngine(list, engineId) : undefined;
  const section = engineSection(pathname);

  useEffect(() => {
    if (!open) return;
    const away = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', away);
    return () => document.removeEventListener('pointerdown', away);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };

  return (
    <div
      className="engine-switcher"
      ref={root}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the list closes it, as a click elsewhere does.
        if (open && !root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="engine-switcher-button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((was) => !was)}
      >
        <span className="engine-switcher-label">Engine</span>{' '}
        {allEngines ? (
          <span className="engine-name">All engines</span>
        ) : current ? (
          <EngineLine engine={current} now={now} />
        ) : (
          <span className="engine-name">
            {engineId === null ? 'default' : <InertText value={engineId} max={40} />}
          </span>
        )}{' '}
        <span className="engine-switcher-caret" aria-hidden="true">
          ▾
        </span>
      </button>
      <div className="engine-switcher-list" id={listId} hidden={!open}>
        {engines.error ? (
          <p className="muted" role="status">
            Could not list the engines: <InertText value={engines.error.message} max={200} />
          </p>
        ) : list === undefined ? (
          <p className="muted" role="status">
            Listing the engines…
          </p>
        ) : null}
        <ul aria-label="Engines">
          {list?.engines.map((engine) => (
            <li key={engine.id} data-engine-id={engine.id} data-status={engine.status}>
              <Link
                to={enginePagePathFor(engine.id, list.defaultEngineId, section)}
                aria-current={engine.id === current?.id ? 'page' : undefined}
                onClick={() => setOpen(false)}
              >
                <EngineLine engine={engine} now={now} />
              </Link>
            </li>
          ))}
          <li>
            <Link
              to="/engines"
              aria-current={allEngines ? 'page' : undefined}
              onClick={() => setOpen(false)}
            >
              <span className="engine-name">All engines</span>{' '}
              <span className="muted">side by side, with their data roots</span>
            </Link>
          </li>
        </ul>
      </div>
    </div>
  );
}
