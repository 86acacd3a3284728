import { definePolicy, patientList } from '../access/policy';
import { CARE_ROLES } from '../common/roles';

export const eventsPolicy = definePolicy('Live updates', {
  inboxEvents: {
    roles: CARE_ROLES,
    does: 'Subscribe (graphql-ws) to your inbox: discharge messages and handovers to your unit, tasks for you or your role, changed plans of your patients, overdue deadlines; after a reconnect, the events missed since a given number',
    scope: 'only events about patients you may read, decided when sent (a replayed event too); each delivery audited',
    access: patientList('each event’s patient, decided and audited at delivery'),
  },
});
