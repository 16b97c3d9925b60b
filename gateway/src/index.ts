// First, before anything loads Apollo's federation packages (see the module).
import './federation-exports.ts';
export { startGateway, subgraphsOfSupergraph, type RunningGateway } from './server.ts';
export { configFromEnvironment, subgraphUrlsFromEnvironment, DEFAULT_SUPERGRAPH_PATH, type GatewayConfig } from './config.ts';
export { authConfigFromEnvironment, viewerOf, type AuthConfig } from './auth/caller.ts';
export { mintToken, type TokenRequest } from './auth/tokens.ts';
export type { GatewayContext, RequestIdentity } from './context.ts';
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
} from './contracts/contracts.ts';
