// The languages Media Group98 produces materials in (ISO 639-1), a reference list in its database.
import { badUserInput } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { allLanguages, languagesByCode } from '../db/repositories/languages.ts';

export const CommsLanguage = builder.loadableObject('CommsLanguage', {
  description: 'A language of information materials and campaigns.',
  load: (codes: string[], ctx: Context) => languagesByCode(ctx.db, codes),
  sort: (language) => language.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'ISO 639-1 code, e.g. ar for Arabic.' }),
    name: t.exposeString('name', { description: 'English name.' }),
    nativeName: t.exposeString('native_name', { description: 'The name in the language itself.' }),
  }),
});

/** A language code given as a filter: two lower-case letters, of a language in the list. */
export async function requireLanguage(ctx: Context, code: string, argument = 'language'): Promise<string> {
  if (!/^[a-z]{2}$/.test(code)) {
    throw badUserInput(`"${code.slice(0, 20)}" is not a language code: use two lower-case ISO 639-1 letters, e.g. "ar".`, argument);
  }
  if (!(await CommsLanguage.getDataloader(ctx).load(code))) {
    const known = (await allLanguages(ctx.db)).map((l) => l.code).join(', ');
    throw badUserInput(`No materials are produced in language "${code}". Known languages: ${known}.`, argument);
  }
  return code;
}

builder.queryFields((t) => ({
  commsLanguages: t.field({
    type: [CommsLanguage],
    description: 'The languages Media Group98 produces information materials in.',
    resolve: (_root, _args, ctx) => allLanguages(ctx.db),
  }),
}));
