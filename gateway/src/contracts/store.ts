// Contracts that follow the supergraph: built once, then again for every new supergraph SDL.
import { buildContracts, type Contracts } from './build.ts';

export interface ContractsStore {
  /** The contracts being served: those of the last supergraph given to `update`. */
  get(): Contracts;
  /**
   * Serves the contracts of a new supergraph (a no-op for the current one; no rebuild for one just
   * prepared). Throws, and keeps serving the previous ones, only for an SDL that is not a supergraph.
   */
  update(supergraphSdl: string): Contracts;
  /**
   * Builds the contracts of a supergraph about to be served, without serving them yet (for the
   * supergraph source's `validate`), so that the following `update` with the same SDL reuses the work.
   */
  prepare(supergraphSdl: string): Contracts;
  /** The supergraph SDL the contracts being served come from. */
  readonly supergraphSdl: string | undefined;
}

/** A store of contracts, serving those of `supergraphSdl` when given (the contract plugin fills it otherwise). */
export function contractsStore(supergraphSdl?: string): ContractsStore {
  type Built = { sdl: string; contracts: Contracts };
  let current: Built | undefined;
  let prepared: Built | undefined;
  const build = (sdl: string): Built => (current?.sdl === sdl ? current : prepared?.sdl === sdl ? prepared : { sdl, contracts: buildContracts(sdl) });
  const store: ContractsStore = {
    get() {
      if (!current) throw new Error('No contracts yet: the store has not been given a supergraph.');
      return current.contracts;
    },
    update(sdl) {
      current = build(sdl);
      if (prepared?.sdl === sdl) prepared = undefined;
      return current.contracts;
    },
    prepare(sdl) {
      const built = build(sdl);
      if (built !== current) prepared = built;
      return built.contracts;
    },
    get supergraphSdl() {
      return current?.sdl;
    },
  };
  if (supergraphSdl !== undefined) store.update(supergraphSdl);
  return store;
}
