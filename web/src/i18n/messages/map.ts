/** Messages of the map part of the app (Thai first; English must have exactly the same keys). */
export const mapTh = {
  'map.title': 'แผนที่',
} satisfies Record<string, string>;

export const mapEn: Record<keyof typeof mapTh, string> = {
  'map.title': 'Map',
};
