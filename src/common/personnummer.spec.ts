import { parsePersonnummer } from './personnummer';

describe('personnummer', () => {
  it.each([
    ['19121212-1212', '191212121212', '1912-12-12', false],
    ['191212121212', '191212121212', '1912-12-12', false],
    ['121212+1212', '191212121212', '1912-12-12', false],
    ['19701063-2391', '197010632391', '1970-10-03', true],
  ])('accepts %s', (input, normalised, birthDate, coordination) => {
    expect(parsePersonnummer(input)).toEqual({ normalised, birthDate, coordinationNumber: coordination });
  });

  it('reads YYMMDD-NNNN as the most recent century and YYMMDD+NNNN as a hundred years earlier', () => {
    expect(parsePersonnummer('121212-1212')?.normalised).toBe('201212121212');
    expect(parsePersonnummer('121212+1212')?.normalised).toBe('191212121212');
  });

  it.each(['19121212-1213', '19121312-1212', '1912121-1212', 'abc', '', '19121212 1212', '20121212-12121'])('refuses %s', (input) => {
    expect(parsePersonnummer(input)).toBeNull();
  });
});
