import { ErrorMessage } from '../components/error-message';
import './page-loading.css';

/** In a lazy page's place while its chunk loads (AppShell's Suspense). */
export function PageLoading() {
  return (
    <p className="page-loading" role="status">
      Loading the page…
    </p>
  );
}

/**
 * A page whose chunk did not load: most often the server was updated and this tab still names
 * the old build's chunks, or the server stopped. A reload fetches the current ones.
 */
export function PageLoadError({ error }: { error: Error }) {
  return (
    <div className="page-load-error">
      <ErrorMessage title="Could not load this page" error={error} />
      <button type="button" className="button" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
