import { Global, Module } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataCatalogue, PatientTx } from '../access/patient-tx';
import { ACCESS_REGISTRY, accessRegistry, AccessRegistry } from '../access/access-registry';
import { CARE_RELATIONSHIP_SOURCES } from './care-relationship.sources';
import { PatientGlance } from '../patients/patient-glance';
import { AgendaSuggestions } from '../patients/agenda-suggestions';
import { AGENDA_SUGGESTIONS } from './agenda-suggestion.sources';
import { DeadlineSources } from '../events/deadline-sources';
import { DEADLINE_SOURCES } from './deadline.sources';
import { PATIENT_GLANCE } from './patient-glance.sources';
import { POLICIES } from './policies';
import { TaskSources } from '../tasks/task-sources';
import { TASK_SOURCES } from './task-sources';

/**
 * Tables of reference data: who and where, never about a patient. Everything else with a
 * `patient_id` is patient data, reached only through the access gate, and every table without one
 * that is not listed here is the child of a patient table (see access/patient-tx.ts).
 */
export const REFERENCE_TABLES = ['organisation', 'staff', 'assignment', 'municipality_payment_agreement', 'round', 'round_participant'] as const;

/** The capabilities' plug-ins as the core sees them. */
export const ACCESS: AccessRegistry = accessRegistry(POLICIES, CARE_RELATIONSHIP_SOURCES, REFERENCE_TABLES);

/**
 * Hands the registries to the core and to the capabilities that gather the others' plug-ins, as
 * providers: the access registry to access/, the patient glance to patients/, the agenda
 * suggestions to rounds/, the kinds of a task's source to tasks/, the deadline sources to events/. Neither the core
 * nor those capabilities imports a plug-in.
 */
const PROVIDERS = [
  { provide: ACCESS_REGISTRY, useValue: ACCESS },
  { provide: PatientGlance, useValue: PATIENT_GLANCE },
  { provide: AgendaSuggestions, useValue: AGENDA_SUGGESTIONS },
  { provide: TaskSources, useValue: TASK_SOURCES },
  { provide: DeadlineSources, useValue: DEADLINE_SOURCES },
];

@Global()
@Module({ providers: PROVIDERS, exports: PROVIDERS.map((p) => p.provide) })
export class RegistryModule {}

/**
 * A patient scope for the demo loader and the benchmark generator, which write a fictional
 * region's records directly (never in a request): the same bound finders the capabilities use.
 */
export function seedTx(m: EntityManager, patientId: string): PatientTx {
  return new PatientTx(m, patientId, new DataCatalogue(m.connection.entityMetadatas, ACCESS.referenceTables));
}
