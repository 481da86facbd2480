import { DiskSection } from '../../features/disk/components/disk-section';
import type { EngineState } from '../../features/health/utils/engine-state';
import { ImagesSection } from '../../features/images/components/images-section';

/** `/`: the engine's disk usage, then every image. */
export function DashboardPage({ engineState }: { engineState: EngineState }) {
  const engineDown = engineState === 'down';
  return (
    <>
      <DiskSection engineDown={engineDown} />
      <ImagesSection engineDown={engineDown} />
    </>
  );
}
