import { Agent, type IncomingMessage, request } from 'node:http';
import { createInterface } from 'node:readline';

/*
 * The Engine API over a private engine's socket, without this project's engine code or
 * dockerode: what the tests do to the engine behind the app's back (retag loops, loads), and the
 * events they judge the app's answers by. One keep-alive agent, so a loop runs as fast as the
 * engine answers.
 */

export interface EngineAnswer {
  status: number;
  body: string;
}

export interface RecordedEvent {
  type: string;
  action: string;
  id: string;
  /** The `name` attribute: the reference for `tag`, the image ID for `untag` and `delete`. */
  name: string | null;
}

export class EngineSocket {
  readonly #agent: Agent;

  constructor(readonly socketPath: string) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: 4 });
  }

  send(method: string, path: string, body?: Buffer): Promise<EngineAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          socketPath: this.socketPath,
          agent: this.#agent,
          method,
          path,
          headers:
            body === undefined
              ? {}
              : { 'Content-Type': 'application/x-tar', 'Content-Length': String(body.length) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** POST /images/{id}/tag: points `repo:tag` at the image, moving it from wherever it was. */
  async tag(imageId: string, reference: string): Promise<number> {
    const [repo, tag] = splitReference(reference);
    const answer = await this.send(
      'POST',
      `/images/${imageId}/tag?repo=${encodeURIComponent(repo)}&tag=${encodeURIComponent(tag)}`,
    );
    return answer.status;
  }

  /** DELETE /images/{reference}, noprune like the app. */
  async remove(reference: string): Promise<EngineAnswer> {
    return this.send('DELETE', `/images/${reference}?noprune=1`);
  }

  /** The image's tags, or null when the engine has no image with this ID. */
  async tagsOf(imageId: string): Promise<string[] | null> {
    const answer = await this.send('GET', `/images/${imageId}/json`);
    if (answer.status === 404) return null;
    if (answer.status !== 200)
      throw new Error(`inspect ${imageId}: ${answer.status} ${answer.body}`);
    return (JSON.parse(answer.body) as { RepoTags: string[] | null }).RepoTags ?? [];
  }

  /** POST /images/load with a `docker save` archive. */
  async load(archive: Buffer): Promise<void> {
    const answer = await this.send('POST', '/images/load?quiet=1', archive);
    if (answer.status !== 200) throw new Error(`load: ${answer.status} ${answer.body}`);
  }

  /**
   * Follows image events from now on, in the engine's order, until close(). `since` makes the
   * engine subscribe and replay in one step: its headers come before the subscription.
   */
  async follow(): Promise<EventLog> {
    const filters = encodeURIComponent(JSON.stringify({ type: ['image'] }));
    const path = `/events?since=${Date.now() / 1000}&filters=${filters}`;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ socketPath: this.socketPath, path });
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    return new EventLog(response);
  }

  close(): void {
    this.#agent.destroy();
  }
}

function splitReference(reference: string): [string, string] {
  const colon = reference.lastIndexOf(':');
  if (colon <= reference.lastIndexOf('/')) return [reference, 'latest'];
  return [reference.slice(0, colon), reference.slice(colon + 1)];
}

export class EventLog {
  readonly events: RecordedEvent[] = [];
  #waiters: (() => void)[] = [];

  constructor(readonly response: IncomingMessage) {
    const lines = createInterface({ input: response, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      const raw = JSON.parse(line) as {
        Type: string;
        Action: string;
        Actor?: { ID: string; Attributes?: Record<string, string> };
      };
      this.events.push({
        type: raw.Type,
        action: raw.Action,
        id: raw.Actor?.ID ?? '',
        name: raw.Actor?.Attributes?.name ?? null,
      });
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Resolves once `check` holds for the events so far; rejects after `timeoutMs`. */
  async until(check: (events: RecordedEvent[]) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check(this.events)) {
      if (Date.now() > deadline) throw new Error('the expected engine events did not come');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.response.destroy();
  }
}
