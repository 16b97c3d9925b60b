export { startGateway, subgraphsOfSupergraph, type RunningGateway } from './gateway.ts';
export { configFromEnvironment, subgraphUrlsFromEnvironment, DEFAULT_SUPERGRAPH_PATH, type GatewayConfig } from './config.ts';
export { authConfigFromEnvironment, viewerOf, type AuthConfig } from './auth.ts';
export { mintToken, type TokenRequest } from './tokens.ts';
export type { GatewayContext } from './gateway.ts';
export {
  apiSchemaOf,
  buildContracts,
  contractFor,
  contractsStore,
  createContractPlugin,
  CONTRACT_FILTERS,
  CONTRACT_NAMES,
  tagsOf,
  type ContractName,
  type Contracts,
  type ContractsStore,
} from './contracts.ts';
