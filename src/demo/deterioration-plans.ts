import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import {
  ActionPerformer,
  ContactHours,
  DeteriorationPlan,
  DeteriorationPlanStatus,
  TreatmentLimitationKind,
} from '../deterioration-plans/deterioration-plan.entity';
import { DeteriorationEpisode, DeteriorationEpisodeOutcome } from '../deterioration-plans/deterioration-episode.entity';
import { Comparator, evaluateTriggers, Observation, ObservationKind } from '../deterioration-plans/triggers';
import { Patient } from '../patients/patient.entity';
import type { DemoOrgKey, DemoStaffKey } from './region';
import { DEMO_PATIENTS, demoPersonnummer } from './patients';

/** Fixed demo dates; the phone numbers below are invented for the demo region. */
const SIGNED_AT = new Date('2026-09-15T13:30:00Z');
const DECIDED_ON = '2026-09-15';
const REVIEW_DATE = '2027-03-15';

/**
 * Esther's active deterioration plan, signed by her GP at Vårdcentralen Sjöbacken: heart failure;
 * care at home preferred (decided with Esther and her daughter); weight gain → an extra dose of the
 * diuretic already prescribed as needed and a call to the nurse on duty; breathlessness at rest →
 * the on-call physician. Idempotent: nothing is added when Esther already has a plan.
 */
export async function loadDemoDeteriorationPlans(m: EntityManager, orgIds: Map<string, string>, staffIds: Map<string, string>): Promise<boolean> {
  const org = (k: DemoOrgKey) => orgIds.get(k)!;
  const staff = (k: DemoStaffKey) => staffIds.get(k)!;
  const esther = await m.getRepository(Patient).findOneBy({ personnummer: demoPersonnummer(DEMO_PATIENTS.find((p) => p.key === 'esther')!) });
  if (!esther) return false;
  if (await m.getRepository(DeteriorationPlan).existsBy({ patientId: esther.id })) return loadEstherEpisode(m, esther.id, org, staff);
  await m.getRepository(DeteriorationPlan).insert({
    patientId: esther.id,
    planVersion: 1,
    status: DeteriorationPlanStatus.ACTIVE,
    conditions: ['Hjärtsvikt (NYHA III)'],
    treatmentLimitations: [
      {
        kind: TreatmentLimitationKind.CARE_AT_HOME_PREFERRED,
        details: 'Vård i hemmet i första hand vid försämring av hjärtsvikten. Sjukhus endast om andfåddheten inte går att lindra hemma.',
        decidedBy: 'Erik Sjöberg, distriktsläkare',
        decidedOn: DECIDED_ON,
        patientTookPart: true,
        nextOfKinTookPart: true,
      },
    ],
    steps: [
      {
        id: randomUUID(),
        order: 1,
        trigger: { kind: 'MEASURED', observation: ObservationKind.WEIGHT_CHANGE, comparator: Comparator.GTE, threshold: 2, overDays: 3 },
        actions: [
          {
            description: 'Ge en extra dos vätskedrivande enligt vid behovs-ordinationen.',
            performer: ActionPerformer.NURSE,
            asNeededMedication: 'Furosemid 40 mg, 1 tablett extra',
          },
          {
            description: 'Ring sjuksköterskan i tjänst; ny vikt och bedömning nästa dag.',
            performer: ActionPerformer.NURSE,
            asNeededMedication: null,
          },
        ],
      },
      {
        id: randomUUID(),
        order: 2,
        trigger: { kind: 'SIGN', sign: 'Andfåddhet i vila' },
        actions: [
          {
            description: 'Ring jourläkaren för bedömning i hemmet. Vård i hemmet i första hand enligt beslutet ovan.',
            performer: ActionPerformer.ON_CALL_PHYSICIAN,
            asNeededMedication: null,
          },
        ],
      },
    ],
    contacts: [
      {
        hours: ContactHours.OFFICE_HOURS,
        role: 'Fast vårdkontakt, sjuksköterska hemsjukvården',
        name: 'Anna Nilsson, Hemsjukvården Jönköping (demo)',
        phone: '036-10 50 00',
      },
      {
        hours: ContactHours.OFFICE_HOURS,
        role: 'Fast läkarkontakt, distriktsläkare',
        name: 'Erik Sjöberg, Vårdcentralen Sjöbacken (demo)',
        phone: '036-10 20 30',
      },
      {
        hours: ContactHours.OUT_OF_HOURS,
        role: 'Sjuksköterska i tjänst, hemsjukvården',
        name: 'Hemsjukvården Jönköping, kväll och natt (demo)',
        phone: '036-10 50 99',
      },
      { hours: ContactHours.OUT_OF_HOURS, role: 'Jourläkare', name: 'Primärvårdens jourläkare (demo)', phone: '036-10 11 12' },
    ],
    reviewDate: REVIEW_DATE,
    basedOnPlanId: null,
    recordedByOrganisationId: org('vcSjobacken'),
    draftedByStaffId: staff('erikGp'),
    lastEditedByStaffId: staff('erikGp'),
    signedAt: SIGNED_AT,
    signedByStaffId: staff('erikGp'),
    signedByOrganisationId: org('vcSjobacken'),
    createdAt: SIGNED_AT,
    updatedAt: SIGNED_AT,
  });
  await loadEstherEpisode(m, esther.id, org, staff);
  return true;
}

