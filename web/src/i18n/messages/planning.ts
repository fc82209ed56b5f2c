/** Messages of the planning part of the app (Thai first; English must have exactly the same keys). */
export const planningTh = {
  'planning.title': 'วางแผนติดตั้งกล้อง',
} satisfies Record<string, string>;

export const planningEn: Record<keyof typeof planningTh, string> = {
  'planning.title': 'Installation planning',
};
