import { useEffect, useState } from 'react';
import {
  type AgencyOption,
  type AreaOption,
  type EnumLabels,
  getEnumLabels,
  listAgencies,
  listDistricts,
  listPoliceStations,
  listProvinces,
  listSubdistricts,
  type ProvinceOption,
  type StationOption,
} from '../../api/records';

export interface CameraLists {
  enums: EnumLabels;
  provinces: ProvinceOption[];
  districts: AreaOption[];
  subdistricts: AreaOption[];
  agencies: AgencyOption[];
  stations: StationOption[];
  /** The first list that failed to load, if any (the form still works with ids it already has). */
  error: string | null;
}

/** Loads one list whenever its key changes; stale answers are dropped. */
function useList<T>(key: string | null, load: (signal: AbortSignal) => Promise<T[]>, onError: (m: string) => void): T[] {
  const [items, setItems] = useState<T[]>([]);
  useEffect(() => {
    if (key === null) {
      setItems([]);
      return;
    }
    const ctl = new AbortController();
    load(ctl.signal).then(
      (v) => {
        if (!ctl.signal.aborted) setItems(v);
      },
      (e: unknown) => {
        if (!ctl.signal.aborted) onError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => ctl.abort();
    // `load` depends on the key only.
  }, [key]);
  return items;
}

/**
 * The choices of the camera form: enumeration labels, areas, agencies and police stations. Agencies
 * and stations are those of `province` when one is known (the station list carries jurisdictions,
 * so the whole country is only loaded when no province is chosen at all).
 */
export function useCameraLists(province: string | undefined, district: number | undefined): CameraLists {
  const [error, setError] = useState<string | null>(null);
  const onError = (m: string) => setError((e) => e ?? m);
  const [enums, setEnums] = useState<EnumLabels>({});
  useEffect(() => {
    const ctl = new AbortController();
    getEnumLabels(ctl.signal).then(
      (v) => {
        if (!ctl.signal.aborted) setEnums(v);
      },
      () => {
        /* the form falls back to its own labels */
      },
    );
    return () => ctl.abort();
  }, []);
  const provinces = useList('all', listProvinces, onError);
  const districts = useList(province ?? null, (s) => listDistricts(province!, s), onError);
  const subdistricts = useList(district ? String(district) : null, (s) => listSubdistricts(district!, s), onError);
  const agencies = useList(`agencies:${province ?? ''}`, (s) => listAgencies(province, s), onError);
  const stations = useList(`stations:${province ?? ''}`, (s) => listPoliceStations(province, s), onError);
  return { enums, provinces, districts, subdistricts, agencies, stations, error };
}
