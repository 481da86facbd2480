import { ReclaimFlow } from '../../features/prune/components/reclaim-flow';

/** `/reclaim`: prune with an exact preview. The URL holds the kinds and filters chosen. */
export function ReclaimPage() {
  return (
    <div className="page">
      <h1 className="page-title">Reclaim space</h1>
      <ReclaimFlow />
    </div>
  );
}
