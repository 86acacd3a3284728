import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { canSeeRecordedBy, PatientGrant } from '../access/patient-grant';
import { PatientType, PatientView, WithheldReason } from '../patients/patient.types';
import { AgendaItem, RoundDecision } from './agenda-item.entity';
import { AgendaReason } from '../patients/agenda-suggestions';
import { RoundKind, RoundStatus } from './round.entity';

registerEnumType(RoundKind, {
  name: 'RoundKind',
  description: 'What kind of round (rond) it is.',
  valuesMap: {
    REGULAR: { description: 'A regular round, e.g. weekly or monthly.' },
    EXTRA: { description: 'An extra round outside the regular schedule.' },
    VIDEO: { description: 'Distansrond: held by video; the round has a link.' },
  },
});
registerEnumType(RoundStatus, {
  name: 'RoundStatus',
  description: 'Where a round stands: PLANNED → IN_PROGRESS → COMPLETED, or PLANNED → CANCELLED.',
  valuesMap: {
    PLANNED: { description: 'Planned; the agenda is being prepared.' },
    IN_PROGRESS: { description: 'Being held: notes and decisions are recorded.' },
    COMPLETED: { description: 'Held; attendance recorded; the summary is the record.' },
    CANCELLED: { description: 'Called off, with a reason.' },
  },
});
registerEnumType(AgendaReason, {
  name: 'AgendaReason',
  description: 'Why a patient is suggested for a round’s agenda.',
  valuesMap: {
    NEWLY_ENROLLED: { description: 'Enrolled in home healthcare (inskriven) since the previous round of the same organisations, or within 30 days.' },
    RECENTLY_DISCHARGED: { description: 'Discharged from hospital (utskriven) since the previous round of the same organisations, or within 30 days.' },
    SIP_FOLLOW_UP_DUE: { description: 'The SIP’s planned follow-up (uppföljning) is within 7 days or overdue, and not yet recorded.' },
    DETERIORATION_PLAN_REVIEW_DUE: {
      description: 'The active deterioration action plan (handlingsplan vid försämring) is due for review within 7 days, or overdue.',
    },
    DETERIORATION_PLAN_MISSING: { description: 'Enrolled, but without an active signed deterioration action plan.' },
    RECENT_DETERIORATION_EPISODE: {
      description:
        'A deterioration episode (försämringsepisod) since the previous round of the same organisations, at most 14 days back, recorded by one of the round’s organisations.',
    },
    OVERDUE_TASKS: { description: 'Open tasks past their due date.' },
  },
});

@ObjectType('Round', {
  description:
    'A round (rond): a meeting organised by a primary care centre or a municipality with the other participating organisations, where patients on the agenda get notes and decisions that become tasks. Readable by staff of the organiser and the participating organisations.',
})
export class RoundType {
  @Field(() => ID, { description: 'The round’s id, e.g. for startRound, suggestedAgenda and roundSummary.' })
  id: string;
  @Field(() => String, { nullable: true, description: 'A name, e.g. "Veckorond Sjöbacken–hemsjukvården".' })
  title: string | null;
  @Field(() => RoundKind, { description: 'Regular, extra or video round (distansrond).' })
  kind: RoundKind;
  @Field(() => String, { nullable: true, description: 'For a video round (distansrond): the meeting link.' })
  videoLink: string | null;
  @Field({ description: 'When the round is planned to start.' })
  startsAt: Date;
  @Field(() => Date, { nullable: true, description: 'When it is planned to end; null when no end was given.' })
  endsAt: Date | null;
  @Field(() => RoundStatus, { description: 'PLANNED, IN_PROGRESS, COMPLETED or CANCELLED.' })
  status: RoundStatus;
  @Field({ description: 'When the round was planned (createRound).' })
  createdAt: Date;
  @Field(() => Date, {
    nullable: true,
    description: 'When it was started (startRound); null while PLANNED, and for a cancelled round (only a planned round can be cancelled).',
  })
  startedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was completed with attendance recorded (completeRound); null until then.' })
  completedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it was cancelled; null unless CANCELLED.' })
  cancelledAt: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was cancelled, as written by the organiser; null unless CANCELLED.' })
  cancellationReason: string | null;

  organiserId: string;
  participatingOrganisationIds: string[];
}

@ObjectType('RoundParticipant', {
  description: 'A staff member taking part in a round for one of its organisations; attendance is recorded when the round is completed.',
})
export class RoundParticipantType {
  @Field(() => Boolean, { nullable: true, description: 'Null until the round is completed; then whether they attended.' })
  attended: boolean | null;
  staffId: string;
  organisationId: string;
}

@ObjectType('RoundDecision', {
  description: 'A decision (beslut) about the patient of an agenda item; it may have created a task. The text is null when withheld (see `withheld`).',
})
export class RoundDecisionType {
  @Field(() => ID, { description: 'The decision’s id.' })
  id: string;
  @Field(() => String, { nullable: true, description: 'What was decided. Null when withheld.' })
  text: string | null;
  @Field({ description: 'When the decision was recorded during the round.' })
  decidedAt: Date;
  @Field(() => ID, { description: 'The round where the decision was made.' })
  roundId: string;
  @Field(() => [WithheldReason], {
    description: 'Why the text is null for you (the deciding organisation’s record, without consent or blocked); empty when you see it.',
  })
  withheld: WithheldReason[];

