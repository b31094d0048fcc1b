/** Swedish texts of the agenda pages; merged into the catalogue in `../sv.ts`. */
export const agendaSv = {} as const;
