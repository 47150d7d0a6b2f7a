// Types of bin/load.js for the TypeScript that imports it (tests).
export function buildIsCurrent(): boolean;
export function loadEntry(name: string): Promise<Record<string, unknown>>;
