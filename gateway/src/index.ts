export { startGateway, subgraphsOfSupergraph, type RunningGateway } from './gateway.ts';
export { configFromEnvironment, subgraphUrlsFromEnvironment, DEFAULT_SUPERGRAPH_PATH, type GatewayConfig } from './config.ts';
