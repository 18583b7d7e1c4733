export const boundaries = [];
