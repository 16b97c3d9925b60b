// `@pleiadi/kit/testing`: test databases and requests, a subgraph server over any schema, and the indicator-facts helpers.
export * from './databases.ts';
export * from './indicators.ts';
export * from './server.ts';
