import { DischargeMessageKind, DischargeParty, DischargeStatus } from './discharge.enums';
import { ACTION_RULES, DischargeAction, partyFor, transition } from './state-machine';

const S = DischargeStatus;
const ALL_STATUSES = Object.values(DischargeStatus);
const ALL_ACTIONS = Object.keys(ACTION_RULES) as DischargeAction[];

/** Written out by hand: for each action, status → next status; a missing status means refused. */
const EXPECTED: Record<DischargeAction, Partial<Record<DischargeStatus, DischargeStatus>>> = {
  STATUS_MESSAGE: { ADMITTED: S.ADMITTED, PLANNING: S.PLANNING, READY_FOR_DISCHARGE: S.READY_FOR_DISCHARGE },
  ADMISSION_NOTICE: { ADMITTED: S.PLANNING },
  CARE_CONTACT_APPOINTED: { PLANNING: S.PLANNING, READY_FOR_DISCHARGE: S.READY_FOR_DISCHARGE, DISCHARGED: S.DISCHARGED },
  PLANNED_DISCHARGE_DATE: { PLANNING: S.PLANNING, READY_FOR_DISCHARGE: S.READY_FOR_DISCHARGE },
  READY_FOR_DISCHARGE: { PLANNING: S.READY_FOR_DISCHARGE },
  READY_FOR_DISCHARGE_WITHDRAWN: { READY_FOR_DISCHARGE: S.PLANNING },
  DISCHARGE_NOTICE: { READY_FOR_DISCHARGE: S.DISCHARGED },
  SIP_INVITATION: { READY_FOR_DISCHARGE: S.READY_FOR_DISCHARGE, DISCHARGED: S.DISCHARGED },
  CLOSE: { DISCHARGED: S.CLOSED },
  CANCEL: { ADMITTED: S.CANCELLED, PLANNING: S.CANCELLED, READY_FOR_DISCHARGE: S.CANCELLED },
};

describe('discharge state machine', () => {
  it('has a rule for every message kind and for close and cancel', () => {
    expect(ALL_ACTIONS.sort()).toEqual([...Object.values(DischargeMessageKind), 'CLOSE', 'CANCEL'].sort());
  });

  for (const action of ALL_ACTIONS) {
    for (const status of ALL_STATUSES) {
      const next = EXPECTED[action][status];
      it(`${action} in ${status} → ${next ?? 'refused'}`, () => {
        const r = transition(status, action);
        if (next) {
          expect(r).toEqual({ allowed: true, next });
        } else {
          expect(r.allowed).toBe(false);
          if (!r.allowed) {
            expect(r.current).toBe(status);
            expect(Object.keys(EXPECTED[action]).sort()).toEqual([...r.allowedFrom].sort());
          }
        }
      });
    }
  }

  it('nothing leaves CLOSED or CANCELLED', () => {
    for (const action of ALL_ACTIONS) {
      expect(transition(S.CLOSED, action).allowed).toBe(false);
      expect(transition(S.CANCELLED, action).allowed).toBe(false);
    }
  });

  it('walks the whole process, including a withdrawal and a re-issued notice', () => {
    const path = [
      'STATUS_MESSAGE',
      'ADMISSION_NOTICE',
      'CARE_CONTACT_APPOINTED',
      'PLANNED_DISCHARGE_DATE',
      'READY_FOR_DISCHARGE',
      'READY_FOR_DISCHARGE_WITHDRAWN',
      'READY_FOR_DISCHARGE',
      'SIP_INVITATION',
      'DISCHARGE_NOTICE',
      'CLOSE',
    ] as DischargeAction[];
    let status: DischargeStatus = S.ADMITTED;
    const seen: DischargeStatus[] = [status];
    for (const a of path) {
      const r = transition(status, a);
      if (!r.allowed) throw new Error(`${a} refused in ${status}`);
      status = r.next;
      seen.push(status);
    }
    expect(seen).toEqual([
      S.ADMITTED,
      S.ADMITTED,
      S.PLANNING,
      S.PLANNING,
      S.PLANNING,
      S.READY_FOR_DISCHARGE,
      S.PLANNING,
      S.READY_FOR_DISCHARGE,
      S.READY_FOR_DISCHARGE,
      S.DISCHARGED,
      S.CLOSED,
    ]);
  });

  it('names the party that takes each action', () => {
    expect(partyFor(DischargeMessageKind.STATUS_MESSAGE)).toBe(DischargeParty.MUNICIPALITY);
    expect(partyFor(DischargeMessageKind.ADMISSION_NOTICE)).toBe(DischargeParty.HOSPITAL);
    expect(partyFor(DischargeMessageKind.READY_FOR_DISCHARGE)).toBe(DischargeParty.HOSPITAL);
    expect(partyFor(DischargeMessageKind.CARE_CONTACT_APPOINTED)).toBe(DischargeParty.PRIMARY_CARE);
    expect(partyFor(DischargeMessageKind.SIP_INVITATION)).toBe(DischargeParty.PRIMARY_CARE);
    expect(partyFor('CANCEL')).toBe(DischargeParty.HOSPITAL);
    expect(partyFor('CLOSE')).toBeUndefined();
  });

  it('refuses an unknown action', () => {
    expect(() => transition(S.ADMITTED, 'NOPE' as DischargeAction)).toThrow(RangeError);
  });
});
