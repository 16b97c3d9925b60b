// Who is served which contract, what each contract keeps, and whether contracts are on at all.
import type { Role } from '@pleiadi/kit';

export const CONTRACT_NAMES = ['public', 'bi', 'region', 'full'] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];
/** The contracts narrower than the API schema: the ones a supergraph may not offer. */
export type NarrowContractName = Exclude<ContractName, 'full'>;

/** What a contract keeps: fields with an `include` tag (when given), never one with an `exclude` tag. */
export interface ContractFilter {
  include?: readonly string[];
  exclude: readonly string[];
}

const NOT_FOR_BI = ['personal', 'pseudonymous', 'oversight'] as const;

/** `null`: the API schema as it is. */
export const CONTRACT_FILTERS: Record<ContractName, ContractFilter | null> = {
  public: { include: ['public'], exclude: NOT_FOR_BI },
  bi: { exclude: NOT_FOR_BI },
  // The regional table: everything but personal data and pseudonyms, with the audit trails it oversees.
  region: { exclude: ['personal', 'pseudonymous'] },
  full: null,
};

/** Who a contract is for, in the words of an error message. */
export const CONTRACT_AUDIENCES: Record<ContractName, string> = {
  public: 'anonymous callers',
  bi: 'BI tools',
  region: 'the regional coordination tables',
  full: 'partner operators',
};

const CONTRACT_OF_ROLE: Record<Role, ContractName> = {
  anonymous: 'public',
  bi: 'bi',
  region: 'region',
  partner: 'full',
};

/** The contract a caller of this role is served; an unknown role gets the narrowest one. */
export function contractFor(role: Role): ContractName {
  return Object.hasOwn(CONTRACT_OF_ROLE, role) ? CONTRACT_OF_ROLE[role] : 'public';
}

/**
 * PLEIADI_CONTRACTS: `on` (default) serves each caller its contract; `off` serves every caller the
 * whole API schema, as stock @apollo/gateway does (the subgraphs and the personal-data refusal
 * still apply).
 */
export function contractsEnabledFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env.PLEIADI_CONTRACTS?.trim().toLowerCase();
  if (!raw || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new Error(`PLEIADI_CONTRACTS=${JSON.stringify(env.PLEIADI_CONTRACTS)} is not valid: expected on (default) or off.`);
}
