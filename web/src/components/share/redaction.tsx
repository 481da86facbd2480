import { createContext, type ReactNode, useContext, useState } from 'react';
import { escapeInvisible } from '../../lib/inert-text';
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

/** An image reference as text, its registry host hidden while the section is exported so. */
export function Reference({ value }: { value: string }) {
  const { hideRegistry } = useRedaction();
  // Tags come from images: invisible and bidi characters show as escapes (lib/inert-text).
  return <>{escapeInvisible(hideRegistry ? hideRegistryHost(value) : value)}</>;
}
