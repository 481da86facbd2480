/*
 * Identifiers of engine objects other than image references (those are in references.ts).
 * Dockerode pastes them into URL paths unencoded, so the server checks each one against these
 * before any engine call.
 */

/** A full image ID as the engine lists it: destructive calls take nothing shorter. */
const fullImageId = /^sha256:[0-9a-f]{64}$/;
/** Container IDs are 64 hex digits (moby stringid); actions take the full ID only. */
const containerId = /^[0-9a-f]{64}$/;
/** moby volume/local: `^[a-zA-Z0-9][a-zA-Z0-9_.-]+$` (volume names are at least 2 characters). */
const volumeName = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$/;
/** BuildKit cache record IDs: lowercase base-32 identity strings (moby/buildkit identity). */
const buildCacheId = /^[a-z0-9]{1,64}$/;

export function isFullImageId(value: string): boolean {
  return fullImageId.test(value);
}

export function isContainerId(value: string): boolean {
  return containerId.test(value);
}

export function isVolumeName(value: string): boolean {
  return volumeName.test(value);
}

export function isBuildCacheId(value: string): boolean {
  return buildCacheId.test(value);
}
