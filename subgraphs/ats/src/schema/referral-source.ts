import { builder } from '../builder.ts';
import { REFERRAL_SOURCES } from '../db/types.ts';

export const AtsReferralSource = builder.enumType('AtsReferralSource', {
  description: 'Who sent a person to the consortium when their case was opened.',
  values: REFERRAL_SOURCES,
});
