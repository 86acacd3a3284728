import { ApolloServerPlugin, GraphQLRequestListener, GraphQLResponse, HeaderMap } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Kind } from 'graphql';
import { AuditReader } from '../audit/audit-reader';
import { AuditService } from '../audit/audit.service';
import { ErrorCode, HTTP_STATUS } from '../common/errors';
import { mapDatabaseError } from '../database/database-errors';
import { GqlContext } from '../common/graphql-context';
import { currentRequest } from '../common/request-context';
import { IDEMPOTENCY_WINDOW_HOURS, IdempotencyStore } from '../database/idempotency';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** Printable ASCII without spaces, as the IETF draft's examples; a UUID is the usual choice. */
const KEY_RE = /^[\x21-\x7e]{8,255}$/;
/** A claimed key without an answer after this long belongs to a request that will never answer. */
const ANSWER_LOST_AFTER_SECONDS = 60;

/** The same JSON whatever the order of object keys, so a retry built anew hashes the same. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function refusal(
  status: number,
  code: ErrorCode | string,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLResponse & { http: { headers: HeaderMap } } {
  return { http: { status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { errors: [{ message, extensions: { code, ...extra } }] } } };
}

/**
 * Idempotent mutations. A client sends `Idempotency-Key: <uuid>` with a mutation; the key is
 * claimed in the same transaction as the write (IdempotencyClaim), scoped to the actor (staff
 * member, organisation and role), and the answer is stored when it is sent. A retry with the same
 * key and the same request gets the first answer (header `Idempotent-Replayed: true`) without
 * writing again; the same key with a different request is BAD_USER_INPUT; a retry while the first
 * is still being applied is CONFLICT (HTTP 409: retry shortly). Keys live IDEMPOTENCY_WINDOW_HOURS.
 * Queries ignore the header (reads are safe to repeat).
 */
@Plugin()
export class IdempotencyPlugin implements ApolloServerPlugin<GqlContext> {
  private readonly log = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly audit: AuditService,
    private readonly auditReader: AuditReader,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<GqlContext>> {
    const { store, audit, auditReader } = this;
    const onLost = (e: unknown) =>
      this.log.warn(`the answer of an idempotent write could not be stored (${e instanceof Error ? e.message : String(e)}); a retry is told it was applied`);
    return {
      async responseForOperation({ contextValue, operation, request }) {
        const header = contextValue.req?.headers[IDEMPOTENCY_HEADER];
        if (operation?.operation !== 'mutation' || header === undefined) return null;
        const key = Array.isArray(header) ? header.join(',') : header;
        if (!KEY_RE.test(key)) {
          return refusal(400, ErrorCode.BAD_USER_INPUT, 'Idempotency-Key must be 8 to 255 printable characters without spaces, e.g. a UUID', {
            fields: [{ field: 'Idempotency-Key', message: 'must be 8 to 255 printable characters without spaces' }],
          });
        }
        const actor = contextValue.actor!;
        // A patient's sign-in holds no staff member (the nil id): keyed by who signed in and for whom.
        const actorKey = actor.patient
          ? `patient:${actor.patient.signedInAs}:${actor.patient.patientId}`
          : `${actor.staffId}:${actor.organisationId}:${actor.role}`;
        const requestHash = createHash('sha256')
          .update(JSON.stringify([request.query ?? '', request.operationName ?? null, canonical(request.variables ?? {})]))
          .digest('hex');
        try {
          return await decide();
        } catch (e) {
          // A hook's error is not formatted by Apollo (it would answer a bare 500): answer in the contract.
          const known = mapDatabaseError(e);
          if (!known) throw e;
          const response = refusal(HTTP_STATUS[known.code] ?? 400, known.code, known.message, { ...known.extensions, http: undefined });
          const after = known.extensions.retryAfterSeconds;
          if (typeof after === 'number') response.http.headers.set('retry-after', String(after));
          return response;
        }
        async function decide(): Promise<GraphQLResponse | null> {
          const stored = await store.find(actorKey, key);
          if (stored && stored.requestHash !== requestHash) {
            return refusal(
              400,
              ErrorCode.BAD_USER_INPUT,
              `This Idempotency-Key was used for a different request in the last ${IDEMPOTENCY_WINDOW_HOURS} hours; use a new key for a new request`,
              {
                fields: [{ field: 'Idempotency-Key', message: 'was used for a different request' }],
              },
            );
          }
          if (stored?.response) {
            // A replayed answer shows the patient data the first request reached: logged again, for
            // each of those patients, as this request's (purpose 'idempotent replay').
            const patients = stored.requestId ? await auditReader.patientsOfRequest(stored.requestId, actor.staffId, IDEMPOTENCY_WINDOW_HOURS + 1) : [];
            const operationName =
              operation!.selectionSet.selections
                .map((sel) => (sel.kind === Kind.FIELD ? sel.name.value : ''))
                .filter(Boolean)
                .join(',') || 'mutation';
            await audit.record(
              actor,
              patients.map((patientId) => ({ operation: operationName, patientId, purpose: 'idempotent replay' })),
            );
            return {
              http: { status: 200, headers: new HeaderMap([['idempotent-replayed', 'true']]) },
              body: { kind: 'single', singleResult: stored.response },
            };
          }
          if (stored && stored.ageSeconds < ANSWER_LOST_AFTER_SECONDS) {
            return refusal(409, ErrorCode.CONFLICT, 'A request with this Idempotency-Key has been applied and its answer is not stored yet; retry shortly', {
              retryAfterSeconds: 1,
              applied: true,
            });
          }
          if (stored) {
            // The write committed but its answer was never stored (the instance stopped in between):
            // say so, so the client reloads instead of writing again.
            return refusal(
              409,
              ErrorCode.CONFLICT,
              'A request with this Idempotency-Key was applied, but its answer was lost (the service stopped before sending it); reload to see the result',
              { applied: true },
            );
          }
          const request = currentRequest();
          if (request) request.idempotency = { actorKey, key, requestHash, claimed: false };
          return null;
        }
      },
      async willSendResponse({ response }) {
        const claim = currentRequest()?.idempotency;
        if (!claim?.claimed || response.body.kind !== 'single') return;
        const { data, errors } = response.body.singleResult;
        // An answer that failed after the write committed (the database went away, a fault of ours)
        // is not one to replay: without it, a retry is told the write was applied.
        if (errors?.some((e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE || e.extensions?.code === ErrorCode.INTERNAL)) return;
        // The write has committed: its answer goes out even if storing it fails (the database went
        // away in between); a retry is then told the write was applied (CONFLICT 409, applied).
        await store
          .answer(claim.actorKey, claim.key, { ...(data !== undefined ? { data } : {}), ...(errors ? { errors } : {}) })
          .catch((e: unknown) => onLost(e));
      },
    };
  }
}
