/** Messages of the police part of the app (Thai first; English must have exactly the same keys). */
export const policeTh = {
  'police.title': 'จุดเสี่ยงและเส้นทางเสี่ยง',
} satisfies Record<string, string>;

export const policeEn: Record<keyof typeof policeTh, string> = {
  'police.title': 'Risk points and routes',
};
