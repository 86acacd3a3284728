import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditOutcome } from '../audit/audit-log.entity';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/actor';
import { Clock } from '../common/clock';
import { whenClientGone } from '../common/request-context';
import { AppError, badInput, ErrorCode, forbidden } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { Organisation } from '../organisations/organisation.entity';
import { OrganisationKind } from '../common/organisation-kind';
import { sqlStateOf } from '../database/database-errors';
import { ReadDatabase } from '../database/read-database';
import { toCsv } from './csv';
import { CompareFollowUpArgs, ExportFollowUpCsvArgs, FollowUpIndicatorsArgs, FollowUpPeriodInput } from './dto/follow-up.input';
import { buildComparison, buildReport, comparisonCsvRows, reportCsvRows } from './follow-up.report';
import { decideScope, ResolvedScope } from './follow-up-scope';
import { FollowUpComparisonType, FollowUpExport, FollowUpReportType } from './follow-up.types';
import { MetricTable } from './measure';
import { resolvePeriod, ResolvedPeriod } from './period';
import { runFamilies, startFamilies } from './sql/families';
import { PopulationFilter } from './population';

/** The housing and age-band filters, and the experience answers' respondents, asked for (null: not asked). */
const populationOf = (args: CompareFollowUpArgs): PopulationFilter => ({
  housing: args.housing ?? null,
  ageBands: args.ageBand ?? null,
  respondents: args.experienceRespondent ?? null,
});

/** SQLSTATE query_canceled: statement_timeout (or an operator's pg_cancel_backend) stopped the statement. */
const QUERY_CANCELED = '57014';

/** Written to the access log as the purpose of every follow-up call. */
export const FOLLOW_UP_PURPOSE = 'joint follow-up';

/**
 * The joint follow-up: indicators for a unit manager's or MAS's own scope (a municipality, a centre,
 * or a mobile team / SSIH unit: its care-team patients), comparisons of all municipalities and centres,
 * and both as CSV.
 *
 * Access logging: these calls read patient data only in aggregate and return no patient, so each
 * call writes ONE audit row (patient null; details: scope, period, what was exported) in the same
 * transaction as the reads, instead of one row per patient counted (which would flood the patients'
 * log extracts with rows that tell them nothing about who saw their data). Refusals are logged too.
 *
 * Cost: 1 statement looking up the scope's organisations (or the organisations compared), then one
 * REPEATABLE READ transaction with the 8 indicator statements (sql/families.ts) and the audit insert —
 * the same number for any period, scope or region size.
 */
