import { useParams } from 'react-router';
import { RegistryList } from '../../features/registries/components/registry-list';
import { RegistryView } from '../../features/registries/components/registry-view';

/**
 * `/registries`: the registries (config.json's logins and the added ones);
 * `/registries/:host`: one registry's repositories, tags and footprint as last crawled.
 */
export function RegistriesPage() {
  const { host } = useParams();
  return (
    <div className="page">
      <RegistryList selected={host ?? null} />
      {host !== undefined ? <RegistryView key={host} host={host} /> : null}
    </div>
  );
}
