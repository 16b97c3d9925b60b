// OpenTelemetry traces, exported over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Off otherwise, at no cost: the SDK is never loaded,
// and every span helper here returns at its first line. Only @opentelemetry/api is imported
// statically (Apollo Gateway loads it anyway).
//
// Each service of a process (the gateway, each subgraph of `npm start`'s host) gets its own tracer
// provider, so spans carry the right `service.name`; they share one context manager and the W3C
// `traceparent` propagator. Span attributes never hold personal data: no variables, no bind
// parameters, no row.
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import type { IncomingHttpHeaders } from 'node:http';
import { currentRequest } from './request-scope.ts';

interface Sdk {
  tracerFor(service: string): Tracer;
  makeGlobal(service: string): void;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let sdk: Sdk | undefined;
let loading: Promise<Sdk> | undefined;

export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) && env.OTEL_SDK_DISABLED !== 'true' && env.OTEL_TRACES_EXPORTER !== 'none';
}

/** Loads the SDK once per process when tracing is configured; does nothing otherwise. */
export async function startTracing(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (sdk) return true;
  if (!tracingConfigured(env)) return false;
  loading ??= import('./tracing-sdk.ts').then((module) => module.loadSdk());
  sdk = await loading;
  return true;
}

export function tracingOn(): boolean {
  return sdk !== undefined;
}

/** Sends what is buffered (before a test reads its receiver, or a process exits). */
export async function flushTracing(): Promise<void> {
  await sdk?.flush();
}

export async function stopTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  loading = undefined;
  await running?.shutdown();
}

/** Spans of libraries using the global tracer (Apollo Gateway's) belong to `service`. */
export function setGlobalTracingService(service: string): void {
  sdk?.makeGlobal(service);
}

/** The tracer of `service`, or of the service serving the current request. */
export function tracerFor(service?: string): Tracer | undefined {
  const name = service ?? currentRequest()?.service;
  return sdk && name ? sdk.tracerFor(name) : undefined;
}

/** A server span for an incoming request, child of the caller's `traceparent`; undefined when tracing is off. */
export function startServerSpan(service: string, name: string, headers: IncomingHttpHeaders, attributes: Attributes): { span: Span; context: Context } | undefined {
  const tracer = tracerFor(service);
  if (!tracer) return undefined;
  const parent = propagation.extract(ROOT_CONTEXT, headers);
  const span = tracer.startSpan(name, { kind: SpanKind.SERVER, attributes }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `fn` in a child span of the active one (named, with safe attributes); just runs it when tracing is off. */
export async function inSpan<T>(name: string, attributes: Attributes, fn: (span: Span | undefined) => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  const tracer = tracerFor();
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.name ?? 'Error' });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** A span that already happened (e.g. an SQL statement reported with its duration once done). */
export function recordSpan(name: string, attributes: Attributes, durationMs: number, failed: boolean): void {
  const tracer = tracerFor();
  if (!tracer || !trace.getActiveSpan()) return; // outside a request (migrations, seeding): not traced
  const end = performance.timeOrigin + performance.now();
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: end - durationMs });
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}

/** Sets attributes on the active span, if any. */
export function annotate(attributes: Attributes): void {
  if (sdk) trace.getActiveSpan()?.setAttributes(attributes);
}

/** Adds the active trace context to outgoing headers (`traceparent`). */
export function injectTraceContext(headers: Record<string, string>): void {
  if (sdk) propagation.inject(context.active(), headers);
}

/** Starts a child span of the active one without entering it; returns what ends it. A no-op when tracing is off. */
export function startChildSpan(name: string, attributes: Attributes): (error?: unknown) => void {
  const tracer = tracerFor();
  if (!tracer) return () => {};
  const span = tracer.startSpan(name, { attributes });
  return (error) => {
    if (error) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
}
