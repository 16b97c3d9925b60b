// The network's own reference data, inserted when missing on every start: the nine CPIA (one per
// province, the Bologna one leading the network), their sites (sedi) and the kinds of course.
// Rows already present are left as they are, so corrections made in the database stay.
import { defaultAmbitOf, emiliaRomagnaProvinces, municipalityByCode } from '@pleiadi/kit';
import type { Kysely } from 'kysely';
import type { CefrLevel, CourseKind, CpiaDatabase } from '../types.ts';
import { forgetNetwork } from '../repositories/network.ts';

/** The partner-registry id of CPIA Metropolitano di Bologna, through which the whole network takes part. */
export const NETWORK_LEAD_PARTNER_ID = 'cpia-bologna';

export const COURSE_KIND_ROWS: { code: CourseKind; name: string; cefr_target: CefrLevel | null }[] = [
  { code: 'ITALIAN_L2_PRE_A1', name: 'Italian L2, literacy and pre-A1 (alfabetizzazione)', cefr_target: 'PRE_A1' },
  { code: 'ITALIAN_L2_A1', name: 'Italian L2, level A1', cefr_target: 'A1' },
  { code: 'ITALIAN_L2_A2', name: 'Italian L2, level A2', cefr_target: 'A2' },
  { code: 'ITALIAN_L2_B1', name: 'Italian L2, level B1', cefr_target: 'B1' },
  { code: 'CIVIC_ORIENTATION', name: 'Civic orientation', cefr_target: null },
  { code: 'DIGITAL_SKILLS', name: 'Digital skills', cefr_target: null },
];
/** Every course kind the network runs belongs to Azione 02 (skills). */
export const COURSE_ACTION_CODE = 'AZ02';

/** Where each institute has its sites, by ISTAT code; the provincial capital (first) is the seat. */
const SITE_MUNICIPALITIES: Record<string, string[]> = {
  PC: ['033032' /* Piacenza */, '033013' /* Castel San Giovanni */, '033021' /* Fiorenzuola d'Arda */],
  PR: ['034027' /* Parma */, '034014' /* Fidenza */, '034018' /* Langhirano */, '034006' /* Borgo Val di Taro */],
  RE: ['035033' /* Reggio nell'Emilia */, '035040' /* Scandiano */, '035020' /* Correggio */, '035024' /* Guastalla */, '035016' /* Castelnovo ne' Monti */],
  MO: ['036023' /* Modena */, '036005' /* Carpi */, '036040' /* Sassuolo */, '036022' /* Mirandola */, '036046' /* Vignola */, '036030' /* Pavullo nel Frignano */],
  BO: ['037006' /* Bologna */, '037032' /* Imola */, '037054' /* San Lazzaro di Savena */, '037011' /* Casalecchio di Reno */, '037053' /* San Giovanni in Persiceto */, '037008' /* Budrio */, '037062' /* Alto Reno Terme */],
  FE: ['038008' /* Ferrara */, '038004' /* Cento */, '038006' /* Comacchio */, '038005' /* Codigoro */, '038001' /* Argenta */],
  RA: ['039014' /* Ravenna */, '039010' /* Faenza */, '039012' /* Lugo */],
  FC: ['040012' /* Forlì */, '040007' /* Cesena */, '040045' /* Savignano sul Rubicone */],
  RN: ['099014' /* Rimini */, '099013' /* Riccione */, '099018' /* Santarcangelo di Romagna */, '099023' /* Novafeltria */],
};

const slug = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-');

export function instituteRows(): CpiaDatabase['institute'][] {
  return emiliaRomagnaProvinces().map((p) => {
    const seat = SITE_MUNICIPALITIES[p.code]?.[0];
    if (!seat) throw new Error(`No CPIA sites listed for province ${p.code}`);
    const lead = p.code === 'BO';
    return {
      id: `cpia-${slug(p.name)}`,
      name: lead ? 'CPIA Metropolitano di Bologna' : `CPIA di ${p.name}`,
      province_code: p.code,
      seat_municipality_code: seat,
      is_network_lead: lead,
      plan_partner_id: NETWORK_LEAD_PARTNER_ID,
    };
  });
}

export function siteRows(institutes = instituteRows()): Omit<CpiaDatabase['site'], 'id'>[] {
  return institutes.flatMap((institute) =>
    SITE_MUNICIPALITIES[institute.province_code].map((code, i) => {
      const municipality = municipalityByCode(code);
      if (!municipality || municipality.provinceCode !== institute.province_code) {
        throw new Error(`Site municipality ${code} is not in province ${institute.province_code}`);
      }
      return {
        institute_id: institute.id,
        name: i === 0 ? `${institute.name} – sede centrale di ${municipality.name}` : `${institute.name} – sede di ${municipality.name}`,
        municipality_code: code,
        ambit_code: defaultAmbitOf(municipality)!,
      };
    }),
  );
}

export async function seedReference(db: Kysely<CpiaDatabase>): Promise<void> {
  const institutes = instituteRows();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('institute').values(institutes).onConflict((oc) => oc.column('id').doNothing()).execute();
    await tx.insertInto('site').values(siteRows(institutes)).onConflict((oc) => oc.column('name').doNothing()).execute();
    await tx
      .insertInto('course_kind')
      .values(COURSE_KIND_ROWS.map((k) => ({ ...k, action_code: COURSE_ACTION_CODE })))
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  });
  forgetNetwork(db);
}
