/** Messages of the dashboard part of the app (Thai first; English must have exactly the same keys). */
export const dashboardTh = {
  'dashboard.title': 'ภาพรวม',
} satisfies Record<string, string>;

export const dashboardEn: Record<keyof typeof dashboardTh, string> = {
  'dashboard.title': 'Dashboard',
};
