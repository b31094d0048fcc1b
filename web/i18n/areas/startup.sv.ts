/** Swedish texts of the startup pages; merged into the catalogue in `../sv.ts`. */
export const startupSv = {} as const;
