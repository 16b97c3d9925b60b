// The launcher's second half: the gateway in the launcher's own process, and what `npm start`
// prints once the graph answers. Imported only after the hosts are spawned (it loads Apollo).
import { configFromEnvironment, mintToken, startGateway, type RunningGateway, type TokenRequest } from '@pleiadi/gateway';
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

export function runGateway(env: NodeJS.ProcessEnv): Promise<RunningGateway> {
  return startGateway(configFromEnvironment(env));
}

export async function welcome(gatewayUrl: string, jwtSecret: string): Promise<string> {
  const tokens = await Promise.all(EXAMPLE_TOKENS.map(async ([label, request]) => `  ${label}:\n    ${await mintToken(request, jwtSecret)}`));
  return `
The PLEIADI graph is up: ${gatewayUrl}
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
