/** Text layer of the diagnosis room: encoding sniffing, a file's head for detection, streaming logical lines. */
export { sniffEncoding, SNIFF_BYTES, type TextEncoding } from './encoding';
export { readHead } from './head';
export { readLines, readLineBatches, DEFAULT_MAX_LINE, type ReadLinesOptions } from './lines';
