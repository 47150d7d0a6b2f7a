// The Content-Security-Policy of every page: this server only, no inline scripts or styles, no framing.

/** The Content-Security-Policy: everything from this server only, no inline scripts or styles, no framing. */
export const CSP_DIRECTIVES: Record<string, string[] | null> & { styleSrc: string[] } = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  upgradeInsecureRequests: null,
};
