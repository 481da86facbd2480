import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <section className="panel" aria-labelledby="not-found-heading">
      <header className="panel-header">
        <h1 id="not-found-heading">Page not found</h1>
      </header>
      <div className="panel-body">
        <p>
          Nothing lives at <code>{pathname}</code>. <Link to="/">Back to the overview</Link>
        </p>
      </div>
    </section>
  );
}
