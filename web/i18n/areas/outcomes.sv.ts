/** Swedish texts of the outcomes pages; merged into the catalogue in `../sv.ts`. */
export const outcomesSv = {} as const;
