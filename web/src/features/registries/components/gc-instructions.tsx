import type { GcInstructions as Instructions } from '@footprint/shared';
import { CodeSpans } from '../../../components/code-spans';
import { InertText } from '../../../components/inert-text';

/**
 * The operator's step after a deletion: the registry frees blobs only when its garbage
 * collector runs. The dry run first, then the run, with the read-only warning.
 */
export function GcInstructions({ gc }: { gc: Instructions }) {
  return (
    <div className="registry-gc" data-testid="gc-instructions">
      <p className="warning-note" data-testid="gc-warning">
        <CodeSpans value={gc.warning} />
      </p>
      <ol>
        <li>
          Dry run (deletes nothing, lists what would go):
          <pre className="registry-command" data-testid="gc-dry-run">
            <InertText value={gc.dryRun} max={400} />
          </pre>
        </li>
        <li>
          Then the collection itself:
          <pre className="registry-command" data-testid="gc-run">
            <InertText value={gc.run} max={400} />
          </pre>
        </li>
      </ol>
      <ul className="registry-gc-notes">
        {gc.notes.map((note) => (
          <li key={note}>
            <CodeSpans value={note} />
          </li>
        ))}
      </ul>
    </div>
  );
}
