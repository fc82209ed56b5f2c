import { describe, expect, it } from 'vitest';
import { eraFor, fromCE, parseYear, toCE } from './year';

describe('Buddhist Era <-> Common Era', () => {
  it('converts both ways (BE = CE + 543)', () => {
    expect(toCE(2559, 'BE')).toBe(2016);
    expect(fromCE(2016, 'BE')).toBe(2559);
    expect(toCE(2016, 'CE')).toBe(2016);
    expect(fromCE(2016, 'CE')).toBe(2016);
    for (const y of [1950, 1999, 2024, 2200]) expect(toCE(fromCE(y, 'BE'), 'BE')).toBe(y);
  });
  it('takes BE in Thai and CE in English', () => {
    expect(eraFor('th')).toBe('BE');
    expect(eraFor('en')).toBe('CE');
  });
});

describe('parseYear', () => {
  it('reads a Buddhist Era year in Thai mode and stores CE', () => {
    expect(parseYear('2559', 'BE')).toEqual({ ok: true, ce: 2016 });
    expect(parseYear('๒๕๖๗', 'BE')).toEqual({ ok: true, ce: 2024 });
    expect(parseYear('พ.ศ. 2559', 'BE')).toEqual({ ok: true, ce: 2016 });
    expect(parseYear(' 2493 ', 'BE')).toEqual({ ok: true, ce: 1950 });
  });
  it('reads a CE year in English mode', () => {
    expect(parseYear('2016', 'CE')).toEqual({ ok: true, ce: 2016 });
    expect(parseYear('2016 CE', 'CE')).toEqual({ ok: true, ce: 2016 });
  });
  it('is empty for empty text', () => {
    expect(parseYear('', 'BE')).toEqual({ ok: true, ce: null });
  });
  it('recognises a year typed in the other era and suggests the right one', () => {
    expect(parseYear('2016', 'BE')).toEqual({ ok: false, problem: 'looks_ce', min: 2493, max: 2743, suggestion: 2559 });
    expect(parseYear('2559', 'CE')).toEqual({ ok: false, problem: 'looks_be', min: 1950, max: 2200, suggestion: 2016 });
  });
  it('refuses years outside the API range (1950–2200 CE) and non-years', () => {
    expect(parseYear('2492', 'BE')).toEqual({ ok: false, problem: 'range', min: 2493, max: 2743 });
    expect(parseYear('1900', 'CE')).toEqual({ ok: false, problem: 'range', min: 1950, max: 2200 });
    expect(parseYear('59', 'BE')).toMatchObject({ ok: false, problem: 'not_year' });
    expect(parseYear('two thousand', 'CE')).toMatchObject({ ok: false, problem: 'not_year' });
    expect(parseYear('2559.5', 'BE')).toMatchObject({ ok: false, problem: 'not_year' });
  });
});
