import { useCallback } from 'react';
import {
  Link as RouterLink,
  type LinkProps,
  NavLink as RouterNavLink,
  type NavLinkProps,
  type NavigateOptions,
  useNavigate,
} from 'react-router';
import { enginePagePath, useEngineApi } from '../lib/engine-scope';

/*
 * Links between an engine's pages keep the engine (issue 19): `to="/images"` on engine b's pages
 * goes to /engines/b/images, on the default engine's to /images. Pages link as before, with
 * these in place of react-router's Link, NavLink and useNavigate.
 */

function useEngineTo(to: LinkProps['to']): LinkProps['to'] {
  const api = useEngineApi();
  return typeof to === 'string' ? enginePagePath(api.engineId, to) : to;
}

export function Link({ to, ...props }: LinkProps) {
  return <RouterLink to={useEngineTo(to)} {...props} />;
}

export function NavLink({ to, ...props }: NavLinkProps) {
  return <RouterNavLink to={useEngineTo(to)} {...props} />;
}

/** useNavigate for a page path of this engine. */
export function useEngineNavigate(): (to: string, options?: NavigateOptions) => Promise<void> {
  const navigate = useNavigate();
  const { engineId } = useEngineApi();
  return useCallback(
    (to, options) => Promise.resolve(navigate(enginePagePath(engineId, to), options)),
    [navigate, engineId],
  );
}
