import type { Health } from '@footprint/shared';
import { InertText } from '../../../components/inert-text';
import { pollWhileDownMs } from '../utils/engine-state';

interface EngineDownBannerProps {
  health: Health | undefined;
  /** The health check itself failed: the dashboard server did not answer. */
  error: Error | null;
}

/** Shown while the engine cannot be reached; the health poll removes it when it answers again. */
export function EngineDownBanner({ health, error }: EngineDownBannerProps) {
  const serverDown = error !== null;
  const endpoint = health?.engine.endpoint;
  const message = serverDown
    ? error.message
    : (health?.engine.message ?? 'The engine did not answer.');
  return (
    <div className="banner banner-error" role="alert">
      <h2 className="banner-title">The Docker engine is not reachable</h2>
      <p className="banner-message">
        <InertText value={message} max={600} />
      </p>
      {serverDown ? (
        <p>
          The dashboard cannot ask its server about the engine. Check that the docker-footprint
          server is still running.
        </p>
      ) : (
        <>
          <p>Things to check:</p>
          <ul className="banner-checks">
            <li>
              Is the Docker daemon running? (<code>systemctl status docker</code>, or start Docker
              Desktop)
            </li>
            {endpoint?.startsWith('/') ? (
              <li>
                May the user running docker-footprint use the socket{' '}
                <code>
                  <InertText value={endpoint} max={300} />
                </code>
                ? (membership of the <code>docker</code> group)
              </li>
            ) : endpoint ? (
              <li>
                Can this machine reach{' '}
                <code>
                  <InertText value={endpoint} max={300} />
                </code>{' '}
                (firewall, TLS certificates)?
              </li>
            ) : null}
            <li>
              Does <code>DOCKER_HOST</code> point at the right engine?
            </li>
          </ul>
        </>
      )}
      <p className="banner-retry">
        This page checks again every {pollWhileDownMs / 1000} seconds and reconnects by itself.
      </p>
    </div>
  );
}