  agendaItemId: string;
  patientId: string;
  taskId: string | null;
  decidedByStaffId: string;
  decidedByOrganisationId: string;
  grant: PatientGrant;
}

@ObjectType('AgendaItem', {
  description:
    'One patient on a round’s agenda: why they are there, the notes (edited with expectedVersion; CONFLICT when stale) and the decisions. Only patients you may read are shown; notes written by another organisation are null without consent (see `withheld`).',
})
export class AgendaItemType {
  @Field(() => ID, { description: 'The agenda item’s id, e.g. for updateAgendaNotes, recordDecision and removeAgendaItem.' })
  id: string;
  @Field(() => ID, { description: 'The round whose agenda this is (`Round.id`).' })
  roundId: string;
  @Field(() => Int, { description: 'Order on the agenda, from 1.' })
  position: number;
  @Field(() => [AgendaReason], { description: 'The suggestion reasons that held when the patient was added.' })
  reasons: AgendaReason[];
  @Field({ description: 'Added by hand rather than from a suggestion.' })
  addedManually: boolean;
  @Field({ description: 'When the patient was put on the agenda.' })
  addedAt: Date;
  @Field(() => String, { nullable: true, description: 'Notes from the round. Null when none or withheld.' })
  notes: string | null;
  @Field(() => Int, { description: 'Pass as expectedVersion when updating the notes.' })
  notesVersion: number;
  @Field(() => Date, { nullable: true, description: 'When the notes were last saved; null when none have been saved.' })
  notesUpdatedAt: Date | null;
  @Field(() => [WithheldReason], { description: 'Why the notes are null for you; empty when you see them.' })
  withheld: WithheldReason[];

  patientId: string;
  addedByStaffId: string;
  notesUpdatedByStaffId: string | null;
  notesRecordedByOrganisationId: string | null;
  grant: PatientGrant;
}

@ObjectType('AgendaSuggestionReason', { description: 'One reason a patient is suggested for the agenda.' })
export class AgendaSuggestionReasonType {
  @Field(() => AgendaReason, { description: 'The reason, e.g. NEWLY_ENROLLED or OVERDUE_TASKS.' })
  reason: AgendaReason;
  @Field({ description: 'What the reason means.' })
  description: string;
  @Field(() => String, { nullable: true, description: 'Dates or counts behind it, e.g. "enrolled 2026-11-18".' })
  detail: string | null;
}

@ObjectType('AgendaSuggestion', { description: 'A patient proposed for a round’s agenda, with every reason that holds. Accept it with addAgendaItem.' })
export class AgendaSuggestionType {
  @Field(() => PatientType, { description: 'The patient proposed, as you may see them.' })
  patient: PatientView;
  @Field(() => [AgendaSuggestionReasonType], { description: 'Every reason that holds for the patient now, at least one.' })
  reasons: AgendaSuggestionReasonType[];
}

@ObjectType('RoundSummary', {
  description: 'The record of a round: who attended, and per patient the notes, decisions and tasks. Only patients you may read are included.',
})
export class RoundSummaryType {
  @Field(() => RoundType, { description: 'The round itself: kind, times, status, organiser and participants.' })
  round: RoundType;
  /** The agenda items the reader may read, in agenda order (the `patients` field, with `first`). */
  patients: AgendaItemType[];

  attendedStaffIds: string[];
  absentStaffIds: string[];
}

function withheldFor(grant: PatientGrant, organisationId: string | null): WithheldReason[] {
  if (canSeeRecordedBy(grant, organisationId)) return [];
  return [grant.blockedOrganisationIds.includes(organisationId!) ? WithheldReason.BLOCKED : WithheldReason.NO_CONSENT];
}

/** An agenda item as one reader may see it, under the grant its patient was read with. */
export function toAgendaItemType(i: AgendaItem, grant: PatientGrant): AgendaItemType {
  const withheld = withheldFor(grant, i.notesRecordedByOrganisationId);
  return {
    id: i.id,
    roundId: i.roundId,
    position: i.position,
    reasons: i.reasons,
    addedManually: i.reasons.length === 0,
    addedAt: i.addedAt,
    notes: withheld.length ? null : i.notes,
    notesVersion: i.notesVersion,
    notesUpdatedAt: i.notesUpdatedAt,
    withheld,
    patientId: i.patientId,
    addedByStaffId: i.addedByStaffId,
    notesUpdatedByStaffId: i.notesUpdatedByStaffId,
    notesRecordedByOrganisationId: i.notesRecordedByOrganisationId,
    grant,
  };
}

/** A decision as one reader may see it: the text is the deciding organisation's record. */
export function toDecisionType(d: RoundDecision, grant: PatientGrant): RoundDecisionType {
  const withheld = withheldFor(grant, d.decidedByOrganisationId);
  return {
    id: d.id,
    text: withheld.length ? null : d.text,
    decidedAt: d.decidedAt,
    roundId: d.roundId,
    withheld,
    agendaItemId: d.agendaItemId,
    patientId: d.patientId,
    taskId: d.taskId,
    decidedByStaffId: d.decidedByStaffId,
    decidedByOrganisationId: d.decidedByOrganisationId,
    grant,
  };
}
