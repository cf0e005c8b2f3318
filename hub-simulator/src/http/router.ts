/** Path parameters as they appear in the path, still URL-encoded: each handler decodes what it uses. */
export type Params = Record<string, string>;

export type RouteTable<H> = readonly (readonly [method: string, pattern: string, handler: H])[];

interface CompiledRoute<H> {
  method: string;
  /** Literal segments, `:name` for one segment, a last `*name` for one or more. */
  segments: string[];
  handler: H;
}

/**
 * Method and path pattern to handler, first match wins, so literal routes go before the
 * parameterised ones they overlap (`devices/all` before `devices/:id`). Segments are matched as
 * given: a parameter may be empty (`/devices//on` looks for a device named "").
 */
export class Router<H> {
  private readonly routes: CompiledRoute<H>[];

  constructor(table: RouteTable<H>) {
    this.routes = table.map(([method, pattern, handler]) => ({
      method,
      segments: pattern === "" ? [] : pattern.split("/"),
      handler,
    }));
  }

  find(method: string, segments: string[]): { handler: H; params: Params } | undefined {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, segments);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }
}

function matchSegments(pattern: string[], segments: string[]): Params | undefined {
  const params: Params = {};
  for (const [i, part] of pattern.entries()) {
    if (part.startsWith("*")) {
      if (segments.length <= i) return undefined;
      params[part.slice(1)] = segments.slice(i).join("/");
      return params;
    }
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (part.startsWith(":")) params[part.slice(1)] = segment;
    else if (part !== segment) return undefined;
  }
  return pattern.length === segments.length ? params : undefined;
}
