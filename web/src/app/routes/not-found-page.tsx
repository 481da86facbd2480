import { useLocation } from 'react-router';
import { Link } from '../../components/engine-link';
import { InertText } from '../../components/inert-text';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="panel" aria-labelledby="not-found-heading">
      <header className="panel-header">
        <h1 id="not-found-heading">Page not found</h1>
      </header>
      <div className="panel-body">
        <p>
          Nothing lives at{' '}
          <code>
            {/* A link someone else made: its path is shown inert, like engine text. */}
            <InertText value={pathname} max={200} />
          </code>
          . <Link to="/">Back to the overview</Link>
        </p>
      </div>
    </section>
  );
}
