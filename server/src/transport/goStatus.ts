// Owns: Go's Response.Status, the words a status answer is quoted in ("reading URL: 404 Not Found"). Over HTTP/2:
// the :status value as written and Go's phrase for the code (net/http's h2 client builds it so: "599 " for a code
// it has no phrase for); over HTTP/1.1 it is the status line after the version (goResponseHead.ts). And which
// statuses the go command takes as success.
// Pure: no I/O.

// net/http.StatusText, go1.23 (Node's STATUS_CODES differs on 413, 414, 416, 418, ...).
const GO_STATUS_TEXT: Record<number, string> = {
  100: 'Continue', 101: 'Switching Protocols', 102: 'Processing', 103: 'Early Hints',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information', 204: 'No Content',
  205: 'Reset Content', 206: 'Partial Content', 207: 'Multi-Status', 208: 'Already Reported', 226: 'IM Used',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified',
  305: 'Use Proxy', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  409: 'Conflict', 410: 'Gone', 411: 'Length Required', 412: 'Precondition Failed', 413: 'Request Entity Too Large',
  414: 'Request URI Too Long', 415: 'Unsupported Media Type', 416: 'Requested Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a teapot", 421: 'Misdirected Request', 422: 'Unprocessable Entity',
  423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 506: 'Variant Also Negotiates',
  507: 'Insufficient Storage', 508: 'Loop Detected', 510: 'Not Extended', 511: 'Network Authentication Required',
};

/** Go's Status over HTTP/2: the :status value as the server wrote it ("+0404" too), and Go's phrase for the code. */
export function http2Status(written: string, status: number): string {
  return `${written} ${GO_STATUS_TEXT[status] ?? ''}`;
}

/** The go command's web package takes a status of 200, or 0 (an HTTP/1.1 status line of "000"), as success. */
export function goTakesStatus(status: number): boolean {
  return status === 200 || status === 0;
}
