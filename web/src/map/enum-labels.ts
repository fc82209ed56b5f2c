/**
 * Enum values as words: /api/meta's labels first (the API's own Thai and English), then the map's
 * message fallbacks (map.status.*, map.kind.* …), then the raw value.
 */
import { isMessageKey, type Lang, type MessageKey } from '../i18n';
import type { EnumLabels } from './map-api';

/** Which /api/meta enum a column holds, per selectable kind. */
export const FIELD_ENUMS: Record<string, Record<string, string>> = {
  camera: { status: 'CameraStatus', system: 'CameraSystem', kind: 'CameraKind', connection: 'CameraConnection', purposes: 'CameraPurpose', linkage: 'Linkage', agency_type: 'AgencyType' },
  site: { status: 'SiteStatus', system: 'CameraSystem', kind: 'CameraKind' },
  riskPoint: { category: 'RiskCategory' },
  riskRoute: { category: 'RiskCategory' },
};

/** Message-key prefixes of the map's own fallbacks, per enum. */
const FALLBACK_PREFIX: Record<string, string> = {
  CameraStatus: 'map.status.',
  CameraKind: 'map.kind.',
  CameraPurpose: 'map.purpose.',
  Linkage: 'map.linkage.',
  AgencyType: 'map.owner.',
};

export interface Translator {
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  lang: Lang;
}

export function enumLabel(enums: EnumLabels | null, enumName: string, value: string, tr: Translator): string {
  const fromApi = enums?.[enumName]?.[value]?.[tr.lang];
  if (fromApi) return fromApi;
  const key = `${FALLBACK_PREFIX[enumName] ?? '\0'}${value}`;
  return isMessageKey(key) ? tr.t(key) : value;
}
