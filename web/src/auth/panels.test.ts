import { describe, expect, it } from 'vitest';
import { PANELS } from '../state/url';
import { onlyOwnProvince, panelsFor } from './panels';

describe('panelsFor', () => {
  it('gives admins and secretariats every tab, the others what their role uses, the public the map layers', () => {
    expect(panelsFor('admin')).toEqual([...PANELS]);
    expect(panelsFor('secretariat')).toEqual([...PANELS]);
    expect(panelsFor('recorder')).toEqual(['layers', 'dashboard', 'camera', 'import', 'export', 'certification', 'accounts']);
    expect(panelsFor('police')).not.toContain('camera');
    expect(panelsFor('police')).toContain('police');
    expect(panelsFor('committee')).not.toContain('import');
    for (const r of ['recorder', 'police', 'committee'] as const) expect(panelsFor(r)).not.toContain('audit');
    expect(panelsFor(null)).toEqual(['layers']);
  });
});

describe('onlyOwnProvince', () => {
  const items = [{ code: '10' }, { code: '15' }];
  it('keeps every province for admins and national committee accounts, only its own for the others', () => {
    const code = (x: { code: string }) => x.code;
    expect(onlyOwnProvince(items, code, { role: 'admin', province: null })).toEqual(items);
    expect(onlyOwnProvince(items, code, { role: 'committee', province: null })).toEqual(items);
    expect(onlyOwnProvince(items, code, { role: 'secretariat', province: '15' })).toEqual([{ code: '15' }]);
    expect(onlyOwnProvince(items, code, { role: 'police', province: '15' })).toEqual([{ code: '15' }]);
    expect(onlyOwnProvince(items, code, null)).toEqual(items);
  });
});