const EPISODE_AT = new Date('2026-10-27T18:40:00Z');

/**
 * An evening in October when Esther got worse and was handled at home (stannade hemma): weight
 * +2.4 kg over 3 days triggered the plan's first step; the nurse gave the extra diuretic prescribed
 * as needed and called the on-call physician. The plan steps matched are evaluated as the service
 * does. Idempotent: nothing is added when Esther already has an episode.
 */
async function loadEstherEpisode(m: EntityManager, patientId: string, org: (k: DemoOrgKey) => string, staff: (k: DemoStaffKey) => string): Promise<boolean> {
  if (await m.getRepository(DeteriorationEpisode).existsBy({ patientId })) return false;
  const plan = await m.getRepository(DeteriorationPlan).findOneBy({ patientId, status: DeteriorationPlanStatus.ACTIVE });
  const observations: Observation[] = [
    { kind: ObservationKind.WEIGHT_CHANGE, value: 2.4, overDays: 3 },
    { kind: ObservationKind.RESPIRATORY_RATE, value: 22 },
    { kind: ObservationKind.OXYGEN_SATURATION, value: 94 },
  ];
  const { matched } = evaluateTriggers(plan?.steps ?? [], observations);
  await m.getRepository(DeteriorationEpisode).insert({
    patientId,
    occurredAt: EPISODE_AT,
    observations,
    planId: plan?.id ?? null,
    planVersion: plan?.planVersion ?? null,
    planConditions: plan?.conditions ?? [],
    matchedSteps: matched.map((x) => ({ step: x.step, observed: x.observed, reason: x.reason })),
    actionsTaken:
      'Gav en extra dos Furosemid 40 mg enligt vid behovs-ordinationen. Ringde jourläkaren som instämde i planen. Lätt andfådd vid ansträngning, ej i vila. Ny vikt och bedömning nästa morgon: -1,1 kg, mår bättre.',
    contacts: [
      { role: 'Jourläkare', organisation: 'Primärvårdens jourläkare (demo)', name: null, contactedAt: '2026-10-27T18:55:00.000Z' },
      { role: 'Närstående', organisation: null, name: 'Karin Johansson (dotter)', contactedAt: '2026-10-27T19:10:00.000Z' },
    ],
    outcome: DeteriorationEpisodeOutcome.STAYED_HOME,
    planReviewRequested: false,
    recordedByOrganisationId: org('jonkoping'),
    recordedByStaffId: staff('karinNurse'),
    recordedAt: new Date('2026-10-27T19:30:00Z'),
  });
  return true;
}
