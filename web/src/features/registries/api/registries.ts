import {
  type AddRegistryBody,
  apiRoutes,
  type CrawlBody,
  type CrawlStatus,
  type RegistryList,
  type RegistryView,
  registryPath,
} from '@footprint/shared';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';
import { sendJson } from '../../../lib/send-json';

/** The app's, not an engine's: registries are one list for every engine. */
export const registriesQueryKey = queryKeys.registries();
export const registryQueryKey = queryKeys.registry;

export const registriesQueryOptions = queryOptions({
  queryKey: registriesQueryKey,
  queryFn: ({ signal }) => getJson<RegistryList>(apiRoutes.registries, { signal }),
});

export function useRegistries() {
  return useQuery(registriesQueryOptions);
}

/** How often a running crawl's progress is asked for (the server counts, the page polls). */
const crawlPollMs = 1000;

export const registryQueryOptions = (host: string) =>
  queryOptions({
    queryKey: registryQueryKey(host),
    queryFn: ({ signal }) => getJson<RegistryView>(registryPath(host), { signal }),
    refetchInterval: (query) => (query.state.data?.crawl.state === 'running' ? crawlPollMs : false),
  });

export function useRegistry(host: string) {
  return useQuery(registryQueryOptions(host));
}

/** POST /api/registries: add by host[:port] or URL; answers the new list. */
export function useAddRegistry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: AddRegistryBody) =>
      sendJson<RegistryList>('POST', apiRoutes.registries, body),
    onSuccess: (list) => client.setQueryData(registriesQueryKey, list),
  });
}

/** DELETE /api/registries/:host: only one added here (config.json's go with docker logout). */
export function useRemoveRegistry() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (host: string) => sendJson<RegistryList>('DELETE', registryPath(host)),
    onSuccess: (list) => client.setQueryData(registriesQueryKey, list),
  });
}

/** POST /api/registries/:host/crawl: starts a crawl (or answers the running one's status). */
export function useCrawlRegistry(host: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: CrawlBody = {}) =>
      sendJson<CrawlStatus>('POST', registryPath(host, 'registryCrawl'), body),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: registryQueryKey(host) });
      void client.invalidateQueries({ queryKey: registriesQueryKey, exact: true });
    },
  });
}
