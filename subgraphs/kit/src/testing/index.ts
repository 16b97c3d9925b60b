// `@pleiadi/kit/testing`: test databases and requests, and the indicator-facts helpers.
export * from './databases.ts';
export * from './indicators.ts';
