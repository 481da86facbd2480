/*
 * Failures of the way to an engine (not of the engine), each with a message that already says
 * what to do; EngineClient turns them into the engine-unreachable error. Never key material.
 */

/** The endpoint cannot be used as configured (a file missing, no key to offer). */
export class TransportSetupError extends Error {
  readonly code = 'ETRANSPORTSETUP';
}

/** The ssh leg failed: host key, authentication, the remote command or socket. */
export class SshTransportError extends Error {
  readonly code = 'ESSHTRANSPORT';
}
