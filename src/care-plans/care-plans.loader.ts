import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import { DataSource, FindOptionsOrder, FindOptionsWhere, In } from 'typeorm';
import { Clock } from '../common/clock';
import { LoaderFactory } from '../common/loaders';
import { prepared, runPrepared } from '../database/raw';
import { CarePlan, CarePlanAction, CarePlanGoal, CarePlanNeed, CarePlanParticipant } from './care-plan.entity';
import { CarePlanExperienceAnswer, CarePlanFollowUp, CarePlanFollowUpOutcome } from './care-plan-follow-up.entity';
import { CarePlanMeeting, CarePlanMeetingInvitation, CarePlanMeetingMove, CarePlanMeetingPerson } from './care-plan-meeting.entity';
import { CarePlanVersion } from './care-plan-version.entity';
import { hasSipConsentSql } from './care-plan-store';

export interface CarePlanLoaderSet {
  /**
   * A plan by id, for fields of other capabilities that point at a SIP (a discharge's SIP
   * invitation). The caller decides visibility with planAccess on the reader's grant.
   */
  plan: DataLoader<string, CarePlan | null>;
  goals: DataLoader<string, CarePlanGoal[]>;
  needs: DataLoader<string, CarePlanNeed[]>;
  actions: DataLoader<string, CarePlanAction[]>;
  participants: DataLoader<string, CarePlanParticipant[]>;
  /** All published versions of a plan, newest first. */
  versions: DataLoader<string, CarePlanVersion[]>;
  meetings: DataLoader<string, CarePlanMeeting[]>;
  invitations: DataLoader<string, CarePlanMeetingInvitation[]>;
  /** Per meeting: its moves, oldest first. */
  meetingMoves: DataLoader<string, CarePlanMeetingMove[]>;
  /** Per meeting: the persons invited (the patient, next of kin), in the order invited. */
  meetingPersons: DataLoader<string, CarePlanMeetingPerson[]>;
  followUps: DataLoader<string, CarePlanFollowUp[]>;
  outcomes: DataLoader<string, CarePlanFollowUpOutcome[]>;
  experience: DataLoader<string, CarePlanExperienceAnswer[]>;
  /** Per patient: an active SIP consent today. */
  sipConsent: DataLoader<string, boolean>;
}

/** The patients `$1` with an active SIP consent on day `$2`. */
const SIP_CONSENT_SQL = prepared(`SELECT DISTINCT c.patient_id FROM consent c WHERE c.patient_id = ANY($1::uuid[]) AND ${hasSipConsentSql('c', '$2')}`);

function group<T>(ids: readonly string[], rows: T[], key: (r: T) => string): T[][] {
  const m = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const r of rows) m.get(key(r))?.push(r);
  return ids.map((id) => m.get(id)!);
}

/**
 * Per-request loaders for what hangs off a SIP. Only called for plans the request was already
 * allowed to read; one query per kind whatever the number of plans.
 */
@Injectable()
export class CarePlanLoaders implements LoaderFactory<CarePlanLoaderSet> {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  create(): CarePlanLoaderSet {
    const byPlan = <T extends { carePlanId: string; position: number }>(entity: new () => T) =>
      new DataLoader<string, T[]>(async (ids) => {
        const where = { carePlanId: In([...ids]) } as FindOptionsWhere<T>;
        const order = { carePlanId: 'ASC', position: 'ASC' } as FindOptionsOrder<T>;
        return group(ids, await this.ds.getRepository(entity).find({ where, order }), (r) => r.carePlanId);
      });
    return {
      plan: new DataLoader(async (ids) => {
        const rows = await this.ds.getRepository(CarePlan).findBy({ id: In([...ids]) });
        const byId = new Map(rows.map((r) => [r.id, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      goals: byPlan(CarePlanGoal),
      needs: byPlan(CarePlanNeed),
      actions: byPlan(CarePlanAction),
      participants: byPlan(CarePlanParticipant),
      versions: new DataLoader(async (ids) =>
        group(ids, await this.ds.getRepository(CarePlanVersion).find({ where: { carePlanId: In([...ids]) }, order: { number: 'DESC' } }), (r) => r.carePlanId),
      ),
      meetings: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanMeeting).find({ where: { carePlanId: In([...ids]) }, order: { startsAt: 'DESC' } }),
          (r) => r.carePlanId,
        ),
      ),
      invitations: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds
            .getRepository(CarePlanMeetingInvitation)
            .find({ where: { meetingId: In([...ids]) }, order: { invitedAt: 'ASC', organisationId: 'ASC' } }),
          (r) => r.meetingId,
        ),
      ),
      meetingMoves: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanMeetingMove).find({ where: { meetingId: In([...ids]) }, order: { movedAt: 'ASC', id: 'ASC' } }),
          (r) => r.meetingId,
        ),
      ),
      meetingPersons: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanMeetingPerson).find({ where: { meetingId: In([...ids]) }, order: { invitedAt: 'ASC', id: 'ASC' } }),
          (r) => r.meetingId,
        ),
      ),
      followUps: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanFollowUp).find({ where: { carePlanId: In([...ids]) }, order: { followUpDate: 'DESC', recordedAt: 'DESC' } }),
          (r) => r.carePlanId,
        ),
      ),
      outcomes: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanFollowUpOutcome).find({ where: { followUpId: In([...ids]) }, order: { itemKind: 'ASC', id: 'ASC' } }),
          (r) => r.followUpId,
        ),
      ),
      experience: new DataLoader(async (ids) =>
        group(
          ids,
          await this.ds.getRepository(CarePlanExperienceAnswer).find({ where: { followUpId: In([...ids]) }, order: { question: 'ASC' } }),
          (r) => r.followUpId,
        ),
      ),
      sipConsent: new DataLoader(async (patientIds) => {
        const rows = await runPrepared<{ patient_id: string }>(this.ds.manager, SIP_CONSENT_SQL, [[...patientIds], this.clock.today()]);
        const yes = new Set(rows.map((r) => r.patient_id));
        return patientIds.map((id) => yes.has(id));
      }),
    };
  }
}
