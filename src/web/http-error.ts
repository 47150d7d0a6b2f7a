// Helpers for wording HTTP errors.

/** A byte count as megabytes for messages: "50 MB", "0.2 MB". */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
