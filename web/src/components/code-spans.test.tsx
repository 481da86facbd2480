import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CodeSpans } from './code-spans';

describe('code spans in help text', () => {
  it('shows `commands` as code without the backticks, the rest as text', () => {
    const { container } = render(
      <p>
        <CodeSpans value="`docker system prune` does not remove orphans; `du -s` counts once." />
      </p>,
    );
    expect(container.textContent).toBe(
      'docker system prune does not remove orphans; du -s counts once.',
    );
    expect([...container.querySelectorAll('code')].map((code) => code.textContent)).toEqual([
      'docker system prune',
      'du -s',
    ]);
  });

  it('leaves an unpaired backtick alone and keeps every part inert', () => {
    const { container } = render(
      <p>
        <CodeSpans value={'run `x\u202Ey` and ` alone'} />
      </p>,
    );
    const code = container.querySelector('code')?.textContent ?? '';
    // The bidi override is shown escaped, not obeyed.
    expect(code).toMatch(/^x.+y$/);
    expect(code).not.toContain('\u202E');
    expect(container.textContent?.endsWith(' and ` alone')).toBe(true);
  });
});
