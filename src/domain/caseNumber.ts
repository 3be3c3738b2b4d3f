/** Case numbers like CAS-06265-C1Y8H2: five digits and six upper-case letters/digits, random. */
import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // no I/O/0/1: read aloud on the phone without confusion

export function newCaseNumber(): string {
  const digits = String(randomInt(0, 100_000)).padStart(5, '0');
  let tail = '';
  for (let i = 0; i < 6; i++) tail += ALPHABET[randomInt(0, ALPHABET.length)];
  return `CAS-${digits}-${tail}`;
}

export const CASE_NUMBER_PATTERN = /^CAS-\d{5}-[A-Z0-9]{6}$/;
