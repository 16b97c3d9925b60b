// `npm run token -- --role partner --partner cpia-bologna [--ambit BOLOGNA] [--purpose case-coordination] [--expires 8h]`
// Mints a bearer token for local use, signed with PLEIADI_JWT_SECRET or the embedded default's secret.
import { parseArgs } from 'node:util';
import { mintToken, type TokenRequest } from '@pleiadi/gateway';
import { devJwtSecret } from './dev-secrets.ts';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    partner: { type: 'string' },
    ambit: { type: 'string' },
    purpose: { type: 'string' },
    subject: { type: 'string' },
    expires: { type: 'string', default: '8h' },
  },
});
const role = values.role as TokenRequest['role'];
if (!['region', 'partner', 'bi'].includes(role)) {
  console.error('--role must be region, partner or bi (anonymous callers send no token)');
  process.exit(2);
}
if (role === 'partner' && !values.partner) {
  console.error('--partner <registry id> is required for role partner, e.g. cpia-bologna, ial-er, arcolaio');
  process.exit(2);
}
console.log(
  await mintToken(
    { role, partnerId: values.partner, ambit: values.ambit, purpose: values.purpose, subject: values.subject, expiresIn: values.expires },
    devJwtSecret(),
  ),
);
