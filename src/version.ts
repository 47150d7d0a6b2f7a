// Harvest's version, in a module of its own so that `harvest --version` loads nothing else.
export const HARVEST_VERSION = '0.1.0';
