import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// Pages are lazy chunks (app/router.tsx): a page's first import in a test file transforms its
// modules, which on a loaded machine takes longer than findBy*'s default second.
configure({ asyncUtilTimeout: 10_000 });

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

// jsdom has no ResizeObserver: the virtualizers and the overview chart watch sizes through one.
if (!('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// jsdom has no layout either: give virtualized lists (.virtual-scroll, the layer explorer's
// .file-tree-scroll) a screenful of height so that @tanstack/react-virtual renders their rows.
for (const [property, size] of [
  ['clientHeight', 800],
  ['clientWidth', 1200],
] as const) {
  const original = Object.getOwnPropertyDescriptor(Element.prototype, property);
  Object.defineProperty(HTMLElement.prototype, property, {
    configurable: true,
    get(this: HTMLElement) {
      if (this.classList.contains('virtual-scroll') || this.classList.contains('file-tree-scroll'))
        return size;
      return original?.get?.call(this) ?? 0;
    },
  });
}