@Injectable()
export class FollowUpService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly read: ReadDatabase,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async indicators(actor: Actor, args: FollowUpIndicatorsArgs): Promise<FollowUpReportType> {
    return this.scopeReport(actor, args, 'followUpIndicators', {});
  }

  async compare(actor: Actor, args: CompareFollowUpArgs): Promise<FollowUpComparisonType> {
    return this.comparison(actor, this.period(args.period), populationOf(args), 'compareFollowUp', {});
  }

  async exportCsv(actor: Actor, args: ExportFollowUpCsvArgs): Promise<string> {
    const details = { content: args.content, dialect: args.dialect };
    if (args.content === FollowUpExport.COMPARISON) {
      if (args.municipalityId || args.primaryCareCentreId || args.teamId) {
        throw badInput([
          ...(args.municipalityId ? [{ field: 'municipalityId', message: 'is only for content INDICATORS; the comparison holds every organisation' }] : []),
          ...(args.primaryCareCentreId
            ? [{ field: 'primaryCareCentreId', message: 'is only for content INDICATORS; the comparison holds every organisation' }]
            : []),
          ...(args.teamId ? [{ field: 'teamId', message: 'is only for content INDICATORS; the comparison holds every organisation' }] : []),
        ]);
      }
      return toCsv(comparisonCsvRows(await this.comparison(actor, this.period(args.period), populationOf(args), 'exportFollowUpCsv', details)), args.dialect);
    }
    return toCsv(reportCsvRows(await this.scopeReport(actor, args, 'exportFollowUpCsv', details)), args.dialect);
  }

  private period(input: FollowUpPeriodInput): ResolvedPeriod {
    const p = resolvePeriod(input, this.clock.today());
    if (Array.isArray(p)) throw badInput(p);
    return p;
  }

  private async scopeReport(actor: Actor, args: FollowUpIndicatorsArgs, operation: string, extra: Record<string, unknown>): Promise<FollowUpReportType> {
    const period = this.period(args.period);
    const asked = { municipalityId: args.municipalityId ?? null, primaryCareCentreId: args.primaryCareCentreId ?? null, teamId: args.teamId ?? null };
    const ids = [...new Set([actor.organisationId, asked.municipalityId, asked.primaryCareCentreId, asked.teamId].filter((x): x is string => !!x))];
    const orgs = new Map((await this.ds.getRepository(Organisation).findBy({ id: In(ids) })).map((o) => [o.id, o]));
    const decision = decideScope(actor, asked, new Map([...orgs].map(([id, o]) => [id, o.kind])));
    if (decision.kind === 'BAD_INPUT') throw badInput(decision.fields);
    if (decision.kind === 'REFUSED') {
      const details = {
        ...this.details(period, { municipalityId: asked.municipalityId, primaryCareId: asked.primaryCareCentreId, teamId: asked.teamId }),
        ...extra,
        reason: decision.reason,
      };
      await this.audit.record(actor, [{ operation, purpose: FOLLOW_UP_PURPOSE, outcome: AuditOutcome.REFUSED, details }]);
      throw forbidden(decision.message);
    }
    const scope = decision.scope;
    const population = populationOf(args);
    const table = await this.compute(actor, operation, period, scope, population, { ...this.details(period, scope, population), ...extra });
    return buildReport(
      period,
      table,
      scope.municipalityId ? orgs.get(scope.municipalityId)! : null,
      scope.primaryCareId ? orgs.get(scope.primaryCareId)! : null,
      scope.teamId ? orgs.get(scope.teamId)! : null,
    );
  }

  private async comparison(
    actor: Actor,
    period: ResolvedPeriod,
    population: PopulationFilter,
    operation: string,
    extra: Record<string, unknown>,
  ): Promise<FollowUpComparisonType> {
    const organisations = await this.ds.getRepository(Organisation).findBy({ kind: In([OrganisationKind.MUNICIPALITY, OrganisationKind.PRIMARY_CARE]) });
    const table = await this.compute(actor, operation, period, null, population, { ...this.details(period, null, population), ...extra });
    return buildComparison(period, table, organisations);
  }

  /** The audit row's details: the scope (or all organisations; a team only when there is one), the period and any population filter; never a patient. */
  private details(period: ResolvedPeriod, scope: ResolvedScope | null, population: PopulationFilter | null = null) {
    return {
      scope: scope
        ? { municipalityId: scope.municipalityId, primaryCareCentreId: scope.primaryCareId, ...(scope.teamId ? { teamId: scope.teamId } : {}) }
        : 'all-organisations',
      period: { from: period.from, to: period.to },
      ...(population?.housing || population?.ageBands ? { population: { housing: population.housing, ageBand: population.ageBands } } : {}),
      ...(population?.respondents ? { experienceRespondent: population.respondents } : {}),
    };
  }

  /**
   * The indicator statements and the one audit row, in one transaction (scope null: a comparison);
   * with a read replica, the statements there and the row on the primary after them.
   */
  private async compute(
    actor: Actor,
    operation: string,
    period: ResolvedPeriod,
    scope: ResolvedScope | null,
    population: PopulationFilter,
    details: Record<string, unknown>,
  ): Promise<MetricTable> {
    const params = {
      from: period.from,
      to: period.to,
      months: scope !== null,
      municipalityId: scope?.municipalityId ?? null,
      primaryCareId: scope?.primaryCareId ?? null,
      teamId: scope?.teamId ?? null,
      compare: scope === null,
      now: this.clock.now(),
      today: period.asOf,
      population,
    };
    const entry = { operation, patientId: null, purpose: FOLLOW_UP_PURPOSE, details };
    // Each statement of the call may run FOLLOW_UP_STATEMENT_TIMEOUT_MS at most (this transaction
    // only), and stops when the caller goes away: a client that gave up does not stop PostgreSQL, so
    // its statements would run on and hold their connection long after anyone waits for the answer.
    const timeoutMs = this.config.followUpStatementTimeoutMs;
    // The transaction's tag (application_name, this transaction only): a cancel is sent only while the
    // backend still runs this call, never to a later transaction that reuses its connection.
    const tag = `esther-follow-up-${randomUUID()}`;
    let gone = false;
    let cancel: (() => void) | null = null;
    const stopListening = whenClientGone(() => {
      gone = true;
      cancel?.();
    });
    // Between statements a cancel finds nothing running: runFamilies asks before each one whether the caller is still there.
    const run = async (m: EntityManager, on: DataSource) => {
      const pid = await startFamilies(m, { statement_timeout: String(Math.trunc(timeoutMs)), application_name: tag });
      cancel = () =>
        void on.query(`SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2`, [pid, tag]).catch(() => undefined);
      return runFamilies(m, params, { started: true, stopped: () => gone });
    };
    try {
      if (this.read.replica) {
        // A read replica (DATABASE_READ_URL): the indicators in one read-only snapshot there, then the
        // audit row on the primary; nothing is answered unless that row is committed.
        const table = await this.read.ds.transaction('REPEATABLE READ', async (m) => {
          await m.query('SET TRANSACTION READ ONLY');
          return run(m, this.read.ds);
        });
        await this.audit.record(actor, [entry]);
        return table;
      }
      return await this.ds.transaction('REPEATABLE READ', async (m) => {
        const table = await run(m, this.ds);
        await this.audit.record(actor, [entry], m);
        return table;
      });
    } catch (e) {
      if (!gone && sqlStateOf(e) !== QUERY_CANCELED) throw e;
      // Stopped (the caller went away, or the limit): nothing was answered, and the attempt is logged as
      // FAILED in a transaction of its own (the one stopped rolled back).
      const reason = gone ? 'client-gone' : 'statement-timeout';
      await this.audit.record(actor, [{ ...entry, outcome: AuditOutcome.FAILED, details: { ...details, reason, ...(gone ? {} : { timeoutMs }) } }]);
      if (gone) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'The client closed the connection before the joint follow-up was ready; it was stopped');
      throw new AppError(
        ErrorCode.SERVICE_UNAVAILABLE,
        `The joint follow-up took longer than ${timeoutMs / 1000} s and was stopped (FOLLOW_UP_STATEMENT_TIMEOUT_MS); ask for a shorter period or a narrower scope, or try again later`,
        { retryAfterSeconds: 60, timeoutMs },
      );
    } finally {
      stopListening();
      cancel = null;
    }
  }
}
