/** Messages of the export part of the app (Thai first; English must have exactly the same keys). */
export const exportTh = {
  'export.title': 'ส่งออกข้อมูล',
} satisfies Record<string, string>;

export const exportEn: Record<keyof typeof exportTh, string> = {
  'export.title': 'Export data',
};
