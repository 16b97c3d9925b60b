/// <reference types="vite/client" />
declare module 'virtual:pleiadi-operations' {
  /** The registered operations of schema/operations/ by name: exact text and its SHA-256 hex. */
  const operations: Record<string, { text: string; hash: string }>;
  export default operations;
}
