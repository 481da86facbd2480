import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ConfirmDialog } from './confirm-dialog';

/** A page with a button that opens a dialog, which can open a second one over it. */
function Page() {
  const [open, setOpen] = useState<string[]>([]);
  const close = (name: string) => setOpen((names) => names.filter((item) => item !== name));
  return (
    <main>
      <h1>Images</h1>
      <button type="button" onClick={() => setOpen(['first'])}>
        Remove…
      </button>
      {open.includes('first') ? (
        <ConfirmDialog
          title="Remove 1 image?"
          onClose={() => close('first')}
          actions={
            <>
              <button type="button" onClick={() => close('first')}>
                Cancel
              </button>
              <button type="button" onClick={() => setOpen((names) => [...names, 'second'])}>
                Details
              </button>
            </>
          }
        >
          <p>It frees 1 MB.</p>
        </ConfirmDialog>
      ) : null}
      {open.includes('second') ? (
        <ConfirmDialog
          title="Details"
          onClose={() => close('second')}
          actions={
            <>
              <button type="button" onClick={() => close('second')}>
                Close details
              </button>
              <button type="button" onClick={() => close('first')}>
                Close the first
              </button>
            </>
          }
        >
          <p>Layers.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}

const root = () => screen.getByRole('heading', { name: 'Images' }).closest('body > *');
const backdropOf = (name: string) => screen.getByRole('dialog', { name }).parentElement;

describe('ConfirmDialog', () => {
  it('makes the page behind inert while open, and gives focus back on close', () => {
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Remove…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Remove 1 image?' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(document.activeElement).toBe(dialog);
    expect(root()?.hasAttribute('inert')).toBe(true);
    expect(backdropOf('Remove 1 image?')?.hasAttribute('inert')).toBe(false);

    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(root()?.hasAttribute('inert')).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it('leaves only the topmost of two dialogs live, whichever closes first', () => {
    render(<Page />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Details' }));
    expect(root()?.hasAttribute('inert')).toBe(true);
    expect(backdropOf('Remove 1 image?')?.hasAttribute('inert')).toBe(true);
    expect(backdropOf('Details')?.hasAttribute('inert')).toBe(false);

    // The lower one closes first: the page stays inert under the one still open.
    fireEvent.click(screen.getByRole('button', { name: 'Close the first' }));
    expect(screen.queryByRole('dialog', { name: 'Remove 1 image?' })).toBeNull();
    expect(root()?.hasAttribute('inert')).toBe(true);
    expect(backdropOf('Details')?.hasAttribute('inert')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Close details' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.querySelectorAll('[inert]')).toHaveLength(0);
  });

  it('leaves an element another part of the page made inert as it was', () => {
    const other = document.createElement('div');
    other.setAttribute('inert', '');
    document.body.append(other);
    render(<Page />);
    fireEvent.click(screen.getByRole('button', { name: 'Remove…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(other.hasAttribute('inert')).toBe(true);
    expect(root()?.hasAttribute('inert')).toBe(false);
    other.remove();
  });
});
