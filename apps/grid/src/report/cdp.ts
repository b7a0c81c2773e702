import type { Readable, Writable } from 'node:stream';

/**
 * The DevTools protocol over a pipe: JSON messages, each ended by a NUL byte. Requests are
 * matched to responses by id; everything else is an event for the listeners.
 */

export interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { message: string; code: number };
  sessionId?: string;
}

export type Listener = (message: Message) => void;

/** Request and response matching over the pipe; events go to listeners. */
export class Connection {
  private nextId = 1;
  private buffer = '';
  private failure: Error | undefined;
  private readonly pending = new Map<
    number,
    { resolve: (result: any) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly input: Writable,
    output: Readable,
    private readonly timeoutMs: number,
  ) {
    output.setEncoding('utf8');
    output.on('data', (chunk: string) => this.receive(chunk));
    input.on('error', (error) => this.fail(error));
  }

  send(method: string, params: object = {}, sessionId?: string): Promise<any> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`Chromium did not answer ${method} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rejects every waiting request; later ones fail at once with the same error. */
  fail(error: Error): void {
    this.failure ??= error;
    for (const [id, request] of this.pending) {
      clearTimeout(request.timer);
      request.reject(this.failure);
      this.pending.delete(id);
    }
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let end = this.buffer.indexOf('\0');
    while (end >= 0) {
      const message = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      this.dispatch(message);
      end = this.buffer.indexOf('\0');
    }
  }

  private dispatch(message: Message): void {
    const request = message.id === undefined ? undefined : this.pending.get(message.id);
    if (request) {
      this.pending.delete(message.id!);
      clearTimeout(request.timer);
      if (message.error) request.reject(new Error(`Chromium: ${message.error.message}`));
      else request.resolve(message.result);
      return;
    }
    for (const listener of this.listeners) listener(message);
  }
}

/** Rejects with `message` when `promise` takes longer than `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
