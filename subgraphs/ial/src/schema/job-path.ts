// IAL's job path of a person in full — orientation, skills assessment, recognitions, traineeships,
// placements — reachable only through IalParticipant (participant.ts), scoped again on every type.
import { groupByKeys } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import {
  assessmentsOfPaths, placementsOfPaths, recognitionsOfPaths, sessionsOfPaths, traineeshipsOfPaths,
  type JobPathRow, type PlacementRow, type QualificationRecognitionRow, type SkillsAssessmentRow, type TraineeshipRow, type OrientationSessionRow,
} from '../db/repositories/participants.ts';
import {
  ASSESSMENT_DOCUMENTS, CONTRACT_KINDS, JOB_PATH_STATUSES, ORIENTATION_KINDS, QUALIFICATION_KINDS, RECOGNITION_OUTCOMES, TRAINEESHIP_OUTCOMES,
} from '../db/types.ts';
import { OWN_OPERATORS } from './access.ts';
import { IalEmployer } from './employer.ts';
import { IalOffice } from './office.ts';

// Enums of the job path, as IAL records it.
export const JobPathStatus = builder.enumType('IalJobPathStatus', { description: 'OPEN while IAL follows the person; CLOSED with a closing date.', values: JOB_PATH_STATUSES });
const OrientationKind = builder.enumType('IalOrientationKind', {
  description: 'INDIVIDUAL_GUIDANCE is the personal professional guidance of AMIF indicator O.2.3.3.',
  values: ORIENTATION_KINDS,
});
const AssessmentDocument = builder.enumType('IalAssessmentDocument', {
  description: 'What a skills assessment (messa in trasparenza delle competenze) hands the person: an evidence dossier, the card of the regional certification system, a certificate of competences, or the EU Skills Profile Tool for Third Country Nationals.',
  values: ASSESSMENT_DOCUMENTS,
});
const QualificationKind = builder.enumType('IalQualificationKind', { values: QUALIFICATION_KINDS });
export const RecognitionOutcome = builder.enumType('IalRecognitionOutcome', { values: RECOGNITION_OUTCOMES });
export const TraineeshipOutcome = builder.enumType('IalTraineeshipOutcome', { description: 'HIRED: the host employer hired the trainee afterwards.', values: TRAINEESHIP_OUTCOMES });
export const ContractKind = builder.enumType('IalContractKind', { values: CONTRACT_KINDS });

// ---------------------------------------------------------------------------------------------
// The job path in full (reachable only through IalParticipant; scoped again on every type).

const IalOrientationSession = builder.objectRef<OrientationSessionRow>('IalOrientationSession').implement({
  description: 'A job-orientation session of a job path.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (s) => String(s.id) }),
    heldOn: t.field({ type: 'Date', resolve: (s) => s.held_on }),
    minutes: t.exposeInt('minutes'),
    kind: t.field({ type: OrientationKind, resolve: (s) => s.kind }),
  }),
});

const IalSkillsAssessment = builder.objectRef<SkillsAssessmentRow>('IalSkillsAssessment').implement({
  description: 'A skills assessment (messa in trasparenza delle competenze) completed on a job path.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (a) => String(a.id) }),
    completedOn: t.field({ type: 'Date', resolve: (a) => a.completed_on }),
    outcomeDocument: t.field({ type: AssessmentDocument, resolve: (a) => a.outcome_document }),
  }),
});

const IalQualificationRecognition = builder.objectRef<QualificationRecognitionRow>('IalQualificationRecognition').implement({
  description: 'An application to recognise a qualification obtained in a third country (AMIF indicator R.2.10).',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (q) => String(q.id) }),
    country: t.exposeString('country', { description: 'Where the qualification was obtained, ISO 3166-1 alpha-2.' }),
    qualificationKind: t.field({ type: QualificationKind, resolve: (q) => q.qualification_kind }),
    submittedOn: t.field({ type: 'Date', resolve: (q) => q.submitted_on }),
    outcome: t.field({ type: RecognitionOutcome, resolve: (q) => q.outcome }),
  }),
});

const IalTraineeship = builder.objectRef<TraineeshipRow>('IalTraineeship').implement({
  description: 'A traineeship (tirocinio) at an employer of IAL\'s network.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (x) => String(x.id) }),
    employer: t.field({ type: IalEmployer, resolve: (x) => x.employer_id }),
    startsOn: t.field({ type: 'Date', resolve: (x) => x.starts_on }),
    endsOn: t.field({ type: 'Date', description: 'The planned end while it runs; the actual end once it is over.', resolve: (x) => x.ends_on }),
    hoursPerWeek: t.exposeInt('hours_per_week'),
    outcome: t.field({ type: TraineeshipOutcome, resolve: (x) => x.outcome }),
  }),
});

const IalPlacement = builder.objectRef<PlacementRow>('IalPlacement').implement({
  description: 'A job found on the path: the employer, the contract and the sector at hiring.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (p) => String(p.id) }),
    employer: t.field({ type: IalEmployer, resolve: (p) => p.employer_id }),
    contractKind: t.field({ type: ContractKind, resolve: (p) => p.contract_kind }),
    startsOn: t.field({ type: 'Date', resolve: (p) => p.starts_on }),
    atecoCode: t.exposeString('ateco_code', { description: 'ATECO 2007 division of the job at hiring (two digits).' }),
  }),
});

/** A list under each of many job paths, loaded for all of them in one statement. */
function stepsOfPaths<Row extends { job_path_id: number }>(read: (ctx: Context, ids: number[]) => Promise<Row[]>) {
  return async (ids: number[], ctx: Context) => groupByKeys(ids, await read(ctx, ids), (row) => row.job_path_id);
}

export const IalJobPath = builder.objectRef<JobPathRow>('IalJobPath').implement({
  description: 'A person\'s job path at an IAL office: orientation, skills assessment, recognition of qualifications, traineeships and placements.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (j) => String(j.id) }),
    office: t.field({ type: IalOffice, resolve: (j) => j.office_id }),
    status: t.field({ type: JobPathStatus, resolve: (j) => j.status }),
    startedOn: t.field({ type: 'Date', resolve: (j) => j.started_on }),
    closedOn: t.field({ type: 'Date', nullable: true, resolve: (j) => j.closed_on }),
    orientationSessions: t.loadableList({
      type: IalOrientationSession,
      description: 'In date order.',
      load: stepsOfPaths((ctx, ids) => sessionsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    skillsAssessments: t.loadableList({
      type: IalSkillsAssessment,
      load: stepsOfPaths((ctx, ids) => assessmentsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    qualificationRecognitions: t.loadableList({
      type: IalQualificationRecognition,
      load: stepsOfPaths((ctx, ids) => recognitionsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    traineeships: t.loadableList({
      type: IalTraineeship,
      load: stepsOfPaths((ctx, ids) => traineeshipsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    placements: t.loadableList({
      type: IalPlacement,
      load: stepsOfPaths((ctx, ids) => placementsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
  }),
});
