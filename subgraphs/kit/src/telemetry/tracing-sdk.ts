// The OpenTelemetry SDK, imported only when tracing is configured (see tracing.ts): a batch
// exporter over OTLP/HTTP (JSON) to OTEL_EXPORTER_OTLP_ENDPOINT, sampling by OTEL_TRACES_SAMPLER
// (default: parent-based, always on), one tracer provider per service of the process.
import { context, propagation, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

export function loadSdk() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const providers = new Map<string, BasicTracerProvider>();
  const prefix = process.env.OTEL_SERVICE_NAME ?? 'pleiadi';
  const providerOf = (service: string) => {
    let provider = providers.get(service);
    if (!provider) {
      provider = new BasicTracerProvider({
        resource: resourceFromAttributes({ 'service.name': `${prefix}-${service}`, 'service.namespace': 'pleiadi' }),
        // Batches as OTEL_BSP_* say (default: every 5 s, up to 512 spans a request).
        spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
      });
      providers.set(service, provider);
    }
    return provider;
  };
  const tracers = new Map<string, Tracer>();
  return {
    tracerFor(service: string): Tracer {
      let tracer = tracers.get(service);
      if (!tracer) tracers.set(service, (tracer = providerOf(service).getTracer('pleiadi')));
      return tracer;
    },
    /** Libraries that ask the global API for a tracer (Apollo Gateway's plan, execute, fetch spans) use this service's. */
    makeGlobal(service: string): void {
      trace.setGlobalTracerProvider(providerOf(service));
    },
    flush: async () => void (await Promise.all([...providers.values()].map((p) => p.forceFlush()))),
    shutdown: async () => {
      await Promise.all([...providers.values()].map((p) => p.shutdown()));
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
