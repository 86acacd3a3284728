import { parsePersonnummer } from '../common/personnummer';
import { demoPersonnummer, DEMO_PATIENTS } from './patients';

describe('the demo patients', () => {
  it('have valid personnummer', () => {
    for (const p of DEMO_PATIENTS) expect(parsePersonnummer(demoPersonnummer(p))).not.toBeNull();
  });
});
