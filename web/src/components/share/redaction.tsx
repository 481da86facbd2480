import { createContext, type ReactNode, useContext, useState } from 'react';
import { InertText } from '../inert-text';
import { hideRegistryHost } from './redact';

interface Redaction {
  hideRegistry: boolean;
  setHideRegistry: (hide: boolean) => void;
}

const RedactionContext = createContext<Redaction>({
  hideRegistry: false,
  setHideRegistry: () => {},
});

/** Around one exportable section: while it is exported, its tags may hide registry hosts. */
export function RedactionScope({ children }: { children: ReactNode }) {
  const [hideRegistry, setHideRegistry] = useState(false);
  return (
    <RedactionContext.Provider value={{ hideRegistry, setHideRegistry }}>
      {children}
    </RedactionContext.Provider>
  );
}

export function useRedaction(): Redaction {
  return useContext(RedactionContext);
}

/**
 * An image reference as inert text, its registry host hidden while the section is exported so.
 * Cut past the longest reference the engine accepts (520 characters), the whole on hover.
 */
export function Reference({ value, max = 520 }: { value: string; max?: number }) {
  const { hideRegistry } = useRedaction();
  return <InertText value={hideRegistry ? hideRegistryHost(value) : value} max={max} />;
}
