import { escapeInvisible } from '../../../lib/inert-text';
import { pathCrumbs } from '../utils/tree-rows';

/** The directory at the top of the tree, each ancestor a button that goes up to it. */
export function PathCrumbs({ path, onOpen }: { path: string; onOpen: (path: string) => void }) {
  const crumbs = pathCrumbs(path);
  return (
    <nav className="breadcrumbs path-crumbs" aria-label="Directory shown">
      {crumbs.map((crumb, index) => {
        // A segment that is not UTF-8 travels as NUL + base64 (see the API's `path`).
        const name = crumb.name.startsWith('\u0000')
          ? '(name not UTF-8)'
          : escapeInvisible(crumb.name);
        const last = index === crumbs.length - 1;
        return (
          <span key={crumb.path} className="mono">
            {index > 1 ? <span aria-hidden="true"> / </span> : null}
            {last ? (
              <span aria-current="location">{name}</span>
            ) : (
              <button type="button" className="link-button" onClick={() => onOpen(crumb.path)}>
                {name}
              </button>
            )}
            {index === 0 && crumbs.length > 1 ? ' ' : null}
          </span>
        );
      })}
    </nav>
  );
}
