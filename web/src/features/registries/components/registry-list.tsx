import { type FormEvent, useState } from 'react';
import { Link } from '../../../components/engine-link';
import { ErrorMessage } from '../../../components/error-message';
import { InertText } from '../../../components/inert-text';
import { Panel } from '../../../components/panel';
import { QueryState } from '../../../components/query-state';
import { inertAttribute } from '../../../lib/inert-text';
import { ActionGate } from '../../session/components/action-gate';
import { useAddRegistry, useRegistries, useRemoveRegistry } from '../api/registries';
import '../registries.css';

const sourceLabels = {
  config: 'docker config.json',
  user: 'added here',
  both: 'config.json and added here',
} as const;

/** The registries: config.json's logins and the ones added here, with add and remove. */
export function RegistryList({ selected }: { selected: string | null }) {
  const query = useRegistries();
  const add = useAddRegistry();
  const remove = useRemoveRegistry();
  const [address, setAddress] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate({ registry: address }, { onSuccess: () => setAddress('') });
  };

  return (
    <Panel
      id="registries"
      title="Registries"
      pageHeading
      meta="From the docker config.json (logins) and added here; no credential is kept by the dashboard"
    >
      <QueryState
        query={query}
        engineDown={false}
        loading="Loading the registries…"
        errorTitle="Could not list the registries"
      >
        {(data) => (
          <>
            {data.configNote ? <p className="warning-note">{data.configNote}</p> : null}
            {data.registries.length === 0 ? (
              <p className="muted">No registry yet: add one below.</p>
            ) : (
              <ul className="registry-list" data-testid="registry-list">
                {data.registries.map((entry) => (
                  <li
                    key={entry.host}
                    data-host={inertAttribute(entry.host)}
                    aria-current={entry.host === selected ? 'page' : undefined}
                  >
                    <Link to={`/registries/${encodeURIComponent(entry.host)}`}>
                      <InertText className="mono" value={entry.host} max={120} />
                    </Link>
                    <span className="badge">{sourceLabels[entry.source]}</span>
                    {entry.source !== 'config' ? (
                      <ActionGate>
                        <button
                          type="button"
                          className="link-button"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(entry.host)}
                          aria-label={`Remove ${entry.host} from the list`}
                        >
                          Remove
                        </button>
                      </ActionGate>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
      <ActionGate>
        <form className="toolbar registry-add" onSubmit={submit}>
          <label className="field">
            <span>Registry address</span>
            <input
              className="input"
              value={address}
              onChange={(event) => setAddress(event.target.value)}
              placeholder="registry.example.com:5000"
              required
            />
          </label>
          <button type="submit" className="button" disabled={add.isPending}>
            Add registry
          </button>
        </form>
        {add.error ? <ErrorMessage title="Could not add the registry" error={add.error} /> : null}
        {remove.error ? (
          <ErrorMessage title="Could not remove the registry" error={remove.error} />
        ) : null}
      </ActionGate>
    </Panel>
  );
}
