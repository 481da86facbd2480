import { inertValue } from '../lib/inert-text';

interface InertTextProps {
  value: string;
  /** Characters shown before the value is cut; the whole value is then in the title. */
  max?: number;
  className?: string;
}

/**
 * Text from an image (a tag, a label, a command) as plain React text: control and bidi
 * characters escaped visibly, long values cut with the whole value on hover.
 */
export function InertText({ value, max, className }: InertTextProps) {
  const { shown, full } = inertValue(value, max);
  return (
    <span className={className} title={full ?? undefined} data-inert="">
      {shown}
    </span>
  );
}
