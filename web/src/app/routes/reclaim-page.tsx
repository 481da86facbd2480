import { ReclaimFlow } from '../../features/prune/components/reclaim-flow';

/**
 * `/reclaim`: prune with an exact preview. The URL holds the kinds and filters chosen. The flow's
 * first panel, "Reclaim space", is the page's h1 (one heading, not the same words twice).
 */
export function ReclaimPage() {
  return (
    <div className="page">
      <ReclaimFlow />
    </div>
  );
}
