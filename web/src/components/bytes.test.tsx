import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Bytes } from './bytes';

describe('<Bytes>', () => {
  it('shows the CLI’s rounding and the exact count on hover and for screen readers', () => {
    const { container } = render(<Bytes value={1_982_296} precision={3} />);
    const bytes = container.querySelector('.bytes');
    expect(bytes?.getAttribute('title')).toBe('1,982,296 bytes');
    expect(screen.getByText('1.98MB')).toHaveProperty('ariaHidden', 'true');
    expect(screen.getByText('1.98MB (1,982,296 bytes)')).toBeDefined();
  });

  it('uses 4 significant digits by default, as `docker system df` does', () => {
    const { container } = render(<Bytes value={1_234_567_890} />);
    expect(container.querySelector('[aria-hidden="true"]')?.textContent).toBe('1.235GB');
  });
});
