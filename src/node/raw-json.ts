// A JSON-RPC result that is already JSON text (a trace serialized on the trace thread): the response writer
// splices it in as is. Its own module so that methods and the dispatcher both use it without a cycle.

/** A result that is already JSON text: written out as is, never re-parsed. */
export class RawJson {
  constructor(readonly text: string) {}
}
