import { describe, expect, it } from 'vitest';
import { checkPosition, formatDegrees, parseDegrees, parsePastedPosition } from './coordinates';

describe('parsePastedPosition (the Google Maps paste box)', () => {
  it.each([
    ['14.5896, 100.4550', 14.5896, 100.455],
    ['14.5896,100.4550', 14.5896, 100.455],
    ['  14.5896 ,   100.4550  ', 14.5896, 100.455],
    ['14.5896 100.4550', 14.5896, 100.455],
    ['๑๔.๕๘๙๖, ๑๐๐.๔๕๕๐', 14.5896, 100.455],
    ['(14.5896, 100.4550)', 14.5896, 100.455],
    ['14.5896;100.4550', 14.5896, 100.455],
    ['https://www.google.com/maps/@14.5896,100.4550,17z', 14.5896, 100.455],
    ['POINT (100.4550 14.5896)', 14.5896, 100.455],
    [`14°35'22.6"N 100°27'18.0"E`, 14.5896111, 100.455],
    ['13.71197, 100.42091', 13.71197, 100.42091],
  ])('%j -> lat %d, lon %d', (text, lat, lon) => {
    expect(parsePastedPosition(text)).toEqual({ ok: true, lat, lon, swapped: false });
  });

  it('swaps a pair written longitude first, and says so', () => {
    expect(parsePastedPosition('100.4550, 14.5896')).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: true });
    expect(parsePastedPosition('๑๐๐.๔๕๕๐ , ๑๔.๕๘๙๖')).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: true });
  });

  it('does not call a pair swapped when hemisphere letters give the order', () => {
    expect(parsePastedPosition('100.4550E, 14.5896N')).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: false });
  });

  it('treats empty text as nothing typed', () => {
    expect(parsePastedPosition('')).toBeNull();
    expect(parsePastedPosition('   ')).toBeNull();
  });

  it.each([
    ['hello'],
    ['14.5896'],
    ['14.5896, 100.4550, 12'],
    ['lat, lon'],
    ['14.5896, abc'],
    ['ถนนสายเอเชีย กม. 50'],
  ])('refuses garbage %j', (text) => {
    expect(parsePastedPosition(text)).toEqual({ ok: false, problem: 'not_pair' });
  });

  it('names the other problems', () => {
    expect(parsePastedPosition('0, 0')).toEqual({ ok: false, problem: 'zero' });
    expect(parsePastedPosition('1614000, 660000')).toEqual({ ok: false, problem: 'projected' });
    expect(parsePastedPosition('14.5, 200')).toEqual({ ok: false, problem: 'not_wgs84' });
    expect(parsePastedPosition('48.8566, 2.3522')).toEqual({ ok: false, problem: 'outside' }); // Paris
    // A lost minus sign: -14.5896 is south of the equator; the suggestion is the Thai position.
    expect(parsePastedPosition('-14.5896, 100.4550')).toEqual({ ok: false, problem: 'outside', suggestion: { lat: 14.5896, lon: 100.455 } });
  });
});

describe('checkPosition', () => {
  it('keeps Thailand, swaps when only the swap is in Thailand', () => {
    expect(checkPosition(14.5896, 100.455)).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: false });
    expect(checkPosition(100.455, 14.5896)).toEqual({ ok: true, lat: 14.5896, lon: 100.455, swapped: true });
  });
  it('accepts the corners of the accepted area and refuses just beyond', () => {
    expect(checkPosition(5.6, 97.3).ok).toBe(true);
    expect(checkPosition(20.5, 105.7).ok).toBe(true);
    expect(checkPosition(20.51, 105.7).ok).toBe(false);
  });
});

describe('parseDegrees (the latitude and longitude boxes)', () => {
  it('reads decimal degrees, Thai digits, a decimal comma and DMS', () => {
    expect(parseDegrees('14.5896', 'lat')).toEqual({ ok: true, value: 14.5896 });
    expect(parseDegrees(' ๑๐๐.๔๕๕ ', 'lon')).toEqual({ ok: true, value: 100.455 });
    expect(parseDegrees('14,5896', 'lat')).toEqual({ ok: true, value: 14.5896 });
    expect(parseDegrees(`14°35'22.6"N`, 'lat')).toEqual({ ok: true, value: 14.5896111 });
  });
  it('is empty for empty text and refuses text or the other axis', () => {
    expect(parseDegrees('', 'lat')).toEqual({ ok: true, value: null });
    expect(parseDegrees('abc', 'lat')).toEqual({ ok: false, problem: 'not_number' });
    expect(parseDegrees('100.455E', 'lat')).toEqual({ ok: false, problem: 'wrong_axis' });
    expect(parseDegrees('14.5N', 'lon')).toEqual({ ok: false, problem: 'wrong_axis' });
  });
});

it('formats degrees with at most 6 decimals', () => {
  expect(formatDegrees(14.589612345)).toBe('14.589612');
  expect(formatDegrees(100.45)).toBe('100.45');
});
