/** Messages of the import part of the app (Thai first; English must have exactly the same keys). */
export const importTh = {
  'import.title': 'นำเข้าข้อมูล',
} satisfies Record<string, string>;

export const importEn: Record<keyof typeof importTh, string> = {
  'import.title': 'Import data',
};
