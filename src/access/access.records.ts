import { BlockOpening, EmergencyAccess, InformationBlock } from './access.entities';
import { recordKind } from './record-kind';

/** A block (spärr), addressed by id when lifted: only its own organisation may even see that it exists. */
export const BLOCK_RECORD = recordKind<InformationBlock>({
  entity: InformationBlock,
  table: 'information_block',
  label: 'Block',
  visible: (g, b) => b.organisationId === g.actorOrganisationId,
  hiddenReason: () => 'another-organisations-block',
});

/** A request to open blocked information: the requester's own, for the second step. */
export const BLOCK_OPENING_RECORD = recordKind<BlockOpening>({
  entity: BlockOpening,
  table: 'block_opening',
  label: 'Block opening',
  visible: (g, o) => o.organisationId === g.actorOrganisationId,
  hiddenReason: () => 'another-organisations-opening',
});

/** An emergency access, for the review by the MAS or unit manager of the organisation whose staff opened it. */
export const EMERGENCY_ACCESS_RECORD = recordKind<EmergencyAccess>({
  entity: EmergencyAccess,
  table: 'emergency_access',
  label: 'Emergency access',
  visible: (g, e) => e.organisationId === g.actorOrganisationId,
  hiddenReason: () => 'another-organisations-emergency-access',
});
