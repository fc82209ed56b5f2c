import { describe, expect, it } from 'vitest';
import { parseDirection, parseFov } from './direction.js';

describe('parseDirection', () => {
  it.each([
    // degrees
    ['90', { directionDeg: 90 }],
    ['90°', { directionDeg: 90 }],
    ['๙๐', { directionDeg: 90 }],
    ['๙๐ องศา', { directionDeg: 90 }],
    ['45.5 deg', { directionDeg: 45.5 }],
    [270, { directionDeg: 270 }],
    [360, { directionDeg: 0 }],
    ['0', { directionDeg: 0 }],
    // 16-point compass
    ['N', { directionDeg: 0 }],
    ['NNE', { directionDeg: 22.5 }],
    ['NE', { directionDeg: 45 }],
    ['ENE', { directionDeg: 67.5 }],
    ['E', { directionDeg: 90 }],
    ['ESE', { directionDeg: 112.5 }],
    ['SE', { directionDeg: 135 }],
    ['SSE', { directionDeg: 157.5 }],
    ['S', { directionDeg: 180 }],
    ['SSW', { directionDeg: 202.5 }],
    ['SW', { directionDeg: 225 }],
    ['WSW', { directionDeg: 247.5 }],
    ['W', { directionDeg: 270 }],
    ['WNW', { directionDeg: 292.5 }],
    ['NW', { directionDeg: 315 }],
    ['nnw', { directionDeg: 337.5 }],
    ['North-East', { directionDeg: 45 }],
    ['south west', { directionDeg: 225 }],
    // Thai
    ['ทิศเหนือ', { directionDeg: 0 }],
    ['เหนือ', { directionDeg: 0 }],
    ['ทิศตะวันออกเฉียงเหนือ', { directionDeg: 45 }],
    ['ตะวันออก', { directionDeg: 90 }],
    ['ทิศตะวันออกเฉียงใต้', { directionDeg: 135 }],
    ['ใต้', { directionDeg: 180 }],
    ['ทิศใต้', { directionDeg: 180 }],
    ['ทิศตะวันตกเฉียงใต้', { directionDeg: 225 }],
    ['ทิศ ตะวันตก', { directionDeg: 270 }],
    ['ตะวันตกเฉียงเหนือ', { directionDeg: 315 }],
    ['หันไปทางทิศเหนือ', { directionDeg: 0 }],
    ['ด้านทิศใต้', { directionDeg: 180 }],
    // OSM ranges: centre + field of view
    ['90-270', { directionDeg: 180, fovDeg: 180 }],
    ['300-60', { directionDeg: 0, fovDeg: 120 }], // wraps through north
    ['270-90', { directionDeg: 0, fovDeg: 180 }],
    ['0-90', { directionDeg: 45, fovDeg: 90 }],
    ['NE-SE', { directionDeg: 90, fovDeg: 90 }],
    ['๙๐ - ๑๘๐', { directionDeg: 135, fovDeg: 90 }],
    ['0-360', { directionDeg: 180, fovDeg: 360 }],
    // "Towards" followed by a bearing
    ['Towards N', { directionDeg: 0 }],
    ['facing 90', { directionDeg: 90 }],
  ])('%j -> %j', (input, expected) => {
    expect(parseDirection(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['Towards Central World', 'towards Big C - Rama 2', 'หันไปทางวัดพระแก้ว', 'มุ่งหน้าสะพานพุทธ'])('%j: no bearing, a note, not an error', (input) => {
    expect(parseDirection(input)).toEqual({
      ok: true,
      value: null,
      note: `direction ${JSON.stringify(input)} names a target, not a bearing: left empty (set the bearing in degrees or as N/NE/…)`,
    });
  });

  it.each([null, '', '-'])('%j is empty', (input) => {
    expect(parseDirection(input)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['400', { ok: false, message: '"400" is not a bearing from 0 to 360 degrees' }],
    [-10, { ok: false, message: '-10 is not a bearing from 0 to 360 degrees' }],
    ['90-400', { ok: false, message: '"90-400": a range needs bearings from 0 to 360' }],
    ['Tokyo', { ok: false, message: '"Tokyo" is not a direction', suggestion: 'degrees (0–359, 0 = north), a compass point (N, NE, ESE …), a Thai direction (ทิศเหนือ …) or a range such as 90-270' }],
    ['12abc', { ok: false, message: '"12abc" is not a direction', suggestion: 'degrees 0–359 clockwise from north, e.g. 90' }],
    [
      'สี่แยก',
      {
        ok: false,
        message: '"สี่แยก" is not a direction',
        suggestion: 'degrees (0–359, 0 = north), a compass point (N, NE, ESE …), a Thai direction (ทิศเหนือ …) or a range such as 90-270',
      },
    ],
    [true, { ok: false, message: 'expected a direction, got true' }],
  ])('%j is refused', (input, expected) => {
    expect(parseDirection(input)).toEqual(expected);
  });
});

describe('parseFov', () => {
  it.each([
    ['90', 90],
    ['๙๐°', 90],
    [360, 360],
    ['110 องศา', 110],
  ])('%j -> %j', (input, expected) => {
    expect(parseFov(input)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ['0', 'field of view "0" must be more than 0 and at most 360 degrees'],
    [400, 'field of view 400 must be more than 0 and at most 360 degrees'],
    ['กว้าง', '"กว้าง" is not an angle in degrees'],
  ])('%j is refused', (input, message) => {
    expect(parseFov(input)).toEqual({ ok: false, message });
  });
});
