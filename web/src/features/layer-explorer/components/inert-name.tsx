import { escapeInvisible } from '../../../lib/inert-text';

interface InertNameProps {
  /** Text from an image (already escaped by the server, escaped again here). */
  text: string;
  className?: string;
}

/**
 * A name from an image, as a text node only: never markup, control and bidi characters shown
 * as escapes, cut with an ellipsis by CSS when long, the whole value in the tooltip.
 */
export function InertName({ text, className }: InertNameProps) {
  const shown = escapeInvisible(text);
  return (
    <span className={className ? `inert-name ${className}` : 'inert-name'} title={shown}>
      {shown}
    </span>
  );
}
