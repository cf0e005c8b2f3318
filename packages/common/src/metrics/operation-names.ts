// The `operation` label of the GraphQL series. Operation names come from clients: a label per
// name sent would let anyone grow Prometheus without bound. A name becomes its own label value
// only if it looks like a GraphQL name of at most 64 characters, was sent by an operation that
// parsed and validated, and there is still room among the first `max` names seen; anything else
// is `other`. An operation without a name is `anonymous`.

/** A GraphQL name, 64 characters at most. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const ANONYMOUS_OPERATION = "anonymous";
export const OTHER_OPERATION = "other";
/** How many distinct operation names a process labels by default before the rest are `other`. */
export const DEFAULT_MAX_OPERATION_NAMES = 200;

export class OperationNames {
  private readonly known = new Set<string>();

  constructor(readonly max = DEFAULT_MAX_OPERATION_NAMES) {}

  /**
   * The label for `name`. `admit`: the operation was valid, so a new name may take a free place;
   * an invalid one only ever gets a name already known.
   */
  label(name: string | null | undefined, admit: boolean): string {
    if (name === null || name === undefined || name === "") return ANONYMOUS_OPERATION;
    if (this.known.has(name)) return name;
    if (!admit || !NAME.test(name) || this.known.size >= this.max) return OTHER_OPERATION;
    this.known.add(name);
    return name;
  }

  /** Distinct names labelled so far. */
  get size(): number {
    return this.known.size;
  }
}
