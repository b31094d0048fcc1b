/** Swedish texts of the host pages; merged into the catalogue in `../sv.ts`. */
export const hostSv = {} as const;
