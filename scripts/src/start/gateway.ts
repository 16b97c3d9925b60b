// The launcher's second half: the gateway in the launcher's own process, and what `npm start`
// prints once the graph answers. Imported only after the hosts are spawned (it loads Apollo).
import { configFromEnvironment, mintToken, startGateway, type GatewayConfig, type RunningGateway, type TokenRequest } from '@pleiadi/gateway';
import { devJwtSecret } from '../dev-secrets.ts';

const EXAMPLE_TOKENS: [string, TokenRequest][] = [
  ['region (regional table)', { role: 'region', purpose: 'reporting' }],
  ['bi (BI tools)', { role: 'bi', purpose: 'reporting' }],
  ['partner: CPIA network operator', { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' }],
  ['partner: ATS Bologna operator', { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination' }],
  ['partner: IAL operator', { role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' }],
];

/** Tokens for callers are signed with the embedded default's own secret (see dev-secrets.ts). */
export function callerSecret(): string {
  return devJwtSecret();
}

// The web page's sign-in offers these, marked as demo: the example tokens and the region's exact
// figures (official statistics, each read audited), which show the small-count marks; and a CPIA
// operator with the purpose `import`, for the data upload view (demo data only).
const PAGE_TOKENS: [string, TokenRequest][] = [
  EXAMPLE_TOKENS[0],
  ['region (official statistics: exact figures, audited)', { role: 'region', purpose: 'official-statistics' }],
  ...EXAMPLE_TOKENS.slice(1),
  ['partner: CPIA import operator (data upload)', { role: 'partner', partnerId: 'cpia-bologna', purpose: 'import' }],
];

/**
 * The page's demo tokens, minted afresh on each request (8 hours each) — only when the tokens are
 * signed with the embedded default's own local secret, never with a PLEIADI_JWT_SECRET set by hand.
 */
export function demoTokens(jwtSecret: string, env = process.env): NonNullable<GatewayConfig['web']>['demoTokens'] {
  if (env.PLEIADI_JWT_SECRET) return undefined;
  return () => Promise.all(PAGE_TOKENS.map(async ([label, request]) => ({ label, role: request.role, purpose: request.purpose, token: await mintToken(request, jwtSecret) })));
}

export function runGateway(env: NodeJS.ProcessEnv): Promise<RunningGateway> {
  const config = configFromEnvironment(env);
  return startGateway({ ...config, web: { ...config.web, demoTokens: demoTokens(env.PLEIADI_JWT_SECRET ?? callerSecret()) } });
}

export async function welcome(gatewayUrl: string, jwtSecret: string): Promise<string> {
  const tokens = await Promise.all(EXAMPLE_TOKENS.map(async ([label, request]) => `  ${label}:\n    ${await mintToken(request, jwtSecret)}`));
  return `
The PLEIADI graph is up: ${gatewayUrl}
The regional tables' page: ${new URL('/app/', gatewayUrl).href} (sign in with a token below; open ${gatewayUrl} in a browser for the GraphiQL explorer)
Try:
  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
    -d '{"query":"{ municipality(istatCode: \\"037006\\") { name province { name } ambit { name partners { name } } } }"}'
Without a token you are anonymous and see public data. Tokens for each role (8 hours; more
with \`npm run token -- --role partner --partner ial-er --purpose case-coordination\`), sent as
"authorization: Bearer <token>":
${tokens.join('\n')}
Press Ctrl-C to stop.
`;
}
