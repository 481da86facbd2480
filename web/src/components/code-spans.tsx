import { InertText } from './inert-text';

/**
 * Help text from the API that marks commands as `code` (markdown's backticks): the commands in
 * <code>, no backticks shown. Every part stays inert text; an unpaired backtick stays as it is.
 */
export function CodeSpans({ value, max = 600 }: { value: string; max?: number }) {
  const parts = value.split(/`([^`\n]+)`/);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <code key={index}>
            <InertText value={part} max={max} />
          </code>
        ) : part === '' ? null : (
          <InertText key={index} value={part} max={max} />
        ),
      )}
    </>
  );
}
