import { inertValue } from '../../../lib/inert-text';

interface InertNameProps {
  /** Text from an image (already escaped by the server, escaped again here). */
  text: string;
  className?: string;
  /** Characters drawn at most (a path can be 4 KB); CSS cuts what does not fit the line. */
  max?: number;
}

/**
 * A name from an image, as a text node only: never markup, control and bidi characters shown
 * as escapes, cut with an ellipsis (by CSS to the line, and past `max`), the whole value in the
 * tooltip.
 */
export function InertName({ text, className, max = 1000 }: InertNameProps) {
  const { shown, full } = inertValue(text, max);
  return (
    <span className={className ? `inert-name ${className}` : 'inert-name'} title={full ?? shown}>
      {shown}
    </span>
  );
}
