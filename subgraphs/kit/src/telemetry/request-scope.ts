// What every log line and outgoing call of one request can see: the request id and the W3C trace
// it belongs to. When tracing is off the trace id still exists (taken from the caller's
// `traceparent`, or new), so the gateway's and the subgraphs' logs of one request share it.
//
// It travels in the request's context (SubgraphContext / GatewayContext `requestScope`): the few
// places that log or call onward during a request pass it on (`scopeFields`). Only when tracing is
// on is it also kept in an AsyncLocalStorage (http.ts enters it), seen by every log line: on Node 20
// an AsyncLocalStorage turns on promise hooks for the whole process, which cost 6–10 % of a
// subgraph's CPU under load (scripts' bench, municipality-varied), and tracing pays for them
// anyway (OpenTelemetry keeps its context the same way).
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';

export interface RequestScope {
  /** The service serving the request (gateway, or a subgraph's name). */
  service: string;
  requestId: string;
  traceId: string;
  /** The span id this process calls others under (the caller's parent when tracing is off). */
  spanId: string;
  /** Whether the caller asked for the trace to be sampled (traceparent flags). */
  sampled: boolean;
}

const storage = new AsyncLocalStorage<RequestScope>();

export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

export function runInRequest<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The fields a log line of the request carries; none without a scope. */
export function scopeFields(scope: RequestScope | undefined): { reqId?: string; traceId?: string } {
  return scope ? { reqId: scope.requestId, traceId: scope.traceId } : {};
}

// Ids, not secrets: drawn from a buffer refilled 4 KB at a time, one call into OpenSSL per ~200
// requests rather than up to three per request (1–2 % of a subgraph's CPU under load).
const randomPool = Buffer.alloc(4096);
let randomOffset = randomPool.length;
function randomHex(bytes: number): string {
  if (randomOffset + bytes > randomPool.length) {
    randomFillSync(randomPool);
    randomOffset = 0;
  }
  randomOffset += bytes;
  return randomPool.toString('hex', randomOffset - bytes, randomOffset);
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A scope for an incoming request: its trace from `traceparent` when well-formed, else a new one. */
export function scopeFromHeaders(service: string, traceparent: string | string[] | undefined, requestId?: string | string[]): RequestScope {
  const match = typeof traceparent === 'string' ? TRACEPARENT.exec(traceparent.trim()) : null;
  const given = typeof requestId === 'string' && /^[\w.:-]{1,64}$/.test(requestId) ? requestId : undefined;
  return {
    service,
    requestId: given ?? randomHex(8),
    traceId: match && !/^0+$/.test(match[1]) ? match[1] : randomHex(16),
    spanId: randomHex(8),
    // A trace begun here is offered as sampled: a subgraph tracing on its own records its part.
    sampled: match ? (parseInt(match[3], 16) & 1) === 1 : true,
  };
}

/** The `traceparent` to send onward when no tracing SDK is loaded (see tracing.ts for the other case). */
export function traceparentOf(scope: RequestScope): string {
  return `00-${scope.traceId}-${scope.spanId}-${scope.sampled ? '01' : '00'}`;
}
