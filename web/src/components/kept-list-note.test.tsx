import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { KeptListNote } from './kept-list-note';

const askedAt = '2026-12-06T21:30:00.000Z';

describe('<KeptListNote>', () => {
  it('says the list is kept from before this start, of when, and that it is refreshing', () => {
    const { container } = render(<KeptListNote kept={{ askedAt }} engineDown={false} />);
    expect(container.textContent).toBe(
      `The engine’s list from ${new Date(askedAt).toLocaleString()}, kept from before the ` +
        'server started; refreshing.',
    );
    expect(container.querySelector('[role="status"]')?.getAttribute('data-kept-at')).toBe(askedAt);
  });

  it('says the engine does not answer instead of refreshing while it is away', () => {
    const { container } = render(<KeptListNote kept={{ askedAt }} engineDown />);
    expect(container.textContent).toContain('the engine does not answer now.');
    expect(container.textContent).not.toContain('refreshing');
  });

  it('shows nothing once the list is the engine’s own', () => {
    const { container } = render(<KeptListNote kept={undefined} engineDown={false} />);
    expect(container.textContent).toBe('');
  });
});
