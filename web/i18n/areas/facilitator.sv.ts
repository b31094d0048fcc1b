/** Swedish texts of the facilitator pages; merged into the catalogue in `../sv.ts`. */
export const facilitatorSv = {} as const;
