// Reference data loaded on every start: the languages Media Group98 produces materials in.
// Names are upserted, so a corrected spelling in this list reaches existing databases.
import type { Kysely } from 'kysely';
import { forgetLanguages } from '../repositories/languages.ts';
import type { CommsDatabase } from '../types.ts';

/** ISO 639-1 code, English name, and the name in the language itself (endonym). */
export const LANGUAGES: readonly CommsDatabase['language'][] = [
  { code: 'it', name: 'Italian', native_name: 'Italiano' },
  { code: 'ar', name: 'Arabic', native_name: 'العربية' },
  { code: 'sq', name: 'Albanian', native_name: 'Shqip' },
  { code: 'uk', name: 'Ukrainian', native_name: 'Українська' },
  { code: 'zh', name: 'Chinese', native_name: '中文' },
  { code: 'ur', name: 'Urdu', native_name: 'اردو' },
  { code: 'pa', name: 'Punjabi', native_name: 'ਪੰਜਾਬੀ' },
  { code: 'ro', name: 'Romanian', native_name: 'Română' },
  { code: 'en', name: 'English', native_name: 'English' },
  { code: 'fr', name: 'French', native_name: 'Français' },
  { code: 'bn', name: 'Bengali', native_name: 'বাংলা' },
  { code: 'wo', name: 'Wolof', native_name: 'Wolof' },
];

export async function seedReference(db: Kysely<CommsDatabase>): Promise<void> {
  await db
    .insertInto('language')
    .values([...LANGUAGES])
    .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name'), native_name: eb.ref('excluded.native_name') })))
    .execute();
  forgetLanguages(db);
}
