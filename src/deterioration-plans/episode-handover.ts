/**
 * The handover (överrapportering, SBAR) a deterioration episode prefills for the patient's fast
 * läkarkontakt at the primary care centre. Pure: the episode as recorded and the patient's active
 * enrollment in, Swedish text out, each part within what sendHandover accepts.
 */
import { inStockholm } from '../common/calendar';
import { DeteriorationEpisode, DeteriorationEpisodeOutcome, EpisodeContactRecord } from './deterioration-episode.entity';
import { DeteriorationHandoverDraftType } from './deterioration-episode.types';
import { COMPARATOR_SYMBOLS, Observation, OBSERVATION_UNITS, ObservationKind, Trigger } from './triggers';

/** sendHandover takes at most this many characters per SBAR part. */
export const SBAR_MAX = 4000;

const SV_LABELS: Record<ObservationKind, string> = {
  [ObservationKind.RESPIRATORY_RATE]: 'andningsfrekvens',
  [ObservationKind.OXYGEN_SATURATION]: 'syremättnad',
  [ObservationKind.PULSE]: 'puls',
  [ObservationKind.SYSTOLIC_BP]: 'systoliskt blodtryck',
  [ObservationKind.TEMPERATURE]: 'temperatur',
  [ObservationKind.WEIGHT_CHANGE]: 'viktförändring',
  [ObservationKind.NEWS2]: 'NEWS2',
  [ObservationKind.BLOOD_GLUCOSE]: 'blodsocker',
  [ObservationKind.PAIN_NRS]: 'smärta (NRS)',
};

const OUTCOME_SV: Record<DeteriorationEpisodeOutcome, string> = {
  [DeteriorationEpisodeOutcome.STAYED_HOME]: 'stannade hemma',
  [DeteriorationEpisodeOutcome.DOCTORS_VISIT]: 'läkarbesök',
  [DeteriorationEpisodeOutcome.AMBULANCE]: 'ambulans, ej inlagd',
  [DeteriorationEpisodeOutcome.ADMITTED]: 'inlagd på sjukhus',
};

/** A number as Swedish staff write it: decimal comma, no floating-point noise. */
function num(n: number): string {
  return String(Number(n.toPrecision(15))).replace('.', ',');
}

function amount(kind: ObservationKind, value: number, overDays: number | null | undefined): string {
  const unit = OBSERVATION_UNITS[kind];
  const sign = kind === ObservationKind.WEIGHT_CHANGE && value > 0 ? '+' : '';
  return `${sign}${num(value)}${unit ? ` ${unit}` : ''}${overDays != null ? ` på ${overDays} ${overDays === 1 ? 'dag' : 'dagar'}` : ''}`;
}

function observation(o: Observation): string {
  return `${SV_LABELS[o.kind] ?? o.kind} ${amount(o.kind, o.value, o.overDays)}`;
}

function trigger(t: Trigger): string {
  if (t.kind === 'SIGN') return t.sign;
  return `${SV_LABELS[t.observation] ?? t.observation} ${COMPARATOR_SYMBOLS[t.comparator] ?? t.comparator} ${amount(t.observation, t.threshold, t.overDays)}`;
}

const when = (at: Date) => inStockholm(at).toFormat('yyyy-MM-dd HH:mm');
const clock = (at: Date) => inStockholm(at).toFormat('HH:mm');

function contact(c: EpisodeContactRecord): string {
  const who = [c.role, c.name, c.organisation].filter((x): x is string => !!x).join(', ');
  return `${who} kl. ${clock(new Date(c.contactedAt))}`;
}

function cut(text: string): string {
  return text.length <= SBAR_MAX ? text : `${text.slice(0, SBAR_MAX - 1)}…`;
}

function recommendation(e: DeteriorationEpisode): string {
  switch (e.outcome) {
    case DeteriorationEpisodeOutcome.STAYED_HOME:
      return 'Patienten är kvar hemma. Önskar bedömning av fast läkarkontakt: uppföljning av försämringen och ställningstagande till om handlingsplanen vid försämring behöver ändras.';
    case DeteriorationEpisodeOutcome.DOCTORS_VISIT:
      return 'Patienten har bedömts av läkare och är kvar hemma. Önskar att fast läkarkontakt tar del av bedömningen och tar ställning till uppföljning och till handlingsplanen vid försämring.';
    case DeteriorationEpisodeOutcome.AMBULANCE:
      return 'Patienten har bedömts av ambulanspersonal och är kvar hemma. Önskar läkarbedömning och uppföljning av försämringen.';
    case DeteriorationEpisodeOutcome.ADMITTED:
      return e.planReviewRequested
        ? 'Patienten är inlagd på sjukhus. Handlingsplanen vid försämring är markerad för omprövning: önskar att den ses över inför hemgång.'
        : 'Patienten är inlagd på sjukhus. Önskar ställningstagande till en handlingsplan vid försämring inför hemgång.';
  }
}

/**
 * The SBAR draft for the episode. The receiver is the primary care centre of the patient's active
 * enrollment (and its named physician, fast läkarkontakt); without an active enrollment there is
 * no receiver to suggest.
 */
export function episodeHandoverDraft(
  e: DeteriorationEpisode,
  enrollment: { primaryCareId: string; namedPhysicianId: string } | null,
): DeteriorationHandoverDraftType {
  const observed = e.observations.map(observation).join(', ');
  const situation = `Försämring ${when(e.occurredAt)}. Observationer: ${observed}. Utfall: ${OUTCOME_SV[e.outcome]}.`;
  const background = e.planId
    ? `Aktiv signerad handlingsplan vid försämring, version ${e.planVersion}${e.planConditions.length ? ` (${e.planConditions.join(', ')})` : ''}.`
    : 'Det fanns ingen aktiv signerad handlingsplan vid försämring att utgå från.';
  const steps = e.matchedSteps.length
    ? `Utlösta steg i handlingsplanen: ${e.matchedSteps.map((m) => `steg ${m.step.order}, ${trigger(m.step.trigger)} (uppmätt ${observation(m.observed)})`).join('; ')}.`
    : e.planId
      ? 'Observationerna utlöste inget steg i handlingsplanen.'
      : 'Ingen handlingsplan att pröva observationerna mot.';
  const contacts = e.contacts.length ? ` Kontakter: ${e.contacts.map(contact).join('; ')}.` : '';
  const assessment = `${steps} Åtgärder: ${e.actionsTaken}${contacts}`;
  return {
    patientId: e.patientId,
    receiverOrganisationId: enrollment?.primaryCareId ?? null,
    receiverPhysicianId: enrollment?.namedPhysicianId ?? null,
    suggestedOccasion: 'CHANGE_IN_CONDITION',
    situation: cut(situation),
    background: cut(background),
    assessment: cut(assessment),
    recommendation: recommendation(e),
  };
}
