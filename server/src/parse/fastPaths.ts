// The switch for the parsers' fast paths: native code (regular expressions, indexOf) for the common plain-ASCII
// case, each beside the exact code that holds Go's rules and reads everything else. Pure: no I/O.

/**
 * On in the product. Only the test that compares the fast and exact parses switches it off; nothing else may.
 */
export const fastPaths = { enabled: true };
