/** Where in a file a problem was found; line numbers count from 1. */
export interface Place {
  file: string;
  line?: number;
}

/**
 * An error a user can act on: it names the file (and line, where there is one) and says what
 * was expected. A wrapped error keeps its cause, and its message stays at the end.
 */
export class InputError extends Error {
  readonly file?: string;
  readonly line?: number;
  /** The message without its place, for re-placing it under another name. */
  readonly detail: string;

  constructor(message: string, place?: Place, options?: { cause?: unknown }) {
    super(place ? `${formatPlace(place)}: ${message}` : message, options);
    this.name = 'InputError';
    this.file = place?.file;
    this.line = place?.line;
    this.detail = message;
  }
}

export function formatPlace(place: Place): string {
  return place.line === undefined ? place.file : `${place.file}:${place.line}`;
}

/** The message of anything thrown, for wrapping into a clearer one. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
