// Types of the parser peggy generates from query.peggy (`npm run build:query`).
import type { QueryNode } from './ast.js';

export interface PeggyExpectation {
  type: 'literal' | 'class' | 'any' | 'end' | 'other';
  text?: string;
  description?: string;
}

export class SyntaxError extends Error {
  expected: PeggyExpectation[] | null;
  found: string | null;
  location: { start: { offset: number; line: number; column: number }; end: { offset: number; line: number; column: number } };
}

export function parse(input: string, options?: Record<string, unknown>): QueryNode;
