export function NotFoundPage({ path }: { path: string }) {
  return (
    <section className="panel" aria-labelledby="not-found-heading">
      <header className="panel-header">
        <h2 id="not-found-heading">Page not found</h2>
      </header>
      <div className="panel-body">
        <p>
          Nothing lives at <code>{path}</code>. <a href="/">Back to the overview</a>
        </p>
      </div>
    </section>
  );
}
